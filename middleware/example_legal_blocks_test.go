package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleLegalBlocks() {
	h := middleware.LegalBlocks([]middleware.LegalBlock{{
		Pattern:   "/videos/*",
		Regions:   []string{"DE"},
		BlockedBy: "https://example.com/legal",
		Demand:    "Blocked in Germany on a court order of 2025-03-01 (Case 123/25).",
	}}, middleware.LegalRegionHeader("CF-IPCountry"))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})) // set by a trusted CDN

	req := httptest.NewRequest(http.MethodGet, "/videos/42", nil)
	req.Header.Set("CF-IPCountry", "DE")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Link"))
	fmt.Print(rec.Body.String())
	// Output:
	// 451 <https://example.com/legal>; rel="blocked-by"
	// {"type":"about:blank","title":"Unavailable For Legal Reasons","status":451,"detail":"Blocked in Germany on a court order of 2025-03-01 (Case 123/25).","blocked_by":"https://example.com/legal","region":"DE"}
}

func ExampleLegalRegionHeader() {
	h := middleware.LegalBlocks([]middleware.LegalBlock{{
		Pattern:   "/videos/*",
		Regions:   []string{"DE"},
		BlockedBy: "https://example.com/legal",
		Demand:    "Blocked in Germany on a court order of 2025-03-01 (Case 123/25).",
	}}, middleware.LegalRegionHeader("CF-IPCountry"))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))

	for _, country := range []string{"DE", "FR"} {
		req := httptest.NewRequest(http.MethodGet, "/videos/42", nil)
		req.Header.Set("CF-IPCountry", country)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(country, rec.Code, rec.Header().Values("Vary"))
	}
	// Output:
	// DE 451 [Cf-Ipcountry Accept]
	// FR 200 [Cf-Ipcountry]
}

func ExampleLegalBlocksPrivate() {
	country := func(r *http.Request) string { return "FR" } // from the client address, by a GeoIP lookup
	h := middleware.LegalBlocks([]middleware.LegalBlock{{
		Pattern:   "/videos/*",
		Regions:   []string{"DE"},
		BlockedBy: "https://example.com/legal",
		Demand:    "Blocked in Germany on a court order of 2025-03-01 (Case 123/25).",
	}}, middleware.LegalRegion(country), middleware.LegalBlocksPrivate())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/videos/42", nil))
	fmt.Println(rec.Code, rec.Header().Get("Cache-Control"))
	// Output:
	// 200 private
}

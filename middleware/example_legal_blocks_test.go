package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleLegalBlocks() {
	country := func(r *http.Request) string { return r.Header.Get("Cf-Ipcountry") } // set by a trusted CDN
	h := middleware.LegalBlocks([]middleware.LegalBlock{{
		Pattern:   "/videos/*",
		Regions:   []string{"DE"},
		BlockedBy: "https://example.com/legal",
		Demand:    "Blocked in Germany on a court order of 2025-03-01 (Case 123/25).",
	}}, middleware.LegalRegion(country))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))

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

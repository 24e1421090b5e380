package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/methods"
	"github.com/fourxx/fourxx/middleware"
)

func ExampleAllowHosts() {
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "hello", r.Host) })
	h := middleware.AllowHosts("example.com", "*.example.com", "localhost:8080")(app)

	for _, host := range []string{"api.example.com", "evil.test"} {
		req := httptest.NewRequest(http.MethodGet, "/reset-password", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code)
		fmt.Print(rec.Body.String())
	}
	// Output:
	// 200
	// hello api.example.com
	// 400
	// {"type":"about:blank","title":"Bad Request","status":400,"detail":"This server does not answer for the host \"evil.test\". Send the request to one of its own names.","host":"evil.test"}
}

func ExampleForbid() {
	h := middleware.Forbid([]middleware.AccessRule{
		{CIDRs: []string{"203.0.113.0/24"}, Reason: "Your network is blocked for abuse."},
		{Allow: true, CIDRs: []string{"10.0.0.0/8"}}, // the office may do anything
		{Methods: []string{http.MethodDelete}, Reason: "Deleting is allowed from the office network only."},
	})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") }))

	for _, tc := range []struct{ method, remote string }{
		{http.MethodGet, "203.0.113.5:4711"},
		{http.MethodDelete, "10.1.2.3:4711"},
		{http.MethodDelete, "198.51.100.1:4711"},
		{http.MethodGet, "198.51.100.1:4711"},
	} {
		req := httptest.NewRequest(tc.method, "/items/1", nil)
		req.RemoteAddr = tc.remote
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(tc.method, tc.remote, rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	// Output:
	// GET 203.0.113.5:4711 403 {"type":"about:blank","title":"Forbidden","status":403,"detail":"Your network is blocked for abuse."}
	// DELETE 10.1.2.3:4711 200 ok
	// DELETE 198.51.100.1:4711 403 {"type":"about:blank","title":"Forbidden","status":403,"detail":"Deleting is allowed from the office network only."}
	// GET 198.51.100.1:4711 200 ok
}

func ExampleForbidAsNotFound() {
	r := chi.NewRouter()
	methods.Chi(r)
	r.Route("/admin", func(r chi.Router) {
		// In the subrouter's Use, the rule runs for every method before
		// methods.Chi answers 405 or OPTIONS.
		r.Use(middleware.Forbid(
			[]middleware.AccessRule{{Allow: true, CIDRs: []string{"10.0.0.0/8"}}, {}},
			middleware.ForbidAsNotFound(http.HandlerFunc(methods.NotFound)),
		))
		r.Get("/console", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "admin console") })
	})

	for _, tc := range []struct{ method, path string }{
		{http.MethodGet, "/admin/console"},
		{http.MethodDelete, "/admin/console"},
		{http.MethodOptions, "/admin/console"},
		{http.MethodDelete, "/nowhere"},
	} {
		req := httptest.NewRequest(tc.method, tc.path, nil)
		req.RemoteAddr = "198.51.100.1:4711"
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, req)
		fmt.Println(tc.method, tc.path, rec.Code, rec.Header().Get("Cache-Control"))
	}
	// Output:
	// GET /admin/console 404 private
	// DELETE /admin/console 404 private
	// OPTIONS /admin/console 404 private
	// DELETE /nowhere 404 private
}

func ExampleForbidPrivate() {
	h := middleware.Forbid(
		[]middleware.AccessRule{
			{Headers: http.Header{"User-Agent": {"BadBot/1.0"}}},
			{Allow: true, CIDRs: []string{"10.0.0.0/8"}},
			{},
		},
		middleware.ForbidPrivate(),
	)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "internal report") }))

	req := httptest.NewRequest(http.MethodGet, "/report", nil)
	req.RemoteAddr = "10.1.2.3:4711"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Cache-Control"), rec.Header().Get("Vary"))
	// Output:
	// 200 private User-Agent
}

func ExampleGone() {
	r := chi.NewRouter()
	r.Use(middleware.Gone([]middleware.GonePath{
		{Pattern: "/v1/*", Successor: "/v2/", Detail: "API v1 was switched off on 2025-01-01; use /v2/."},
		{Pattern: "/blog/2019/{slug}"},
	}))
	r.Get("/v2/*", func(w http.ResponseWriter, r *http.Request) {})

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/items/1", nil))
	fmt.Println(rec.Code, rec.Header().Get("Link"))
	fmt.Print(rec.Body.String())
	// Output:
	// 410 </v2/>; rel="successor-version"
	// {"type":"about:blank","title":"Gone","status":410,"detail":"API v1 was switched off on 2025-01-01; use /v2/.","successor":"/v2/"}
}

func ExampleLegalBlocks() {
	h := middleware.LegalBlocks([]middleware.LegalBlock{{
		Pattern:   "/videos/*",
		Regions:   []string{"DE"},
		BlockedBy: "https://example.com/legal",
		Demand:    "Blocked in Germany on a court order of 2025-03-01 (Case 123/25).",
	}}, middleware.LegalBlocksRegionHeader("CF-IPCountry"))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})) // set by a trusted CDN

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

func ExampleLegalBlocksRegionHeader() {
	h := middleware.LegalBlocks([]middleware.LegalBlock{{
		Pattern:   "/videos/*",
		Regions:   []string{"DE"},
		BlockedBy: "https://example.com/legal",
		Demand:    "Blocked in Germany on a court order of 2025-03-01 (Case 123/25).",
	}}, middleware.LegalBlocksRegionHeader("CF-IPCountry"))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))

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
	}}, middleware.LegalBlocksRegion(country), middleware.LegalBlocksPrivate())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/videos/42", nil))
	fmt.Println(rec.Code, rec.Header().Get("Cache-Control"))
	// Output:
	// 200 private
}

func ExamplePaymentGate() {
	quotaUsed := func(r *http.Request) (bool, string) {
		if r.Header.Get("X-Plan") == "free" {
			return true, "The free plan's 1000 exports this month are used up; upgrade to continue."
		}
		return false, ""
	}
	h := middleware.PaymentGate(quotaUsed, middleware.PaymentGateLink("https://example.com/billing"))(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))

	req := httptest.NewRequest(http.MethodPost, "/exports", nil)
	req.Header.Set("X-Plan", "free")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Link"))
	fmt.Print(rec.Body.String())
	// Output:
	// 402 <https://example.com/billing>; rel="payment"
	// {"type":"about:blank","title":"Payment Required","status":402,"detail":"The free plan's 1000 exports this month are used up; upgrade to continue.","payment":"https://example.com/billing"}
}

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

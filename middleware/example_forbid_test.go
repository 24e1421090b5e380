package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

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
	h := middleware.Forbid(
		[]middleware.AccessRule{{Allow: true, CIDRs: []string{"10.0.0.0/8"}}, {}},
		middleware.ForbidAsNotFound(nil),
	)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "admin console") }))

	req := httptest.NewRequest(http.MethodGet, "/admin", nil)
	req.RemoteAddr = "198.51.100.1:4711"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Cache-Control"))
	// Output:
	// 404 private
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

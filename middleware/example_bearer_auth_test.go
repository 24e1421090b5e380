package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleBearerAuth() {
	verify := func(r *http.Request, token string) (any, error) {
		switch token {
		case "read-only":
			if r.Method != http.MethodGet {
				return nil, middleware.BearerInsufficientScope("This token may only read.", "items:write")
			}
			return "reader", nil
		case "admin":
			return "admin", nil
		}
		return nil, middleware.BearerInvalidToken("The token is unknown or expired.")
	}
	h := middleware.Authenticate(middleware.BearerAuth("items", verify))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))

	for _, tc := range []struct{ method, auth string }{
		{http.MethodGet, ""},
		{http.MethodGet, "Bearer expired"},
		{http.MethodPut, "Bearer read-only"},
		{http.MethodPut, "Bearer admin"},
	} {
		req := httptest.NewRequest(tc.method, "/items/1", nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	// Output:
	// 401 Bearer realm="items"
	// 401 Bearer realm="items", error="invalid_token", error_description="The token is unknown or expired."
	// 403 Bearer realm="items", error="insufficient_scope", error_description="This token may only read.", scope="items:write"
	// 200
}

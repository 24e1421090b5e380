package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleProxyAuthenticate() {
	gateway := middleware.ProxyAuthenticate(middleware.BasicAuth("egress", map[string]string{"ci": "s3cret"}))
	h := gateway(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, _ := middleware.ProxyIdentity[string](r.Context())
		fmt.Fprintln(w, "forwarding for", user)
	}))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://example.com/", nil))
	fmt.Println(rec.Code, rec.Header().Get("Proxy-Authenticate"))
	// Output:
	// 407 Basic realm="egress", charset="UTF-8"
}

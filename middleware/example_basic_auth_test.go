package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleBasicAuth() {
	admin := middleware.BasicAuth("admin", map[string]string{"ada": "correct horse"})
	h := middleware.Authenticate(admin)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, _ := middleware.Identity[string](r.Context())
		fmt.Fprintf(w, "hello %s\n", user)
	}))

	for _, password := range []string{"correct horse", "battery staple"} {
		req := httptest.NewRequest(http.MethodGet, "/admin", nil)
		req.SetBasicAuth("ada", password)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code == http.StatusOK {
			fmt.Print(rec.Code, " ", rec.Body.String())
		} else {
			fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
		}
	}
	// Output:
	// 200 hello ada
	// 401 Basic realm="admin", charset="UTF-8"
}

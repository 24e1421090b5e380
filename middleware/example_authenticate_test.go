package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleAuthenticate() {
	admins := middleware.BasicAuth("items admin", map[string]string{"ada": "correct horse"})
	r := chi.NewRouter()
	r.With(middleware.Authenticate(admins)).Delete("/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		user, _ := middleware.Identity[string](r.Context())
		fmt.Println("deleted by", user)
		w.WriteHeader(http.StatusNoContent)
	})

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodDelete, "/items/1", nil))
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	fmt.Print(rec.Body.String())

	req := httptest.NewRequest(http.MethodDelete, "/items/1", nil)
	req.SetBasicAuth("ada", "correct horse")
	rec = httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	// Output:
	// 401 Basic realm="items admin", charset="UTF-8"
	// {"type":"about:blank","title":"Unauthorized","status":401,"detail":"This resource needs credentials; send Authorization with the scheme Basic.","schemes":["Basic"]}
	// deleted by ada
	// 204
}

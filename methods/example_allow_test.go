package methods_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/methods"
)

func ExampleAllow() {
	r := chi.NewRouter()
	r.With(methods.Allow(http.MethodGet, http.MethodPut)).Handle("/items/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "item")
	}))

	for _, method := range []string{http.MethodOptions, http.MethodDelete} {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(method, "/items/7", nil))
		fmt.Println(method, rec.Code, rec.Header().Get("Allow"))
		fmt.Print(rec.Body.String())
	}
	// Output:
	// OPTIONS 204 GET, HEAD, OPTIONS, PUT
	// DELETE 405 GET, HEAD, OPTIONS, PUT
	// {"type":"about:blank","title":"Method Not Allowed","status":405,"detail":"This resource does not support the DELETE method; send one of GET, HEAD, OPTIONS, PUT.","allow":["GET","HEAD","OPTIONS","PUT"],"method":"DELETE"}
}

package methods_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/methods"
)

func ExampleNotFound() {
	r := chi.NewRouter()
	r.NotFound(methods.NotFound)
	r.Get("/", func(w http.ResponseWriter, r *http.Request) {})

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/missing", nil))
	fmt.Println(rec.Code)
	fmt.Print(rec.Body.String())
	// Output:
	// 404
	// {"type":"about:blank","title":"Not Found","status":404,"detail":"Nothing is served at this path; check the URL."}
}

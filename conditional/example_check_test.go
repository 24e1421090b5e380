package conditional_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/conditional"
)

func ExampleCheck() {
	versions := map[string]int{"42": 7}
	state := func(r *http.Request) (conditional.State, error) {
		v, ok := versions[chi.URLParam(r, "id")]
		return conditional.State{
			Exists:       ok,
			ETag:         fmt.Sprintf(`"v%d"`, v),
			LastModified: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		}, nil
	}
	r := chi.NewRouter()
	r.With(conditional.Check(state)).Get("/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "item 42")
	})

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/items/42", nil))
	fmt.Println(rec.Code, rec.Header().Get("ETag"), rec.Header().Get("Last-Modified"))

	req := httptest.NewRequest(http.MethodGet, "/items/42", nil)
	req.Header.Set("If-None-Match", `"v7"`)
	rec = httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.Len())
	// Output:
	// 200 "v7" Fri, 02 Jan 2026 03:04:05 GMT
	// 304 0
}

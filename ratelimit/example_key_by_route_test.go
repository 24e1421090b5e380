package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/go-chi/chi/v5"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleKeyByRoute() {
	r := chi.NewRouter()
	// One bucket per route, shared by all clients and items: one request
	// per minute to /items/{id}.
	r.With(ratelimit.Limit(rate.Every(time.Minute), 1, ratelimit.LimitName("items"), ratelimit.LimitKey(ratelimit.KeyByRoute))).
		Get("/items/{id}", func(w http.ResponseWriter, r *http.Request) {
			key, _ := ratelimit.KeyByRoute(r)
			fmt.Println("key", key)
		})
	for _, path := range []string{"/items/1", "/items/2"} {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		fmt.Println(path, rec.Code)
	}
	// Output:
	// key GET /items/{id}
	// /items/1 200
	// /items/2 429
}

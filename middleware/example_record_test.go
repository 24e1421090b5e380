package middleware_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleRecord() {
	counts := map[string]int{}
	r := chi.NewRouter()
	r.Use(middleware.Record(func(_ *http.Request, o *middleware.Outcome) {
		key := fmt.Sprint(o.Status)
		if o.Problem != nil {
			key += " by " + o.Problem.Source
		}
		counts[key]++
	}))
	r.Use(middleware.MaxURILength(16))
	r.Get("/*", func(w http.ResponseWriter, r *http.Request) {})

	for _, path := range []string{"/a", "/b", "/" + strings.Repeat("c", 20)} {
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}
	fmt.Println(counts)
	// Output:
	// map[200:2 414 by middleware.MaxURILength:1]
}

func ExampleOutcome_Aborted() {
	record := middleware.Record(func(_ *http.Request, o *middleware.Outcome) {
		fmt.Println(o.Status, o.Aborted(), o.Bytes)
	})
	proxy := record(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "partial")
		panic(http.ErrAbortHandler) // as httputil.ReverseProxy does when the backend fails
	}))

	defer func() { fmt.Println("then the server sees:", recover()) }()
	proxy.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	// Output:
	// 500 true 7
	// then the server sees: net/http: abort Handler
}

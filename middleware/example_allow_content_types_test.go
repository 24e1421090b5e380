package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleAllowContentTypes() {
	r := chi.NewRouter()
	r.With(middleware.AllowContentTypes("application/json", "application/*+json")).Post("/items", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	})

	req := httptest.NewRequest(http.MethodPost, "/items", strings.NewReader("<item/>"))
	req.Header.Set("Content-Type", "application/xml")
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Accept-Post"))
	fmt.Print(rec.Body.String())
	// Output:
	// 415 application/json, application/*+json
	// {"type":"about:blank","title":"Unsupported Media Type","status":415,"detail":"This resource does not accept content of type \"application/xml\". Send one of: application/json, application/*+json.","accepted":["application/json","application/*+json"],"content_type":"application/xml"}
}

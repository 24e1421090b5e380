package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleNegotiate() {
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := middleware.NegotiatedFrom(r.Context())
		w.Header().Set("Content-Type", n.MediaType)
		w.Header().Set("Content-Language", n.Language)
		fmt.Fprintf(w, "%s in %s\n", n.MediaType, n.Language)
	})
	h := middleware.Negotiate([]string{"application/json", "text/html"},
		middleware.NegotiateLanguages("en", "de"),
		middleware.NegotiateStrictly(),
	)(page)

	for _, accept := range []string{
		"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", // a browser
		"image/png", // nothing this resource offers
	} {
		req := httptest.NewRequest(http.MethodGet, "/items/1", nil)
		req.Header.Set("Accept", accept)
		req.Header.Set("Accept-Language", "de-CH, de;q=0.9, en;q=0.5")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Header().Values("Vary"))
		fmt.Print(rec.Body.String())
	}
	// Output:
	// 200 [Accept, Accept-Language]
	// text/html in de
	// 406 [Accept, Accept-Language]
	// {"type":"about:blank","title":"Not Acceptable","status":406,"detail":"The request's Accept field accepts none of what this resource offers: application/json, text/html. Accept one of them.","languages":["en","de"],"media_types":["application/json","text/html"]}
}

package methods_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/methods"
)

// TestRefusals runs every refusal of the package through the contract of
// problem.Write and compares the bytes with testdata/refusals.
func TestRefusals(t *testing.T) {
	t.Parallel()
	ok := func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok\n") }
	router := chi.NewRouter()
	methods.Chi(router, methods.ImplementedMethods("PURGE"))
	router.Get("/items/{id}", ok)
	router.Delete("/items/{id}", ok)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", ok)
	mux.HandleFunc("PUT /items/{id}", ok)
	muxed := methods.ServeMux(mux)
	plain := http.HandlerFunc(ok)

	testserver.CheckRefusals(t, []testserver.Refusal{
		{Name: "Chi405", Handler: router, Method: "PUT", Target: "/items/7", Body: "{}", Status: 405, Source: "methods.Chi"},
		{Name: "Chi501", Handler: router, Method: "BREW", Target: "/items/7", Status: 501, Source: "methods.Chi"},
		{Name: "Chi501Long", Handler: router, Method: "X-METHOD-0123456789012345678901234567890123456789012345678901234567890123456789",
			Target: "/items/7", Status: 501, Source: "methods.Chi"},
		{Name: "Chi404", Handler: router, Target: "/nothing", Status: 404, Source: "methods.Chi"},
		{Name: "ServeMux405", Handler: muxed, Method: "DELETE", Target: "/items/7", Status: 405, Source: "methods.ServeMux"},
		{Name: "ServeMux501", Handler: muxed, Method: "get", Target: "/items/7", Status: 501, Source: "methods.ServeMux"},
		{Name: "ServeMux404", Handler: muxed, Target: "/nothing", Status: 404, Source: "methods.ServeMux"},
		{Name: "Allow", Handler: methods.Allow("GET", "POST")(plain), Method: "PATCH", Body: "{}", Status: 405, Source: "methods.Allow"},
		{Name: "Implemented", Handler: methods.Implemented()(plain), Method: "BREW", Status: 501, Source: "methods.Implemented"},
		{Name: "NotFound", Handler: http.HandlerFunc(methods.NotFound), Target: "/gone?x=<1>", Status: 404, Source: "methods.NotFound"},
	})
}

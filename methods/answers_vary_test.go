package methods_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/internal/varytest"
	"github.com/fourxx/fourxx/methods"
)

// TestRefusalsExtendEarlierVary checks the fields of every 405 and 404
// of the package behind a middleware that set fields of its own, Vary
// among them or not: an earlier Vary is extended with Accept, other
// fields are kept, and nothing else is sent.
func TestRefusalsExtendEarlierVary(t *testing.T) {
	router := chi.NewRouter()
	methods.Chi(router)
	router.Get("/items/{id}", routed("item"))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", routed("item"))
	muxed := methods.ServeMux(mux)
	allow := methods.Allow("GET")(noContent)
	refusals := []struct {
		name    string
		h       http.Handler
		method  string
		path    string
		status  int
		ownName string
		own     string
	}{
		{"Chi 405", router, "PUT", "/items/7", 405, "Allow", "GET, HEAD, OPTIONS"},
		{"Chi 404", router, "GET", "/nothing", 404, "Cache-Control", "private"},
		{"ServeMux 405", muxed, "PUT", "/items/7", 405, "Allow", "GET, HEAD, OPTIONS"},
		{"ServeMux 404", muxed, "GET", "/nothing", 404, "Cache-Control", "private"},
		{"Allow 405", allow, "PUT", "/", 405, "Allow", "GET, HEAD, OPTIONS"},
		{"NotFound", http.HandlerFunc(methods.NotFound), "GET", "/", 404, "Cache-Control", "private"},
	}
	for _, rf := range refusals {
		for _, e := range varytest.Cases {
			t.Run(rf.name+"/"+e.Name, func(t *testing.T) {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					for name, value := range e.Fields {
						w.Header().Set(name, value)
					}
					rf.h.ServeHTTP(w, r)
				}))
				defer srv.Close()
				got := send(t, srv, rf.method, rf.path)
				assert.Equal(t, rf.status, got.status)
				assert.Equal(t, e.WantVary, got.header.Values("Vary"))
				want := http.Header{
					rf.ownName:               {rf.own},
					"Content-Type":           {"application/problem+json"},
					"Content-Length":         {strconv.Itoa(len(got.body))},
					"X-Content-Type-Options": {"nosniff"},
					"Vary":                   e.WantVary,
					"Date":                   got.header.Values("Date"),
				}
				for name, value := range e.Fields {
					if name != "Vary" {
						want[name] = []string{value}
					}
				}
				assert.Equal(t, want, got.header)
			})
		}
	}
}

package middleware_test

import (
	"net/http"
	"testing"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/methods"
	"github.com/fourxx/fourxx/middleware"
)

// concealingRouter mounts rule as ForbidAsNotFound's godoc and the README
// say: in the Use of the subrouter that serves the concealed paths, on a
// chi router with methods.Chi.
func concealingRouter(rule func(http.Handler) http.Handler) http.Handler {
	r := chi.NewRouter()
	r.Use(chimw.ClientIPFromHeader("X-Real-IP", "127.0.0.0/8"))
	methods.Chi(r)
	r.Get("/items", echo)
	r.Route("/internal", func(r chi.Router) {
		r.Use(rule)
		r.Get("/stats", echo)
		r.Put("/stats", echo)
	})
	return r
}

// TestForbidAsNotFoundIndistinguishable checks that a refused client gets,
// for every method and representation, exactly what a path that does not
// exist gets: status, header fields except Date, body.
func TestForbidAsNotFoundIndistinguishable(t *testing.T) {
	t.Parallel()
	byAddress := []middleware.AccessRule{{Allow: true, CIDRs: []string{"10.0.0.0/8"}}, {}}
	byAgent := []middleware.AccessRule{{Headers: http.Header{"User-Agent": {"BadBot/1.0"}}}}
	for _, tc := range []struct {
		name             string
		rule             func(http.Handler) http.Handler
		refused, allowed string
	}{
		{"address, the router's 404", middleware.Forbid(byAddress, middleware.ForbidAsNotFound(http.HandlerFunc(methods.NotFound)), middleware.ForbidPrivate()), "X-Real-IP: 192.0.2.1", "X-Real-IP: 10.0.0.5"},
		{"address, the default 404", middleware.Forbid(byAddress, middleware.ForbidAsNotFound(nil)), "X-Real-IP: 192.0.2.1", "X-Real-IP: 10.0.0.5"},
		{"header", middleware.Forbid(byAgent, middleware.ForbidAsNotFound(http.HandlerFunc(methods.NotFound))), "User-Agent: BadBot/1.0", "User-Agent: curl/8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := testserver.Start(t, concealingRouter(tc.rule))
			send := func(method, path, client, accept string) testserver.Response {
				headers := []string{"Host: x", client}
				if accept != "" {
					headers = append(headers, "Accept: "+accept)
				}
				return testserver.Raw(t, srv, testserver.Request(method+" "+path+" HTTP/1.1", headers, ""))
			}
			require.Equal(t, http.StatusOK, send("GET", "/internal/stats", tc.allowed, "").Status)
			require.Equal(t, http.StatusMethodNotAllowed, send("DELETE", "/internal/stats", tc.allowed, "").Status)
			require.Equal(t, http.StatusNoContent, send("OPTIONS", "/internal/stats", tc.allowed, "").Status)

			for _, method := range []string{"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "BREW"} {
				for _, accept := range []string{"", "text/html"} {
					absent := send(method, "/nothing", tc.refused, accept)
					for _, path := range []string{"/internal/stats", "/internal/nothing"} {
						concealed := send(method, path, tc.refused, accept)
						at := method + " " + path + " Accept: " + accept
						assert.Equal(t, absent.Status, concealed.Status, at)
						absent.Header.Del("Date")
						concealed.Header.Del("Date")
						assert.Equal(t, absent.Header, concealed.Header, at)
						assert.Equal(t, string(absent.Body), string(concealed.Body), at)
					}
				}
			}
		})
	}
}

package methods_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/cors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/methods"
)

// chi's method registry is global: register the WebDAV method once for
// the whole test binary.
func init() { chi.RegisterMethod("PROPFIND") }

// pass is a middleware that changes nothing, for With and Group.
func pass(next http.Handler) http.Handler { return next }

// nestedRoutes builds a tree that uses every way chi composes routes.
func nestedRoutes(r chi.Router) {
	r.Get("/", routed("root"))
	r.Route("/items", func(r chi.Router) {
		r.Get("/", routed("list"))
		r.Post("/", routed("create"))
		r.Route("/{id}", func(r chi.Router) {
			r.Get("/", routed("get"))
			r.Put("/", routed("put"))
			r.Delete("/", routed("delete"))
			r.With(pass).Patch("/", routed("patch"))
			r.Method("PROPFIND", "/", routed("propfind"))
			r.Get("/tags/{tag:[a-z]+}", routed("tag"))
		})
	})
	r.Group(func(r chi.Router) {
		r.Use(pass)
		r.Post("/login", routed("login"))
		r.Options("/login", routed("login options"))
	})
	admin := chi.NewRouter()
	admin.Get("/stats", routed("stats"))
	admin.Head("/stats", routed("stats head"))
	r.Mount("/admin", admin)
	r.Route("/docs", func(r chi.Router) { r.Post("/", routed("docs post")) })
	r.Get("/docs", routed("docs get"))
	r.Mount("/static", http.HandlerFunc(routed("static")))
	r.With(pass).Put("/bulk", routed("bulk"))
	r.Get("/users/{user}/files/*", routed("files"))
	r.Handle("/any", routed("any"))
	r.Query("/search", routed("search"))
}

// nestedPaths are the paths the tests ask about, with the Allow a 405
// must carry ("" for paths that do not exist).
var nestedPaths = map[string]string{
	"/":                     "GET, HEAD, OPTIONS",
	"/items":                "GET, HEAD, OPTIONS, POST",
	"/items/":               "GET, HEAD, OPTIONS, POST",
	"/items/42":             "DELETE, GET, HEAD, OPTIONS, PATCH, PROPFIND, PUT",
	"/items/42/":            "DELETE, GET, HEAD, OPTIONS, PATCH, PROPFIND, PUT",
	"/items/42/tags/go":     "GET, HEAD, OPTIONS",
	"/items/42/tags/GO":     "",
	"/login":                "OPTIONS, POST",
	"/admin":                "",
	"/admin/stats":          "GET, HEAD, OPTIONS",
	"/admin/nothing":        "",
	"/docs":                 "GET, HEAD, OPTIONS, POST",
	"/docs/":                "OPTIONS, POST",
	"/bulk":                 "OPTIONS, PUT",
	"/users/ann/files/a/b":  "GET, HEAD, OPTIONS",
	"/nowhere":              "",
	"/search":               "OPTIONS, QUERY",
	"/items/42/tags/go/x/y": "",
}

// chiMethodsUnderTest are the methods the server recognises in these tests.
var chiMethodsUnderTest = []string{"CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PROPFIND", "PUT", "QUERY", "TRACE"}

// groundTruth routes method on path through a plain chi router built by
// nestedRoutes, without fourxx, and reports whether a handler ran.
func groundTruth(plain http.Handler, method, path string) bool {
	return serveMethod(plain, method, path).Header().Get("X-Route") != ""
}

func newNestedChi() *chi.Mux {
	r := chi.NewRouter()
	methods.Chi(r, methods.ImplementedMethods("PROPFIND"))
	nestedRoutes(r)
	return r
}

// TestChiAllowIsWhatChiRoutes compares, for every path and method, the
// Allow of each 405 with what a plain chi router routes.
func TestChiAllowIsWhatChiRoutes(t *testing.T) {
	plain := chi.NewRouter()
	nestedRoutes(plain)
	srv := testserver.Start(t, newNestedChi())

	for path, want := range nestedPaths {
		var truth []string
		for _, m := range chiMethodsUnderTest {
			if groundTruth(plain, m, path) {
				truth = append(truth, m)
			}
		}
		if len(truth) > 0 {
			truth = append(truth, "OPTIONS")
			if slices.Contains(truth, "GET") {
				truth = append(truth, "HEAD")
			}
		}
		slices.Sort(truth)
		require.Equal(t, want, strings.Join(slices.Compact(truth), ", "), "the table disagrees with chi on %s", path)

		for _, m := range chiMethodsUnderTest {
			if m == "CONNECT" {
				continue // Go's client sends CONNECT in authority form
			}
			t.Run(m+" "+path, func(t *testing.T) {
				res := send(t, srv, m, path)
				switch {
				case want == "":
					assert.Equal(t, http.StatusNotFound, res.status)
					assert.Empty(t, res.header.Get("Allow"))
				case groundTruth(plain, m, path):
					assert.Equal(t, http.StatusOK, res.status)
					assert.NotEmpty(t, res.header.Get("X-Route"))
				case m == "HEAD" && strings.Contains(want, "GET"):
					assert.Equal(t, http.StatusOK, res.status)
					assert.Empty(t, res.body)
					assert.Equal(t, send(t, srv, "GET", path).header.Get("X-Route"), res.header.Get("X-Route"))
				case m == "OPTIONS":
					assert.Equal(t, http.StatusNoContent, res.status)
					assert.Equal(t, want, res.header.Get("Allow"))
				default:
					assert.Equal(t, http.StatusMethodNotAllowed, res.status)
					assert.Equal(t, want, res.header.Get("Allow"))
					if m != "HEAD" {
						assert.Equal(t, "Method Not Allowed", testserver.DecodeProblem(t, []byte(res.body)).Title)
					}
				}
			})
		}
	}
}

func TestChiServerWide(t *testing.T) {
	r := newNestedChi()
	tests := []struct {
		name, method, path string
		status             int
	}{
		{"lower case method", "get", "/items", 501},
		{"unknown method", "BREW", "/items", 501},
		{"unknown method on a missing path", "BREW", "/nowhere", 501},
		{"QUERY, which chi routes, where no QUERY route exists", "QUERY", "/items", 405},
		{"QUERY route", "QUERY", "/search", 200},
		{"very long method", strings.Repeat("X", 5000), "/", 501},
		{"recognised method chi does not route", "TRACE", "/items", 405},
		{"missing path", "GET", "/nowhere", 404},
		{"CONNECT", "CONNECT", "/items", 405},
	}
	srv := testserver.Start(t, r)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			r.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			assert.Equal(t, tt.status, rec.Code, rec.Body.String())
			if tt.status < 400 {
				assert.Equal(t, "search", rec.Header().Get("X-Route"))
				assert.Equal(t, tt.status, send(t, srv, tt.method, tt.path).status)
				return
			}
			d := testserver.DecodeProblem(t, rec.Body.Bytes())
			assert.Equal(t, tt.status, d.Status)
			if tt.status == http.StatusNotImplemented {
				assert.Equal(t, []any{"CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PROPFIND", "PUT", "QUERY", "TRACE"}, d.Extensions["implemented"])
				assert.Empty(t, rec.Header().Get("Allow"))
			}
			if tt.method != "CONNECT" {
				assert.Equal(t, tt.status, send(t, srv, tt.method, tt.path).status)
			}
		})
	}
}

func TestChiOptionsStar(t *testing.T) {
	r := newNestedChi()
	const known = "CONNECT, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PROPFIND, PUT, QUERY, TRACE"

	res, _ := exchange(t, startWithoutOptionsStar(t, r), testserver.Request("OPTIONS * HTTP/1.1", []string{"Host: x"}, ""))
	assert.Equal(t, http.StatusNoContent, res.Status)
	assert.Equal(t, known, res.Header.Get("Allow"))

	res = testserver.Raw(t, testserver.Start(t, r), testserver.Request("OPTIONS * HTTP/1.1", []string{"Host: x"}, ""))
	assert.Equal(t, http.StatusOK, res.Status, "Go's server answers OPTIONS * itself by default")
}

func TestChiMountedInPlainRouter(t *testing.T) {
	api := chi.NewRouter()
	methods.Chi(api)
	api.Route("/items/{id}", func(r chi.Router) { r.Get("/", routed("get")) })
	outer := chi.NewRouter()
	outer.Mount("/api", api)
	srv := testserver.Start(t, outer)

	res := send(t, srv, "DELETE", "/api/items/1")
	assert.Equal(t, http.StatusMethodNotAllowed, res.status)
	assert.Equal(t, "GET, HEAD, OPTIONS", res.header.Get("Allow"))
	res = send(t, srv, "HEAD", "/api/items/1")
	assert.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, "get", res.header.Get("X-Route"))
	assert.Equal(t, http.StatusNotFound, send(t, srv, "GET", "/api/nothing").status)
}

func TestChiCORS(t *testing.T) {
	c := cors.Handler(cors.Options{AllowedOrigins: []string{"https://a.example"}, AllowedMethods: []string{"GET", "PUT"}})
	preflight := []string{"Origin", "https://a.example", "Access-Control-Request-Method", "PUT"}
	for name, install := range map[string]func(r chi.Router){
		"cors in front": func(r chi.Router) { r.Use(c); methods.Chi(r) },
		"cors behind":   func(r chi.Router) { methods.Chi(r); r.Use(c) },
	} {
		t.Run(name, func(t *testing.T) {
			r := chi.NewRouter()
			install(r)
			r.Get("/items/{id}", routed("get"))
			r.Put("/items/{id}", routed("put"))
			srv := testserver.Start(t, r)

			res := send(t, srv, "OPTIONS", "/items/1", preflight...)
			assert.Equal(t, http.StatusOK, res.status)
			assert.Equal(t, "https://a.example", res.header.Get("Access-Control-Allow-Origin"))
			assert.Equal(t, "PUT", res.header.Get("Access-Control-Allow-Methods"))
			assert.Empty(t, res.header.Get("Allow"))

			res = send(t, srv, "OPTIONS", "/items/1")
			assert.Equal(t, http.StatusNoContent, res.status)
			assert.Equal(t, "GET, HEAD, OPTIONS, PUT", res.header.Get("Allow"))
		})
	}
}

func TestChiPanics(t *testing.T) {
	assert.PanicsWithValue(t, "methods: Chi: needs a non-nil router", func() { methods.Chi(nil) })
	r := chi.NewRouter()
	r.Get("/", routed("root"))
	assert.PanicsWithValue(t, "methods: Chi: must be called before the router's first route (it adds a middleware with Use)", func() { methods.Chi(r) })
	assert.PanicsWithValue(t, `methods: Chi: "PROP FIND" is not a method token (RFC 9110 §9.1)`, func() { methods.Chi(chi.NewRouter(), methods.ImplementedMethods("PROP FIND")) })
	assert.PanicsWithValue(t, "methods: Chi: option 0 is nil", func() { methods.Chi(chi.NewRouter(), nil) })
}

func TestChiHEADLikeGET(t *testing.T) {
	page := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("the same page for GET and HEAD"))
	}
	r := chi.NewRouter()
	methods.Chi(r)
	r.Route("/items", func(r chi.Router) {
		r.Route("/{id}", func(r chi.Router) { r.Get("/", page) })
	})
	for proto, srv := range testserver.Servers(t, r) {
		get := send(t, srv, "GET", "/items/7")
		head := send(t, srv, "HEAD", "/items/7")
		assert.Equal(t, "the same page for GET and HEAD", get.body, proto)
		assert.Equal(t, http.StatusOK, head.status, proto)
		assert.Empty(t, head.body, proto)
		assert.Equal(t, "30", head.header.Get("Content-Length"), proto)
		assert.Equal(t, get.header.Get("Content-Type"), head.header.Get("Content-Type"), proto)
	}
}

// TestChiRoutingPathRewrite checks that Chi answers for the path a
// path-rewriting middleware in front of it leaves for the router.
func TestChiRoutingPathRewrite(t *testing.T) {
	for name, rewrite := range map[string]func(http.Handler) http.Handler{
		"StripSlashes": chimw.StripSlashes,
		"CleanPath":    chimw.CleanPath,
	} {
		t.Run(name, func(t *testing.T) {
			r := chi.NewRouter()
			r.Use(rewrite)
			methods.Chi(r)
			r.Get("/items", routed("list"))
			r.Route("/a", func(r chi.Router) { r.Get("/b", routed("b")) })
			srv := testserver.Start(t, r)
			path := map[string]string{"StripSlashes": "/items/", "CleanPath": "//items"}[name]
			nested := map[string]string{"StripSlashes": "/a/b/", "CleanPath": "/a//b"}[name]

			require.Equal(t, http.StatusOK, send(t, srv, "GET", path).status, "chi routes the rewritten path")
			head := send(t, srv, "HEAD", path)
			assert.Equal(t, http.StatusOK, head.status)
			assert.Equal(t, "list", head.header.Get("X-Route"))
			for _, p := range []string{path, nested} {
				del := send(t, srv, "DELETE", p)
				assert.Equal(t, http.StatusMethodNotAllowed, del.status, p)
				assert.Equal(t, "GET, HEAD, OPTIONS", del.header.Get("Allow"), p)
				opt := send(t, srv, "OPTIONS", p)
				assert.Equal(t, http.StatusNoContent, opt.status, p)
				assert.Equal(t, "GET, HEAD, OPTIONS", opt.header.Get("Allow"), p)
			}
		})
	}
}

// TestChiRoutesAddedLater checks that routes added after requests were
// served, to the root router and to a subrouter, are seen.
func TestChiRoutesAddedLater(t *testing.T) {
	r := chi.NewRouter()
	methods.Chi(r)
	r.Get("/early", routed("early"))
	var items chi.Router
	r.Route("/items", func(sub chi.Router) { items = sub; sub.Get("/", routed("list")) })
	for _, p := range []string{"/early", "/items", "/late", "/items/late"} {
		serveMethod(r, "HEAD", p)
		serveMethod(r, "DELETE", p)
		serveMethod(r, "OPTIONS", p)
	}
	r.Get("/late", routed("late"))
	items.Put("/late", routed("items late"))

	rec := serveMethod(r, "HEAD", "/late")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "late", rec.Header().Get("X-Route"))
	rec = serveMethod(r, "DELETE", "/late")
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "GET, HEAD, OPTIONS", rec.Header().Get("Allow"))
	rec = serveMethod(r, "OPTIONS", "/items/late")
	assert.Equal(t, http.StatusNoContent, rec.Code)
	assert.Equal(t, "OPTIONS, PUT", rec.Header().Get("Allow"))
	rec = serveMethod(r, "GET", "/items/late")
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "OPTIONS, PUT", rec.Header().Get("Allow"))
}

// TestChiSubrouterMiddlewaresFirst checks that a subrouter's middlewares
// run before its 405 and OPTIONS answers, for every method, so that a rule
// there (a concealing one) can answer first.
func TestChiSubrouterMiddlewaresFirst(t *testing.T) {
	r := chi.NewRouter()
	methods.Chi(r)
	r.Route("/hidden", func(r chi.Router) {
		r.Use(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("X-Refuse") != "" {
					w.WriteHeader(http.StatusTeapot)
					return
				}
				next.ServeHTTP(w, r)
			})
		})
		r.Get("/page", routed("page"))
	})
	srv := testserver.Start(t, r)
	for method, passed := range map[string]int{"GET": 200, "HEAD": 200, "DELETE": 405, "OPTIONS": 204} {
		assert.Equal(t, passed, send(t, srv, method, "/hidden/page").status, method)
		assert.Equal(t, http.StatusTeapot, send(t, srv, method, "/hidden/page", "X-Refuse", "1").status, method)
	}
}

package main

import (
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/middleware"
)

// newRouter mounts the fourxx middlewares: the cheap checks for every
// route first, then the rules of single routes.
func newRouter(logger *slog.Logger, items *store) http.Handler {
	r := chi.NewRouter()
	r.Use(requestLog(logger))
	r.Use(middleware.MaxURILength(0))
	r.Use(middleware.AllowHosts("localhost", "127.0.0.1", "[::1]"), middleware.ValidQuery(), middleware.SingletonHeaders())
	jsonBody := chi.Chain(middleware.AllowContentTypes("application/json"), middleware.AllowContentEncodings())
	representations := middleware.Negotiate(itemMediaTypes, middleware.NegotiateStrictly())

	r.Route("/items", func(r chi.Router) {
		r.With(middleware.MaxURILength(256)).Get("/", items.list)
		r.With(jsonBody...).Post("/", items.create)
		r.Route("/{id}", func(r chi.Router) {
			r.With(representations).Get("/", items.get)
			r.With(jsonBody...).Put("/", items.put)
			r.Delete("/", items.delete)
		})
	})
	return r
}

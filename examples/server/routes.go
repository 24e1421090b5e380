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
	r.Use(globalRateLimit())

	r.Route("/items", func(r chi.Router) {
		r.With(middleware.MaxURILength(256)).Get("/", items.list)
		r.Post("/", items.create)
		r.Route("/{id}", func(r chi.Router) {
			r.Get("/", items.get)
			r.With(writeRateLimit()).Put("/", items.put)
			r.Delete("/", items.delete)
		})
	})
	return r
}

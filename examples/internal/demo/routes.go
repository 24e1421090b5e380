package demo

import (
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"

	"github.com/fourxx/fourxx/conditional"
	"github.com/fourxx/fourxx/methods"
	"github.com/fourxx/fourxx/middleware"
)

// NewRouter returns the demo application on a fresh in-memory collection:
// a chi router with fourxx middlewares mounted globally and per route. It
// answers for hosts (see [Hosts]) and logs every request through logger.
// observers are mounted first, before the access log, so that metrics see
// every request and every refusal with its route pattern.
func NewRouter(logger *slog.Logger, hosts []string, observers ...func(http.Handler) http.Handler) http.Handler {
	return newRouter(logger, newStore(), hosts, observers...)
}

// newRouter mounts the fourxx middlewares: the cheap checks for every
// route first, then the rules of single routes.
func newRouter(logger *slog.Logger, items *store, hosts []string, observers ...func(http.Handler) http.Handler) http.Handler {
	r := chi.NewRouter()
	r.Use(observers...)
	r.Use(middleware.AccessLog(logger)) // first of fourxx's, so it sees every refusal below it
	r.Use(middleware.MaxURILength(0))
	r.Use(chimw.ClientIPFromHeader("X-Real-IP", "127.0.0.0/8", "::1/128"))
	r.Use(globalRateLimit())
	r.Use(middleware.AllowHosts(hosts...), middleware.ValidQuery(), middleware.SingletonHeaders())
	r.Use(gates()...)
	methods.Chi(r) // 404, 405 with Allow, 501, OPTIONS and HEAD for every route below
	r.Use(middleware.Expect())
	r.Use(middleware.BodyReadTimeout(bodyReadTimeout))
	representations := middleware.Negotiate(itemMediaTypes, middleware.NegotiateStrictly())

	r.Route("/items", func(r chi.Router) {
		r.With(middleware.MaxURILength(256)).Get("/", items.list)
		r.With(freePlanQuota).With(itemBody()...).Post("/", items.create)
		r.Route("/{id}", func(r chi.Router) {
			r.Use(chimw.Maybe(writeRateLimit(), isPut))
			r.Use(chimw.Maybe(middleware.Authenticate(demoAdmins), isDelete))
			r.Use(itemBody()...) // requests without content pass
			r.Use(conditional.SingleWriter(itemKey, conditional.WithCurrentETag(items.currentETag)))
			r.Use(conditional.Check(items.state, conditional.RequirePrecondition()))
			r.With(representations).Get("/", items.get)
			r.Put("/", items.put)
			r.Delete("/", items.delete)
		})
	})
	r.With(internalOnly).Get("/internal/stats", items.stats)
	return r
}

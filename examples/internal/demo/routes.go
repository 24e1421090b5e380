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
// answers for hosts (see [Hosts]) and logs through logger every request
// that passes and up to ten refusals a second of each kind (with a count of
// those it left out), so that a flood does not turn into a flood of lines.
// observers are mounted first, before the access log, so that metrics see
// every request and every refusal with its route pattern.
func NewRouter(logger *slog.Logger, hosts []string, observers ...func(http.Handler) http.Handler) http.Handler {
	return newRouter(logger, newStore(), hosts, observers...)
}

// newRouter mounts the fourxx middlewares: the cheap checks for every
// route first, then the rules of single routes.
func newRouter(logger *slog.Logger, items *store, hosts []string, observers ...func(http.Handler) http.Handler) http.Handler {
	l := newLive()
	r := chi.NewRouter()
	r.Use(observers...)
	r.Use(middleware.AccessLog(logger, middleware.AccessLogSampleRefusals(10))) // first of fourxx's, so it sees every refusal below it
	r.Use(middleware.MaxURILength(middleware.DefaultMaxURILength))
	r.Use(chimw.ClientIPFromHeader("X-Real-IP", "127.0.0.0/8", "::1/128"))
	r.Use(globalRateLimit(l))
	r.Use(middleware.AllowHosts(hosts...), middleware.ValidQuery(), middleware.SingletonHeaders())
	r.Use(gates(l)...)
	methods.Chi(r) // 404, 405 with Allow, 501, OPTIONS and HEAD for every route below
	r.Use(middleware.Expect())
	r.Use(middleware.BodyReadTimeout(bodyReadTimeout))

	// The rules of single routes run after routing, so a method a route
	// does not serve gets 405 before any of them (RFC 9110 §13.2.1).
	representations := middleware.Negotiate(itemMediaTypes, middleware.NegotiateStrictly())
	check := conditional.Check(items.state, conditional.CheckRequirePrecondition())
	oneWriter := conditional.SingleWriter(itemKey, conditional.SingleWriterCurrentETag(items.currentETag))
	writes := writeRateLimit()
	admins := middleware.Authenticate(demoAdmins)

	r.Route("/items", func(r chi.Router) {
		r.With(middleware.MaxURILength(256)).With(listCandidateLimit()...).Get("/", items.list)
		r.With(freePlanQuota, dailyCreates(l.exempt)).With(itemBody()...).Post("/", items.create)
		r.Route("/{id}", func(r chi.Router) {
			r.With(representations, check).Get("/", items.get)
			r.With(writes).With(itemBody()...).With(oneWriter, check).Put("/", items.put)
			r.With(admins, oneWriter, check).Delete("/", items.delete)
			r.Get("/events", items.events)
		})
	})
	// A concealing rule runs in the Use of the subrouter, before it
	// answers 405 or OPTIONS, so every method gets the same 404.
	r.Route("/internal", func(r chi.Router) {
		r.Use(internalOnly)
		r.Get("/stats", items.stats)
	})
	// Operators change the blocklist and the global limit while serving.
	r.Route("/admin", func(r chi.Router) {
		r.Use(admins)
		r.With(itemBody()...).Put("/blocklist", l.putBlocklist)
		r.With(itemBody()...).Put("/limits", l.putLimits)
		r.With(itemBody()...).Put("/exempt", l.putExempt)
	})
	r.With(loginGuard()...).Post("/login", login)
	return r
}

package demo

import (
	"net/http"

	"github.com/fourxx/fourxx/methods"
	"github.com/fourxx/fourxx/middleware"
)

// demoAdmins may DELETE items (HTTP Basic, RFC 7617).
var demoAdmins = middleware.BasicAuth("fourxx demo", map[string]string{"admin": "admin"})

// gates are the demo's refusals for every route, by who asks and for
// what: 403 rules (the blocklist, which PUT /admin/blocklist replaces),
// 410 for removed paths, 451 for legal blocks. Item 7 is
// blocked in one region, which the CDN finds from the client address and
// sends as CF-IPCountry: its answers name the field in Vary and are
// private, since the client's own request never carries the field.
func gates(l *live) []func(http.Handler) http.Handler {
	return []func(http.Handler) http.Handler{
		middleware.Forbid(nil, middleware.ForbidRulesFrom(l.blocklist)),
		middleware.Gone([]middleware.GonePath{
			{Pattern: "/v1/*", Successor: "/items", Detail: "The v1 API was switched off; the items are at /items."},
			{Pattern: "/items/legacy"},
		}),
		middleware.LegalBlocks([]middleware.LegalBlock{
			{
				Pattern:   "/items/451",
				BlockedBy: "https://example.com/legal",
				Demand:    "Item 451 is withheld on a (fictional) court order of 2025-03-01, case 123/25.",
			},
			{
				Pattern:   "/items/7",
				Regions:   []string{"DE"},
				BlockedBy: "https://example.com/legal",
				Demand:    "Item 7 may not be shown in Germany under a (fictional) injunction.",
			},
		}, middleware.LegalBlocksRegionHeader("CF-IPCountry"), middleware.LegalBlocksPrivate()),
	}
}

// internalOnly conceals /internal from everyone outside 10.0.0.0/8: they
// get the router's 404, as if it did not exist (RFC 9110 §15.5.4), for
// every method. Its answers for 10.0.0.0/8 are private: no shared cache
// may serve them to others.
var internalOnly = middleware.Forbid(
	[]middleware.AccessRule{{Allow: true, CIDRs: []string{"10.0.0.0/8"}}, {}},
	middleware.ForbidAsNotFound(http.HandlerFunc(methods.NotFound)),
	middleware.ForbidPrivate(),
)

// freePlanQuota answers 402 to POSTs of clients on the free plan.
var freePlanQuota = middleware.PaymentGate(func(r *http.Request) (bool, string) {
	if r.Header.Get("X-Plan") == "free" {
		return true, "The free plan cannot create items; upgrade to create them."
	}
	return false, ""
}, middleware.PaymentGateLink("https://example.com/billing"))

// stats answers the number of items, for internal monitoring.
func (s *store) stats(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	n := len(s.items)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]int{"items": n})
}

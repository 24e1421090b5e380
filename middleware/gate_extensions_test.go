package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
)

// The precomputed answers of Gone, LegalBlocks and PaymentGate hand each
// request its own Extensions map, so a hook or renderer that adds a
// member to one request's problem does not change the next one's (nor
// race with a concurrent one).
func TestGateExtensionsArePerRequest(t *testing.T) {
	for name, mw := range map[string]func(http.Handler) http.Handler{
		"Gone": middleware.Gone([]middleware.GonePath{{Pattern: "/old", Successor: "/new"}}),
		"LegalBlocks": middleware.LegalBlocks([]middleware.LegalBlock{
			{Pattern: "/old", BlockedBy: "https://example.com", Demand: "A court order."},
		}),
		"PaymentGate": middleware.PaymentGate(func(*http.Request) (bool, string) { return true, "" },
			middleware.PaymentGateLink("https://example.com/pay")),
	} {
		t.Run(name, func(t *testing.T) {
			var seen []bool
			tamper := problem.HookFunc(func(_ *http.Request, d *problem.Details) {
				_, tampered := d.Extensions["tampered"]
				seen = append(seen, tampered)
				d.Extensions["tampered"] = true
			})
			h := problem.WithHook(tamper)(mw(http.NotFoundHandler()))
			for range 2 {
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/old", nil))
			}
			assert.Equal(t, []bool{false, false}, seen)
		})
	}
}

package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
)

// The answers of Gone, LegalBlocks and PaymentGate are built and encoded
// once (problem.Prepare) and handed to every request they refuse alike:
// hooks and renderers must not modify them (problem.Hook). PaymentGate
// keeps its answer from the second request with the same explanation.
func TestGateRefusalsAreShared(t *testing.T) {
	for name, mw := range map[string]func(http.Handler) http.Handler{
		"Gone": middleware.Gone([]middleware.GonePath{{Pattern: "/old", Successor: "/new"}}),
		"LegalBlocks": middleware.LegalBlocks([]middleware.LegalBlock{
			{Pattern: "/old", BlockedBy: "https://example.com", Demand: "A court order."},
		}),
		"PaymentGate": middleware.PaymentGate(func(*http.Request) (bool, string) { return true, "" },
			middleware.PaymentGateLink("https://example.com/pay")),
	} {
		t.Run(name, func(t *testing.T) {
			var seen []*problem.Details
			hook := problem.HookFunc(func(_ *http.Request, d *problem.Details) { seen = append(seen, d) })
			h := problem.WithHook(hook)(mw(http.NotFoundHandler()))
			var bodies []string
			for range 3 {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/old", nil))
				bodies = append(bodies, rec.Body.String())
			}
			require.Len(t, seen, 3)
			assert.Same(t, seen[1], seen[2])
			assert.Equal(t, bodies[0], bodies[1])
			assert.Equal(t, bodies[1], bodies[2])
		})
	}
}

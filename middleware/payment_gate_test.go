package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

// paymentGateQuota owes payment for the account named in X-Account "free".
func paymentGateQuota(r *http.Request) (bool, string) {
	switch r.Header.Get("X-Account") {
	case "free":
		return true, "The free plan's 1000 requests this month are used up; upgrade to continue."
	case "lapsed":
		return true, ""
	}
	return false, ""
}

func TestPaymentGate(t *testing.T) {
	withLink := testserver.Start(t, middleware.PaymentGate(paymentGateQuota, middleware.PaymentGateLink("https://example.com/billing"))(echo))
	plain := testserver.Start(t, middleware.PaymentGate(paymentGateQuota)(echo))

	tests := []struct {
		name    string
		srv     *httptest.Server
		method  string
		account string
		status  int
		link    string
		detail  string
	}{
		{"paid", withLink, "GET", "pro", 200, "", ""},
		{"quota used up", withLink, "GET", "free", 402, `<https://example.com/billing>; rel="payment"`, "used up"},
		{"default explanation", withLink, "POST", "lapsed", 402, `<https://example.com/billing>; rel="payment"`, "Payment is required"},
		{"no link", plain, "GET", "free", 402, "", "used up"},
		{"HEAD", withLink, "HEAD", "free", 402, `<https://example.com/billing>; rel="payment"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := testserver.Raw(t, tt.srv, testserver.Request(tt.method+" /reports HTTP/1.1", []string{"Host: x", "X-Account: " + tt.account}, ""))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status != http.StatusPaymentRequired {
				return
			}
			assert.Equal(t, tt.link, res.Header.Get("Link"))
			assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
			if tt.method == http.MethodHead {
				assert.Empty(t, res.Body)
				return
			}
			d := testserver.DecodeProblem(t, res.Body)
			assert.Equal(t, "Payment Required", d.Title)
			assert.Contains(t, d.Detail, tt.detail)
			if tt.link != "" {
				assert.Equal(t, "https://example.com/billing", d.Extensions["payment"])
			} else {
				assert.NotContains(t, d.Extensions, "payment")
			}
		})
	}
}

func TestPaymentGatePanics(t *testing.T) {
	for name, f := range map[string]func(){
		"nil due":  func() { middleware.PaymentGate(nil) },
		"bad link": func() { middleware.PaymentGateLink("pay here") },
		"no link":  func() { middleware.PaymentGateLink("") },
	} {
		t.Run(name, func(t *testing.T) {
			msg := panicValueOf(f)
			assert.True(t, strings.HasPrefix(msg, "middleware: Payment"), msg)
		})
	}
}

func BenchmarkPaymentGate(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := middleware.PaymentGate(paymentGateQuota, middleware.PaymentGateLink("https://example.com/billing"))(ok)
	pass := httptest.NewRequest(http.MethodGet, "/reports", nil)
	pass.Header.Set("X-Account", "pro")
	owed := httptest.NewRequest(http.MethodGet, "/reports", nil)
	owed.Header.Set("X-Account", "free")
	// Two accounts that due explains differently.
	accounts := [...][]string{{"free"}, {"lapsed"}}
	varying := httptest.NewRequest(http.MethodGet, "/reports", nil)
	benchMiddleware(b, []benchCase{
		{"bare", ok, pass},
		{"pass", h, pass},
		{"reject", h, owed},
		{"reject varying", alternating(h, func(r *http.Request, i int) { r.Header["X-Account"] = accounts[i] }), varying},
	})
}

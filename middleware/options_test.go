package middleware_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/middleware"
)

// TestConstructorsRefuseNilOptions runs every constructor that takes
// options with a nil one: each panics at construction, naming itself and
// the option's index.
func TestConstructorsRefuseNilOptions(t *testing.T) {
	blocks := []middleware.LegalBlock{{Pattern: "/videos/*", Demand: "A court order."}}
	rules := []middleware.AccessRule{{PathPrefixes: []string{"/admin"}}}
	owes := func(*http.Request) (bool, string) { return false, "" }
	tests := []struct {
		want string
		f    func()
	}{
		{"middleware: Forbid: option 1 is nil", func() { middleware.Forbid(rules, middleware.ForbidPrivate(), nil) }},
		{"middleware: Gone: option 0 is nil", func() { middleware.Gone([]middleware.GonePath{{Pattern: "/v1/*"}}, nil) }},
		{"middleware: LegalBlocks: option 0 is nil", func() { middleware.LegalBlocks(blocks, nil) }},
		{"middleware: MaxBodySize: option 0 is nil", func() { middleware.MaxBodySize(1, nil) }},
		{"middleware: Negotiate: option 1 is nil", func() { middleware.Negotiate([]string{"text/plain"}, middleware.NegotiateStrictly(), nil) }},
		{"middleware: PaymentGate: option 0 is nil", func() { middleware.PaymentGate(owes, nil) }},
		{"middleware: RequireContentLength: option 0 is nil", func() { middleware.RequireContentLength(nil) }},
	}
	for _, tt := range tests {
		assert.PanicsWithValue(t, tt.want, tt.f)
	}
}

// TestConstructorsRefuseZero runs every numeric argument through zero and
// a negative value: each is refused at construction, with no default
// standing in for zero.
func TestConstructorsRefuseZero(t *testing.T) {
	tests := []struct {
		want string
		f    func(n int)
	}{
		{"middleware: MaxURILength: n must be > 0", func(n int) { middleware.MaxURILength(n) }},
		{"middleware: MaxBodySize: n must be > 0", func(n int) { middleware.MaxBodySize(int64(n)) }},
		{"middleware: BodyReadTimeout: d must be > 0", func(n int) { middleware.BodyReadTimeout(time.Duration(n)) }},
		{"middleware: MaxBodySizeLinger: maxBytes, maxTime and idle must all be > 0", func(n int) { middleware.MaxBodySizeLinger(int64(n), time.Duration(n), time.Duration(n)) }},
	}
	for _, tt := range tests {
		for _, n := range []int{0, -1} {
			assert.PanicsWithValue(t, tt.want, func() { tt.f(n) }, "n = %d", n)
		}
	}
}

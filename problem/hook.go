package problem

import (
	"context"
	"net/http"

	"github.com/fourxx/fourxx/internal/hookctx"
)

// A Hook observes rejections: [Write] calls Rejected with the request and
// the problem details (RFC 9457 §3) before it renders them, so one hook
// sees every refusal of every fourxx middleware, with [Details.Source]
// naming the one that refused. Hooks must not write to the response, and
// must not modify d or anything d references (Extensions and the values in
// it): a middleware may hand the same values to concurrent requests. A hook
// runs in the goroutine that calls Write, which need not be the one serving
// the request (http.TimeoutHandler runs its handler in another), and for
// many requests at once, so it must be safe for concurrent use.
type Hook interface {
	Rejected(r *http.Request, d *Details)
}

// HookFunc adapts a function to the [Hook] interface, which observes
// problem details (RFC 9457 §3).
type HookFunc func(r *http.Request, d *Details)

// Rejected calls f(r, d), d being the problem details (RFC 9457 §3) that
// [Write] is about to render.
func (f HookFunc) Rejected(r *http.Request, d *Details) { f(r, d) }

// WithHook returns a middleware that makes [Write] call h for every problem
// details object (RFC 9457 §3) written under it, for a whole router or one
// route. Hooks installed at several levels all run, the innermost first.
// Without any hook, Write pays one context lookup and nothing else.
//
// Mount it outermost, before every middleware that can reject a request:
// the hook travels in the request context, so rejections by middlewares
// mounted before it are not reported to it.
func WithHook(h Hook) func(http.Handler) http.Handler {
	if h == nil {
		panic("problem: WithHook: needs a non-nil Hook")
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(ContextWithHook(r.Context(), h)))
		})
	}
}

// ContextWithHook returns a copy of ctx in which h observes every problem
// details object (RFC 9457 §3) written with [Write], after the hooks ctx
// already carries. Middlewares that need a hook per request, such as access
// logs, use it instead of [WithHook]. It panics when h is nil.
func ContextWithHook(ctx context.Context, h Hook) context.Context {
	if h == nil {
		panic("problem: ContextWithHook: needs a non-nil Hook")
	}
	c := new(hookctx.Context[Hook])
	c.Init(ctx, h)
	return c
}

// runHooks calls the hooks from the innermost, n, outwards.
func runHooks(n *hookctx.Node[Hook], r *http.Request, d *Details) {
	for ; n != nil; n = n.Parent {
		n.Hook.Rejected(r, d)
	}
}

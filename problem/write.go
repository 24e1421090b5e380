package problem

import (
	"net/http"

	"github.com/fourxx/fourxx/internal/hookctx"
	"github.com/fourxx/fourxx/internal/problemwrite"
)

// A Renderer writes problem details (RFC 9457 §3) as the response to r:
// the standard members (§3.1) and the extension members (§3.2). It sets the
// status and every header it needs, and writes no content for HEAD. It
// must not modify d or anything d references (Extensions and the values
// in it): a middleware may hand the same values to concurrent requests.
type Renderer interface {
	Render(w http.ResponseWriter, r *http.Request, d *Details)
}

// RendererFunc adapts a function to the [Renderer] interface, which writes
// problem details (RFC 9457 §3).
type RendererFunc func(w http.ResponseWriter, r *http.Request, d *Details)

// Render calls f(w, r, d) to write the problem details d (RFC 9457 §3).
func (f RendererFunc) Render(w http.ResponseWriter, r *http.Request, d *Details) { f(w, r, d) }

// Write answers r with the problem details d (RFC 9457 §3) through the
// renderer installed by [WithRenderer] for this request, or through the
// zero [Standard] when none is. It first calls the hooks installed with
// [WithHook]. Every fourxx middleware rejects a request through Write.
// Headers the rejection requires (Allow, Retry-After, WWW-Authenticate,
// ...) must be set on w before calling it.
func Write(w http.ResponseWriter, r *http.Request, d *Details) {
	write(w, r, d, false)
}

// write is Write; noVary tells that w's header holds no Vary field, which
// the zero Standard then sets without looking it up.
func write(w http.ResponseWriter, r *http.Request, d *Details, noVary bool) {
	s := hookctx.Lookup[Hook](r.Context())
	runHooks(s.Hooks, r, d)
	if rd, ok := s.Installed().Renderer.(Renderer); ok {
		rd.Render(w, r, d)
		return
	}
	Standard{}.render(w, r, d, noVary)
}

// init hands write to the fourxx refusals that may know their header
// holds no Vary (problemwrite).
func init() {
	problemwrite.Write = func(w http.ResponseWriter, r *http.Request, d any, noVary bool) {
		write(w, r, d.(*Details), noVary)
	}
}

// WithRenderer returns a middleware that makes rd the renderer of every
// problem written with [Write] under it, for a whole router (chi's Use) or
// one route (chi's With). The innermost WithRenderer wins. It adds one
// context value per request, which costs an allocation. The renderer writes
// problem details as RFC 9457 §3 defines them, in any format it chooses.
//
// Mount it outermost, before every middleware that can reject a request: a
// middleware mounted before it rejects through the zero [Standard], since
// the renderer travels in the request context.
func WithRenderer(rd Renderer) func(http.Handler) http.Handler {
	if rd == nil {
		panic("problem: WithRenderer: needs a non-nil Renderer")
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s := hookctx.Lookup[Hook](r.Context())
			in := s.Installed()
			in.Renderer = rd
			next.ServeHTTP(w, r.WithContext(hookctx.Install(r.Context(), s, in)))
		})
	}
}

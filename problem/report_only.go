package problem

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"

	"github.com/fourxx/fourxx/internal/hookctx"
)

// ReportOnlyOption configures [WithReportOnly].
type ReportOnlyOption func(*reportOnly)

type reportOnly struct {
	sources  map[string]struct{}
	fraction float64
	sample   func(*http.Request) float64
}

// reportOnlyNode is the policy in force for one request; parent is the
// policy of an enclosing WithReportOnly.
type reportOnlyNode struct {
	policy   *reportOnly
	enforced bool
	parent   *reportOnlyNode
}

// ReportOnlyEnforcing makes [WithReportOnly] enforce its rules for the
// share f of requests, between 0 (report only, the default) and 1 (enforce
// every request, as without WithReportOnly). Each request is sampled once,
// so all the listed rules enforce it or none does. It panics when f is
// outside [0, 1].
func ReportOnlyEnforcing(f float64) ReportOnlyOption {
	if math.IsNaN(f) || f < 0 || f > 1 {
		panic(fmt.Sprintf("problem: ReportOnlyEnforcing: the fraction %v is not between 0 and 1", f))
	}
	return func(p *reportOnly) { p.fraction = f }
}

// ReportOnlySampler replaces the random number that [ReportOnlyEnforcing]
// compares with its fraction: sample returns a value in [0, 1) for each
// request, and the request is enforced when it is below the fraction. A
// hash of a client key makes the choice sticky per client; a fixed value
// makes tests deterministic. It must be safe for concurrent use. It
// panics when sample is nil.
func ReportOnlySampler(sample func(r *http.Request) float64) ReportOnlyOption {
	if sample == nil {
		panic("problem: ReportOnlySampler: the function is nil")
	}
	return func(p *reportOnly) { p.sample = sample }
}

// WithReportOnly returns a middleware that puts the rules named by sources
// (their [Details.Source], such as "middleware.Forbid": every instance of
// that constructor under it) in report-only mode, without changing how
// they are built. Such a rule decides as it would, reports its would-be
// rejection to the hooks ([WithHook], middleware.Record) with
// [Details.ReportOnly] set, and passes the request on unchanged: no
// status, no header of its own, nothing read from the body. Rate limits
// still count the request but send no RateLimit fields ([Enforcing]).
// [ReportOnlyEnforcing] enforces the rules for a share of requests.
//
// Mount it before the rules it names, for a router (Use) or a route
// (With), and a hook or Record before it. Nested WithReportOnly each
// decide for their own sources, the innermost first. A request it
// enforces costs nothing when no other WithReportOnly encloses it; one it
// reports costs two allocations (the context value and r.WithContext's
// copy), one more inside another WithReportOnly.
//
// It panics when sources is empty, names a source twice or one that is not
// a fourxx rule, or names a rule that cannot run report-only, where passing
// would hand the handler a request it cannot serve: Authenticate and
// ProxyAuthenticate (no identity), BodyReadTimeout and MaxBodySize (they
// act while the handler reads), JSONDecoder (no decoded value), the
// preconditions of conditional (a lost update), ratelimit.Concurrency (no
// slot held) and methods (no route).
func WithReportOnly(sources []string, opts ...ReportOnlyOption) func(http.Handler) http.Handler {
	if len(sources) == 0 {
		panic("problem: WithReportOnly: needs at least one source")
	}
	p := &reportOnly{sources: make(map[string]struct{}, len(sources)), sample: randomSample}
	for _, s := range sources {
		if why, refused := reportOnlyRefused[s]; refused {
			panic(fmt.Sprintf("problem: WithReportOnly: %s cannot run report-only: %s", s, why))
		}
		if !slices.Contains(reportOnlySources, s) {
			panic(fmt.Sprintf("problem: WithReportOnly: %q is not a fourxx rule; known: %s", s, strings.Join(reportOnlySources, ", ")))
		}
		if _, dup := p.sources[s]; dup {
			panic(fmt.Sprintf("problem: WithReportOnly: %s is listed twice", s))
		}
		p.sources[s] = struct{}{}
	}
	for i, o := range opts {
		if o == nil {
			panic(fmt.Sprintf("problem: WithReportOnly: option %d is nil", i))
		}
		o(p)
	}
	// reported is the entry of every request reported, when no other
	// WithReportOnly encloses it.
	reported := &reportOnlyNode{policy: p}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			enforced := p.fraction > 0 && (p.fraction >= 1 || p.sample(r) < p.fraction)
			s := hookctx.Lookup[Hook](r.Context())
			in := s.Installed()
			parent, _ := in.ReportOnly.(*reportOnlyNode)
			if enforced && parent == nil {
				next.ServeHTTP(w, r)
				return
			}
			n := reported
			if parent != nil {
				n = &reportOnlyNode{policy: p, enforced: enforced, parent: parent}
			}
			in.ReportOnly = n
			next.ServeHTTP(w, r.WithContext(hookctx.Install(r.Context(), s, in)))
		})
	}
}

// randomSample is the default sampler of ReportOnlyEnforcing.
func randomSample(*http.Request) float64 { return rand.Float64() }

// Enforce reports whether the rejection d of r must be sent. Every fourxx
// rule calls it at its rejection site, before it sets any header or reads
// anything more, and passes the request on unchanged when it returns
// false. It returns true unless a [WithReportOnly] around r lists
// d.Source and did not sample r for enforcement; then it calls the hooks
// with a copy of d marked [Details.ReportOnly] and returns false. Without
// WithReportOnly it costs one context lookup.
func Enforce(r *http.Request, d *Details) bool {
	s := hookctx.Lookup[Hook](r.Context())
	if enforcing(s, d.Source) {
		return true
	}
	report := *d
	report.ReportOnly = true
	runHooks(s.Hooks, r, &report)
	return false
}

// Enforcing reports whether the rejections of source are enforced for r:
// false when a [WithReportOnly] around r lists source and did not sample
// r for enforcement. A rule whose passing responses carry fields of its
// own leaves them out when it is false, as ratelimit.Limit does its
// RateLimit fields. Without WithReportOnly it costs one context lookup.
func Enforcing(r *http.Request, source string) bool {
	return enforcing(hookctx.Lookup[Hook](r.Context()), source)
}

// enforcing is Enforcing for the state s of a request's context.
func enforcing(s hookctx.State[Hook], source string) bool {
	n, _ := s.Installed().ReportOnly.(*reportOnlyNode)
	for ; n != nil; n = n.parent {
		if _, listed := n.policy.sources[source]; listed {
			return n.enforced
		}
	}
	return true
}

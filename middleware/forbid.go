package middleware

import (
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"

	"github.com/fourxx/fourxx/internal/cachecontrol"
	"github.com/fourxx/fourxx/internal/clientip"
	"github.com/fourxx/fourxx/internal/httpsyntax"
	"github.com/fourxx/fourxx/internal/notfound"
	"github.com/fourxx/fourxx/problem"
)

// AccessRule is one rule of [Forbid], which answers 403 Forbidden (RFC 9110
// §15.5.4) to the requests a refusing rule matches. Its conditions that are
// set must all hold for the rule to match; within one condition, any listed
// value suffices. A rule with no condition matches every request: put it last
// as the default ("deny everything else", or allow). Rules are copied when
// compiled: to change them later, use [NewForbidRules].
type AccessRule struct {
	// Allow lets a matching request through; false (the zero value)
	// refuses it.
	Allow bool
	// CIDRs match the client IP: prefixes such as "10.0.0.0/8" or
	// "2001:db8::/32", or single addresses. The client IP is the one
	// chi's ClientIPFrom* middlewares stored (GetClientIPAddr) when one
	// ran, else the TCP peer of r.RemoteAddr. An unknown client IP
	// matches no CIDR.
	CIDRs []string
	// Methods match the request method exactly (methods are
	// case-sensitive, RFC 9110 §9.1).
	Methods []string
	// PathPrefixes match the start of the request's decoded path.
	PathPrefixes []string
	// Headers match request header fields: each named field must have a
	// field line equal to one of the listed values, or, with no values,
	// be present.
	Headers http.Header
	// Match is a predicate of your own, evaluated last.
	Match func(r *http.Request) bool
	// Reason explains a refusal to the client; empty gives a standard
	// sentence. Allow rules ignore it.
	Reason string
}

// ForbidOption configures [Forbid] (RFC 9110 §15.5.4).
type ForbidOption func(*forbidConfig)

type forbidConfig struct {
	conceal     bool
	concealWith http.Handler
	private     bool
	live        *ForbidRules
}

// ForbidAsNotFound makes [Forbid] answer a refused request as if the
// resource did not exist, which RFC 9110 §15.5.4 allows a server that
// wishes to hide it. notFound answers it: give the handler your router
// uses for 404 (methods.NotFound), since concealment holds only if the
// refusal is exactly the router's 404. Forbid adds nothing of its own to
// it, no Vary and no Cache-Control, so a notFound of your own must send
// Cache-Control: private, as methods.NotFound does. With a nil notFound
// the answer is methods.NotFound's: a 404 problem with Cache-Control:
// private (or an outer no-store kept), which every 404 of package methods
// carries because any 404 may be a concealment that a shared cache must
// not serve to allowed clients.
//
// Mount the rule where it runs for every method on the concealed paths,
// before the router answers 405 or OPTIONS for them: with Use in the
// subrouter of r.Route (methods.Chi answers those after it). A rule
// attached with With runs only for the methods its route serves, so the
// others get 405 with Allow, which reveals the path.
//
// Rejection hooks and access logs see what notFound writes (its
// [problem.Details.Source]), so a concealed refusal looks like any 404
// there too; with a nil notFound the source is "middleware.Forbid".
func ForbidAsNotFound(notFound http.Handler) ForbidOption {
	return func(c *forbidConfig) { c.conceal, c.concealWith = true, notFound }
}

// ForbidPrivate makes [Forbid] mark every response it passes on
// Cache-Control: private (RFC 9111 §5.2.2.7), for rules on the client
// address: a response that depends on the address has no request field
// to name in Vary, so no shared cache may store it for other clients. A
// handler that sets its own Cache-Control must keep private in it.
func ForbidPrivate() ForbidOption {
	return func(c *forbidConfig) { c.private = true }
}

// Forbid returns a middleware that answers 403 Forbidden (RFC 9110
// §15.5.4) to requests that its rules refuse. Rules are tried in order
// and the first that matches decides: an Allow rule passes the request
// on, any other answers 403 with its Reason. A request that matches no
// rule passes, so end with a rule without conditions to refuse by default.
//
// Responses that pass, and 403s, name in Vary (RFC 9110 §12.5.5) the
// header fields of the rules whose header conditions were evaluated, so
// that a cache keeps one response per value; a Match predicate that reads
// fields must have them declared by the handler. Decisions on the client
// address call for [ForbidPrivate].
//
// The client IP is read only when some rule has CIDRs. A request that
// passes allocates nothing, unless a Vary or Cache-Control set before
// Forbid ran must be extended: the values it sets are shared between
// responses, so a handler changes them with Header.Set or Add, never by
// writing into the slice it finds.
//
// It panics when rules is empty, on a CIDR that is neither a prefix nor an
// address or an IPv4-mapped prefix shorter than /96, or an empty method,
// path prefix or header name; with [ForbidRulesFrom], when rules is not nil.
func Forbid(rules []AccessRule, opts ...ForbidOption) func(http.Handler) http.Handler {
	var cfg forbidConfig
	applyOptions("Forbid", &cfg, opts)
	live := cfg.live
	switch {
	case live == nil:
		live = NewForbidRules(rules)
	case rules != nil:
		panic("middleware: Forbid: rules are given both directly and with ForbidRulesFrom")
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			set := live.set.Load()
			vary := set.vary
			var ip netip.Addr
			if set.needIP {
				ip, _ = clientip.Of(r)
			}
			var asked uint
			for i := range set.rules {
				rule := &set.rules[i]
				matched, headersAsked := rule.matches(r, ip)
				if headersAsked {
					asked |= rule.varyBit
				}
				if !matched {
					continue
				}
				if rule.allow {
					break
				}
				if forbidRefuse(w, r, &cfg, vary[asked], rule) {
					return
				}
				break
			}
			h := w.Header()
			vary[asked].addTo(h)
			if cfg.private {
				cachecontrol.MarkPrivate(h)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// forbidRefuse answers a refused request, 403 or a concealing 404, and
// reports whether it did: in report-only mode (problem.Enforce) it only
// reports the refusal, a concealing handler's as a 404 with the reason.
func forbidRefuse(w http.ResponseWriter, r *http.Request, cfg *forbidConfig, vary gateVary, rule *forbidRule) bool {
	d := rule.forbidden
	switch {
	case cfg.conceal && cfg.concealWith != nil:
		d = rule.concealed
	case cfg.conceal:
		d = forbidNotFound
	}
	if !problem.Enforce(r, d) {
		return false
	}
	switch {
	case !cfg.conceal:
		vary.addTo(w.Header())
		problem.Write(w, r, d)
	case cfg.concealWith != nil:
		cfg.concealWith.ServeHTTP(w, r)
	default:
		notfound.Write(w, r, d)
	}
	return true
}

// forbidMaxVaryRules bounds the Vary values a Forbid precomputes: one per
// set of rules with header conditions, for up to this many such rules.
const forbidMaxVaryRules = 8

// newForbidVary gives each rule with header conditions its bit in the set
// of rules whose headers a request was asked about, and returns the Vary
// of every such set. Beyond forbidMaxVaryRules such rules, they share one
// bit, which names every field of them all.
func newForbidVary(rules []forbidRule) []gateVary {
	var withHeaders []*forbidRule
	for i := range rules {
		if len(rules[i].headers) > 0 {
			withHeaders = append(withHeaders, &rules[i])
		}
	}
	shared := len(withHeaders) > forbidMaxVaryRules
	for k, rule := range withHeaders {
		if shared {
			rule.varyBit = 1
		} else {
			rule.varyBit = 1 << k
		}
	}
	sets := 1 << len(withHeaders)
	if shared {
		sets = 2
	}
	vary := make([]gateVary, sets)
	for set := range vary {
		var names []string
		for _, rule := range withHeaders {
			if uint(set)&rule.varyBit != 0 {
				for _, h := range rule.headers {
					names = append(names, h.name)
				}
			}
		}
		vary[set] = newGateVary(names)
	}
	return vary
}

// forbidRule is an AccessRule parsed at construction.
type forbidRule struct {
	allow    bool
	varyBit  uint // its bit in a set of rules with header conditions
	prefixes []netip.Prefix
	methods  []string
	paths    []string
	headers  []forbidHeader
	match    func(*http.Request) bool
	// The refusals of a rule that does not allow: its 403, prepared, and
	// the 404 that reports it under ForbidAsNotFound with a handler.
	forbidden, concealed *problem.Details
}

// forbidNotFound is the refusal of a Forbid that conceals with
// methods.NotFound's 404.
var forbidNotFound = notfound.Details("middleware.Forbid")

func compileForbidRule(i int, rule AccessRule) forbidRule {
	c := forbidRule{allow: rule.Allow, methods: slices.Clone(rule.Methods), paths: slices.Clone(rule.PathPrefixes), match: rule.Match}
	if !rule.Allow {
		reason := rule.Reason
		if reason == "" {
			reason = "This server refuses this request; repeating it will not help."
		}
		c.forbidden = problem.Prepare(problem.Details{Status: http.StatusForbidden, Source: "middleware.Forbid", Detail: reason})
		c.concealed = &problem.Details{Status: http.StatusNotFound, Source: "middleware.Forbid", Detail: reason}
	}
	for _, s := range rule.CIDRs {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				panic(fmt.Sprintf("middleware: Forbid: rule %d: %q is neither a CIDR prefix nor an IP address", i, s))
			}
			a = a.Unmap().WithZone("")
			p = netip.PrefixFrom(a, a.BitLen())
		}
		c.prefixes = append(c.prefixes, forbidUnmapPrefix(i, s, p))
	}
	for _, m := range rule.Methods {
		if !httpsyntax.IsToken(m) {
			panic(fmt.Sprintf("middleware: Forbid: rule %d: %q is not a method name", i, m))
		}
	}
	for _, p := range rule.PathPrefixes {
		if p == "" {
			panic(fmt.Sprintf("middleware: Forbid: rule %d: the path prefix is empty", i))
		}
	}
	for name, values := range rule.Headers {
		if !httpsyntax.IsToken(name) {
			panic(fmt.Sprintf("middleware: Forbid: rule %d: %q is not a header field name", i, name))
		}
		c.headers = append(c.headers, forbidHeader{http.CanonicalHeaderKey(name), slices.Clone(values)})
	}
	slices.SortFunc(c.headers, func(a, b forbidHeader) int { return strings.Compare(a.name, b.name) })
	return c
}

// forbidUnmapPrefix returns p, written as s in rule i, masked and, when
// it is an IPv4-mapped IPv6 prefix (::ffff:192.0.2.0/120), as the IPv4
// prefix it stands for: client IPs are compared unmapped, so a mapped
// prefix would match none. It panics on a mapped prefix shorter than /96,
// which mixes IPv4 and IPv6 space.
func forbidUnmapPrefix(i int, s string, p netip.Prefix) netip.Prefix {
	if !p.Addr().Is4In6() {
		return p.Masked()
	}
	if p.Bits() < 96 {
		panic(fmt.Sprintf("middleware: Forbid: rule %d: %q is an IPv4-mapped prefix shorter than /96; write the IPv4 prefix", i, s))
	}
	return netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96).Masked()
}

// forbidHeader is one header condition: the canonical field name and the
// values of which one must be present (any, when empty).
type forbidHeader struct {
	name   string
	values []string
}

// matches reports whether every condition of the rule holds for r, whose
// client IP is ip, and whether its header conditions were evaluated.
func (c *forbidRule) matches(r *http.Request, ip netip.Addr) (matched, headersAsked bool) {
	if len(c.prefixes) > 0 && !slices.ContainsFunc(c.prefixes, func(p netip.Prefix) bool { return p.Contains(ip) }) {
		return false, false
	}
	if len(c.methods) > 0 && !slices.Contains(c.methods, r.Method) {
		return false, false
	}
	if len(c.paths) > 0 && !slices.ContainsFunc(c.paths, func(p string) bool { return strings.HasPrefix(r.URL.Path, p) }) {
		return false, false
	}
	for _, want := range c.headers {
		got, present := r.Header[want.name]
		if !present || (len(want.values) > 0 && !slices.ContainsFunc(want.values, func(v string) bool { return slices.Contains(got, v) })) {
			return false, true
		}
	}
	return c.match == nil || c.match(r), len(c.headers) > 0
}

package middleware

import (
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"

	"github.com/fourxx/fourxx/internal/clientip"
	"github.com/fourxx/fourxx/internal/httpsyntax"
	"github.com/fourxx/fourxx/problem"
)

// AccessRule is one rule of [Forbid], which answers 403 Forbidden (RFC 9110
// §15.5.4) to the requests a refusing rule matches. Its conditions that are
// set must all hold for the rule to match; within one condition, any listed
// value suffices. A rule with no condition matches every request: put it last
// as the default ("deny everything else", or allow).
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
}

// ForbidAsNotFound makes [Forbid] answer a refused request as if the
// resource did not exist, which RFC 9110 §15.5.4 allows a server that
// wishes to hide it: notFound answers it (give the handler your router
// uses for 404, so both look alike), or a 404 problem when notFound is nil.
// The answer carries Cache-Control: private, since a 404 is cacheable by
// default (RFC 9110 §15.1) and a shared cache must not serve it to the
// clients that are allowed. Rejection hooks and access logs then see what
// notFound writes (its [problem.Details.Source]), so a concealed refusal
// looks like any 404 there too; with a nil notFound the source is
// "middleware.Forbid".
func ForbidAsNotFound(notFound http.Handler) ForbidOption {
	return func(c *forbidConfig) { c.conceal, c.concealWith = true, notFound }
}

// Forbid returns a middleware that answers 403 Forbidden (RFC 9110
// §15.5.4) to requests that its rules refuse. Rules are tried in order
// and the first that matches decides: an Allow rule passes the request
// on, any other answers 403 with its Reason. A request that matches no
// rule passes, so end with a rule without conditions to refuse by default.
// The client IP is read only when some rule has CIDRs; a request that
// matches no rule allocates nothing.
//
// It panics when rules is empty, on a CIDR that is neither a prefix nor an
// address, or an empty method, path prefix or header name.
func Forbid(rules []AccessRule, opts ...ForbidOption) func(http.Handler) http.Handler {
	if len(rules) == 0 {
		panic("middleware: Forbid: needs at least one AccessRule")
	}
	var cfg forbidConfig
	for _, o := range opts {
		o(&cfg)
	}
	compiled := make([]forbidRule, len(rules))
	needIP := false
	for i, rule := range rules {
		compiled[i] = compileForbidRule(i, rule)
		needIP = needIP || len(compiled[i].prefixes) > 0
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var ip netip.Addr
			if needIP {
				ip, _ = clientip.Of(r)
			}
			for i := range compiled {
				rule := &compiled[i]
				if !rule.matches(r, ip) {
					continue
				}
				if rule.allow {
					break
				}
				forbidRefuse(w, r, &cfg, rule.reason)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// forbidRefuse answers a refused request: 403, or a concealing 404.
func forbidRefuse(w http.ResponseWriter, r *http.Request, cfg *forbidConfig, reason string) {
	if !cfg.conceal {
		problem.Write(w, r, &problem.Details{Status: http.StatusForbidden, Source: "middleware.Forbid", Detail: reason})
		return
	}
	w.Header().Set("Cache-Control", "private")
	if cfg.concealWith != nil {
		cfg.concealWith.ServeHTTP(w, r)
		return
	}
	problem.Write(w, r, &problem.Details{Status: http.StatusNotFound, Source: "middleware.Forbid", Detail: "There is no resource at this path."})
}

// forbidRule is an AccessRule parsed at construction.
type forbidRule struct {
	allow    bool
	prefixes []netip.Prefix
	methods  []string
	paths    []string
	headers  []forbidHeader
	match    func(*http.Request) bool
	reason   string
}

func compileForbidRule(i int, rule AccessRule) forbidRule {
	c := forbidRule{allow: rule.Allow, methods: rule.Methods, paths: rule.PathPrefixes, match: rule.Match, reason: rule.Reason}
	if c.reason == "" {
		c.reason = "This server refuses this request; repeating it will not help."
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
		c.prefixes = append(c.prefixes, p.Masked())
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
		c.headers = append(c.headers, forbidHeader{http.CanonicalHeaderKey(name), values})
	}
	return c
}

// forbidHeader is one header condition: the canonical field name and the
// values of which one must be present (any, when empty).
type forbidHeader struct {
	name   string
	values []string
}

// matches reports whether every condition of the rule holds for r, whose
// client IP is ip.
func (c *forbidRule) matches(r *http.Request, ip netip.Addr) bool {
	if len(c.prefixes) > 0 && !slices.ContainsFunc(c.prefixes, func(p netip.Prefix) bool { return p.Contains(ip) }) {
		return false
	}
	if len(c.methods) > 0 && !slices.Contains(c.methods, r.Method) {
		return false
	}
	if len(c.paths) > 0 && !slices.ContainsFunc(c.paths, func(p string) bool { return strings.HasPrefix(r.URL.Path, p) }) {
		return false
	}
	for _, want := range c.headers {
		got, present := r.Header[want.name]
		if !present || (len(want.values) > 0 && !slices.ContainsFunc(want.values, func(v string) bool { return slices.Contains(got, v) })) {
			return false
		}
	}
	return c.match == nil || c.match(r)
}

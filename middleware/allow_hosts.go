package middleware

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"

	"github.com/fourxx/fourxx/internal/lastrefusal"
	"github.com/fourxx/fourxx/problem"
)

// hostPattern is one AllowHosts entry: a host name (or "*.suffix", or
// "*"), lowercase without a trailing dot, and a port or "" for any port.
type hostPattern struct {
	host     string
	wildcard bool // host is ".suffix": any name below it
	port     string
}

// matches reports whether the request host and port fit the pattern.
func (p *hostPattern) matches(host, port string) bool {
	if p.port != "" && p.port != port {
		return false
	}
	switch {
	case p.host == "*":
		return true
	case p.wildcard:
		return len(host) > len(p.host) && strings.EqualFold(host[len(host)-len(p.host):], p.host)
	default:
		return strings.EqualFold(host, p.host)
	}
}

// AllowHosts returns a middleware that answers 400 Bad Request (RFC 9110
// §15.5.1, §7.2) when the request's host is not one this server answers
// for, the defence Django's ALLOWED_HOSTS gives against Host-header
// poisoning of password-reset links and caches. The host is r.Host: the
// Host field, or the authority of an absolute-form request-target, which
// takes precedence over Host (RFC 9112 §3.2.2), or HTTP/2's :authority. A
// request without a host is refused.
//
// Each entry is a host with an optional port: "example.com" (any port),
// "example.com:8443" (only that port), "*.example.com" (any name below
// example.com, not example.com itself), an IP address ("192.0.2.1",
// "[2001:db8::1]:8080") or "*" (any host, a given port with "*:8080").
// Names compare case-insensitively and ignore a trailing dot. Write
// internationalised names in their A-label form ("xn--bcher-kva.example"),
// as they travel in the Host field. The pass path allocates nothing.
//
// Go's server already answers 400, before any handler, an HTTP/1.1 request
// without a Host field, a request with two Host fields and a Host with
// characters a host cannot contain.
//
// It panics when hosts is empty or an entry cannot be parsed.
func AllowHosts(hosts ...string) func(http.Handler) http.Handler {
	if len(hosts) == 0 {
		panic("middleware: AllowHosts: needs at least one host")
	}
	patterns := make([]hostPattern, len(hosts))
	for i, h := range hosts {
		host, port, ok := splitRequestHost(h)
		if !ok || !validHostPattern(host) {
			panic(fmt.Sprintf("middleware: AllowHosts: %q is not a host, *.domain or * with an optional port", h))
		}
		p := hostPattern{host: strings.ToLower(host), port: port}
		if suffix, found := strings.CutPrefix(p.host, "*."); found {
			p.host, p.wildcard = "."+suffix, true
		}
		patterns[i] = p
	}
	refusals := new(lastrefusal.Cache)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if host, port, ok := splitRequestHost(r.Host); ok {
				for i := range patterns {
					if patterns[i].matches(host, port) {
						next.ServeHTTP(w, r)
						return
					}
				}
			}
			d := refusals.Of(r.Host, func(host string) problem.Details {
				detail := fmt.Sprintf("This server does not answer for the host %q. Send the request to one of its own names.", host)
				if host == "" {
					detail = "The request names no host. Send a Host field with one of this server's names."
				}
				return problem.Details{
					Status:     http.StatusBadRequest,
					Source:     "middleware.AllowHosts",
					Detail:     detail,
					Extensions: map[string]any{"host": host},
				}
			})
			if !problem.Enforce(r, d) {
				next.ServeHTTP(w, r)
				return
			}
			problem.Write(w, r, d)
		})
	}
}

// splitRequestHost splits "host", "host:port", "[v6]" or "[v6]:port" into
// host (without brackets or a trailing dot) and port. The port must be
// decimal digits. It allocates nothing.
func splitRequestHost(s string) (host, port string, ok bool) {
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "", "", false
		}
		host, s = s[1:end], s[end+1:]
		if s != "" {
			if s[0] != ':' {
				return "", "", false
			}
			port = s[1:]
			if port == "" {
				return "", "", false
			}
		}
	} else if i := strings.LastIndexByte(s, ':'); i >= 0 {
		host, port = s[:i], s[i+1:]
		if port == "" {
			return "", "", false
		}
	} else {
		host = s
	}
	for i := 0; i < len(port); i++ {
		if port[i] < '0' || port[i] > '9' {
			return "", "", false
		}
	}
	host = strings.TrimSuffix(host, ".")
	return host, port, host != ""
}

// validHostPattern reports whether an AllowHosts entry's host is "*",
// "*.name", an IP address or a name of letters, digits, "-" and ".".
func validHostPattern(host string) bool {
	if host == "*" {
		return true
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return true
	}
	name := strings.TrimPrefix(host, "*.")
	if name == "" || strings.HasPrefix(name, ".") || strings.Contains(name, "..") {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i] | 0x20
		if !('a' <= c && c <= 'z') && !('0' <= name[i] && name[i] <= '9') && name[i] != '-' && name[i] != '.' {
			return false
		}
	}
	return true
}

package ratelimit

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/internal/clientip"
)

// A KeyFunc names the bucket a request draws from. An error, or an empty
// key, refuses the request instead of sharing one bucket among clients:
// errors wrapping [ErrNoKey] are the client's fault and get 400 Bad Request
// (RFC 9110 §15.5.1) with the error's text as explanation; any other error,
// and an empty key, get 500 Internal Server Error.
type KeyFunc func(r *http.Request) (string, error)

// ErrNoKey is wrapped by key errors that the client can fix, such as a
// missing API key header. [Limit] answers them with 400 Bad Request (RFC
// 9110 §15.5.1).
var ErrNoKey = errors.New("ratelimit: no rate-limit key")

// errNoClientIP is the error of [KeyByIP] when neither chi's client IP nor
// RemoteAddr holds an address: a server misconfiguration.
var errNoClientIP = errors.New("ratelimit: no client IP in the request context or RemoteAddr")

// DefaultIPv6PrefixBits is the prefix length by which [KeyByIP] groups
// IPv6 clients: /64, the subnet prefix of global unicast addresses, whose
// interface IDs are 64 bits (RFC 4291 §2.5.4), and the smallest block an
// end site is usually assigned.
const DefaultIPv6PrefixBits = 64

// KeyByIP is the default [KeyFunc]: the client IP that one of chi's
// middleware.ClientIPFrom* middlewares stored in the request context, else
// the TCP peer in r.RemoteAddr. It never reads X-Forwarded-For or any
// other header: configure trusted proxies through chi
// (middleware.ClientIPFromXFF with their prefixes) mounted before the
// limit. IPv4-mapped IPv6 addresses count as IPv4; IPv6 addresses are
// grouped by their /64 subnet prefix (RFC 4291 §2.5.4), so one end site
// is one client.
func KeyByIP(r *http.Request) (string, error) {
	return ipKey(r, DefaultIPv6PrefixBits)
}

// KeyByIPPrefix is [KeyByIP] grouping IPv6 clients by their first bits
// bits instead of the 64 of the subnet prefix (RFC 4291 §2.5.4);
// 1 ≤ bits ≤ 128, and 128 keeps each address apart.
func KeyByIPPrefix(bits int) KeyFunc {
	if bits < 1 || bits > 128 {
		panic(fmt.Sprintf("ratelimit: KeyByIPPrefix: bits must be within [1, 128], got %d", bits))
	}
	return func(r *http.Request) (string, error) { return ipKey(r, bits) }
}

// ipKey returns the client IP of r as text, IPv6 masked to bits.
func ipKey(r *http.Request, bits int) (string, error) {
	ip, text := clientip.Of(r)
	if !ip.IsValid() {
		return "", errNoClientIP
	}
	if text != "" && ip.Is4() {
		// netip accepts only the canonical dotted quad (no leading
		// zeros), so the text is already the key.
		return text, nil
	}
	var buf [64]byte
	if !ip.Is6() || bits == 128 {
		return string(ip.AppendTo(buf[:0])), nil
	}
	p, _ := ip.Prefix(bits)
	b := p.Addr().AppendTo(buf[:0])
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(bits), 10)
	return string(b), nil
}

// maxHeaderKeyBytes is the longest value [KeyByHeader] accepts as a key.
const maxHeaderKeyBytes = 256

// KeyByHeader keys requests by the value of the named header, such as an
// API key. A request without the header, or with an empty value, is
// answered 400 Bad Request (RFC 9110 §15.5.1) naming the header: its key
// error wraps [ErrNoKey]. Repeated lines count as one value joined by
// commas. A value longer than 256 bytes (repeated lines joined) is
// answered 400 as well: a key is stored, in memory or in Redis, and the
// client must not choose its size. Check the key's validity in an earlier
// middleware: the limiter buckets whatever the client sends.
func KeyByHeader(name string) KeyFunc {
	if name == "" {
		panic("ratelimit: KeyByHeader: empty header name")
	}
	name = http.CanonicalHeaderKey(name)
	missing := fmt.Errorf("%w: send the %s header", ErrNoKey, name)
	tooLong := fmt.Errorf("%w: the %s header is longer than %d bytes", ErrNoKey, name, maxHeaderKeyBytes)
	return func(r *http.Request) (string, error) {
		values := r.Header[name]
		switch len(values) {
		case 0:
			return "", missing
		case 1:
			if values[0] == "" {
				return "", missing
			}
			if len(values[0]) > maxHeaderKeyBytes {
				return "", tooLong
			}
			return values[0], nil
		}
		n := len(values) - 1
		for _, v := range values {
			n += len(v)
		}
		if n > maxHeaderKeyBytes {
			return "", tooLong
		}
		return strings.Join(values, ","), nil
	}
}

// KeyByRoute keys requests by method and chi route pattern, such as
// "PUT /items/{id}", so that every URL of a route shares one bucket: a
// partition per method and resource
// (draft-ietf-httpapi-ratelimit-headers-11 §6.1). Join it with a client
// key ([JoinKeys]) to limit each client per route. The pattern is complete
// only once chi has routed the request: mount the limit with chi's With or
// inside a Group, whose middlewares run at the endpoint; in a router's or
// Route's Use the pattern still ends in "/*".
// Without a chi route pattern the request is answered 500.
func KeyByRoute(r *http.Request) (string, error) {
	rc := chi.RouteContext(r.Context())
	if rc == nil {
		return "", errNoRoute
	}
	pattern := rc.RoutePattern()
	if pattern == "" {
		return "", errNoRoute
	}
	return r.Method + " " + pattern, nil
}

// errNoRoute is the error of [KeyByRoute] outside a routed chi request.
var errNoRoute = errors.New("ratelimit: KeyByRoute found no chi route pattern; mount the limit with chi's With, Route or Group")

// JoinKeys keys requests by all of keys together, a combined partition
// (draft-ietf-httpapi-ratelimit-headers-11 §6.1), separated by a NUL byte,
// which neither headers nor addresses contain. It fails with the first key
// that fails, and with [ErrNoKey] semantics kept.
func JoinKeys(keys ...KeyFunc) KeyFunc {
	if len(keys) == 0 {
		panic("ratelimit: JoinKeys: no KeyFunc")
	}
	for i, k := range keys {
		if k == nil {
			panic(fmt.Sprintf("ratelimit: JoinKeys: KeyFunc %d is nil", i))
		}
	}
	return func(r *http.Request) (string, error) {
		var b strings.Builder
		for i, k := range keys {
			part, err := k(r)
			if err != nil {
				return "", err
			}
			if part == "" {
				return "", errEmptyKey
			}
			if i > 0 {
				b.WriteByte(0)
			}
			b.WriteString(part)
		}
		return b.String(), nil
	}
}

// errEmptyKey reports a KeyFunc that returned an empty key and no error.
var errEmptyKey = errors.New("ratelimit: the key function returned an empty key")

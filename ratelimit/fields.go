package ratelimit

import (
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/fourxx/fourxx/internal/secondmiss"
)

// Fields selects the rate-limit header fields [Limit] sends on every
// response it lets through or refuses: the RateLimit and RateLimit-Policy
// fields of draft-ietf-httpapi-ratelimit-headers-11, the legacy
// X-RateLimit-* fields, both, or none ([FieldsNone]).
type Fields uint8

// FieldsNone sends no rate-limit fields; a 429 keeps its Retry-After (RFC
// 9110 §10.2.3).
const FieldsNone Fields = 0

const (
	// FieldsRateLimit sends RateLimit-Policy and RateLimit as in
	// draft-ietf-httpapi-ratelimit-headers-11 §§3–4: the policy as
	// `"name";q=quota;w=seconds to refill the whole burst, rounded up`,
	// where the quota is the tokens earned in w seconds, at least the
	// burst; the state as `"name";r=remaining;t=seconds`, t being the
	// effective window (§4.1.2): the seconds, rounded up, within which no
	// more than r quota units are available, until the next token for a
	// bucket and until the reset for a [Quota]. The default.
	FieldsRateLimit Fields = 1 << iota
	// FieldsXRateLimit sends the legacy X-RateLimit-Limit (the burst),
	// X-RateLimit-Remaining and X-RateLimit-Reset (Unix time in seconds at
	// which the bucket is full again, as GitHub and httprate send it).
	// No RFC defines them; draft-ietf-httpapi-ratelimit-headers-11 lists
	// them, and how vendors' meanings differ, in its appendix "RateLimit
	// header fields currently used on the web".
	//
	// Unlike the values of [FieldsRateLimit], precomputed or cached, these
	// are built per response: with LimitHeaders(FieldsXRateLimit) every passing
	// request allocates 3 times, for the two []string values of
	// X-RateLimit-Remaining and X-RateLimit-Reset and the
	// strconv.FormatInt string of the reset time, and a 4th time, for the
	// strconv.Itoa string of the remaining tokens, when 100 or more remain
	// (Itoa allocates nothing below 100). A 429 pays the same.
	FieldsXRateLimit
)

// Canonical header names, used as map keys to skip canonicalisation.
const (
	headerRateLimit       = "Ratelimit"
	headerRateLimitPolicy = "Ratelimit-Policy"
	headerXLimit          = "X-Ratelimit-Limit"
	headerXRemaining      = "X-Ratelimit-Remaining"
	headerXReset          = "X-Ratelimit-Reset"
)

// sfString serialises s, printable ASCII ([LimitName] checks it), as an RFC
// 9651 §3.3.3 String.
func sfString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String()
}

// ceilSeconds rounds d up to whole seconds.
func ceilSeconds(d time.Duration) int64 {
	return int64((d + time.Second - 1) / time.Second)
}

// appendRateLimitItemSeconds appends `"name";r=remaining;t=seconds`.
func appendRateLimitItemSeconds(b []byte, quotedName string, remaining int, seconds int64) []byte {
	b = append(b, quotedName...)
	b = append(b, ";r="...)
	b = strconv.AppendInt(b, int64(remaining), 10)
	b = append(b, ";t="...)
	return strconv.AppendInt(b, seconds, 10)
}

// parseRateLimitItem reads r and t from the first item of a RateLimit
// field written by a Limit further out: `"name";r=N;t=S`. ok is false for
// anything else.
func parseRateLimitItem(v string) (remaining, seconds int64, ok bool) {
	if len(v) < 2 || v[0] != '"' {
		return 0, 0, false
	}
	i := 1
	for ; i < len(v) && v[i] != '"'; i++ {
		if v[i] == '\\' {
			i++
		}
	}
	if i >= len(v) {
		return 0, 0, false
	}
	params := v[i+1:]
	if end := strings.IndexByte(params, ','); end >= 0 {
		params = params[:end]
	}
	var haveR, haveT bool
	for params != "" {
		if params[0] != ';' {
			return 0, 0, false
		}
		p := params[1:]
		params = ""
		if end := strings.IndexByte(p, ';'); end >= 0 {
			p, params = p[:end], p[end:]
		}
		name, val, found := strings.Cut(p, "=")
		if !found {
			continue
		}
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil || n < 0 {
			return 0, 0, false
		}
		switch name {
		case "r":
			remaining, haveR = n, true
		case "t":
			seconds, haveT = n, true
		}
	}
	return remaining, seconds, haveR && haveT
}

// setFields writes the selected fields for decision d on h: its policy
// after those of the Limits further out, and, unless force, RateLimit only
// when this policy is tighter than the one they reported: fewer tokens
// remaining, or as few but longer to wait.
func (l *limiter) setFields(h http.Header, d Decision, force bool) {
	if l.fields == 0 {
		return
	}
	if len(h) == 0 && l.fields == FieldsRateLimit {
		// The common case, the only Limit of a response that has no
		// fields yet: nothing to join or to be tighter than.
		h[headerRateLimitPolicy] = l.policyField
		h[headerRateLimit] = l.rateLimitField(d)
		return
	}
	tighter := force || l.tighterThanSent(h, d)
	if l.fields&FieldsRateLimit != 0 {
		addPolicy(h, l.policyField, l.policyJoin)
		if tighter {
			h[headerRateLimit] = l.rateLimitField(d)
		}
	}
	if !tighter {
		return
	}
	if l.fields&FieldsXRateLimit != 0 {
		h[headerXLimit] = l.limitField
		h[headerXRemaining] = []string{strconv.Itoa(d.Remaining)}
		h[headerXReset] = []string{strconv.FormatInt(l.now().Add(d.Full).Add(time.Second-1).Unix(), 10)}
	}
}

// rateLimitBlockLen is how many RateLimit values a Limit formats at once:
// those of rateLimitBlockLen consecutive remaining counts, from a multiple
// of it, with one t. A hot key that draws faster than its bucket refills
// sends a new r on nearly every response, one less each time, so a block
// serves the next responses as well, and a client that is not near its
// limit gets the same few values over and over.
const rateLimitBlockLen = 16

// rateLimitCacheSize is the number of blocks a Limit keeps, direct-mapped
// by their first remaining count and their seconds.
const rateLimitCacheSize = 64

// rateLimitSlot is one entry of a Limit's cache of RateLimit values.
type rateLimitSlot struct {
	block atomic.Pointer[rateLimitBlock]
	// missed is the rateLimitKey of the block that last missed here: a
	// block is built on its second miss in a row, not on the first, which
	// formats only the value asked for.
	missed secondmiss.Gate
}

// rateLimitBlock is one cached block of RateLimit field values, immutable
// once stored: fields[i] is the value of remaining first+i and t seconds.
// Every value of a block is a substring of one string.
type rateLimitBlock struct {
	first   int
	seconds int64
	fields  [rateLimitBlockLen]string
}

// rateLimitKey identifies the block of remaining counts from first on with
// t seconds; the cache keeps it in slot rateLimitKey % rateLimitCacheSize.
func rateLimitKey(first int, t int64) uint64 {
	return uint64(first)/rateLimitBlockLen + uint64(t)*0x9e3779b1
}

// rateLimitField returns the RateLimit field value for d, from the cache
// when it holds it. A cached value is shared by every response: one
// element with no spare capacity, so that an Add on a response copies it
// instead of writing into it.
//
// A miss formats d's value alone, as cheap as a value sent once, unless
// its block is being drawn from: the block was also the last to miss in
// its slot, or d's value is its top one and the block above, with the
// same t, is cached. Only then does it format and keep the whole block.
func (l *limiter) rateLimitField(d Decision) []string {
	t := ceilSeconds(d.Wait)
	first := d.Remaining &^ (rateLimitBlockLen - 1)
	key := rateLimitKey(first, t)
	slot := &l.rateLimitCache[key%rateLimitCacheSize]
	i := d.Remaining - first
	if b := slot.block.Load(); b != nil && b.first == first && b.seconds == t {
		return b.fields[i : i+1 : i+1]
	}
	if !slot.missed.Repeats(key) && !l.drainingFromAbove(d.Remaining, first, t) {
		return newRateLimitValue(l.quotedName, d.Remaining, t)
	}
	b := newRateLimitBlock(l.quotedName, first, t)
	slot.block.Store(b)
	return b.fields[i : i+1 : i+1]
}

// drainingFromAbove reports whether remaining is the top of its block and
// the block above, with the same t seconds, is cached: a client drawing
// one token at a time has just left it.
func (l *limiter) drainingFromAbove(remaining, first int, t int64) bool {
	above := first + rateLimitBlockLen
	if remaining != above-1 {
		return false
	}
	b := l.rateLimitCache[rateLimitKey(above, t)%rateLimitCacheSize].block.Load()
	return b != nil && b.first == above && b.seconds == t
}

// rateLimitValue is one RateLimit field value formatted alone, in one
// allocation when it fits.
type rateLimitValue struct {
	field [1]string
	bytes [rateLimitInline]byte
}

// rateLimitInline is the longest RateLimit value kept inside its
// rateLimitValue, which then takes 64 bytes: most default names with
// their r and t fit, such as a monthly Quota of 10^9's 47 bytes.
const rateLimitInline = 48

// newRateLimitValue formats the RateLimit value of remaining and t
// seconds, as one element with no spare capacity.
func newRateLimitValue(quotedName string, remaining int, seconds int64) []string {
	v := new(rateLimitValue)
	if b := appendRateLimitItemSeconds(v.bytes[:0], quotedName, remaining, seconds); &b[0] == &v.bytes[0] {
		// Written once, here, and never changed: the string may share
		// the bytes.
		v.field[0] = unsafe.String(&b[0], len(b))
	} else {
		v.field[0] = string(b)
	}
	return v.field[:]
}

// newRateLimitBlock formats the block of RateLimit values from remaining
// first on, with t seconds, into one allocation of bytes.
func newRateLimitBlock(quotedName string, first int, seconds int64) *rateLimitBlock {
	last := first + rateLimitBlockLen - 1
	if first >= 0 && decimalLen(int64(first)) == decimalLen(int64(last)) {
		return newEvenRateLimitBlock(quotedName, first, seconds)
	}
	return newUnevenRateLimitBlock(quotedName, first, seconds)
}

// newEvenRateLimitBlock is newRateLimitBlock for a block whose values all
// have the same length: its first value, copied over the whole block in
// doubling runs, with the low digits of r rewritten in each copy.
func newEvenRateLimitBlock(quotedName string, first int, seconds int64) *rateLimitBlock {
	b := &rateLimitBlock{first: first, seconds: seconds}
	rEnd := len(quotedName) + len(";r=") + decimalLen(int64(first))
	n := rEnd + len(";t=") + decimalLen(seconds)
	buf := appendRateLimitItemSeconds(make([]byte, 0, rateLimitBlockLen*n), quotedName, first, seconds)
	buf = buf[:cap(buf)]
	for filled := n; filled < len(buf); filled *= 2 {
		copy(buf[filled:], buf[:filled])
	}
	for i := 1; i < rateLimitBlockLen; i++ {
		patchDecimal(buf[i*n:i*n+rEnd], first, first+i)
	}
	// Written once, here, and never changed: the string may share the
	// bytes.
	all := unsafe.String(unsafe.SliceData(buf), len(buf))
	for i := range b.fields {
		b.fields[i] = all[i*n : (i+1)*n]
	}
	return b
}

// patchDecimal turns d, which ends in the decimal digits of from, into
// digits ending in those of to, a number of as many digits: it rewrites
// the low digits in which they differ.
func patchDecimal(d []byte, from, to int) {
	for i := len(d) - 1; to != from; i-- {
		d[i] = byte('0' + to%10)
		to, from = to/10, from/10
	}
}

// newUnevenRateLimitBlock is newRateLimitBlock for a block whose values
// differ in length, where r gains a digit or is negative: each value is a
// copy of the one before with the digits of r replaced, unless their
// number changes.
func newUnevenRateLimitBlock(quotedName string, first int, seconds int64) *rateLimitBlock {
	b := &rateLimitBlock{first: first, seconds: seconds}
	prefix := len(quotedName) + len(";r=")
	suffix := len(";t=") + decimalLen(seconds)
	// The longest r is the last of the block, or the first when the block
	// is negative (-16 is longer than -1).
	longest := prefix + max(decimalLen(int64(first)), decimalLen(int64(first+rateLimitBlockLen-1))) + suffix
	buf := make([]byte, 0, rateLimitBlockLen*longest)
	var rBuf [24]byte
	r := strconv.AppendInt(rBuf[:0], int64(first), 10)
	var ends [rateLimitBlockLen]int
	start := 0
	for i := range ends {
		if i == 0 || len(r) != ends[i-1]-start-prefix-suffix {
			start = len(buf)
			buf = appendRateLimitItemSeconds(buf, quotedName, first+i, seconds)
		} else {
			prev := start
			start = len(buf)
			buf = append(buf, buf[prev:start]...)
			copy(buf[start+prefix:], r)
		}
		ends[i] = len(buf)
		r = nextDecimal(r, int64(first+i+1))
	}
	// Written once, here, and never changed: the string may share the
	// bytes.
	all := unsafe.String(unsafe.SliceData(buf), len(buf))
	start = 0
	for i, end := range ends {
		b.fields[i] = all[start:end]
		start = end
	}
	return b
}

// nextDecimal turns d, n-1 in decimal, into n, in place unless the
// number of digits or the sign changes.
func nextDecimal(d []byte, n int64) []byte {
	if n > 0 {
		for i := len(d) - 1; i >= 0 && d[i] >= '0' && d[i] <= '9'; i-- {
			if d[i] != '9' {
				d[i]++
				return d
			}
			d[i] = '0'
		}
	}
	return strconv.AppendInt(d[:0], n, 10)
}

// decimalLen is the length of n in decimal, its sign included.
func decimalLen(n int64) int {
	l := 1
	if n < 0 {
		l++
	}
	for ; n >= 10 || n <= -10; n /= 10 {
		l++
	}
	return l
}

// tighterThanSent reports whether d is tighter than the fields already on
// h, or whether there are none.
func (l *limiter) tighterThanSent(h http.Header, d Decision) bool {
	if l.fields&FieldsRateLimit == 0 {
		if v := h[headerXRemaining]; len(v) == 1 {
			r, err := strconv.ParseInt(v[0], 10, 64)
			return err != nil || int64(d.Remaining) < r
		}
		return true
	}
	if v := h[headerRateLimit]; len(v) == 1 {
		r, t, ok := parseRateLimitItem(v[0])
		if !ok {
			return true
		}
		return int64(d.Remaining) < r || int64(d.Remaining) == r && ceilSeconds(d.Wait) > t
	}
	return true
}

package conditional

import (
	"fmt"
	"net/http"
	"sync"
)

// DefaultETagBuffer is the largest body [ETag] buffers to hash into a
// strong entity-tag (RFC 9110 §8.8.3) when given no [ETagMaxBuffer]: 1 MiB.
const DefaultETagBuffer = 1 << 20

// An ETagOption configures [ETag], which computes strong entity-tags (RFC
// 9110 §8.8.3).
type ETagOption func(*etagConfig)

// etagConfig is the configuration [ETag] builds from its options.
type etagConfig struct {
	maxBuffer int
}

// ETagMaxBuffer sets the largest response body, in bytes, that [ETag] holds
// back to hash into a strong entity-tag (RFC 9110 §8.8.3). A larger body is
// sent as it is written, without an ETag.
func ETagMaxBuffer(n int) ETagOption {
	if n <= 0 {
		panic(fmt.Sprintf("conditional: ETagMaxBuffer: n must be > 0, got %d", n))
	}
	return func(c *etagConfig) { c.maxBuffer = n }
}

// ETag returns a middleware that gives GET and HEAD responses a strong
// entity-tag (RFC 9110 §8.8.3) computed from their content, and answers a
// matching If-None-Match (weak comparison, RFC 9110 §13.1.2) with 304 Not
// Modified instead of the content. Existing handlers get validators and
// 304s without a change.
//
// It holds back a 200 response whose handler set no ETag until the handler
// returns, up to [ETagMaxBuffer] bytes ([DefaultETagBuffer] by default), and
// tags it with a CRC-64 (ECMA) of the content and its length: fast and
// stable across processes, but not a cryptographic hash. The response then
// gets Content-Length too. Everything else passes through untouched and
// without an ETag: other methods and statuses, responses that already have
// an ETag, bodies larger than the limit, responses that the handler
// flushes (streams) or hijacks, an empty body (a HEAD handler that writes
// no content cannot be tagged like its GET), and a body whose length
// differs from the Content-Length the handler set.
//
// A tag must change with the content coding (RFC 9110 §8.8.3): mount ETag
// outside compression, so it hashes the coded bytes and each coding gets
// its own tag:
//
//	r.Use(conditional.ETag())
//	r.Use(chimiddleware.Compress(5))
//
// Mounted inside a compressor, it would tag the identity content, and a
// compressor that neither changes nor weakens (W/) the tag would send one
// strong tag for different bytes.
//
// The wrapper keeps http.Flusher, http.Hijacker, io.ReaderFrom and Unwrap,
// so [http.ResponseController] works through it. Requests it does not tag
// cost no allocation; tagging a response costs 4 allocations (its tag and
// the header values it sets).
func ETag(opts ...ETagOption) func(http.Handler) http.Handler {
	c := etagConfig{maxBuffer: DefaultETagBuffer}
	for i, opt := range opts {
		if opt == nil {
			panic(fmt.Sprintf("conditional: ETag: option %d is nil", i))
		}
		opt(&c)
	}
	pool := &sync.Pool{New: func() any { return new(etagWriter) }}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				next.ServeHTTP(w, r)
				return
			}
			ew := pool.Get().(*etagWriter)
			ew.reset(w, r, c.maxBuffer)
			defer func() {
				ew.release()
				pool.Put(ew)
			}()
			next.ServeHTTP(ew, r)
			ew.finish()
		})
	}
}

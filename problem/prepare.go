package problem

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Prepare returns a copy of d that is encoded once per format, for a
// middleware that hands the same refusal to many requests (a 429 per
// Retry-After, a 405 per method, a constant 414). The zero [Standard]
// encodes it the first time it sends it in a format, into one allocation
// for the body and the Content-Length value, then writes those bytes
// without encoding or allocating: the bytes sent are those it would send
// for d. Prepare itself encodes nothing and allocates once, so a cache of
// refusals may call it for each entry it builds.
//
// The returned Details must not be modified, nor anything it references
// (Extensions and the values in it). Hooks and renderers get it as they
// get any Details, with the same fields, but it carries hidden state: to
// compare it with another Details compare the fields, not the structs
// (reflect.DeepEqual and testify's assert.Equal tell them apart). A copy
// of it, modified or not, is encoded per request again, as is every
// Details rendered by a [Standard] with Types or Titles or by another
// [Renderer]: those get the Details itself, as before.
func Prepare(d Details) *Details {
	p := &preparedDetails{details: d}
	p.enc.owner = &p.details
	p.details.enc = &p.enc
	return &p.details
}

// preparedDetails is what Prepare allocates: the Details and its
// encodings, together.
type preparedDetails struct {
	details Details
	enc     encodings
}

// encodings are the encodings of a Details that [Prepare] returned, built
// on first use in each format, for the owner only: a copy of the Details
// that carries them is encoded again.
type encodings struct {
	owner *Details
	// mu serializes the first encodings; a format is read without it
	// once its ready flag is set.
	mu      sync.Mutex
	formats [formatCount]encoding
}

// encoding is a Details in one format: the body, the status and the
// Content-Length value, a slice of one element with no spare capacity
// shared by every response. The body and the value's digits share one
// allocation.
type encoding struct {
	ready         atomic.Bool
	body          []byte
	status        int
	contentLength [1]string
}

// prepared returns the encodings of d when s may write them for it.
func (s Standard) prepared(d *Details) *encodings {
	if e := d.enc; e != nil && e.owner == d && s.Types == nil && s.Titles == nil {
		return e
	}
	return nil
}

// render writes the owner in format f as the response to r; noVary
// tells that w's header holds no Vary field.
func (e *encodings) render(w http.ResponseWriter, r *http.Request, f format, noVary bool) {
	enc := &e.formats[f]
	if !enc.ready.Load() {
		e.encode(enc, f)
	}
	setFields(w.Header(), f, enc.contentLength[:], noVary)
	w.WriteHeader(enc.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(enc.body)
	}
}

// encode sets enc to the owner in format f, unless another request did:
// the body is encoded into a pooled buffer, then copied with the digits
// of its length into one allocation.
func (e *encodings) encode(enc *encoding, f format) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if enc.ready.Load() {
		return
	}
	p := Standard{}.complete(e.owner)
	buf := bodyBuffers.Get().(*[]byte)
	body := Standard{}.encode((*buf)[:0], f, &p)
	var digits [20]byte
	length := strconv.AppendInt(digits[:0], int64(len(body)), 10)
	b := make([]byte, len(body)+len(length))
	n := copy(b, body)
	copy(b[n:], length)
	enc.body = b[:n:n]
	// The digits are written once, here, and never changed: the string
	// may share their memory.
	enc.contentLength[0] = unsafe.String(&b[n], len(length))
	enc.status = p.Status
	enc.ready.Store(true)
	if cap(body) <= maxPooledBody {
		*buf = body[:0]
		bodyBuffers.Put(buf)
	}
}

package problem

import (
	"net/http"
	"strconv"
	"sync/atomic"
)

// Prepare returns a copy of d that is encoded once per format, for a
// middleware that hands the same refusal to many requests (a 429 per
// Retry-After, a 405 per method, a constant 414). The zero [Standard]
// encodes it the first time it sends it in a format, then writes those
// bytes and header values without encoding or allocating: the bytes sent
// are those it would send for d. Prepare itself encodes nothing, so a
// cache of refusals may call it for each entry it builds.
//
// The returned Details must not be modified, nor anything it references
// (Extensions and the values in it). Hooks and renderers see it as any
// other Details. A copy of it, modified or not, is encoded per request
// again, as is every Details rendered by a [Standard] with Types or Titles
// or by another [Renderer]: those get the Details itself, as before.
func Prepare(d Details) *Details {
	p := new(Details)
	*p = d
	p.enc = &encodings{owner: p}
	return p
}

// encodings are the encodings of a Details that [Prepare] returned, built
// on first use in each format, for the owner only: a copy of the Details
// that carries them is encoded again.
type encodings struct {
	owner   *Details
	formats [formatCount]atomic.Pointer[encoding]
}

// encoding is a Details in one format: the body, the status and the
// Content-Length value, a slice of one element with no spare capacity
// shared by every response.
type encoding struct {
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

// render writes the owner in format f as the response to r.
func (e *encodings) render(w http.ResponseWriter, r *http.Request, f format) {
	enc := e.formats[f].Load()
	if enc == nil {
		// Requests that render a format first at the same time each
		// encode it; they store the same bytes.
		p := Standard{}.complete(e.owner)
		enc = &encoding{body: Standard{}.encode(nil, f, &p), status: p.Status}
		enc.contentLength[0] = strconv.Itoa(len(enc.body))
		e.formats[f].Store(enc)
	}
	setFields(w.Header(), f, enc.contentLength[:])
	w.WriteHeader(enc.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(enc.body)
	}
}

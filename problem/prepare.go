package problem

import (
	"net/http"
	"strconv"
)

// Prepare returns a copy of d encoded once, for a middleware that hands the
// same refusal to many requests (a 429 per Retry-After, a 405 per method,
// a constant 414). The zero [Standard] writes the returned Details from
// bytes and header values built here, in each of its formats, instead of
// encoding it per request: the bytes sent are those it would send for d.
//
// The returned Details must not be modified, nor anything it references
// (Extensions and the values in it). Hooks and renderers see it as any
// other Details. A copy of it, modified or not, is encoded per request
// again, as is every Details rendered by a [Standard] with Types or Titles
// or by another [Renderer]: those get the Details itself, as before.
func Prepare(d Details) *Details {
	p := new(Details)
	*p = d
	c := Standard{}.complete(p)
	e := &encodings{owner: p, status: c.Status}
	for f := range formatCount {
		e.bodies[f] = Standard{}.encode(nil, f, &c)
		e.contentLengths[f] = []string{strconv.Itoa(len(e.bodies[f]))}
	}
	p.enc = e
	return p
}

// encodings are the bodies and Content-Length values of a Details that
// [Prepare] returned, in every format, for the owner only: a copy of the
// Details that carries them is encoded again.
type encodings struct {
	owner          *Details
	status         int
	bodies         [formatCount][]byte
	contentLengths [formatCount][]string
}

// prepared returns the encodings of d when s may write them for it.
func (s Standard) prepared(d *Details) *encodings {
	if e := d.enc; e != nil && e.owner == d && s.Types == nil && s.Titles == nil {
		return e
	}
	return nil
}

// render writes the encoding in format f as the response to r.
func (e *encodings) render(w http.ResponseWriter, r *http.Request, f format) {
	setFields(w.Header(), f, e.contentLengths[f])
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(e.bodies[f])
	}
}

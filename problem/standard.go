package problem

import (
	"net/http"

	"github.com/fourxx/fourxx/internal/httpsyntax"
)

// Standard is the default [Renderer]. It negotiates on the request's Accept
// field (RFC 9110 §12.5.1) between application/problem+json (RFC 9457 §3),
// the default, a small HTML page and plain text. It sets Content-Type,
// Content-Length, "Vary: Accept" and "X-Content-Type-Options: nosniff",
// then writes the status and, except for HEAD (RFC 9110 §9.3.2), the body.
//
// The zero Standard sends type "about:blank" with the status phrase as
// title (RFC 9457 §4.2.1). Types and Titles name the problem types of your
// API per status code; they fill in only what a Details leaves empty.
//
// A refusal is the hot path under a flood, so Render costs one allocation,
// for the Content-Length value: the body is encoded into a pooled buffer,
// by hand for extension values of the types fourxx sends (strings, string
// slices, integers, booleans, nil) and through encoding/json and fmt for
// any other, the bytes being the same. The zero Standard writes a Details
// from [Prepare] without encoding it and without allocating once it has
// sent it in the format asked: the first time in each format costs one
// encoding and one allocation.
type Standard struct {
	// Types maps a status code to the problem type URI to send with it.
	Types map[int]string
	// Titles maps a status code to the title to send with it.
	Titles map[int]string
}

// Render writes d as the response to r, in the format negotiated on Accept
// (RFC 9110 §12.5.1), with type and title filled in as [Standard] describes
// (RFC 9457 §3.1, §4.2.1). It does not modify d.
func (s Standard) Render(w http.ResponseWriter, r *http.Request, d *Details) {
	s.render(w, r, d, false)
}

// render is Render; noVary tells that w's header holds no Vary field.
func (s Standard) render(w http.ResponseWriter, r *http.Request, d *Details, noVary bool) {
	f := chooseFormat(r.Header["Accept"])
	if e := s.prepared(d); e != nil {
		e.render(w, r, f, noVary)
		return
	}
	p := s.complete(d)
	buf := bodyBuffers.Get().(*[]byte)
	body := s.encode((*buf)[:0], f, &p)
	setFields(w.Header(), f, contentLength(len(body)), noVary)
	w.WriteHeader(p.Status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
	if cap(body) <= maxPooledBody {
		*buf = body[:0]
		bodyBuffers.Put(buf)
	}
}

// complete returns a copy of d with status, type and title filled in.
func (s Standard) complete(d *Details) Details {
	p := *d
	if p.Status == 0 {
		p.Status = http.StatusInternalServerError
	}
	if p.Type == "" {
		p.Type = s.Types[p.Status]
	}
	if p.Title == "" {
		p.Title = s.Titles[p.Status]
	}
	if p.Type == "" {
		p.Type = "about:blank"
	}
	if p.Title == "" {
		p.Title = Title(p.Status)
	}
	return p
}

// encode appends p in format f to b, without the extension members when
// one of them cannot be encoded as JSON.
func (Standard) encode(b []byte, f format, p *Details) []byte {
	body, err := appendFormat(b, f, p)
	if err != nil {
		q := *p
		q.Extensions = nil
		body, _ = appendFormat(b, f, &q)
	}
	return body
}

// appendFormat appends p in format f to b. It fails only when an
// extension member cannot be encoded as JSON.
func appendFormat(b []byte, f format, p *Details) ([]byte, error) {
	switch f {
	case formatHTML:
		return appendHTML(b, p), nil
	case formatText:
		return appendText(b, p), nil
	default:
		b, err := appendJSON(b, p)
		if err != nil {
			return nil, err
		}
		return append(b, '\n'), nil
	}
}

// varies reports whether the Vary field lines in h already name field, or
// "*" (RFC 9110 §12.5.5).
func varies(h http.Header, field string) bool {
	vary := h.Values("Vary")
	return httpsyntax.ListHas(vary, field) || httpsyntax.ListHas(vary, "*")
}

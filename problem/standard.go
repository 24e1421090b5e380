package problem

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"strconv"

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
	p := s.complete(d)
	f := negotiate(r.Header.Values("Accept"))
	body, err := encode(f, &p)
	if err != nil {
		p.Extensions = nil
		body, _ = encode(f, &p)
	}
	h := w.Header()
	h.Set("Content-Type", mediaTypes[f])
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	if !varies(h, "Accept") {
		h.Add("Vary", "Accept")
	}
	w.WriteHeader(p.Status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
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

// encode renders p in format f. It fails only when an extension member
// cannot be encoded as JSON.
func encode(f format, p *Details) ([]byte, error) {
	switch f {
	case formatHTML:
		return encodeHTML(p), nil
	case formatText:
		return encodeText(p), nil
	default:
		b, err := p.MarshalJSON()
		if err != nil {
			return nil, err
		}
		return append(b, '\n'), nil
	}
}

// encodeText renders p as plain text: the status line, the detail, then
// one "name: value" line per extension member.
func encodeText(p *Details) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d %s\n", p.Status, p.Title)
	if p.Detail != "" {
		fmt.Fprintf(&b, "\n%s\n", p.Detail)
	}
	if keys := p.extensionKeys(); len(keys) > 0 {
		b.WriteByte('\n')
		for _, k := range keys {
			fmt.Fprintf(&b, "%s: %v\n", k, p.Extensions[k])
		}
	}
	if p.Type != "about:blank" {
		fmt.Fprintf(&b, "\nSee %s\n", p.Type)
	}
	return b.Bytes()
}

// encodeHTML renders p as a small HTML page. Every string is escaped.
func encodeHTML(p *Details) []byte {
	var b bytes.Buffer
	title := html.EscapeString(fmt.Sprintf("%d %s", p.Status, p.Title))
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>%s</title></head>\n<body>\n<h1>%s</h1>\n", title, title)
	if p.Detail != "" {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p.Detail))
	}
	if keys := p.extensionKeys(); len(keys) > 0 {
		b.WriteString("<dl>\n")
		for _, k := range keys {
			fmt.Fprintf(&b, "<dt>%s</dt><dd>%s</dd>\n", html.EscapeString(k), html.EscapeString(fmt.Sprint(p.Extensions[k])))
		}
		b.WriteString("</dl>\n")
	}
	if p.Type != "about:blank" {
		fmt.Fprintf(&b, "<p><a href=\"%s\">About this problem</a></p>\n", html.EscapeString(p.Type))
	}
	b.WriteString("</body>\n</html>\n")
	return b.Bytes()
}

// varies reports whether the Vary field lines in h already name field, or
// "*" (RFC 9110 §12.5.5).
func varies(h http.Header, field string) bool {
	vary := h.Values("Vary")
	return httpsyntax.ListHas(vary, field) || httpsyntax.ListHas(vary, "*")
}

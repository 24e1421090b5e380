package problem

import (
	"fmt"
	"strconv"
)

// appendText appends p as plain text: the status line, the detail, then
// one "name: value" line per extension member, and the type when it is
// not about:blank.
func appendText(b []byte, p *Details) []byte {
	b = strconv.AppendInt(b, int64(p.Status), 10)
	b = append(b, ' ')
	b = append(b, p.Title...)
	b = append(b, '\n')
	if p.Detail != "" {
		b = append(b, '\n')
		b = append(b, p.Detail...)
		b = append(b, '\n')
	}
	var stack [maxStackMembers]member
	if ms := p.extensionMembers(stack[:0]); len(ms) > 0 {
		b = append(b, '\n')
		for _, m := range ms {
			b = append(b, m.name...)
			b = append(b, ':', ' ')
			b = appendTextValue(b, m.value)
			b = append(b, '\n')
		}
	}
	if p.Type != "about:blank" {
		b = append(b, "\nSee "...)
		b = append(b, p.Type...)
		b = append(b, '\n')
	}
	return b
}

// appendHTML appends p as a small HTML page. Every string is escaped.
func appendHTML(b []byte, p *Details) []byte {
	b = append(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>"...)
	title := len(b)
	b = strconv.AppendInt(b, int64(p.Status), 10)
	b = append(b, ' ')
	b = appendHTMLEscaped(b, p.Title)
	end := len(b)
	b = append(b, "</title></head>\n<body>\n<h1>"...)
	b = append(b, b[title:end]...)
	b = append(b, "</h1>\n"...)
	if p.Detail != "" {
		b = append(b, "<p>"...)
		b = appendHTMLEscaped(b, p.Detail)
		b = append(b, "</p>\n"...)
	}
	var stack [maxStackMembers]member
	if ms := p.extensionMembers(stack[:0]); len(ms) > 0 {
		b = append(b, "<dl>\n"...)
		for _, m := range ms {
			b = append(b, "<dt>"...)
			b = appendHTMLEscaped(b, m.name)
			b = append(b, "</dt><dd>"...)
			value := len(b)
			b = appendTextValue(b, m.value)
			b = escapeHTMLTail(b, value)
			b = append(b, "</dd>\n"...)
		}
		b = append(b, "</dl>\n"...)
	}
	if p.Type != "about:blank" {
		b = append(b, "<p><a href=\""...)
		b = appendHTMLEscaped(b, p.Type)
		b = append(b, "\">About this problem</a></p>\n"...)
	}
	return append(b, "</body>\n</html>\n"...)
}

// appendTextValue appends v as fmt's %v writes it, without fmt for the
// types that fourxx's middlewares send.
func appendTextValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "<nil>"...)
	case string:
		return append(b, v...)
	case bool:
		return strconv.AppendBool(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case int32:
		return strconv.AppendInt(b, int64(v), 10)
	case uint:
		return strconv.AppendUint(b, uint64(v), 10)
	case uint64:
		return strconv.AppendUint(b, v, 10)
	case []string:
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ' ')
			}
			b = append(b, s...)
		}
		return append(b, ']')
	}
	return fmt.Append(b, v)
}

// htmlEscapes are the replacements html.EscapeString makes.
var htmlEscapes = [...]string{'&': "&amp;", '\'': "&#39;", '<': "&lt;", '>': "&gt;", '"': "&#34;"}

// appendHTMLEscaped appends s escaped as html.EscapeString escapes it.
func appendHTMLEscaped(b []byte, s string) []byte {
	done := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; int(c) < len(htmlEscapes) && htmlEscapes[c] != "" {
			b = append(b, s[done:i]...)
			b = append(b, htmlEscapes[c]...)
			done = i + 1
		}
	}
	return append(b, s[done:]...)
}

// escapeHTMLTail escapes b[from:] in place, as html.EscapeString would.
// It copies the tail only when there is something to escape.
func escapeHTMLTail(b []byte, from int) []byte {
	for i := from; i < len(b); i++ {
		if c := b[i]; int(c) < len(htmlEscapes) && htmlEscapes[c] != "" {
			var stack [256]byte
			tail := append(stack[:0], b[from:]...)
			return appendHTMLEscaped(b[:from], string(tail))
		}
	}
	return b
}

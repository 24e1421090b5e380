package httpsyntax

import "strings"

// NextListElement splits the first element off a comma-separated field
// value (RFC 9110 §5.6.1), honouring quoted strings, and trims it.
func NextListElement(s string) (elem, rest string) {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			return TrimOWS(s[:i]), s[i+1:]
		}
	}
	return TrimOWS(s), ""
}

// ListHas reports whether the comma-separated field lines hold the
// element name, case-insensitively, as Vary names a field or
// Cache-Control a directive. An element with a value
// (private="Set-Cookie") does not count. It allocates nothing.
func ListHas(lines []string, name string) bool {
	for _, line := range lines {
		for line != "" {
			var elem string
			elem, line = NextListElement(line)
			if strings.EqualFold(elem, name) {
				return true
			}
		}
	}
	return false
}

package httpsyntax

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

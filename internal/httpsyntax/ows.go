package httpsyntax

// TrimOWS removes optional whitespace (OWS: SP, HTAB; RFC 9110 §5.6.3)
// from both ends of s.
func TrimOWS(s string) string {
	return trimOWSRight(TrimOWSLeft(s))
}

// TrimOWSLeft removes optional whitespace from the start of s.
func TrimOWSLeft(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}

// trimOWSRight removes optional whitespace from the end of s.
func trimOWSRight(s string) string {
	for s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

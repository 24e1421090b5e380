package middleware

import "unicode/utf8"

// cutEcho returns at most max bytes of s, a piece of the request that a
// problem or a log repeats, so a hostile request cannot inflate them. The
// cut backs up to the start of a UTF-8 sequence, so it never splits a
// character.
func cutEcho(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// Package echo bounds the pieces of a request that a problem or a log
// repeats (a method, an expectation, a query, a path), so a hostile
// request cannot inflate them or put invalid UTF-8 in them.
package echo

import (
	"strings"
	"unicode/utf8"
)

// Cut returns s as an answer or a log may repeat it: at most max bytes,
// cut at a character boundary and then marked with mark, and with every
// byte sequence that is not UTF-8 shown as "?", which keeps the result
// valid UTF-8 and no longer than the cut. It allocates only to mark a cut
// or to replace invalid bytes.
func Cut(s string, max int, mark string) string {
	cut := len(s) > max
	if cut {
		end := max
		for end > 0 && !utf8.RuneStart(s[end]) {
			end--
		}
		s = s[:end]
	}
	s = strings.ToValidUTF8(s, "?")
	if cut {
		s += mark
	}
	return s
}

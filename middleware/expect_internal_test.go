package middleware

import (
	"strings"
	"testing"

	"github.com/fourxx/fourxx/internal/httpsyntax"
)

// FuzzExpect checks the Expect parser against a plain reference: split
// every line at the commas outside quoted strings, trim optional
// whitespace, and find the first element that is neither empty nor
// 100-continue.
func FuzzExpect(f *testing.F) {
	for _, seed := range [][2]string{
		{"100-continue", ""},
		{"100-CONTINUE", ""},
		{" , 100-continue ,, ", "\t"},
		{"100-continue, foo", ""},
		{"foo=\"a,100-continue,b\"", "100-continue"},
		{"100-continue;q=1", ""},
		{"\x00\xff", "100-continue"},
		{"100-continue", strings.Repeat("x", 100)},
		{"1OO-continue", ""},
		{"100-continue\u00a0", ""},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, first, second string) {
		lines := []string{first, second}
		got, unmet := unmetExpectation(lines)

		want, wantUnmet := "", false
		continues := false
	reference:
		for _, line := range lines {
			for _, element := range referenceListElements(line) {
				element = strings.Trim(element, " \t")
				switch {
				case element == "":
				case strings.EqualFold(element, "100-continue"):
					continues = true
				default:
					want, wantUnmet = element, true
					break reference
				}
			}
		}
		if unmet != wantUnmet {
			t.Fatalf("unmetExpectation(%q) = %v, want %v", lines, unmet, wantUnmet)
		}
		if want = strings.ToValidUTF8(want, "?"); unmet && !strings.HasPrefix(want, got) {
			t.Fatalf("unmetExpectation(%q) reports %q, not a prefix of %q", lines, got, want)
		}
		if len(got) > maxExpectationEcho {
			t.Fatalf("echo of %d bytes exceeds %d", len(got), maxExpectationEcho)
		}
		if !unmet && continues != httpsyntax.ListHas(lines, "100-continue") {
			t.Fatalf("ListHas(%q, 100-continue) = %v, want %v", lines, !continues, continues)
		}
	})
}

// referenceListElements splits a field line at the commas outside quoted
// strings (RFC 9110 §5.6.1, §5.6.4), byte by byte, for FuzzExpect.
func referenceListElements(line string) []string {
	var elements []string
	var current strings.Builder
	quoted, escaped := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case escaped:
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			elements = append(elements, current.String())
			current.Reset()
			continue
		}
		current.WriteByte(c)
	}
	return append(elements, current.String())
}

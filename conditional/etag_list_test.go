package conditional

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestETagListMatch(t *testing.T) {
	many := strings.Repeat(`"x", `, 500)
	tests := []struct {
		name             string
		lines            []string
		current          string
		exists, strong   bool
		present, matched bool
	}{
		{"absent", nil, `"a"`, true, true, false, false},
		{"empty lines are absent", []string{"", ""}, `"a"`, true, true, false, false},
		{"only commas and spaces", []string{" , ,"}, `"a"`, true, true, true, false},
		{"strong equal", []string{`"a"`}, `"a"`, true, true, true, true},
		{"strong against weak current", []string{`W/"a"`}, `W/"a"`, true, true, true, false},
		{"weak against weak current", []string{`W/"a"`}, `"a"`, true, false, true, true},
		{"lowercase w/ stops the scan", []string{`w/"a", "a"`}, `"a"`, true, false, true, false},
		{"comma inside quotes", []string{`"a,b"`}, `"a,b"`, true, true, true, true},
		{"comma inside quotes is not a separator", []string{`"a,b"`}, `"a"`, true, true, true, false},
		{"unterminated", []string{`"a`}, `"a"`, true, true, true, false},
		{"control character", []string{"\"a\x01\""}, "\"a\x01\"", true, true, true, false},
		{"DQUOTE only", []string{`"`}, `"a"`, true, true, true, false},
		{"empty opaque tag", []string{`""`}, `""`, true, true, true, true},
		{"obs-text", []string{"\"\xff\""}, "\"\xff\"", true, true, true, true},
		{"star", []string{`*`}, `"a"`, true, true, true, true},
		{"star without a representation", []string{`*`}, ``, false, true, true, false},
		{"star after tags", []string{`"b", *`}, `"a"`, true, true, true, true},
		{"tag without a representation", []string{`"a"`}, `"a"`, false, true, true, false},
		{"no current tag", []string{`"a"`}, ``, true, true, true, false},
		{"second line", []string{`"b"`, `"a"`}, `"a"`, true, true, true, true},
		{"garbage in the first line stops the scan", []string{`b`, `"a"`}, `"a"`, true, true, true, false},
		{"hundreds of tags", []string{many + `"a"`}, `"a"`, true, true, true, true},
		{"hundreds of lines", append(strings.Split(strings.Repeat(`"x"`+"\n", 300), "\n"), `"a"`), `"a"`, true, true, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			present, matched := etagListMatch(tt.lines, tt.current, tt.exists, tt.strong)
			assert.Equal(t, tt.present, present, "present")
			assert.Equal(t, tt.matched, matched, "matched")
		})
	}
}

func TestSingleHTTPDate(t *testing.T) {
	want := time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)
	for _, tt := range []struct {
		name  string
		lines []string
		ok    bool
	}{
		{"IMF-fixdate", []string{"Sun, 06 Nov 1994 08:49:37 GMT"}, true},
		{"RFC 850", []string{"Sunday, 06-Nov-94 08:49:37 GMT"}, true},
		{"asctime", []string{"Sun Nov  6 08:49:37 1994"}, true},
		{"with an empty line", []string{"", "Sun, 06 Nov 1994 08:49:37 GMT"}, true},
		{"two lines", []string{"Sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT"}, false},
		{"a list in one line", []string{"Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT"}, false},
		{"not GMT", []string{"Sun, 06 Nov 1994 08:49:37 CET"}, false},
		{"seconds", []string{"784111777"}, false},
		{"absent", nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := singleHTTPDate(tt.lines)
			assert.Equal(t, tt.ok, ok)
			if tt.ok {
				assert.True(t, want.Equal(got), got)
			}
		})
	}
}

// FuzzETagList checks the entity-tag list scanner on arbitrary input: it
// never panics, a scanned tag is a valid entity-tag that the rest follows,
// and a match means the current tag's opaque part or "*" is in the input.
// Two lines are given by a newline in the input.
func FuzzETagList(f *testing.F) {
	for _, seed := range []string{
		`"a"`, `W/"a"`, `w/"a"`, `*`, `"a", *`, `"a,b", "c"`, `,,, "a" ,`, `"a" "b"`, `"a`, "\"a\x00\"",
		"\"a\"\n\"b\"", `W/`, `W/"`, `""`, strings.Repeat(`"x",`, 200),
	} {
		f.Add(seed, `"a"`, true)
	}
	f.Fuzz(func(t *testing.T, input, current string, strong bool) {
		if tag, rest := scanEntityTag(input); tag != "" {
			if !validEntityTag(tag) || tag+rest != input {
				t.Fatalf("scanEntityTag(%q) = %q, %q", input, tag, rest)
			}
		}
		if !validEntityTag(current) {
			current = `"a"`
		}
		present, matched := etagListMatch(strings.Split(input, "\n"), current, true, strong)
		if matched && !present {
			t.Fatalf("matched without a field: %q", input)
		}
		if matched && !strings.Contains(input, "*") && !strings.Contains(input, trimWeakPrefix(current)) {
			t.Fatalf("%q matched %q", input, current)
		}
		if present != (strings.ReplaceAll(input, "\n", "") != "") {
			t.Fatalf("present = %v for %q", present, input)
		}
	})
}

// FuzzSingleHTTPDate checks date parsing on arbitrary input: it never
// panics, and a date it accepts formats back to a date it accepts as the
// same instant.
func FuzzSingleHTTPDate(f *testing.F) {
	for _, seed := range []string{
		"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
		"Sun, 06 Nov 1994 08:49:37 GMT\nSun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT, x", "", "0",
		"Sun, 31 Feb 1994 25:61:61 GMT",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		got, ok := singleHTTPDate(strings.Split(input, "\n"))
		if !ok {
			return
		}
		again, ok := singleHTTPDate([]string{got.UTC().Format(http.TimeFormat)})
		if got.Year() >= 0 && got.Year() <= 9999 && (!ok || !again.Equal(got)) {
			t.Fatalf("%q parsed as %v, which does not round-trip", input, got)
		}
	})
}

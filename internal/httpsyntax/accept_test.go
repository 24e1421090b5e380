package httpsyntax

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mediaOffers parses offers for a test.
func mediaOffers(t testing.TB, types ...string) []MediaOffer {
	offers := make([]MediaOffer, len(types))
	for i, s := range types {
		var ok bool
		offers[i], ok = ParseMediaOffer(s)
		require.True(t, ok, s)
	}
	return offers
}

func TestParseMediaOffer(t *testing.T) {
	for s, want := range map[string]bool{
		"text/html": true, "text/html; charset=utf-8": true, "application/vnd.a+json": true,
		"text/*": false, "*/*": false, "json": false, "": false, "text/html; charset": false,
	} {
		_, ok := ParseMediaOffer(s)
		assert.Equal(t, want, ok, s)
	}
}

func TestChooseMediaType(t *testing.T) {
	offers := mediaOffers(t, "application/json", "text/html; charset=utf-8", "text/plain")
	tests := []struct {
		name   string
		accept []string
		want   int
		ok     bool
	}{
		{"no field", nil, 0, true},
		{"no valid element", []string{"a/b;c, ;;"}, 0, true},
		{"exact", []string{"text/plain"}, 2, true},
		{"charset value case-insensitive", []string{"text/html;charset=UTF-8"}, 1, true},
		{"other parameter value", []string{"text/html;charset=latin1"}, 0, false},
		{"parameter after q narrows", []string{"text/plain;q=0.5;format=flowed, application/json;q=0.1"}, 0, true},
		{"second q ignored", []string{"text/plain;q=0.5;q=x, application/json;q=0.4"}, 2, true},
		{"invalid matching element after a valid one", []string{"image/png, text/plain;q=2, application/json;q=0.1"}, 0, true},
		{"invalid non-matching element", []string{"image/png;q=2, text/plain;q=0.1"}, 2, true},
		{"lone star with weight", []string{"*;q=0.5, text/plain;q=0.4"}, 0, true},
		{"type wildcard with parameter matches nothing", []string{"text/*;level=1, application/json;q=0.1"}, 0, true},
		{"everything refused", []string{"*/*;q=0"}, 0, false},
	}
	for _, tt := range tests {
		got, ok := ChooseMediaType(offers, tt.accept)
		assert.Equal(t, tt.ok, ok, tt.name)
		assert.Equal(t, tt.want, got, tt.name)
	}
}

func TestChooseCharset(t *testing.T) {
	offers := []string{"utf-8", "iso-8859-1"}
	for accept, want := range map[string]int{"": 0, "ISO-8859-1": 1, "*;q=0.1, utf-8;q=0": 1, "utf-8;q=0.5, *": 1} {
		got, ok := ChooseCharset(offers, []string{accept})
		assert.True(t, ok, accept)
		assert.Equal(t, want, got, accept)
	}
	_, ok := ChooseCharset(offers, []string{"utf-8;q=0"})
	assert.False(t, ok)
}

// chooseMediaTypeSlowly is ChooseMediaType without its shortcuts: the
// field split into elements by NextListElement first, every range weighed.
func chooseMediaTypeSlowly(offers []MediaOffer, lines []string) (int, bool) {
	var elems []string
	for _, line := range lines {
		for line != "" {
			var elem string
			elem, line = NextListElement(line)
			elems = append(elems, elem)
		}
	}
	scores := make([]score, len(offers))
	valid := false
	for _, elem := range elems {
		mt, params, _ := strings.Cut(elem, ";")
		if typ, sub, ok := splitMediaRange(mt); ok && weigh(offers, scores, typ, sub, params) {
			valid = true
		}
	}
	if !valid {
		return 0, true
	}
	return best(scores)
}

// FuzzChooseMediaType feeds hostile Accept fields: no panic, a choice
// among the offers, and the same choice as without the shortcut.
func FuzzChooseMediaType(f *testing.F) {
	for _, seed := range []string{
		"", "*/*", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
		`text/plain;x="a\"b,c";q=0.2`, "text/html;q=1.0001", "a/b;q=NaN,,,;;", "\"",
		strings.Repeat("image/png;q=0.1,", 500) + "text/plain",
		"text/plain;q=0.5;format=flowed", "image/png, text/plain;q=2", "*; q=.2, text/html;level=1;Q=0.3",
	} {
		f.Add(seed)
	}
	offers := mediaOffers(f, "application/problem+json", "application/json", "text/html; charset=utf-8", "text/plain; charset=utf-8")
	f.Fuzz(func(t *testing.T, accept string) {
		got, ok := ChooseMediaType(offers, []string{accept})
		if got < 0 || got >= len(offers) {
			t.Fatalf("ChooseMediaType(%q) = %d", accept, got)
		}
		want, wantOK := chooseMediaTypeSlowly(offers, []string{accept})
		if got != want || ok != wantOK {
			t.Fatalf("ChooseMediaType(%q) = %d, %v; without the shortcut %d, %v", accept, got, ok, want, wantOK)
		}
	})
}

func BenchmarkChooseMediaType(b *testing.B) {
	offers := mediaOffers(b, "application/json", "text/html")
	for name, accept := range map[string]string{
		"Chrome": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
		"curl":   "*/*",
	} {
		lines := []string{accept}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ChooseMediaType(offers, lines)
			}
		})
	}
}

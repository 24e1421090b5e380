package middleware

import (
	"math"
	"mime"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// FuzzMediaTypeScan checks the zero-allocation scanner against
// mime.ParseMediaType: whatever the scanner accepts, mime accepts with the
// same type and subtype, and the reverse holds for HTTP's syntax.
func FuzzMediaTypeScan(f *testing.F) {
	for _, s := range []string{
		"application/json", "Application/JSON; Charset=\"UTF-8\"", "text/html;level=1;q=0.5",
		"application/vnd.api+json", "a/b; x=\"q\\\"uoted;,\"", "a/b;", "a/b; ;", "a/b;c", "a/b;c=",
		"/json", "json", "a/b/c", "a/b; x=1; x=2", "\xff/\xfe", "text/plain; title*=us-ascii'en'x%20y",
		"a/b;" + strings.Repeat("p=v;", 300), "a/b; c=\"" + strings.Repeat("\\", 101),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		typ, sub, params, ok := splitMediaType(s)
		mt, mparams, err := mime.ParseMediaType(s)
		if ok {
			if err != nil {
				// mime refuses repeated parameter names and empty quoted
				// values, which HTTP allows (RFC 9110 §5.6.4, §5.6.6).
				assert.True(t, strings.Contains(err.Error(), "duplicate parameter") || hasEmptyQuotedParam(params), "%q: %v", s, err)
				return
			}
			assert.Equal(t, mt, strings.ToLower(typ+"/"+sub), s)
			seen := map[string]int{}
			for rest := params; trimOWS(rest) != ""; {
				var name, value string
				name, value, rest, ok = nextMediaParam(rest)
				assert.True(t, ok)
				name = strings.ToLower(name)
				// mime unescapes only tspecials after a backslash and
				// decodes RFC 2231 names; HTTP does neither.
				if seen[name]++; seen[name] == 1 && !strings.Contains(name, "*") && !strings.Contains(value, `\`) {
					assert.Equal(t, mparams[name], unquoteMediaValue(value), s)
				}
			}
			return
		}
		// MIME tokens (RFC 2045) may hold "{" and "}", HTTP tokens may not;
		// mime also trims Unicode space, skips empty parameters and allows
		// control characters in quoted strings, which HTTP does not.
		if err == nil && strings.Contains(mt, "/") && !strings.ContainsAny(s, "{}*\u0085\u00a0") &&
			!strings.Contains(s, ";;") && !strings.ContainsFunc(s, isMediaControl) {
			t.Errorf("mime accepts %q as %q, the scanner does not", s, mt)
		}
	})
}

// isMediaControl reports whether r is a control character.
func isMediaControl(r rune) bool { return r < ' ' || r == 0x7f }

// hasEmptyQuotedParam reports whether a parameter value is "".
func hasEmptyQuotedParam(params string) bool {
	for rest := params; trimOWS(rest) != ""; {
		_, value, r, ok := nextMediaParam(rest)
		if !ok {
			return false
		}
		if value == `""` {
			return true
		}
		rest = r
	}
	return false
}

// qvalueGrammar is RFC 9110 §12.4.2's qvalue.
var qvalueGrammar = regexp.MustCompile(`^(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$`)

// FuzzAcceptWeight checks parseAcceptWeight against the grammar and
// strconv.ParseFloat.
func FuzzAcceptWeight(f *testing.F) {
	for _, s := range []string{"0", "1", "0.5", "0.123", "1.000", "1.", "0.", "1.0001", "-1", "NaN", "Inf", "0.1234", "1.5", ".5", "+1", "0x1", "1e0", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, ok := parseAcceptWeight(s)
		assert.Equal(t, qvalueGrammar.MatchString(s), ok, s)
		if !ok {
			return
		}
		v, err := strconv.ParseFloat(strings.TrimSuffix(s, "."), 64)
		assert.NoError(t, err)
		assert.Equal(t, int(math.Round(v*1000)), w, s)
	})
}

func TestSplitAcceptWeight(t *testing.T) {
	tests := []struct {
		elem   string
		value  string
		weight int
		ok     bool
	}{
		{"text/html", "text/html", 1000, true},
		{"text/html;level=1;q=0.5;ext=1", "text/html;level=1", 500, true},
		{"text/html ; Q=0", "text/html", 0, true},
		{"text/html;q=1.0001", "", 0, false},
		{"text/html;q=-1", "", 0, false},
		{"text/html;q=NaN", "", 0, false},
		{"text/html;q", "", 0, false},
		{"en-GB;q=0.8", "en-GB", 800, true},
		{`text/html;x="a;q=0";q=0.2`, `text/html;x="a;q=0"`, 200, true},
	}
	for _, tt := range tests {
		value, weight, ok := splitAcceptWeight(tt.elem)
		assert.Equal(t, tt.ok, ok, tt.elem)
		assert.Equal(t, tt.weight, weight, tt.elem)
		assert.Equal(t, tt.value, value, tt.elem)
	}
}

func TestIsLanguageRange(t *testing.T) {
	for s, want := range map[string]bool{
		"*": true, "en": true, "en-GB": true, "zh-Hant-TW": true, "de-CH-1996": true, "x-klingon": true,
		"": false, "en-": false, "-en": false, "en--GB": false, "1en": false, "toolonglang": false, "en_GB": false, "é": false,
	} {
		assert.Equal(t, want, isLanguageRange(s), s)
	}
}

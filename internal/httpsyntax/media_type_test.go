package httpsyntax

import (
	"mime"
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
		typ, sub, params, ok := SplitMediaType(s)
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
			for rest := params; TrimOWS(rest) != ""; {
				var name, value string
				name, value, rest, ok = NextMediaParam(rest)
				assert.True(t, ok)
				name = strings.ToLower(name)
				// mime unescapes only tspecials after a backslash and
				// decodes RFC 2231 names; HTTP does neither.
				if seen[name]++; seen[name] == 1 && !strings.Contains(name, "*") && !strings.Contains(value, `\`) {
					assert.Equal(t, mparams[name], UnquoteMediaValue(value), s)
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
	for rest := params; TrimOWS(rest) != ""; {
		_, value, r, ok := NextMediaParam(rest)
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

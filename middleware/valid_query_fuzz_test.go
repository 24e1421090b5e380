package middleware

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzQueryParsesCleanly checks the zero-allocation query check against
// url.ParseQuery, the parser whose failures ValidQuery refuses.
func FuzzQueryParsesCleanly(f *testing.F) {
	for _, s := range []string{"", "a=1&b=2", "q=%zz", "q=100%", "q=%4", "%41=%e2%82%AC", "a=1;b=2", "+%20+", "\xff=%ff", strings.Repeat("a=%41&", 1000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_, err := url.ParseQuery(q)
		if got := queryParsesCleanly(q); got != (err == nil) {
			t.Errorf("queryParsesCleanly(%q) = %v, url.ParseQuery error: %v", q, got, err)
		}
	})
}

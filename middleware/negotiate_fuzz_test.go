package middleware_test

import (
	"mime"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/middleware"
)

// FuzzNegotiate feeds hostile Accept, Accept-Language and Accept-Charset
// values: no panic, and the choice is always one of the offers.
func FuzzNegotiate(f *testing.F) {
	f.Add(acceptChrome, acceptLangChrome, "utf-8, iso-8859-1;q=0.5")
	f.Add("text/html;q=1.0001, */*;q=-1", "de;q=NaN, en;q=1.5", "*;q=0x1")
	f.Add(strings.Repeat("a/b;q=0.5,", 500), strings.Repeat("en-GB-oxendict-x-a,", 500), strings.Repeat("*,", 500))
	f.Add("text/html;p=\""+strings.Repeat("x", 10_000)+"\"", "zh-Hant-TW-u-co-pinyin;q=0.9, *;q=0", "\xff\xfe")
	f.Add("*", "xn--bcher-kva, i-klingon, x-private, *-US", ",,,;")
	offers := []string{"application/json", "text/html; charset=utf-8", "text/plain"}
	langs := []string{"en", "de-CH", "zh-Hant"}
	charsets := []string{"utf-8", "iso-8859-1"}
	var got middleware.Negotiated
	var called bool
	h := middleware.Negotiate(offers, middleware.NegotiateLanguages(langs...), middleware.NegotiateCharsets(charsets...))(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got, called = middleware.NegotiatedFrom(r.Context()) }))
	f.Fuzz(func(t *testing.T, accept, lang, charset string) {
		called = false
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept", accept)
		r.Header.Set("Accept-Language", lang)
		r.Header.Set("Accept-Charset", charset)
		h.ServeHTTP(httptest.NewRecorder(), r)
		assert.True(t, called)
		assert.Contains(t, offers, got.MediaType)
		assert.Contains(t, langs, got.Language)
		assert.Contains(t, charsets, got.Charset)
	})
}

// FuzzContentHeaders feeds hostile Content-Type and Content-Encoding values
// to AllowContentTypes and AllowContentEncodings: no panic, and a type
// that passes is one mime.ParseMediaType reads as allowed.
func FuzzContentHeaders(f *testing.F) {
	for _, s := range []string{"application/json", "application/vnd.a+json;charset=\"utf-8\"", "text/html", "application/+json", "\xff/\xfe", "application/json;" + strings.Repeat("a=b;", 1000), "*/*"} {
		f.Add(s, "gzip, identity")
	}
	var passed bool
	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { passed = true })
	types := middleware.AllowContentTypes("application/json", "application/*+json")(next)
	codings := middleware.AllowContentEncodings("gzip")(next)
	f.Fuzz(func(t *testing.T, contentType, encoding string) {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}"))
		r.Header.Set("Content-Type", contentType)
		r.Header.Set("Content-Encoding", encoding)
		passed = false
		types.ServeHTTP(httptest.NewRecorder(), r)
		if passed {
			mt, _, err := mime.ParseMediaType(contentType)
			if err == nil {
				assert.True(t, mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json") && len(mt) > len("application/+json")), contentType)
			}
		}
		passed = false
		codings.ServeHTTP(httptest.NewRecorder(), r)
		if passed {
			for c := range strings.SplitSeq(encoding, ",") {
				c = strings.ToLower(strings.Trim(c, " \t"))
				assert.True(t, slices.Contains([]string{"", "gzip", "identity"}, c), encoding)
			}
		}
	})
}

// TestNegotiateBoundedWork shows that the work per request does not grow
// with the number of Accept-Language ranges past the bound: allocations
// for 5,000 ranges equal those for 40. AllocsPerRun counts the whole
// process, where goroutines of earlier tests may still be ending, so it
// averages over many runs and allows one allocation of noise; work growing
// with the ranges would cost hundreds.
func TestNegotiateBoundedWork(t *testing.T) {
	h := middleware.Negotiate([]string{"text/html"}, middleware.NegotiateLanguages("en", "de"))(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	allocs := func(n int) float64 {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept", strings.Repeat("text/plain;q=0.5, ", n)+"text/html")
		r.Header.Set("Accept-Language", strings.Repeat("fr-FR;q=0.5, it;q=0, ", n)+"de")
		w := httptest.NewRecorder()
		return testing.AllocsPerRun(100, func() { clear(w.Header()); h.ServeHTTP(w, r) })
	}
	assert.InDelta(t, allocs(40), allocs(5000), 1)
}

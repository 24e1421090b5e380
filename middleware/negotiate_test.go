package middleware_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

// showNegotiated answers with the choice Negotiate made, as JSON.
var showNegotiated = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	n, ok := middleware.NegotiatedFrom(r.Context())
	if !ok {
		http.Error(w, "no negotiation", http.StatusInternalServerError)
		return
	}
	_ = json.NewEncoder(w).Encode(n)
})

// negotiateOver sends one request with the given header lines to srv and
// returns the response and its body.
func negotiateOver(t *testing.T, srv *httptest.Server, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/items/1", nil)
	require.NoError(t, err)
	req.Header = header
	res, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, body
}

// Real Accept fields, as the clients named send them.
const (
	acceptChrome     = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
	acceptFirefox    = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	acceptChromeImg  = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
	acceptAxios      = "application/json, text/plain, */*"
	acceptHTTPie     = "application/json, */*;q=0.5"
	acceptJava       = "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"
	acceptGitHubAPI  = "application/vnd.github+json"
	acceptOldIE      = "image/jpeg, application/x-ms-application, image/gif, application/xaml+xml, image/pjpeg, application/x-ms-xbap, */*"
	acceptLangChrome = "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7"
)

func TestNegotiateMediaTypes(t *testing.T) {
	offers := []string{"application/json", "text/html", "text/plain"}
	lenient := testserver.Start(t, middleware.Negotiate(offers)(showNegotiated))
	strict := testserver.Start(t, middleware.Negotiate(offers, middleware.NegotiateStrictly())(showNegotiated))

	tests := []struct {
		name   string
		accept []string
		want   string // "" means no offer is acceptable
	}{
		{"no Accept", nil, "application/json"},
		{"curl, fetch, Python requests", []string{"*/*"}, "application/json"},
		{"Chrome navigation", []string{acceptChrome}, "text/html"},
		{"Firefox and Safari navigation", []string{acceptFirefox}, "text/html"},
		{"Chrome image", []string{acceptChromeImg}, "application/json"},
		{"axios: tie goes to the earlier offer", []string{acceptAxios}, "application/json"},
		{"HTTPie", []string{acceptHTTPie}, "application/json"},
		{"Java: q=.2 is invalid and ignored", []string{acceptJava}, "text/html"},
		{"old Internet Explorer", []string{acceptOldIE}, "application/json"},
		{"GitHub API client", []string{acceptGitHubAPI}, ""},
		{"type wildcard", []string{"text/*;q=0.5, application/json;q=0.4"}, "text/html"},
		{"most specific range wins", []string{"text/*;q=0.3, text/plain;q=0.9, */*;q=0.1"}, "text/plain"},
		{"specific q=0 beats wildcard", []string{"application/json;q=0, */*"}, "text/html"},
		{"parameter must match", []string{"text/html;level=1, text/plain;q=0.5"}, "text/plain"},
		{"parameter after q narrows the range", []string{"text/plain;q=0.5;format=flowed, text/html;q=0.1"}, "text/html"},
		{"q anywhere is the weight", []string{"text/html;Q=0.2;level=1, text/plain;q=0.1"}, "text/plain"},
		{"case-insensitive", []string{"TEXT/HTML"}, "text/html"},
		{"several lines", []string{"image/png", "text/plain"}, "text/plain"},
		{"q above 1 ignored", []string{"text/plain;q=1.0001, text/html;q=0.5"}, "text/html"},
		{"negative q ignored", []string{"application/json;q=-1, text/plain"}, "text/plain"},
		{"NaN only: field disregarded", []string{"application/json;q=NaN"}, "application/json"},
		{"four decimals ignored", []string{"text/plain;q=0.1234, text/html;q=0.123"}, "text/html"},
		{"everything refused", []string{"*/*;q=0"}, ""},
		{"garbage disregarded", []string{",,;;==, /, text/, \xff\xfe/\x80, a/b;c"}, "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for _, a := range tt.accept {
				h.Add("Accept", a)
			}
			res, body := negotiateOver(t, lenient, h)
			require.Equal(t, http.StatusOK, res.StatusCode, string(body))
			assert.Equal(t, []string{"Accept"}, res.Header.Values("Vary"))
			var got middleware.Negotiated
			require.NoError(t, json.Unmarshal(body, &got))
			want := tt.want
			if want == "" {
				want = "application/json"
			}
			assert.Equal(t, want, got.MediaType, "lenient")

			res, body = negotiateOver(t, strict, h)
			if tt.want != "" {
				assert.Equal(t, http.StatusOK, res.StatusCode, "strict")
				return
			}
			require.Equal(t, http.StatusNotAcceptable, res.StatusCode, "strict")
			assert.Contains(t, res.Header.Values("Vary"), "Accept")
			d := testserver.DecodeProblem(t, body)
			assert.Equal(t, "Not Acceptable", d.Title)
			assert.Contains(t, d.Detail, "application/json, text/html, text/plain")
			assert.Equal(t, []any{"application/json", "text/html", "text/plain"}, d.Extensions["media_types"])
		})
	}
}

func TestNegotiateLanguagesAndCharsets(t *testing.T) {
	t.Parallel()
	mw := func(opts ...middleware.NegotiateOption) http.Handler {
		opts = append(opts, middleware.NegotiateLanguages("en", "de", "fr-CH"), middleware.NegotiateCharsets("utf-8", "iso-8859-1"))
		return middleware.Negotiate([]string{"text/html; charset=utf-8", "application/json"}, opts...)(showNegotiated)
	}
	lenient := testserver.Start(t, mw())
	strict := testserver.Start(t, mw(middleware.NegotiateStrictly()))

	tests := []struct {
		name, field, value string
		lang, charset      string
		refused            bool
	}{
		{"no fields", "", "", "en", "utf-8", false},
		{"Chrome in German", "Accept-Language", acceptLangChrome, "de", "utf-8", false},
		{"regional variant", "Accept-Language", "en-GB", "en", "utf-8", false},
		{"French from France gets Swiss French", "Accept-Language", "fr-FR, fr;q=0.9", "fr-CH", "utf-8", false},
		{"weights order the ranges", "Accept-Language", "en;q=0.2, de;q=0.8", "de", "utf-8", false},
		{"unoffered language", "Accept-Language", "ja", "en", "utf-8", true},
		{"wildcard", "Accept-Language", "ja, *;q=0.1", "en", "utf-8", false},
		{"exclusion with wildcard", "Accept-Language", "en;q=0, *", "de", "utf-8", false},
		{"same exclusion, cached matcher", "Accept-Language", "en;q=0, fr-CH;q=0.9, de;q=0.5", "fr-CH", "utf-8", false},
		{"repeated range counts once, with its highest weight", "Accept-Language", "de;q=0.5, fr-CH;q=0.7, de", "de", "utf-8", false},
		{"exclusion of a prefix", "Accept-Language", "fr;q=0, fr-CH, de;q=0.5", "de", "utf-8", false},
		{"wildcard refused, language wanted", "Accept-Language", "*;q=0, de", "de", "utf-8", false},
		{"hostile q disregards the field", "Accept-Language", "de;q=NaN", "en", "utf-8", false},
		{"charset preference", "Accept-Charset", "iso-8859-1, utf-8;q=0.5", "en", "iso-8859-1", false},
		{"charset case-insensitive", "Accept-Charset", "ISO-8859-1", "en", "iso-8859-1", false},
		{"charset excluded, other unlisted", "Accept-Charset", "utf-8;q=0", "en", "utf-8", true},
		{"charset wildcard", "Accept-Charset", "*;q=0.1, utf-8;q=0", "en", "iso-8859-1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.field != "" {
				h.Set(tt.field, tt.value)
			}
			res, body := negotiateOver(t, lenient, h)
			require.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, []string{"Accept, Accept-Language, Accept-Charset"}, res.Header.Values("Vary"))
			var got middleware.Negotiated
			require.NoError(t, json.Unmarshal(body, &got))
			assert.Equal(t, middleware.Negotiated{MediaType: "text/html; charset=utf-8", Language: tt.lang, Charset: tt.charset}, got)

			res, body = negotiateOver(t, strict, h)
			if !tt.refused {
				assert.Equal(t, http.StatusOK, res.StatusCode, "strict")
				return
			}
			require.Equal(t, http.StatusNotAcceptable, res.StatusCode, "strict")
			d := testserver.DecodeProblem(t, body)
			assert.Contains(t, d.Detail, tt.field)
			assert.Equal(t, []any{"en", "de", "fr-CH"}, d.Extensions["languages"])
			assert.Equal(t, []any{"utf-8", "iso-8859-1"}, d.Extensions["charsets"])
		})
	}
}

func TestNegotiateHEADAndHTTP2(t *testing.T) {
	for proto, srv := range testserver.Servers(t, middleware.Negotiate([]string{"application/json"}, middleware.NegotiateStrictly())(showNegotiated)) {
		req, err := http.NewRequest(http.MethodHead, srv.URL, nil)
		require.NoError(t, err)
		req.Header.Set("Accept", "image/png")
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		_ = res.Body.Close()
		assert.Equal(t, proto, res.Proto)
		assert.Equal(t, http.StatusNotAcceptable, res.StatusCode)
		assert.Empty(t, body)
		assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
	}
}

func TestNegotiatedFromWithoutNegotiate(t *testing.T) {
	_, ok := middleware.NegotiatedFrom(httptest.NewRequest(http.MethodGet, "/", nil).Context())
	assert.False(t, ok)
}

func TestNegotiatePanics(t *testing.T) {
	assert.PanicsWithValue(t, "middleware: Negotiate: needs at least one media type", func() { middleware.Negotiate(nil) })
	for name, f := range map[string]func(){
		"range":       func() { middleware.Negotiate([]string{"text/*"}) },
		"no slash":    func() { middleware.Negotiate([]string{"json"}) },
		"language":    func() { middleware.Negotiate([]string{"text/html"}, middleware.NegotiateLanguages("not a tag")) },
		"charset":     func() { middleware.Negotiate([]string{"text/html"}, middleware.NegotiateCharsets("*")) },
		"no language": func() { middleware.NegotiateLanguages() },
		"no charset":  func() { middleware.NegotiateCharsets() },
	} {
		assert.Panics(t, f, name)
	}
}

// acceptLangExcluding is a 1 KB Accept-Language that excludes an offer.
var acceptLangExcluding = "en;q=0, " + strings.Repeat("fr-CA;q=0.5, ", 80) + "de;q=0.9"

func BenchmarkNegotiate(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	get := func(accept, lang string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/items/1", nil)
		if accept != "" {
			r.Header.Set("Accept", accept)
		}
		if lang != "" {
			r.Header.Set("Accept-Language", lang)
		}
		return r
	}
	types := middleware.Negotiate([]string{"application/json", "text/html"})(ok)
	strict := middleware.Negotiate([]string{"application/json", "text/html"}, middleware.NegotiateStrictly())(ok)
	langs := middleware.Negotiate([]string{"application/json", "text/html"}, middleware.NegotiateLanguages("en", "de", "fr"))(ok)
	many := get(strings.Repeat("application/x-a;q=0.5, ", 200)+"*/*;q=0.1", "")
	benchMiddleware(b, []benchCase{
		{"bare", ok, get(acceptChrome, "")},
		{"no Accept", types, get("", "")},
		{"Chrome Accept", types, get(acceptChrome, "")},
		{"Chrome Accept and Accept-Language", langs, get(acceptChrome, acceptLangChrome)},
		{"Accept-Language 1 KB with q=0", langs, get(acceptChrome, acceptLangExcluding)},
		{"200 ranges", types, many},
		{"reject", strict, get(acceptGitHubAPI, "")},
	})
}

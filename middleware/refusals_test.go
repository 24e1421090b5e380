package middleware_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

// served answers 200, reading the whole body first, so a refusal made
// while reading shows.
var served = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		return
	}
	_, _ = io.WriteString(w, "served\n")
})

// decoding answers 200 when the body decodes into an item with d.
func decoding(d middleware.JSONDecoder) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var item struct {
			Name  string `json:"name"`
			Count int    `json:"count"`
		}
		if d.Decode(w, r, &item) == nil {
			_, _ = io.WriteString(w, "served\n")
		}
	})
}

var (
	jsonType     = http.Header{"Content-Type": {"application/json"}}
	refusalUsers = map[string]string{"admin": "s3cret"}
	refusalToken = func(_ *http.Request, token string) (any, error) {
		if token == "good" {
			return "user", nil
		}
		return nil, middleware.BearerInvalidToken("The token <expired> & was revoked.")
	}
)

// TestRefusals runs every refusal of the package through the contract of
// problem.Write and compares the bytes with testdata/refusals.
func TestRefusals(t *testing.T) {
	t.Parallel()
	testserver.CheckRefusals(t, []testserver.Refusal{
		{Name: "MaxURILength", Handler: middleware.MaxURILength(16)(served), Target: "/items/0123456789abcdef?q=1",
			Status: 414, Source: "middleware.MaxURILength"},
		{Name: "LegalBlocks", Handler: middleware.LegalBlocks([]middleware.LegalBlock{{
			Pattern: "/withheld", BlockedBy: "https://example.com/legal", Demand: "Withheld on a <court> order & more.",
		}})(served), Target: "/withheld", Status: 451, Source: "middleware.LegalBlocks"},
		{Name: "MaxBodySizeDeclared", Handler: middleware.MaxBodySize(8)(served), Method: "POST", Body: "0123456789abcdef",
			Status: 413, Source: "middleware.MaxBodySize"},
		{Name: "MaxBodySizeStreamed", Handler: middleware.MaxBodySize(8)(served), Method: "POST", Body: "0123456789abcdef", Chunked: true,
			Status: 413, Source: "middleware.MaxBodySize"},
		{Name: "MaxBodySizeTemporary", Handler: middleware.MaxBodySize(8, middleware.MaxBodySizePerRequest(func(*http.Request) (int64, time.Duration) {
			return 8, 90 * time.Second
		}))(served), Method: "PUT", Body: "0123456789abcdef", Status: 413, Source: "middleware.MaxBodySize"},
		{Name: "Negotiate", Handler: middleware.Negotiate([]string{"application/json", "text/html", "text/plain"},
			middleware.NegotiateLanguages("en"), middleware.NegotiateStrictly())(served),
			Header: http.Header{"Accept-Language": {"fr"}}, Status: 406, Source: "middleware.Negotiate"},
		{Name: "SingletonHeaders", Handler: middleware.SingletonHeaders()(served),
			Header: http.Header{"From": {"a@example.com", "b@example.com"}}, Status: 400, Source: "middleware.SingletonHeaders"},
		{Name: "AllowContentTypesPost", Handler: middleware.AllowContentTypes("application/json", "application/*+json")(served), Method: "POST",
			Header: http.Header{"Content-Type": {"text/xml"}}, Body: "<a/>", Status: 415, Source: "middleware.AllowContentTypes"},
		{Name: "AllowContentTypesPatch", Handler: middleware.AllowContentTypes("application/merge-patch+json")(served), Method: "PATCH",
			Body: `{"a":1}`, Status: 415, Source: "middleware.AllowContentTypes"},
		{Name: "AllowContentEncodings", Handler: middleware.AllowContentEncodings("gzip")(served), Method: "POST",
			Header: http.Header{"Content-Encoding": {"br"}}, Body: "x", Status: 415, Source: "middleware.AllowContentEncodings"},
		{Name: "ValidQuery", Handler: middleware.ValidQuery()(served), Target: "/search?q=%zz&<b>=\"1\"",
			Status: 400, Source: "middleware.ValidQuery"},
		{Name: "BodyReadTimeout", Handler: middleware.BodyReadTimeout(50 * time.Millisecond)(served), Method: "POST", Body: "start", Stall: true,
			Status: 408, Source: "middleware.BodyReadTimeout"},
		{Name: "JSONDecoderNoType", Handler: decoding(middleware.JSONDecoder{}), Method: "POST", Body: `{}`,
			Status: 415, Source: "middleware.JSONDecoder"},
		{Name: "JSONDecoderSyntax", Handler: decoding(middleware.JSONDecoder{}), Method: "POST", Header: jsonType, Body: `{"name": "a",}`,
			Status: 400, Source: "middleware.JSONDecoder"},
		{Name: "JSONDecoderEmpty", Handler: decoding(middleware.JSONDecoder{}), Method: "POST", Header: jsonType,
			Status: 400, Source: "middleware.JSONDecoder"},
		{Name: "JSONDecoderType", Handler: decoding(middleware.JSONDecoder{}), Method: "POST", Header: jsonType, Body: `{"count": "<3>"}`,
			Status: 400, Source: "middleware.JSONDecoder"},
		{Name: "JSONDecoderUnknownField", Handler: decoding(middleware.JSONDecoder{DisallowUnknownFields: true}), Method: "POST", Header: jsonType, Body: `{"nope": 1}`,
			Status: 400, Source: "middleware.JSONDecoder"},
		{Name: "JSONDecoderTrailing", Handler: decoding(middleware.JSONDecoder{DisallowTrailingData: true}), Method: "POST", Header: jsonType, Body: `{} {}`,
			Status: 400, Source: "middleware.JSONDecoder"},
		{Name: "JSONDecoderRepeatedName", Handler: decoding(middleware.JSONDecoder{IJSON: true}), Method: "POST", Header: jsonType, Body: `{"name": "a", "name": "<b>"}`,
			Status: 400, Source: "middleware.JSONDecoder"},
		{Name: "JSONDecoderNotUTF8", Handler: decoding(middleware.JSONDecoder{IJSON: true}), Method: "POST", Header: jsonType, Body: "{\"name\": \"\xff\"}",
			Status: 400, Source: "middleware.JSONDecoder"},
		{Name: "JSONDecoderTooLarge", Handler: decoding(middleware.JSONDecoder{MaxBytes: 8}), Method: "POST", Header: jsonType, Body: `{"name": "0123456789"}`,
			Status: 413, Source: "middleware.JSONDecoder"},
		{Name: "AllowHosts", Handler: middleware.AllowHosts("example.com", "*.example.com")(served), Host: "evil.example:8080",
			Status: 400, Source: "middleware.AllowHosts"},
		{Name: "AuthenticateMissing", Handler: middleware.Authenticate(middleware.BasicAuth("fourxx \"demo\"", refusalUsers))(served),
			Status: 401, Source: "middleware.Authenticate"},
		{Name: "AuthenticateWrong", Handler: middleware.Authenticate(middleware.BasicAuth("demo", refusalUsers))(served),
			Header: http.Header{"Authorization": {"Basic YWRtaW46d3Jvbmc="}}, Status: 401, Source: "middleware.Authenticate"},
		{Name: "AuthenticateTwice", Handler: middleware.Authenticate(middleware.BasicAuth("demo", refusalUsers))(served),
			Header: http.Header{"Authorization": {"Basic a", "Basic b"}}, Status: 400, Source: "middleware.Authenticate"},
		{Name: "AuthenticateBearer", Handler: middleware.Authenticate(middleware.BearerAuth("api", refusalToken, "read", "write"))(served),
			Header: http.Header{"Authorization": {"Bearer bad"}}, Status: 401, Source: "middleware.Authenticate"},
		{Name: "ProxyAuthenticate", Handler: middleware.ProxyAuthenticate(middleware.BasicAuth("proxy", refusalUsers))(served),
			Status: 407, Source: "middleware.ProxyAuthenticate"},
		{Name: "Gone", Handler: middleware.Gone([]middleware.GonePath{
			{Pattern: "/v1/*", Successor: "/items", Detail: "The v1 API was switched off; the items are at /items."},
		})(served), Target: "/v1/items", Status: 410, Source: "middleware.Gone"},
		{Name: "Expect", Handler: middleware.Expect()(served), Header: http.Header{"Expect": {"100-continue, x-fast"}},
			Status: 417, Source: "middleware.Expect"},
		{Name: "RequireContentLength", Handler: middleware.RequireContentLength()(served), Method: "PUT", Body: "{}", Chunked: true,
			Status: 411, Source: "middleware.RequireContentLength"},
		{Name: "Forbid", Handler: middleware.Forbid([]middleware.AccessRule{
			{Headers: http.Header{"User-Agent": {"BadBot/1.0"}}, Reason: "This crawler ignores robots.txt & is refused."},
		})(served), Header: http.Header{"User-Agent": {"BadBot/1.0"}}, Status: 403, Source: "middleware.Forbid"},
		{Name: "ForbidAsNotFound", Handler: middleware.Forbid([]middleware.AccessRule{{PathPrefixes: []string{"/internal"}}},
			middleware.ForbidAsNotFound(nil))(served), Target: "/internal/stats", Status: 404, Source: "middleware.Forbid"},
		{Name: "PaymentGate", Handler: middleware.PaymentGate(func(*http.Request) (bool, string) {
			return true, "The free plan cannot create items; upgrade."
		}, middleware.PaymentGateLink("https://example.com/billing"))(served), Method: "POST", Body: "{}",
			Status: 402, Source: "middleware.PaymentGate"},
	})
}

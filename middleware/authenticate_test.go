package middleware_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
)

// whoAmI answers 200 with the identity Authenticate verified.
var whoAmI = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	id, ok := middleware.Identity[string](r.Context())
	_, _ = fmt.Fprintf(w, "identity=%s ok=%t", id, ok)
})

// basicCredentials is the Authorization value for user and password.
func basicCredentials(user, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}

// authTestVerifyToken accepts "good" and "reader", which lacks the write scope.
func authTestVerifyToken(r *http.Request, token string) (any, error) {
	switch token {
	case "good":
		return "svc-1", nil
	case "reader":
		return nil, middleware.BearerInsufficientScope("This token may only read.", "items:write")
	case "boom":
		return nil, errors.New("database password is hunter2")
	}
	return nil, middleware.BearerInvalidToken(`The token "` + token + `" expired.`)
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	basic := middleware.BasicAuth(`Items "admin" \ area`, map[string]string{"ada": "pa:ss wörd"})
	bearer := middleware.BearerAuth("items", authTestVerifyToken)
	h := middleware.Authenticate(basic, bearer)(whoAmI)
	const (
		basicChallenge  = `Basic realm="Items \"admin\" \\ area", charset="UTF-8"`
		bearerChallenge = `Bearer realm="items"`
	)

	tests := []struct {
		name       string
		method     string
		auth       []string
		status     int
		challenges []string
		body       string
	}{
		{"no credentials", "GET", nil, 401, []string{basicChallenge, bearerChallenge}, "needs credentials"},
		{"empty field", "GET", []string{""}, 401, []string{basicChallenge, bearerChallenge}, "needs credentials"},
		{"basic ok, password with colon", "GET", []string{basicCredentials("ada", "pa:ss wörd")}, 200, nil, "identity=ada ok=true"},
		{"scheme is case-insensitive", "GET", []string{strings.Replace(basicCredentials("ada", "pa:ss wörd"), "Basic", "bASIC", 1)}, 200, nil, "identity=ada"},
		{"basic wrong password", "GET", []string{basicCredentials("ada", "pa:ss")}, 401, []string{basicChallenge, bearerChallenge}, "user-id or password is wrong"},
		{"basic unknown user", "GET", []string{basicCredentials("bob", "pa:ss wörd")}, 401, []string{basicChallenge, bearerChallenge}, "user-id or password is wrong"},
		{"basic not base64", "GET", []string{"Basic !!!"}, 401, []string{basicChallenge, bearerChallenge}, "base64"},
		{"basic no colon", "GET", []string{"Basic " + base64.StdEncoding.EncodeToString([]byte("ada"))}, 401, nil, "with a colon"},
		{"basic not UTF-8", "GET", []string{"Basic " + base64.StdEncoding.EncodeToString([]byte("ada:\xff"))}, 401, nil, "UTF-8"},
		{"two fields", "GET", []string{basicCredentials("ada", "pa:ss wörd"), "Bearer good"}, 400, []string{basicChallenge, bearerChallenge}, "Send one Authorization field"},
		{"unknown scheme", "GET", []string{"Digest username=ada"}, 401, []string{basicChallenge, bearerChallenge}, "does not accept"},
		{"bearer ok", "GET", []string{"Bearer good"}, 200, nil, "identity=svc-1"},
		{"bearer invalid token", "GET", []string{"Bearer old"}, 401, []string{basicChallenge, `Bearer realm="items", error="invalid_token", error_description="The token 'old' expired."`}, `The token \"old\" expired.`},
		{"bearer insufficient scope", "GET", []string{"Bearer reader"}, 403, []string{basicChallenge, `Bearer realm="items", error="insufficient_scope", error_description="This token may only read.", scope="items:write"`}, "may only read"},
		{"bearer malformed token", "GET", []string{"Bearer a b"}, 400, []string{basicChallenge, `Bearer realm="items", error="invalid_request", error_description="Send Authorization: Bearer <token>, with a token of letters, digits and -._~+/ and trailing =."`}, "invalid_request"},
		{"bearer without token", "GET", []string{"Bearer"}, 400, nil, "invalid_request"},
		{"verifier error is an invalid token, its text private", "GET", []string{"Bearer boom"}, 401, []string{basicChallenge, `Bearer realm="items", error="invalid_token"`}, "The bearer token was refused: invalid_token."},
		{"HEAD has no body", "HEAD", nil, 401, []string{basicChallenge, bearerChallenge}, ""},
	}
	for proto, srv := range testserver.Servers(t, h) {
		for _, tt := range tests {
			t.Run(proto+"/"+tt.name, func(t *testing.T) {
				req, err := http.NewRequest(tt.method, srv.URL+"/items/1", nil)
				require.NoError(t, err)
				for _, a := range tt.auth {
					req.Header.Add("Authorization", a)
				}
				res, err := srv.Client().Do(req)
				require.NoError(t, err)
				defer res.Body.Close()
				body, err := io.ReadAll(res.Body)
				require.NoError(t, err)
				assert.Equal(t, tt.status, res.StatusCode, string(body))
				if tt.status != http.StatusOK {
					assert.NotEmpty(t, res.Header.Values("WWW-Authenticate"), "every refusal carries a challenge")
				}
				if tt.challenges != nil {
					assert.Equal(t, tt.challenges, res.Header.Values("WWW-Authenticate"))
				}
				if tt.method == http.MethodHead {
					assert.Empty(t, body)
					assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
					return
				}
				assert.Contains(t, string(body), tt.body)
				assert.NotContains(t, string(body), "hunter2")
			})
		}
	}
}

func TestAuthenticateProblemMembers(t *testing.T) {
	var source string
	capture := problem.RendererFunc(func(w http.ResponseWriter, r *http.Request, d *problem.Details) {
		source = d.Source
		problem.Standard{}.Render(w, r, d)
	})
	h := problem.WithRenderer(capture)(middleware.Authenticate(middleware.BasicAuth("x", nil))(whoAmI))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodDelete, "/", nil))
	require.Equal(t, http.StatusUnauthorized, rec.Code)
	d := testserver.DecodeProblem(t, rec.Body.Bytes())
	assert.Equal(t, "Unauthorized", d.Title)
	assert.Equal(t, []any{"Basic"}, d.Extensions["schemes"])
	assert.Equal(t, "middleware.Authenticate", source)
}

func TestProxyAuthenticate(t *testing.T) {
	h := middleware.ProxyAuthenticate(middleware.BasicAuth("egress", map[string]string{"ci": "s3cret"}))(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id, _ := middleware.ProxyIdentity[string](r.Context())
			_, origin := middleware.Identity[string](r.Context())
			_, _ = fmt.Fprintf(w, "proxy=%s origin=%t", id, origin)
		}))
	srv := testserver.Start(t, h)
	tests := []struct {
		name   string
		lines  []string
		status int
		body   string
	}{
		{"missing", nil, 407, "needs credentials; send Proxy-Authorization"},
		{"Authorization is not for the proxy", []string{"Authorization: " + basicCredentials("ci", "s3cret")}, 407, "Proxy-Authorization"},
		{"wrong", []string{"Proxy-Authorization: " + basicCredentials("ci", "guess")}, 407, "wrong"},
		{"ok", []string{"Proxy-Authorization: " + basicCredentials("ci", "s3cret")}, 200, "proxy=ci origin=false"},
		{"HEAD has no body", nil, 407, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := "GET"
			if tt.body == "" {
				method = "HEAD"
			}
			res := testserver.Raw(t, srv, testserver.Request(method+" http://example.com/ HTTP/1.1", append([]string{"Host: example.com"}, tt.lines...), ""))
			assert.Equal(t, tt.status, res.Status)
			assert.Contains(t, string(res.Body), tt.body)
			if tt.status == http.StatusProxyAuthRequired {
				assert.Equal(t, `Basic realm="egress", charset="UTF-8"`, res.Header.Get("Proxy-Authenticate"))
				assert.Empty(t, res.Header.Get("WWW-Authenticate"))
				assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
			}
			if method == http.MethodHead {
				assert.Empty(t, res.Body)
			} else if tt.status == http.StatusProxyAuthRequired {
				assert.Contains(t, string(res.Body), `"title":"Proxy Authentication Required"`)
			}
		})
	}
}

func TestBasicAuthFunc(t *testing.T) {
	type user struct{ name string }
	scheme := middleware.BasicAuthFunc("db", func(r *http.Request, name, password string) (any, bool) {
		return user{name}, name == "ada" && password == ""
	})
	var got user
	h := middleware.Authenticate(scheme)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = middleware.Identity[user](r.Context())
	}))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Authorization", basicCredentials("ada", ""))
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, user{"ada"}, got)
}

func TestAuthenticatePanics(t *testing.T) {
	verify := func(*http.Request, string) (any, error) { return nil, nil }
	tests := map[string]func(){
		"no scheme": func() { middleware.Authenticate() },
		"no verify": func() { middleware.Authenticate(middleware.AuthScheme{Challenge: middleware.Challenge{Scheme: "X"}}) },
		"scheme not token": func() {
			middleware.Authenticate(middleware.AuthScheme{Challenge: middleware.Challenge{Scheme: "A B"}, Verify: verify})
		},
		"param not token": func() {
			middleware.Authenticate(middleware.AuthScheme{Challenge: middleware.Challenge{Scheme: "X", Params: []middleware.AuthParam{{"a=b", ""}}}, Verify: verify})
		},
		"duplicate scheme": func() {
			middleware.Authenticate(middleware.BearerAuth("a", verify), middleware.BearerAuth("b", verify))
		},
		"realm with CR LF":  func() { middleware.BasicAuth("a\r\nSet-Cookie: x", nil) },
		"user with colon":   func() { middleware.BasicAuth("a", map[string]string{"a:b": "c"}) },
		"empty user":        func() { middleware.BasicAuth("a", map[string]string{"": "c"}) },
		"nil check":         func() { middleware.BasicAuthFunc("a", nil) },
		"nil bearer verify": func() { middleware.BearerAuth("a", nil) },
		"proxy no scheme":   func() { middleware.ProxyAuthenticate() },
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			assert.PanicsWithValue(t, panicValueOf(f), f)
			assert.True(t, strings.HasPrefix(panicValueOf(f), "middleware: "), panicValueOf(f))
		})
	}
}

// panicValueOf returns the string f panics with, or "" if it does not.
func panicValueOf(f func()) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			msg = fmt.Sprint(v)
		}
	}()
	f()
	return ""
}

// FuzzAuthorization sends any Authorization value through Basic and Bearer:
// no panic, only 200, 400, 401 or 403, and every refusal carries both
// challenges, each a single line.
func FuzzAuthorization(f *testing.F) {
	for _, seed := range []string{
		"", "Basic", "Basic ", "Basic YWRhOnB3", basicCredentials("ada", "pw"), basicCredentials("ada", "p:w"),
		"Basic ====", "Basic YWRh", "Basic \xff\xfe", "basic   YWRhOnB3", "Bearer good", "Bearer reader", "Bearer a=b",
		"Bearer ===", "Bearer " + strings.Repeat("A", 1<<16), "Bearer \"quoted\"", "Bearer a\\b", "Bearer tok\x00en",
		"Digest realm=x", " Bearer good ", "Bearer\tgood",
	} {
		f.Add(seed)
	}
	h := middleware.Authenticate(
		middleware.BasicAuth("r", map[string]string{"ada": "pw"}),
		middleware.BearerAuth("r", authTestVerifyToken),
	)(whoAmI)
	f.Fuzz(func(t *testing.T, value string) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("Authorization", value)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
			return
		case http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden:
		default:
			t.Fatalf("status %d for %q", rec.Code, value)
		}
		challenges := rec.Header().Values("WWW-Authenticate")
		require.Len(t, challenges, 2)
		for _, c := range challenges {
			assert.NotContainsf(t, c, "\n", "%q", c)
			assert.NotContainsf(t, c, "\r", "%q", c)
		}
		assert.True(t, strings.HasPrefix(challenges[0], `Basic realm="r"`))
		assert.True(t, strings.HasPrefix(challenges[1], `Bearer realm="r"`))
	})
}

// BenchmarkBasicAuth measures Basic verification; the wrong passwords
// differ in where they stop matching and in length, to compare by eye.
func BenchmarkBasicAuth(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	secret := strings.Repeat("s", 32)
	h := middleware.Authenticate(middleware.BasicAuth("bench", map[string]string{"ada": secret}))(ok)
	get := func(auth string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Authorization", auth)
		return r
	}
	// No credentials, then credentials of another scheme: two
	// explanations in turn.
	refused := [...][]string{nil, {"Digest x"}}
	benchMiddleware(b, []benchCase{
		{"bare", ok, httptest.NewRequest(http.MethodGet, "/", nil)},
		{"pass", h, get(basicCredentials("ada", secret))},
		{"wrong first byte", h, get(basicCredentials("ada", "x"+secret[1:]))},
		{"wrong last byte", h, get(basicCredentials("ada", secret[:31]+"x"))},
		{"wrong and long", h, get(basicCredentials("ada", strings.Repeat("s", 1024)))},
		{"reject", h, httptest.NewRequest(http.MethodGet, "/", nil)},
		{"reject varying", alternating(h, func(r *http.Request, i int) { r.Header["Authorization"] = refused[i] }), get("")},
	})
}

// A challenge names each auth-param at most once (RFC 9110 §11.2): the
// scope an AuthError sends replaces the configured one.
func TestBearerErrorScopeReplacesConfigured(t *testing.T) {
	bearer := middleware.BearerAuth("items", authTestVerifyToken, "items:read")
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/items", nil)
	req.Header.Set("Authorization", "Bearer reader")
	middleware.Authenticate(bearer)(whoAmI).ServeHTTP(rec, req)
	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.Equal(t, []string{`Bearer realm="items", scope="items:write", error="insufficient_scope", error_description="This token may only read."`},
		rec.Header().Values("WWW-Authenticate"))
}

// Only 400, 401 and 403 (and 407 under ProxyAuthenticate) are statuses of
// an authentication refusal; any other AuthError.Status gives the default.
func TestAuthErrorStatus(t *testing.T) {
	tests := []struct {
		status, origin, proxy int
	}{
		{0, 401, 407},
		{400, 400, 400},
		{401, 401, 407},
		{403, 403, 403},
		{407, 401, 407},
		{200, 401, 407},
		{302, 401, 407},
		{404, 401, 407},
		{500, 401, 407},
	}
	for _, tt := range tests {
		scheme := middleware.AuthScheme{
			Challenge: middleware.Challenge{Scheme: "Custom"},
			Verify: func(*http.Request, string) (any, error) {
				return nil, &middleware.AuthError{Status: tt.status, Detail: "refused"}
			},
		}
		for _, gate := range []struct {
			field, credentials string
			mw                 func(...middleware.AuthScheme) func(http.Handler) http.Handler
			want               int
		}{
			{"Authorization", "Custom x", middleware.Authenticate, tt.origin},
			{"Proxy-Authorization", "Custom x", middleware.ProxyAuthenticate, tt.proxy},
		} {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Header.Set(gate.field, gate.credentials)
			gate.mw(scheme)(whoAmI).ServeHTTP(rec, req)
			assert.Equal(t, gate.want, rec.Code, "AuthError.Status %d under %s", tt.status, gate.field)
		}
	}
}

package middleware

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/fourxx/fourxx/internal/httpsyntax"
	"github.com/fourxx/fourxx/problem"
)

// AuthScheme is one authentication scheme (RFC 9110 §11.1) that [Authenticate]
// and [ProxyAuthenticate] accept: the challenge sent when credentials are
// missing or refused, and the verifier of credentials in that scheme.
// [BasicAuth], [BasicAuthFunc] and [BearerAuth] build the common ones.
type AuthScheme struct {
	// Challenge is sent in every 401 (WWW-Authenticate) or 407
	// (Proxy-Authenticate). Its Scheme selects this AuthScheme for
	// credentials in that scheme.
	Challenge Challenge
	// Verify checks credentials, the part of the Authorization (or
	// Proxy-Authorization) field after the scheme and its spaces. It
	// returns the identity handed to the handler, or an error: an
	// [*AuthError] chooses the status, the extra auth-params and the
	// explanation; any other error is answered 401 (407) with a generic
	// explanation, so its text never reaches the client.
	Verify func(r *http.Request, credentials string) (identity any, err error)
}

// AuthError refuses credentials with a specific answer (RFC 9110 §11.6.1,
// §15.5.2; RFC 6750 §3.1 for Bearer). Return it (or wrap it) from
// [AuthScheme.Verify].
type AuthError struct {
	// Status is the status to answer: 401 Unauthorized (RFC 9110
	// §15.5.2), or 407 Proxy Authentication Required (§15.5.8) under
	// [ProxyAuthenticate]; 400 Bad Request for a malformed request and
	// 403 Forbidden for credentials that are valid but insufficient, as
	// Bearer uses them (RFC 6750 §3.1). Any other value, zero included,
	// means the default refusal: 401, or 407 under ProxyAuthenticate.
	Status int
	// Params are added to the scheme's challenge, such as
	// error="invalid_token" (RFC 6750 §3), replacing a configured param of
	// the same name (compared case-insensitively), since a challenge names
	// each auth-param at most once (RFC 9110 §11.2). They are sent as
	// members of the problem details too.
	Params []AuthParam
	// Detail explains the refusal to the client.
	Detail string
}

// Error returns Status as set (0 for the default 401 or 407 of RFC 9110
// §15.5.2, §15.5.8) and the explanation.
func (e *AuthError) Error() string {
	return fmt.Sprintf("middleware: credentials refused (%d): %s", e.Status, e.Detail)
}

// authIdentityKey and proxyAuthIdentityKey hold verified identities in
// the request context.
type (
	authIdentityKey      struct{}
	proxyAuthIdentityKey struct{}
)

// Identity returns the identity that [Authenticate] verified from the
// request's Authorization field (RFC 9110 §11.6.2) for the request of ctx,
// when it is a T: the user name for [BasicAuth], whatever the verifier
// returned otherwise.
func Identity[T any](ctx context.Context) (T, bool) {
	id, ok := ctx.Value(authIdentityKey{}).(T)
	return id, ok
}

// ProxyIdentity returns the identity that [ProxyAuthenticate] verified
// from the request's Proxy-Authorization field (RFC 9110 §11.7.2) for the
// request of ctx, when it is a T.
func ProxyIdentity[T any](ctx context.Context) (T, bool) {
	id, ok := ctx.Value(proxyAuthIdentityKey{}).(T)
	return id, ok
}

// Authenticate returns a middleware that lets a request through only when
// its Authorization field carries credentials that one of schemes verifies
// (RFC 9110 §11.6.2), and hands the verified identity to the handler
// through the context (read it with [Identity]). Otherwise it answers 401
// Unauthorized (RFC 9110 §15.5.2) with one WWW-Authenticate field line per
// scheme (RFC 9110 §11.6.1), or the status an [*AuthError] names, with the
// challenges still attached. The credentials' scheme selects the verifier,
// case-insensitively; credentials in an unlisted scheme, or two
// Authorization fields, are refused without calling any verifier (the
// latter with 400, RFC 9110 §5.3).
//
// A CORS preflight request (OPTIONS with Origin and
// Access-Control-Request-Method) passes without credentials and without
// an identity: browsers never send credentials with one, and a 401 to it
// fails the real request. [AuthenticatePreflights] refuses them instead.
//
// A request that passes allocates: with [BasicAuth], six times, for the
// decoded credentials and the context that carries the identity (the
// context value and the copy of the request r.WithContext makes).
//
// It panics unless at least one scheme is given, each with a valid
// challenge, a Verify function and a scheme name of its own.
func Authenticate(schemes ...AuthScheme) func(http.Handler) http.Handler {
	return newAuthGate("Authenticate", authGateOrigin, schemes)
}

// ProxyAuthenticate is [Authenticate] for forward proxies and gateways
// (RFC 9110 §11.7): it reads Proxy-Authorization, answers 407 Proxy
// Authentication Required (RFC 9110 §15.5.8) with Proxy-Authenticate, and
// hands the identity to the handler for [ProxyIdentity].
func ProxyAuthenticate(schemes ...AuthScheme) func(http.Handler) http.Handler {
	return newAuthGate("ProxyAuthenticate", authGateProxy, schemes)
}

// authGateRole holds what differs between origin and proxy authentication.
type authGateRole struct {
	credentialsField, challengeField string
	refusedStatus                    int
	identityKey                      any
	passPreflights                   bool // CORS preflights pass unauthenticated
}

var (
	authGateOrigin = authGateRole{"Authorization", "Www-Authenticate", http.StatusUnauthorized, authIdentityKey{}, true}
	authGateProxy  = authGateRole{"Proxy-Authorization", "Proxy-Authenticate", http.StatusProxyAuthRequired, proxyAuthIdentityKey{}, false}
)

// authGate is the configured middleware of Authenticate or ProxyAuthenticate.
type authGate struct {
	source     string
	role       authGateRole
	schemes    []AuthScheme
	challenges []string // formatted, one per scheme
	names      []string
	refusals   authRefusals
}

func newAuthGate(constructor string, role authGateRole, schemes []AuthScheme) func(http.Handler) http.Handler {
	if len(schemes) == 0 {
		panic(fmt.Sprintf("middleware: %s: needs at least one AuthScheme", constructor))
	}
	g := &authGate{source: "middleware." + constructor, role: role, schemes: schemes}
	for _, s := range schemes {
		validateChallenge(constructor, s.Challenge)
		if s.Verify == nil {
			panic(fmt.Sprintf("middleware: %s: scheme %q has no Verify function", constructor, s.Challenge.Scheme))
		}
		for _, n := range g.names {
			if strings.EqualFold(n, s.Challenge.Scheme) {
				panic(fmt.Sprintf("middleware: %s: scheme %q is listed twice", constructor, n))
			}
		}
		g.names = append(g.names, s.Challenge.Scheme)
		g.challenges = append(g.challenges, s.Challenge.String())
	}
	g.refusals.init(g)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if g.role.passPreflights && isCORSPreflight(r) {
				next.ServeHTTP(w, r)
				return
			}
			identity, ok := g.check(w, r)
			if !ok {
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), g.role.identityKey, identity)))
		})
	}
}

// check verifies the request's credentials, or answers the request and
// reports false.
func (g *authGate) check(w http.ResponseWriter, r *http.Request) (any, bool) {
	field := g.role.credentialsField
	values := r.Header[field]
	switch {
	case len(values) == 0 || httpsyntax.TrimOWS(values[0]) == "":
		g.refuse(w, r, -1, &AuthError{Detail: g.refusals.missing})
		return nil, false
	case len(values) > 1:
		g.refuse(w, r, -1, &AuthError{Status: http.StatusBadRequest, Detail: fmt.Sprintf("Send one %s field, not %d.", field, len(values))})
		return nil, false
	}
	scheme, credentials, _ := strings.Cut(httpsyntax.TrimOWS(values[0]), " ")
	credentials = httpsyntax.TrimOWSLeft(credentials)
	for i, s := range g.schemes {
		if !strings.EqualFold(s.Challenge.Scheme, scheme) {
			continue
		}
		identity, err := s.Verify(r, credentials)
		if err == nil {
			return identity, true
		}
		var ae *AuthError
		if !errors.As(err, &ae) {
			ae = &AuthError{}
		}
		if ae.Detail == "" {
			ae = &AuthError{Status: ae.Status, Params: ae.Params, Detail: g.refusals.notAccepted[i]}
		}
		g.refuse(w, r, i, ae)
		return nil, false
	}
	g.refuse(w, r, -1, &AuthError{Detail: g.refusals.unknownScheme})
	return nil, false
}

// refuse sends every challenge, the one of scheme i (when i >= 0) with the
// error's params appended, and answers through problem.Write.
func (g *authGate) refuse(w http.ResponseWriter, r *http.Request, i int, e *AuthError) {
	h := w.Header()
	status := g.role.refusedStatus
	switch e.Status {
	case http.StatusBadRequest, http.StatusForbidden:
		status = e.Status
	}
	if len(e.Params) == 0 {
		g.refusals.setChallenges(h, g.role.challengeField)
		problem.Write(w, r, g.refusals.of(g, status, e.Detail))
		return
	}
	for j, c := range g.challenges {
		if j == i && len(e.Params) > 0 {
			withErr := g.schemes[j].Challenge
			withErr.Params = mergeAuthParams(withErr.Params, e.Params)
			c = withErr.String()
		}
		h.Add(g.role.challengeField, c)
	}
	extensions := map[string]any{"schemes": g.names}
	for _, p := range e.Params {
		extensions[p.Name] = p.Value
	}
	problem.Write(w, r, &problem.Details{
		Status:     status,
		Source:     g.source,
		Detail:     e.Detail,
		Extensions: extensions,
	})
}

// mergeAuthParams returns the configured params of a challenge with each
// one that extra names too (case-insensitively) replaced by extra's, then
// the rest of extra: each auth-param appears at most once in a challenge
// (RFC 9110 §11.2). configured is not modified.
func mergeAuthParams(configured, extra []AuthParam) []AuthParam {
	merged := make([]AuthParam, 0, len(configured)+len(extra))
	used := make([]bool, len(extra))
	for _, p := range configured {
		for i, e := range extra {
			if !used[i] && strings.EqualFold(p.Name, e.Name) {
				p, used[i] = e, true
				break
			}
		}
		merged = append(merged, p)
	}
	for i, e := range extra {
		if !used[i] {
			merged = append(merged, e)
		}
	}
	return merged
}

package middleware

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// BearerAuth returns the Bearer scheme of OAuth 2.0 (RFC 6750 §2.1, §3)
// for [Authenticate]. Its challenge is
//
//	Bearer realm="<realm>"
//
// with scope="<scope...>" appended when scope is given. A request without
// credentials gets that challenge with no error code (RFC 6750 §3.1).
// Credentials that are not a b64token are answered 400 with
// error="invalid_request" without calling verify. verify checks the token
// and returns the identity for the handler; to refuse, return
// [BearerInvalidToken] (401), [BearerInsufficientScope] (403) or
// [BearerInvalidRequest] (400), whose error code and description are added
// to the challenge, and whose scope replaces the configured one. Any other
// error means the token failed authentication: it is answered as
// BearerInvalidToken would be (401 with error="invalid_token", RFC 6750
// §3), without the error's text.
//
// It panics when verify is nil or realm or scope hold control characters.
func BearerAuth(realm string, verify func(r *http.Request, token string) (identity any, err error), scope ...string) AuthScheme {
	if verify == nil {
		panic("middleware: BearerAuth: the verify function is nil")
	}
	c := Challenge{Scheme: "Bearer", Params: []AuthParam{{"realm", realm}}}
	if len(scope) > 0 {
		c.Params = append(c.Params, AuthParam{"scope", strings.Join(scope, " ")})
	}
	validateChallenge("BearerAuth", c)
	return AuthScheme{
		Challenge: c,
		Verify: func(r *http.Request, credentials string) (any, error) {
			if !isBearerToken(credentials) {
				return nil, BearerInvalidRequest("Send Authorization: Bearer <token>, with a token of letters, digits and -._~+/ and trailing =.")
			}
			identity, err := verify(r, credentials)
			var refusal *AuthError
			if err != nil && !errors.As(err, &refusal) {
				return nil, BearerInvalidToken("")
			}
			return identity, err
		},
	}
}

// BearerInvalidToken refuses an expired, revoked, malformed or otherwise
// invalid access token: 401 with error="invalid_token" (RFC 6750 §3.1).
// description explains it to the developer.
func BearerInvalidToken(description string) *AuthError {
	return bearerError(http.StatusUnauthorized, "invalid_token", description)
}

// BearerInsufficientScope refuses a token that lacks the privileges the
// request needs: 403 with error="insufficient_scope" and scope naming the
// scopes needed (RFC 6750 §3.1).
func BearerInsufficientScope(description string, scope ...string) *AuthError {
	e := bearerError(http.StatusForbidden, "insufficient_scope", description)
	if len(scope) > 0 {
		e.Params = append(e.Params, AuthParam{"scope", bearerParamValue(strings.Join(scope, " "))})
	}
	return e
}

// BearerInvalidRequest refuses a malformed request (a missing or repeated
// parameter, more than one way of sending the token): 400 with
// error="invalid_request" (RFC 6750 §3.1).
func BearerInvalidRequest(description string) *AuthError {
	return bearerError(http.StatusBadRequest, "invalid_request", description)
}

// bearerError builds the AuthError of an RFC 6750 error code.
func bearerError(status int, code, description string) *AuthError {
	e := &AuthError{Status: status, Params: []AuthParam{{"error", code}}, Detail: description}
	if description != "" {
		e.Params = append(e.Params, AuthParam{"error_description", bearerParamValue(description)})
	} else {
		e.Detail = fmt.Sprintf("The bearer token was refused: %s.", code)
	}
	return e
}

// bearerParamValue keeps the characters RFC 6750 §3 allows in
// error_description and scope (%x20-21 / %x23-5B / %x5D-7E), turns '"'
// into a single quote and every other character into '?'.
func bearerParamValue(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '"' {
			return '\''
		}
		if r < 0x20 || r > 0x7e || r == '\\' {
			return '?'
		}
		return r
	}, s)
}

// isBearerToken reports whether s is a b64token (RFC 6750 §2.1):
// 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
func isBearerToken(s string) bool {
	body := strings.TrimRight(s, "=")
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~+/", c) >= 0:
		default:
			return false
		}
	}
	return true
}

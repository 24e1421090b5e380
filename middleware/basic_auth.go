package middleware

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// BasicAuth returns the HTTP Basic scheme (RFC 7617) for [Authenticate]
// and [ProxyAuthenticate], checking user-id and password against users
// (user-id → password). Its challenge is
//
//	Basic realm="<realm>", charset="UTF-8"
//
// (RFC 7617 §2, §2.1). The identity handed to the handler is the user-id,
// a string. Passwords are compared as SHA-256 digests with
// [subtle.ConstantTimeCompare], so the time a wrong password takes tells
// nothing of the right one, neither its length nor how much of it matched
// (it grows with the length of the password sent, as hashing does); an
// unknown user-id costs the same comparison. Credentials that are not base64 of
// "user-id:password" in UTF-8 are refused with 401.
//
// It panics when realm holds a control character or a user-id is empty or
// holds a colon (RFC 7617 §2).
func BasicAuth(realm string, users map[string]string) AuthScheme {
	digests := make(map[string][sha256.Size]byte, len(users))
	for user, password := range users {
		if user == "" || strings.Contains(user, ":") {
			panic(fmt.Sprintf("middleware: BasicAuth: user-id %q is empty or holds a colon", user))
		}
		digests[user] = sha256.Sum256([]byte(password))
	}
	unknown := sha256.Sum256([]byte("middleware: BasicAuth unknown user"))
	return basicAuthScheme("BasicAuth", realm, func(_ *http.Request, user, password string) (any, bool) {
		want, known := digests[user]
		if !known {
			want = unknown
		}
		got := sha256.Sum256([]byte(password))
		equal := subtle.ConstantTimeCompare(got[:], want[:]) == 1
		return user, known && equal
	})
}

// BasicAuthFunc returns the HTTP Basic scheme (RFC 7617) with a check of
// your own, for passwords kept elsewhere (hashed in a database). check
// returns the identity for the handler and whether the credentials are
// valid; it must compare secrets in constant time itself. The challenge
// and the decoding are those of [BasicAuth].
func BasicAuthFunc(realm string, check func(r *http.Request, user, password string) (identity any, ok bool)) AuthScheme {
	if check == nil {
		panic("middleware: BasicAuthFunc: the check function is nil")
	}
	return basicAuthScheme("BasicAuthFunc", realm, check)
}

// basicAuthScheme builds the Basic challenge and a verifier that decodes
// the credentials and hands user-id and password to check.
func basicAuthScheme(constructor, realm string, check func(r *http.Request, user, password string) (any, bool)) AuthScheme {
	c := Challenge{Scheme: "Basic", Params: []AuthParam{{"realm", realm}, {"charset", "UTF-8"}}}
	validateChallenge(constructor, c)
	return AuthScheme{
		Challenge: c,
		Verify: func(r *http.Request, credentials string) (any, error) {
			user, password, err := parseBasicCredentials(credentials)
			if err != nil {
				return nil, err
			}
			identity, ok := check(r, user, password)
			if !ok {
				return nil, &AuthError{Detail: "The user-id or password is wrong."}
			}
			return identity, nil
		},
	}
}

// parseBasicCredentials decodes the token68 of Basic credentials into
// user-id and password, split at the first colon (RFC 7617 §2).
func parseBasicCredentials(credentials string) (user, password string, err error) {
	decoded, decodeErr := base64.StdEncoding.DecodeString(credentials)
	if decodeErr != nil {
		return "", "", &AuthError{Detail: "Basic credentials must be the base64 encoding (RFC 4648 §4, padded) of user-id:password."}
	}
	if !utf8.Valid(decoded) {
		return "", "", &AuthError{Detail: `Basic credentials must be encoded in UTF-8 (charset="UTF-8").`}
	}
	u, p, found := bytes.Cut(decoded, []byte{':'})
	if !found {
		return "", "", &AuthError{Detail: "Basic credentials must decode to user-id:password, with a colon."}
	}
	return string(u), string(p), nil
}

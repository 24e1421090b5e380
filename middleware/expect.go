package middleware

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/fourxx/fourxx/internal/echo"
	"github.com/fourxx/fourxx/internal/httpsyntax"
	"github.com/fourxx/fourxx/internal/lastrefusal"
	"github.com/fourxx/fourxx/problem"
)

// maxExpectationEcho bounds how much of an unmet expectation the 417
// repeats, so a hostile field cannot inflate the answer.
const maxExpectationEcho = 64

// Expect returns a middleware that answers 417 Expectation Failed
// (RFC 9110 §15.5.18, §10.1.1) to a request whose Expect field lists any
// expectation other than "100-continue", compared case-insensitively.
// Repeated Expect lines form one list; empty list elements and the
// optional whitespace around elements are ignored, and a comma inside a
// quoted string does not split an element (RFC 9110 §5.6.1). The
// member "expectation" repeats the first unmet expectation (at most 64
// bytes of it).
//
// Go's HTTP/1.x server answers 417 itself, with no explanation and before any
// handler runs, when the first Expect line does not contain the token
// 100-continue. What reaches this middleware over HTTP/1.1 are lists that
// mention 100-continue beside other expectations ("100-continue, foo") and
// further Expect lines after a first line that mentions it. Go's HTTP/2 server
// passes every expectation to the handler, except that it removes the whole
// Expect field when any line lists 100-continue, so expectations beside
// 100-continue never reach a handler over HTTP/2. Expect answers all of these
// with one status and an explanation, before any content is read, so a refused
// client never gets "100 Continue" and never uploads the body; on HTTP/1.x
// such a refusal carries "Connection: close".
func Expect() func(http.Handler) http.Handler {
	refusals := new(lastrefusal.Cache)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			unmet, ok := unmetExpectation(r.Header["Expect"])
			if !ok {
				next.ServeHTTP(w, r)
				return
			}
			d := refusals.Of(unmet, func(unmet string) problem.Details {
				return problem.Details{
					Status: http.StatusExpectationFailed,
					Source: "middleware.Expect",
					Detail: fmt.Sprintf("This server cannot meet the expectation %q; the only one it supports is 100-continue. Repeat the request without it.", unmet),
					Extensions: map[string]any{
						"expectation": unmet,
					},
				}
			})
			if !problem.Enforce(r, d) {
				next.ServeHTTP(w, r)
				return
			}
			abandonUnsentContent(w, r)
			problem.Write(w, r, d)
		})
	}
}

// unmetExpectation returns the first element of the Expect field lines
// that is not "100-continue", truncated to maxExpectationEcho bytes, and
// whether there is one. It does not allocate.
func unmetExpectation(lines []string) (string, bool) {
	for _, line := range lines {
		for rest := line; rest != ""; {
			var element string
			element, rest = httpsyntax.NextListElement(rest)
			if element == "" || strings.EqualFold(element, "100-continue") {
				continue
			}
			return echo.Cut(element, maxExpectationEcho, ""), true
		}
	}
	return "", false
}

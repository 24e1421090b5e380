package middleware

import (
	"net/http"
	"strings"
	"time"

	"github.com/fourxx/fourxx/internal/httpsyntax"
)

// abandonUnsentContent prepares a refusal of an HTTP/1.x request whose
// client sent "Expect: 100-continue" and waits for "100 Continue" before
// sending content it will now never send. It sets "Connection: close"
// (RFC 9110 §10.1.1: say whether the connection stays open) and ends the
// connection's read deadline: otherwise Go's server, closing the unread
// body after the handler, would wait for content that never comes, for as
// long as the client keeps the connection open.
func abandonUnsentContent(w http.ResponseWriter, r *http.Request) {
	if r.ProtoMajor != 1 || r.ContentLength == 0 || !expectsContinue(r.Header["Expect"]) {
		return
	}
	w.Header().Set("Connection", "close")
	_ = setReadDeadline(w, time.Now())
}

// expectsContinue reports whether the Expect field lines list
// 100-continue, compared case-insensitively.
func expectsContinue(lines []string) bool {
	for _, line := range lines {
		for rest := line; rest != ""; {
			var element string
			element, rest = httpsyntax.NextListElement(rest)
			if strings.EqualFold(element, "100-continue") {
				return true
			}
		}
	}
	return false
}

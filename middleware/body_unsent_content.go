package middleware

import (
	"net/http"
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
	if r.ProtoMajor != 1 || r.ContentLength == 0 || !httpsyntax.ListHas(r.Header["Expect"], "100-continue") {
		return
	}
	w.Header().Set("Connection", "close")
	_ = setReadDeadline(w, time.Now())
}

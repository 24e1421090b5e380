package middleware

import (
	"io"
	"net/http"
	"time"
)

// DefaultLingerBytes and DefaultLingerTime bound how much of a refused
// upload [MaxBodySize] reads and discards after its 413, unless
// [MaxBodySizeLinger] says otherwise: 4 MiB, within 5 seconds.
const (
	DefaultLingerBytes = 4 << 20
	DefaultLingerTime  = 5 * time.Second
)

// MaxBodySizeLinger sets how much of a refused upload [MaxBodySize] reads
// and discards after sending its 413 on HTTP/1.x: at most maxBytes, for
// at most maxTime, by default [DefaultLingerBytes] and [DefaultLingerTime].
// MaxBodySizeLinger(0, 0) turns lingering off: the connection closes right
// after the 413, with the upload unread, as Go's server closes it. It
// panics when one bound is negative, or only one is zero.
//
// Lingering is for clients that send the whole body before they read the
// response, such as Python's requests and httpx, which send
// "Expect: 100-continue" and then the body without waiting for
// "100 Continue". Closed with their upload unread, the connection is reset
// by the server's kernel, and the reset can destroy the 413 before they
// read it (RFC 9112 §9.6); nginx's lingering_close exists for the same
// reason. curl and Go's client wait for "100 Continue", stop at the 413
// and close the connection, which ends the lingering at once. The bounds
// keep a client from making the server read for longer: an upload longer
// than maxBytes, or slower, is cut off and its client may still see a
// reset. HTTP/2 needs none of this: the server resets the stream, not the
// connection.
func MaxBodySizeLinger(maxBytes int64, maxTime time.Duration) MaxBodySizeOption {
	if maxBytes < 0 || maxTime < 0 || (maxBytes == 0) != (maxTime == 0) {
		panic("middleware: MaxBodySizeLinger: maxBytes and maxTime must both be > 0, or both 0 to turn lingering off")
	}
	return func(c *bodySizeConfig) { c.lingerBytes, c.lingerTime = maxBytes, maxTime }
}

// linger follows a 413 that MaxBodySize wrote on w: over HTTP/1.x it sends
// the 413, then reads and discards body within the configured bounds, so
// that the connection closes with no unread content, the cause of a
// reset. It then ends the connection's read deadline, so Go's server,
// which closes the connection after the 413's "Connection: close", reads
// no further. It does nothing when lingering is off, on HTTP/2, or when
// the writer offers no read deadline.
func (c *bodySizeConfig) linger(w http.ResponseWriter, r *http.Request, body io.Reader) {
	if c.lingerBytes == 0 || r.ProtoMajor != 1 {
		return
	}
	if setReadDeadline(w, time.Now().Add(c.lingerTime)) != nil {
		return
	}
	// Once the 413's status line is written, Go's server no longer sends
	// "100 Continue" when the body is read.
	_ = http.NewResponseController(w).Flush()
	_, _ = io.CopyN(io.Discard, body, c.lingerBytes)
	_ = setReadDeadline(w, time.Now())
}

package middleware

import (
	"errors"
	"io"
	"net/http"
	"time"
)

// DefaultLingerBytes, DefaultLingerTime and DefaultLingerIdle bound how
// much of a refused upload [MaxBodySize] reads and discards after its 413,
// unless [MaxBodySizeLinger] says otherwise: 4 MiB, within 5 seconds, and
// no more than 1 second without data.
const (
	DefaultLingerBytes = 4 << 20
	DefaultLingerTime  = 5 * time.Second
	DefaultLingerIdle  = time.Second
)

// MaxBodySizeLinger sets how much of a refused upload [MaxBodySize] reads
// and discards after writing its 413 on HTTP/1.x: at most maxBytes, for at
// most maxTime, stopping sooner when no data arrives for idle (nginx's
// lingering_time and lingering_timeout). The defaults are
// [DefaultLingerBytes], [DefaultLingerTime] and [DefaultLingerIdle];
// [MaxBodySizeNoLinger] turns lingering off. It panics unless every bound
// is > 0.
//
// Lingering is for clients that send the whole body before they read the
// response, such as Python's requests and httpx, which send
// "Expect: 100-continue" and then the body without waiting for
// "100 Continue". Closed with their upload unread, the connection is reset
// by the server's kernel, and the reset can destroy the 413 before they
// read it (RFC 9112 §9.6). A client that sent "Expect: 100-continue" gets
// the 413 before the lingering, any other once it ends. curl and Go's
// client wait for "100 Continue", stop at the 413 and close the
// connection, which ends the lingering at once; a client that waits and
// keeps the connection open costs idle. The bounds keep a client from
// holding the handler's goroutine and the connection longer: an upload
// longer than maxBytes, or slower, is cut off and its client may still see
// a reset; one whose Content-Length declares more than maxBytes is not
// lingered on at all. HTTP/2 needs none of this: the server resets the stream, not
// the connection.
func MaxBodySizeLinger(maxBytes int64, maxTime, idle time.Duration) MaxBodySizeOption {
	if maxBytes <= 0 || maxTime <= 0 || idle <= 0 {
		panic("middleware: MaxBodySizeLinger: maxBytes, maxTime and idle must all be > 0")
	}
	return func(c *bodySizeConfig) { c.lingerBytes, c.lingerTime, c.lingerIdle = maxBytes, maxTime, idle }
}

// MaxBodySizeNoLinger turns off [MaxBodySize]'s lingering: after a 413 on
// HTTP/1.x the connection closes at once, with the refused upload unread,
// as Go's server closes it; a client still sending may see a reset instead
// of the 413 ([MaxBodySizeLinger] says which clients do).
func MaxBodySizeNoLinger() MaxBodySizeOption {
	return func(c *bodySizeConfig) { c.lingerBytes, c.lingerTime, c.lingerIdle = 0, 0, 0 }
}

// linger follows a 413 that MaxBodySize wrote on w: over HTTP/1.x it reads
// and discards body within the configured bounds, so that the connection
// closes with no unread content, the cause of a reset. Stopped by a bound,
// it sets the connection's read deadline to now, so Go's server, which
// closes the connection after the 413's "Connection: close", reads no
// further. It does nothing when lingering is off, on HTTP/2, or when the
// writer offers no read deadline.
//
// The 413 goes out first only when the client waits for "100 Continue"
// (flush): such a client sends nothing until it has an answer. Any other
// client is sending its body, and gets the 413 once the handler returns,
// after Record and AccessLog have run, as every other response.
func (c *bodySizeConfig) linger(w http.ResponseWriter, r *http.Request, body io.Reader, flush bool) {
	if c.lingerBytes == 0 || r.ProtoMajor != 1 {
		return
	}
	// The first read's deadline is set before anything is allocated: a
	// writer that cannot set one (a test's, a wrapper hiding the server's)
	// ends the linger here.
	now := time.Now()
	if setReadDeadline(w, now.Add(min(c.lingerIdle, c.lingerTime))) != nil {
		return
	}
	l := &lingerReader{body: body, w: w, left: c.lingerBytes, idle: c.lingerIdle, end: now.Add(c.lingerTime)}
	if flush {
		// Once the 413's status line is written, Go's server no longer
		// sends "100 Continue" when the body is read.
		_ = http.NewResponseController(w).Flush()
	}
	if _, err := io.Copy(io.Discard, l); err == nil {
		// Go's server now reads ahead for the next request, and clears
		// the read deadline as it starts to (the idle one set before the
		// last read included); a deadline set now would end that read
		// with an error, which cancels the request's context. Nothing of
		// this request is left to read.
		return
	}
	_ = setReadDeadline(w, time.Now())
}

// lingerReader reads at most left bytes of a refused body, with a read
// deadline idle after each read, and never past end.
type lingerReader struct {
	body io.Reader
	w    http.ResponseWriter
	left int64
	idle time.Duration
	end  time.Time
}

// errLingerBytes ends a lingerReader that read its bytes.
var errLingerBytes = errors.New("middleware: the linger's byte bound was reached")

func (l *lingerReader) setDeadline() error {
	deadline := time.Now().Add(l.idle)
	if deadline.After(l.end) {
		deadline = l.end
	}
	return setReadDeadline(l.w, deadline)
}

func (l *lingerReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, errLingerBytes
	}
	if err := l.setDeadline(); err != nil {
		return 0, err
	}
	n, err := l.body.Read(p[:min(int64(len(p)), l.left)])
	l.left -= int64(n)
	return n, err
}

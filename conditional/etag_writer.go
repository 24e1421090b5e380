package conditional

import (
	"bufio"
	"hash/crc64"
	"io"
	"net"
	"net/http"
	"strconv"
)

// etagTable is the CRC-64 table [ETag] hashes with.
var etagTable = crc64.MakeTable(crc64.ECMA)

// etagPooledBuffer is the largest buffer an etagWriter keeps for reuse.
const etagPooledBuffer = 64 << 10

// etagWriter holds back a 200 response to tag it when the handler returns.
type etagWriter struct {
	w     http.ResponseWriter
	r     *http.Request
	limit int
	// status is the status the handler wrote, 0 before it wrote one.
	status int
	// passthrough means the response goes to w as it is written.
	passthrough bool
	hijacked    bool
	buf         []byte
}

func (ew *etagWriter) reset(w http.ResponseWriter, r *http.Request, limit int) {
	*ew = etagWriter{w: w, r: r, limit: limit, buf: ew.buf[:0]}
}

// release drops the references to the request and the held content.
func (ew *etagWriter) release() {
	buf := ew.buf[:0]
	if cap(buf) > etagPooledBuffer {
		buf = nil
	}
	*ew = etagWriter{buf: buf}
}

func (ew *etagWriter) Header() http.Header { return ew.w.Header() }

func (ew *etagWriter) WriteHeader(code int) {
	if code >= 100 && code <= 199 && code != http.StatusSwitchingProtocols {
		ew.w.WriteHeader(code)
		return
	}
	if ew.status != 0 {
		if ew.passthrough {
			ew.w.WriteHeader(code) // superfluous: net/http logs it
		}
		return
	}
	ew.status = code
	if _, tagged := ew.w.Header()["Etag"]; code != http.StatusOK || tagged || ew.declaredTooLong() {
		ew.pass()
	}
}

// declaredTooLong reports whether the handler declared, in
// Content-Length, more content than the writer may hold: the response then
// passes through from the start, and ReadFrom can use sendfile.
func (ew *etagWriter) declaredTooLong() bool {
	cl := ew.w.Header()["Content-Length"]
	if len(cl) != 1 {
		return false
	}
	n, err := strconv.ParseInt(cl[0], 10, 64)
	return err == nil && n > int64(ew.limit)
}

func (ew *etagWriter) Write(p []byte) (int, error) {
	if ew.status == 0 {
		ew.WriteHeader(http.StatusOK)
	}
	if !ew.passthrough && len(ew.buf)+len(p) > ew.limit {
		ew.pass()
	}
	if ew.passthrough {
		return ew.w.Write(p)
	}
	ew.buf = append(ew.buf, p...)
	return len(p), nil
}

// pass sends the status and the content held so far, and everything
// after it as it is written.
func (ew *etagWriter) pass() {
	ew.passthrough = true
	ew.w.WriteHeader(ew.status)
	if len(ew.buf) > 0 {
		_, _ = ew.w.Write(ew.buf)
		ew.buf = ew.buf[:0]
	}
}

// finish tags and sends a held response, or answers 304 Not Modified.
func (ew *etagWriter) finish() {
	if ew.passthrough || ew.hijacked || ew.status == 0 {
		return
	}
	h := ew.w.Header()
	if cl := h.Get("Content-Length"); len(ew.buf) == 0 || cl != "" && cl != strconv.Itoa(len(ew.buf)) {
		ew.pass()
		return
	}
	tag := contentETag(ew.buf)
	h["Etag"] = []string{tag}
	if _, matched := etagListMatch(ew.r.Header["If-None-Match"], tag, true, false); matched {
		deleteContentMetadata(h)
		ew.w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(ew.buf)))
	ew.pass()
}

// contentETag returns the strong entity-tag [ETag] gives content: its
// length and CRC-64 in hexadecimal.
func contentETag(content []byte) string {
	b := make([]byte, 0, 36)
	b = append(b, '"')
	b = strconv.AppendUint(b, uint64(len(content)), 16)
	b = append(b, '-')
	b = strconv.AppendUint(b, crc64.Checksum(content, etagTable), 16)
	b = append(b, '"')
	return string(b)
}

// Flush sends what is held and streams the rest of the response.
func (ew *etagWriter) Flush() { _ = ew.FlushError() }

// FlushError is Flush reporting the error of the underlying writer, for
// [http.ResponseController].
func (ew *etagWriter) FlushError() error {
	if ew.status == 0 {
		ew.WriteHeader(http.StatusOK)
	}
	if !ew.passthrough {
		ew.pass()
	}
	return http.NewResponseController(ew.w).Flush()
}

// Hijack hands the connection to the handler; nothing held is sent.
func (ew *etagWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(ew.w).Hijack()
	if err == nil {
		ew.hijacked = true
	}
	return conn, rw, err
}

// ReadFrom copies src into the response, through the underlying writer's
// ReadFrom (sendfile) once the response passes through: at once for a
// status other than 200 (a 206) and for a declared Content-Length above
// the limit.
func (ew *etagWriter) ReadFrom(src io.Reader) (int64, error) {
	if ew.status == 0 {
		ew.WriteHeader(http.StatusOK)
	}
	if ew.passthrough {
		if rf, ok := ew.w.(io.ReaderFrom); ok {
			return rf.ReadFrom(src)
		}
		return io.Copy(etagWriteOnly{ew.w}, src)
	}
	return io.Copy(etagWriteOnly{ew}, src)
}

// Unwrap returns the wrapped writer, for [http.ResponseController].
func (ew *etagWriter) Unwrap() http.ResponseWriter { return ew.w }

// etagWriteOnly hides every method but Write, so io.Copy does not call
// ReadFrom again.
type etagWriteOnly struct{ io.Writer }

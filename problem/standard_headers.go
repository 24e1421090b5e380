package problem

import (
	"net/http"
	"strconv"
	"sync"
	"unsafe"
)

// chooseFormat negotiates the format for the Accept field lines of a
// request, answering the commonest fields without parsing them.
func chooseFormat(accept []string) format {
	if len(accept) == 0 {
		return formatJSON
	}
	if len(accept) == 1 {
		switch accept[0] {
		case "*/*", "application/json", "application/problem+json":
			return formatJSON
		case "text/html":
			return formatHTML
		case "text/plain":
			return formatText
		}
	}
	return negotiate(accept)
}

// maxPooledBody is the capacity beyond which a body buffer is left to the
// garbage collector rather than kept for the next problem.
const maxPooledBody = 16 << 10

// bodyBuffers hold the buffers that problems are encoded into. A body is
// handed to the ResponseWriter's Write, which must not retain it
// (io.Writer), so the buffer is reused once Write returns.
var bodyBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, 1024)
	return &b
}}

// headerValues holds the values of the fields Standard sets, allocated
// once per response: each field gets a slice of one element with no spare
// capacity, so an Add on the response copies it instead of writing into
// its neighbour, and the Content-Length digits live in the same block.
type headerValues struct {
	values [4]string
	digits [20]byte
}

// setHeaders sets Content-Type for f, Content-Length, nosniff and, unless
// Vary already covers it, "Vary: Accept" (RFC 9110 §12.5.5).
func setHeaders(h http.Header, f format, length int) {
	v := &headerValues{values: [4]string{mediaTypes[f], "", "nosniff", "Accept"}}
	digits := strconv.AppendInt(v.digits[:0], int64(length), 10)
	// The digits are written once, here, and never changed: the string
	// may share their memory.
	v.values[1] = unsafe.String(&v.digits[0], len(digits))
	h["Content-Type"] = v.values[0:1:1]
	h["Content-Length"] = v.values[1:2:2]
	h["X-Content-Type-Options"] = v.values[2:3:3]
	if _, set := h["Vary"]; !set {
		h["Vary"] = v.values[3:4:4]
	} else if !varies(h, "Accept") {
		h["Vary"] = append(h["Vary"], "Accept")
	}
}

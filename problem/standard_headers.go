package problem

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/fourxx/fourxx/internal/secondmiss"
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
		if last := lastAccept.Load(); last != nil && last.accept == accept[0] {
			return last.f
		}
		f := negotiate(accept)
		if len(accept[0]) <= maxKeptAccept && missedAccept.Repeats(secondmiss.Hash(accept[0])) {
			lastAccept.Store(&acceptFormat{accept: strings.Clone(accept[0]), f: f})
		}
		return f
	}
	return negotiate(accept)
}

// lastAccept is the last Accept field of one line that chooseFormat
// negotiated, with the format chosen: a browser sends the same long field
// with every request, and a flood repeats one.
var lastAccept atomic.Pointer[acceptFormat]

// missedAccept is a hash of the last Accept field line that chooseFormat
// negotiated, so that it keeps a line only when two negotiations in a row
// are for it: clients that take turns with different lines do not
// allocate a kept line each.
var missedAccept secondmiss.Gate

// acceptFormat is the format negotiated for one Accept field line.
type acceptFormat struct {
	accept string
	f      format
}

// maxKeptAccept bounds the Accept field lines that lastAccept keeps.
const maxKeptAccept = 512

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

// The values of the fields Standard sets are slices of one element with
// no spare capacity, shared by every response: an Add on a response copies
// the slice instead of writing into the shared array, and Set replaces it.
var (
	contentTypes = func() (v [formatCount][]string) {
		for f, t := range mediaTypes {
			v[f] = []string{t}
		}
		return v
	}()
	nosniff    = []string{"nosniff"}
	varyAccept = []string{"Accept"}
)

// lengthValue is a Content-Length value and the digits it is made of, in
// one allocation.
type lengthValue struct {
	value  [1]string
	digits [20]byte
}

// contentLength returns the Content-Length value for length, a slice of
// one element with no spare capacity, so that an Add copies it.
func contentLength(length int) []string {
	v := new(lengthValue)
	digits := strconv.AppendInt(v.digits[:0], int64(length), 10)
	// The digits are written once, here, and never changed: the string
	// may share their memory.
	v.value[0] = unsafe.String(&v.digits[0], len(digits))
	return v.value[:]
}

// setFields sets Content-Type for f, Content-Length, nosniff and, unless
// Vary already covers it, "Vary: Accept" (RFC 9110 §12.5.5). Vary is not
// looked up when noVary tells that h holds none, nor in an h that held no
// field before.
func setFields(h http.Header, f format, length []string, noVary bool) {
	noVary = noVary || len(h) == 0
	h["Content-Type"] = contentTypes[f]
	h["Content-Length"] = length
	h["X-Content-Type-Options"] = nosniff
	if noVary || len(h["Vary"]) == 0 {
		h["Vary"] = varyAccept
	} else if !varies(h, "Accept") {
		h["Vary"] = append(h["Vary"], "Accept")
	}
}

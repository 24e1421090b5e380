package methods

import (
	"net/http"
	"slices"
	"strings"
	"sync"
)

// muxAllow returns the methods mux routes for the request r it refused,
// as mux's own answer lists them: refused is the handler
// [http.ServeMux.Handler] returned for r with no pattern, which answers
// 405 with Allow naming every method a pattern matches the path with
// (HEAD with GET), or 404 when none does. ok is false when refused
// answers anything else, such as the redirect to a cleaned path, and for
// a CONNECT request: the caller then asks mux about each method. mux
// routes CONNECT by its own rules (the host with its port, no cleaned
// path), so routedIn skips CONNECT in the list and the caller asks mux
// about it apart where mux may route it (mayRouteConnect).
//
// Asking refused once costs what mux's own 405 costs; asking mux about
// each recognised method costs that for each.
func muxAllow(refused http.Handler, r *http.Request) (allow string, ok bool) {
	if r.Method == http.MethodConnect {
		return "", false
	}
	w := muxAnswers.Get().(*muxAnswer)
	defer w.release()
	refused.ServeHTTP(w, r)
	switch w.status {
	case http.StatusMethodNotAllowed:
		allow = w.header.Get("Allow")
		return allow, allow != ""
	case http.StatusNotFound:
		return "", true
	}
	return "", false
}

// mayRouteConnect reports whether mux may route CONNECT for the request r
// it refused, allow being the list of mux's answer (muxAllow). mux routes
// CONNECT on the host with its port and, first, on the request-target's
// own host; on a clean path (any other gets a redirect, not a list) and a
// Host without a port, it routes CONNECT only where allow names it. The
// answer errs towards true, which costs a question to mux, never a wrong
// Allow.
func mayRouteConnect(allow string, r *http.Request) bool {
	return strings.Contains(allow, http.MethodConnect) || strings.Contains(r.Host, ":") || r.URL.Host != ""
}

// routedIn returns the known methods (sorted) but CONNECT that allow, a
// list separated by ", ", names: as a set of bits when sets is not nil,
// else as a list.
func routedIn(allow string, known []string, sets *allowedSets) (set uint64, routed []string) {
	for allow != "" {
		var m string
		m, allow, _ = strings.Cut(allow, ", ")
		i, found := slices.BinarySearch(known, m)
		switch {
		case !found || m == http.MethodConnect:
		case sets != nil:
			set |= 1 << i
		default:
			routed = append(routed, m)
		}
	}
	return set, routed
}

// muxAnswer is the response writer muxAllow hands to mux's answer: it
// keeps the status and the header, and drops the body.
type muxAnswer struct {
	header http.Header
	status int
}

// muxAnswers pools muxAnswers: mux's answers keep no reference to theirs.
var muxAnswers = sync.Pool{New: func() any { return &muxAnswer{header: make(http.Header)} }}

func (w *muxAnswer) Header() http.Header         { return w.header }
func (w *muxAnswer) Write(b []byte) (int, error) { return len(b), nil }

func (w *muxAnswer) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

// release empties w and puts it back in the pool.
func (w *muxAnswer) release() {
	clear(w.header)
	w.status = 0
	muxAnswers.Put(w)
}

package benchmarks

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/conditional"
	"github.com/fourxx/fourxx/methods"
	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/ratelimit"
)

// refusal is one way of refusing a request, fourxx's or a peer's: a
// handler and the request it refuses, built fresh for each benchmark.
type refusal struct {
	status int
	name   string
	new    func() (http.Handler, *http.Request)
}

// rewindBody is a request body that each request reads again from the
// start, so that a benchmark allocates no body per request.
type rewindBody struct {
	strings.Reader
	content string
}

func (b *rewindBody) Close() error { return nil }

// rewind makes r's body readable from the start again, when it has one.
func rewind(r *http.Request) {
	if b, ok := r.Body.(*rewindBody); ok {
		b.Reset(b.content)
	}
}

// request returns a request from 192.0.2.1 with content (if not "") of
// unknown length.
func request(method, target, content string, header ...string) *http.Request {
	r := httptest.NewRequest(method, target, nil)
	r.RemoteAddr = "192.0.2.1:1234"
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	if content != "" {
		b := &rewindBody{content: content}
		b.Reset(content)
		r.Body = b
	}
	return r
}

// spent sends r to h once, so that a limit with a burst of one refuses
// every request after it.
func spent(h http.Handler, r *http.Request) (http.Handler, *http.Request) {
	h.ServeHTTP(newDiscard(), r)
	return h, r
}

// ipKey keys httprate's limit by the client IP, as fourxx's default does.
func ipKey(r *http.Request) (string, error) {
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	return httprate.CanonicalizeIP(host), nil
}

// readAll reads the body as an application would, answering 413 as
// net/http's MaxBytesReader documents when it is too large.
var readAll = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if _, err := io.ReadAll(r.Body); err != nil {
		http.Error(w, http.StatusText(http.StatusRequestEntityTooLarge), http.StatusRequestEntityTooLarge)
		return
	}
	w.WriteHeader(http.StatusNoContent)
})

// chiRouter is a chi router with one resource, /items/{id}, that serves
// GET and DELETE; fourxx's methods.Chi is installed when withMethods.
func chiRouter(withMethods bool) http.Handler {
	r := chi.NewRouter()
	if withMethods {
		methods.Chi(r)
	}
	r.Get("/items/{id}", ok)
	r.Delete("/items/{id}", ok)
	return r
}

// chiSameBytes is chiRouter without methods.Chi, whose MethodNotAllowed
// handler sends the status, header fields and body of methods.Chi's 405
// of a PUT, for every Accept, deciding nothing: the floor of a 405 that
// sends those bytes, beside chi's own 405, which sends Allow alone.
func chiSameBytes() http.Handler {
	answers := make(map[string]*httptest.ResponseRecorder)
	for _, accept := range []string{"", "text/html", "text/plain"} {
		w := httptest.NewRecorder()
		chiRouter(true).ServeHTTP(w, request("PUT", "/items/42", "", "Accept", accept))
		answers[accept] = w
	}
	r := chi.NewRouter()
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		answer := answers[r.Header.Get("Accept")]
		h := w.Header()
		for name, values := range answer.Header() {
			h[name] = values
		}
		w.WriteHeader(answer.Code)
		_, _ = w.Write(answer.Body.Bytes())
	})
	r.Get("/items/{id}", ok)
	r.Delete("/items/{id}", ok)
	return r
}

// tagged is the state of a resource with entity-tag "v2".
var (
	modified = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	tagged   = func(*http.Request) (conditional.State, error) {
		return conditional.State{Exists: true, ETag: `"v2"`, LastModified: modified}, nil
	}
)

// refusals pairs each fourxx refusal with the peers' refusal of the same
// request. Every handler answers the same status, which TestRefusalsRefuse
// checks.
var refusals = []refusal{
	{429, "fourxx", func() (http.Handler, *http.Request) {
		return spent(ratelimit.Limit(rate.Every(time.Hour), 1)(ok), request("GET", "/items/42", ""))
	}},
	{429, "httprate", func() (http.Handler, *http.Request) {
		return spent(httprate.LimitBy(1, time.Hour, ipKey)(ok), request("GET", "/items/42", ""))
	}},
	{429, "mutexmap", func() (http.Handler, *http.Request) {
		return spent(newMutexMap(rate.Every(time.Hour), 1)(ok), request("GET", "/items/42", ""))
	}},
	{405, "fourxx", func() (http.Handler, *http.Request) { return chiRouter(true), request("PUT", "/items/42", "") }},
	{405, "chi", func() (http.Handler, *http.Request) { return chiRouter(false), request("PUT", "/items/42", "") }},
	{405, "chi-same-bytes", func() (http.Handler, *http.Request) { return chiSameBytes(), request("PUT", "/items/42", "") }},
	{413, "fourxx", func() (http.Handler, *http.Request) {
		r := request("POST", "/items", strings.Repeat("x", 2048))
		r.ContentLength = 2048
		return middleware.MaxBodySize(1024)(readAll), r
	}},
	{413, "chi-RequestSize", func() (http.Handler, *http.Request) {
		r := request("POST", "/items", strings.Repeat("x", 2048))
		r.ContentLength = 2048
		return chimw.RequestSize(1024)(readAll), r
	}},
	{412, "fourxx", func() (http.Handler, *http.Request) {
		return conditional.Check(tagged)(ok), request("GET", "/items/42", "", "If-Match", `"v1"`)
	}},
	{412, "ServeContent", func() (http.Handler, *http.Request) {
		content := strings.NewReader("item 42")
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("ETag", `"v2"`)
			http.ServeContent(w, r, "", modified, content)
		})
		return h, request("GET", "/items/42", "", "If-Match", `"v1"`)
	}},
	{414, "fourxx", func() (http.Handler, *http.Request) {
		return middleware.MaxURILength(64)(ok), request("GET", "/items/"+strings.Repeat("x", 100), "")
	}},
	{404, "fourxx", func() (http.Handler, *http.Request) {
		return http.HandlerFunc(methods.NotFound), request("GET", "/nothing", "")
	}},
	{404, "http.NotFound", func() (http.Handler, *http.Request) {
		return http.NotFoundHandler(), request("GET", "/nothing", "")
	}},
	{429, "http.Error", func() (http.Handler, *http.Request) {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, http.StatusText(http.StatusTooManyRequests), http.StatusTooManyRequests)
		}), request("GET", "/items/42", "")
	}},
}

// statusOf answers what a discard writer was told.
type statusWriter struct {
	discard
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code }

func TestRefusalsRefuse(t *testing.T) {
	for _, rf := range refusals {
		h, r := rf.new()
		for range 3 {
			w := &statusWriter{discard: discard{h: make(http.Header)}}
			rewind(r)
			h.ServeHTTP(w, r)
			if w.status != rf.status {
				t.Errorf("%d/%s answered %d", rf.status, rf.name, w.status)
			}
		}
	}
}

// BenchmarkRefusal times each refusal beside its peers', body and every
// header included, with the client's Accept absent, text/html and
// text/plain. Besides ns/op it reports cpu-ns/op, the process's CPU time
// per request (garbage collection included), which other processes on a
// shared machine disturb far less.
func BenchmarkRefusal(b *testing.B) {
	for _, accept := range []string{"", "text/html", "text/plain"} {
		for _, rf := range refusals {
			name := strconv.Itoa(rf.status) + "/" + rf.name
			if accept != "" {
				name += "/" + strings.ReplaceAll(accept, "/", "-")
			}
			b.Run(name, func(b *testing.B) {
				h, r := rf.new()
				if accept != "" {
					r.Header.Set("Accept", accept)
				}
				w := newDiscard()
				b.ReportAllocs()
				start := cpuTime()
				for b.Loop() {
					rewind(r)
					serve(h, w, r)
				}
				if used := cpuTime() - start; used > 0 {
					b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}

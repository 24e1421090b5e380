package conditional_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/fourxx/fourxx/conditional"
)

// benchState is a state function that does not allocate.
func benchState(*http.Request) (conditional.State, error) {
	return conditional.State{Exists: true, ETag: `"v2"`, LastModified: modified}, nil
}

// alternatingState returns a state function that does not allocate and
// answers two entity-tags in turn, as for two resources.
func alternatingState() func(*http.Request) (conditional.State, error) {
	states := [...]conditional.State{{Exists: true, ETag: `"v1"`, LastModified: modified}, {Exists: true, ETag: `"v2"`, LastModified: modified}}
	i := 0
	return func(*http.Request) (conditional.State, error) {
		i ^= 1
		return states[i], nil
	}
}

func BenchmarkCheck(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	check := conditional.Check(benchState)(ok)
	required := conditional.Check(benchState, conditional.CheckRequirePrecondition())(ok)
	request := func(method string, kv ...string) *http.Request {
		r := httptest.NewRequest(method, "/items/2", nil)
		for i := 0; i < len(kv); i += 2 {
			r.Header.Set(kv[i], kv[i+1])
		}
		return r
	}
	for _, bm := range []struct {
		name string
		h    http.Handler
		r    *http.Request
	}{
		{"bare", ok, request(http.MethodPut, "If-Match", `"v2"`)},
		{"pass PUT If-Match", check, request(http.MethodPut, "If-Match", `"v1", "v2"`)},
		{"pass GET sets ETag and Last-Modified", check, request(http.MethodGet, "If-None-Match", `"v1"`)},
		{"304", check, request(http.MethodGet, "If-None-Match", `"v2"`)},
		{"412", check, request(http.MethodPut, "If-Match", `"v1"`)},
		{"428", required, request(http.MethodPut)},
		{"428 varying", conditional.Check(alternatingState(), conditional.CheckRequirePrecondition())(ok), request(http.MethodPut)},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			w := &benchWriter{header: make(http.Header, 4)}
			for b.Loop() {
				clear(w.header)
				bm.h.ServeHTTP(w, bm.r)
			}
		})
	}
}

// benchWriter is a ResponseWriter that discards the response.
type benchWriter struct{ header http.Header }

func (w *benchWriter) Header() http.Header         { return w.header }
func (w *benchWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *benchWriter) WriteHeader(int)             {}

func BenchmarkETag(b *testing.B) {
	for _, size := range []int{1 << 10, 64 << 10} {
		body := bytes.Repeat([]byte("x"), size)
		write := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(body) })
		tagged := conditional.ETag()(write)
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		for _, bm := range []struct {
			name string
			h    http.Handler
		}{{"bare", write}, {"tagged", tagged}} {
			b.Run(bm.name+"/"+strconv.Itoa(size>>10)+"KiB", func(b *testing.B) {
				b.SetBytes(int64(size))
				b.ReportAllocs()
				w := &benchWriter{header: make(http.Header, 4)}
				for b.Loop() {
					clear(w.header)
					bm.h.ServeHTTP(w, r)
				}
			})
		}
	}

	// A request ETag does not tag (POST) passes through, and a GET whose
	// If-None-Match matches gets 304; both for a 1 KiB body.
	body := bytes.Repeat([]byte("x"), 1<<10)
	tagged := conditional.ETag()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(body) }))
	rec := httptest.NewRecorder()
	tagged.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	revalidate := httptest.NewRequest(http.MethodGet, "/", nil)
	revalidate.Header.Set("If-None-Match", rec.Header().Get("ETag"))
	for _, bm := range []struct {
		name string
		r    *http.Request
	}{{"untagged POST", httptest.NewRequest(http.MethodPost, "/", nil)}, {"304", revalidate}} {
		r := bm.r
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			w := &benchWriter{header: make(http.Header, 4)}
			for b.Loop() {
				clear(w.header)
				tagged.ServeHTTP(w, r)
			}
		})
	}
}

func BenchmarkSingleWriter(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	byPath := func(r *http.Request) string { return r.URL.Path }
	r := httptest.NewRequest(http.MethodPut, "/items/2", nil)
	loop := func(b *testing.B, h http.Handler) {
		b.ReportAllocs()
		w := &benchWriter{header: make(http.Header)}
		for b.Loop() {
			clear(w.header)
			h.ServeHTTP(w, r)
		}
	}
	b.Run("bare", func(b *testing.B) { loop(b, ok) })
	b.Run("pass", func(b *testing.B) { loop(b, conditional.SingleWriter(byPath)(ok)) })
	b.Run("409", func(b *testing.B) {
		// The benchmark runs inside a request that holds /items/2.
		var h http.Handler
		h = conditional.SingleWriter(byPath)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Hold") != "" {
				loop(b, h)
			}
		}))
		hold := httptest.NewRequest(http.MethodPut, "/items/2", nil)
		hold.Header.Set("X-Hold", "1")
		h.ServeHTTP(&benchWriter{header: make(http.Header)}, hold)
	})
}

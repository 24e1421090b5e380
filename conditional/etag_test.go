package conditional_test

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/conditional"
	"github.com/fourxx/fourxx/internal/testserver"
)

// helloTag is the tag ETag gives "hello, world\n": the length and the
// CRC-64 (ECMA) in hexadecimal. It is a literal so that a change of the
// hash, which would invalidate every tag clients hold, fails the test.
const helloTag = `"d-eab812c9815a467b"`

// etagHandlers are the handlers of the ETag tests, by path.
func etagHandlers() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Cache-Control", "max-age=5")
		_, _ = io.WriteString(w, "hello, ")
		_, _ = io.WriteString(w, "world\n")
	})
	mux.HandleFunc("/copied", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(w, strings.NewReader("hello, world\n"))
	})
	mux.HandleFunc("/own-tag", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"mine"`)
		_, _ = io.WriteString(w, "hello, world\n")
	})
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "hello, world", http.StatusNotFound)
	})
	mux.HandleFunc("/large", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, strings.Repeat("x", 100))
		_, _ = io.WriteString(w, strings.Repeat("y", 100))
	})
	mux.HandleFunc("/head-silent", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "13")
		if r.Method != http.MethodHead {
			_, _ = io.WriteString(w, "hello, world\n")
		}
	})
	mux.HandleFunc("/wrong-length", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "13")
		_, _ = io.WriteString(w, "hello")
	})
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) {})
	return mux
}

func TestETag(t *testing.T) {
	h := conditional.ETag(conditional.ETagMaxBuffer(150))(etagHandlers())
	tests := []struct {
		name, method, path, ifNoneMatch string
		status                          int
		etag, body                      string
	}{
		{"tagged", "GET", "/hello", "", 200, helloTag, "hello, world\n"},
		{"HEAD gets the GET's tag", "HEAD", "/hello", "", 200, helloTag, ""},
		{"ReadFrom is buffered too", "GET", "/copied", "", 200, helloTag, "hello, world\n"},
		{"304", "GET", "/hello", helloTag, 304, helloTag, ""},
		{"304 to HEAD", "HEAD", "/hello", helloTag, 304, helloTag, ""},
		{"304 by weak comparison", "GET", "/hello", `"x", W/` + helloTag, 304, helloTag, ""},
		{"304 to a star", "GET", "/hello", `*`, 304, helloTag, ""},
		{"other tag", "GET", "/hello", `"d-0"`, 200, helloTag, "hello, world\n"},
		{"the handler's own tag is left alone", "GET", "/own-tag", `"mine"`, 200, `"mine"`, "hello, world\n"},
		{"other statuses pass", "GET", "/missing", `*`, 404, "", "hello, world\n"},
		{"POST passes", "POST", "/hello", `*`, 200, "", "hello, world\n"},
		{"larger than the buffer", "GET", "/large", `*`, 200, "", strings.Repeat("x", 100) + strings.Repeat("y", 100)},
		{"a HEAD without content is not tagged", "HEAD", "/head-silent", `*`, 200, "", ""},
		{"wrong Content-Length passes", "HEAD", "/wrong-length", `*`, 200, "", ""},
		{"empty body passes", "GET", "/empty", `*`, 200, "", ""},
	}
	for proto, srv := range testserver.Servers(t, h) {
		for _, tt := range tests {
			t.Run(proto+"/"+tt.name, func(t *testing.T) {
				req, err := http.NewRequest(tt.method, srv.URL+tt.path, nil)
				require.NoError(t, err)
				if tt.ifNoneMatch != "" {
					req.Header.Set("If-None-Match", tt.ifNoneMatch)
				}
				res, err := srv.Client().Do(req)
				require.NoError(t, err)
				defer res.Body.Close()
				body, err := io.ReadAll(res.Body)
				require.NoError(t, err)
				assert.Equal(t, tt.status, res.StatusCode)
				assert.Equal(t, tt.etag, res.Header.Get("ETag"))
				assert.Equal(t, tt.body, string(body))
				switch {
				case tt.status == http.StatusNotModified:
					assert.Empty(t, res.Header.Get("Content-Type"))
					assert.Equal(t, "max-age=5", res.Header.Get("Cache-Control"))
				case tt.etag == helloTag:
					assert.Equal(t, int64(13), res.ContentLength)
				}
			})
		}
	}
}

func TestETagStreamsFlushedResponses(t *testing.T) {
	proceed := make(chan struct{})
	h := conditional.ETag()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "first\n")
		assert.NoError(t, http.NewResponseController(w).Flush())
		select {
		case <-proceed:
		case <-time.After(30 * time.Second):
		}
		_, _ = io.WriteString(w, "second\n")
	}))
	for proto, srv := range testserver.Servers(t, h) {
		t.Run(proto, func(t *testing.T) {
			res, err := srv.Client().Get(srv.URL)
			require.NoError(t, err)
			defer res.Body.Close()
			assert.Empty(t, res.Header.Get("ETag"))
			line, err := bufio.NewReader(res.Body).ReadString('\n')
			require.NoError(t, err)
			assert.Equal(t, "first\n", line, "the first part arrives before the handler returns")
			proceed <- struct{}{}
		})
	}
}

func TestETagKeepsTheResponseController(t *testing.T) {
	h := conditional.ETag()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		assert.NoError(t, rc.SetWriteDeadline(time.Now().Add(time.Minute)))
		if r.URL.Path != "/hijack" {
			_, _ = io.WriteString(w, "ok")
			return
		}
		conn, rw, err := rc.Hijack()
		if !assert.NoError(t, err) {
			return
		}
		defer conn.Close()
		_, _ = rw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
		_ = rw.Flush()
	}))
	srv := testserver.Start(t, h)
	res := testserver.Raw(t, srv, testserver.Request("GET /hijack HTTP/1.1", []string{"Host: x"}, ""))
	assert.Equal(t, "hijacked", string(res.Body))
	assert.Empty(t, res.Header.Get("ETag"))
	res = testserver.Raw(t, srv, testserver.Request("GET /deadline HTTP/1.1", []string{"Host: x"}, ""))
	assert.Equal(t, "ok", string(res.Body))
	assert.NotEmpty(t, res.Header.Get("ETag"))
}

func TestETagOutsideCompression(t *testing.T) {
	r := chi.NewRouter()
	r.Use(conditional.ETag())
	r.Use(chimw.Compress(5, "text/plain"))
	r.Get("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, strings.Repeat("compressible ", 100))
	})
	srv := testserver.Start(t, r)
	get := func(encoding, ifNoneMatch string) *http.Response {
		req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
		require.NoError(t, err)
		req.Header.Set("Accept-Encoding", encoding)
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		res, err := srv.Client().Transport.RoundTrip(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, res.Body)
		_ = res.Body.Close()
		return res
	}
	identity, gzipped := get("identity", ""), get("gzip", "")
	assert.Equal(t, "gzip", gzipped.Header.Get("Content-Encoding"))
	assert.NotEmpty(t, identity.Header.Get("ETag"))
	assert.NotEmpty(t, gzipped.Header.Get("ETag"))
	assert.NotEqual(t, identity.Header.Get("ETag"), gzipped.Header.Get("ETag"), "each coding has its own tag")
	assert.Equal(t, http.StatusNotModified, get("gzip", gzipped.Header.Get("ETag")).StatusCode)
	assert.Equal(t, http.StatusOK, get("identity", gzipped.Header.Get("ETag")).StatusCode)
}

func TestETagPanicsOnABadOption(t *testing.T) {
	assert.PanicsWithValue(t, "conditional: ETagMaxBuffer: n must be > 0, got 0", func() { conditional.ETagMaxBuffer(0) })
	assert.PanicsWithValue(t, "conditional: ETag: option 0 is nil", func() { conditional.ETag(nil) })
}

func TestETagEarlyHints(t *testing.T) {
	rec := httptest.NewRecorder()
	conditional.ETag()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</style.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		_, _ = io.WriteString(w, "hello, world\n")
	})).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Equal(t, helloTag, rec.Header().Get("ETag"), "a 1xx does not decide the final status")
}

// readFromRecorder records whether the writer's ReadFrom, sendfile on a
// real connection, was used.
type readFromRecorder struct {
	*httptest.ResponseRecorder
	readFrom bool
}

func (w *readFromRecorder) ReadFrom(src io.Reader) (int64, error) {
	w.readFrom = true
	return io.Copy(w.ResponseRecorder, src)
}

// TestETagKeepsSendfile checks that a response ETag cannot hold reaches
// the underlying ReadFrom instead of being copied through Write.
func TestETagKeepsSendfile(t *testing.T) {
	content := strings.Repeat("x", 4096)
	tests := []struct {
		name     string
		length   string
		status   int
		readFrom bool
	}{
		{"declared length above the buffer", "4096", http.StatusOK, true},
		{"partial content", "", http.StatusPartialContent, true},
		{"not found", "", http.StatusNotFound, true},
		{"declared length within the buffer", "", http.StatusOK, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			limit := 1024
			if !tt.readFrom {
				limit = 8192
			}
			h := conditional.ETag(conditional.ETagMaxBuffer(limit))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.length != "" {
					w.Header().Set("Content-Length", tt.length)
				}
				w.WriteHeader(tt.status)
				_, err := w.(io.ReaderFrom).ReadFrom(strings.NewReader(content))
				assert.NoError(t, err)
			}))
			w := &readFromRecorder{ResponseRecorder: httptest.NewRecorder()}
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
			assert.Equal(t, tt.readFrom, w.readFrom)
			assert.Equal(t, tt.status, w.Code)
			assert.Equal(t, content, w.Body.String())
			assert.Equal(t, !tt.readFrom, w.Header().Get("ETag") != "")
		})
	}
}

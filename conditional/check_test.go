package conditional_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/conditional"
	"github.com/fourxx/fourxx/internal/testserver"
)

// modified is the Last-Modified of the test resources.
var modified = time.Date(2026, 3, 14, 15, 9, 26, 535_000_000, time.UTC)

// httpDate formats t as the three HTTP-date formats name them.
func httpDate(t time.Time, layout string) string { return t.UTC().Format(layout) }

const (
	imfFixdate = http.TimeFormat
	rfc850     = "Monday, 02-Jan-06 15:04:05 GMT"
	asctime    = time.ANSIC
)

// testStates are the resources of the Check tests, by path.
var testStates = map[string]conditional.State{
	"/strong":  {Exists: true, ETag: `"v2"`, LastModified: modified},
	"/weak":    {Exists: true, ETag: `W/"v2"`, LastModified: modified},
	"/notag":   {Exists: true, LastModified: modified},
	"/nodate":  {Exists: true, ETag: `"v2"`},
	"/missing": {},
	"/badtag":  {Exists: true, ETag: `v2`},
}

// testState looks the request's path up in testStates; /error fails.
func testState(r *http.Request) (conditional.State, error) {
	if r.URL.Path == "/error" {
		return conditional.State{}, errors.New("database down")
	}
	return testStates[r.URL.Path], nil
}

// rangeEcho answers like a resource handler: 404 to GET and HEAD of
// /missing, 201 to other methods on it, and 200 naming the Range it saw
// everywhere else.
var rangeEcho = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/missing" {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(http.StatusCreated)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = io.WriteString(w, "range="+r.Header.Get("Range"))
})

// withCacheHeaders sets what an outer middleware might set before Check.
func withCacheHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=60")
		w.Header().Set("Vary", "Accept-Encoding")
		w.Header().Set("Content-Type", "text/plain")
		next.ServeHTTP(w, r)
	})
}

func TestCheck(t *testing.T) {
	h := withCacheHeaders(conditional.Check(testState)(rangeEcho))
	lm := modified.Truncate(time.Second)
	earlier, later := lm.Add(-time.Second), lm.Add(time.Second)

	tests := []struct {
		name, method, path string
		headers            [][2]string
		status             int
		body               string // 200: the body; 412: the failed condition
	}{
		{"plain GET", "GET", "/strong", nil, 200, "range="},
		{"If-Match strong equal", "PUT", "/strong", [][2]string{{"If-Match", `"v2"`}}, 200, "range="},
		{"If-Match list", "PUT", "/strong", [][2]string{{"If-Match", `"a", "v2"`}}, 200, "range="},
		{"If-Match repeated lines form one list (ServeContent: 412)", "PUT", "/strong", [][2]string{{"If-Match", `"a"`}, {"If-Match", `"v2"`}}, 200, "range="},
		{"If-Match empty elements", "PUT", "/strong", [][2]string{{"If-Match", `, ,"a",,"v2",`}}, 200, "range="},
		{"If-Match comma inside a tag", "PUT", "/strong", [][2]string{{"If-Match", `"v2,v3"`}}, 412, "If-Match"},
		{"If-Match comma inside an earlier tag", "PUT", "/strong", [][2]string{{"If-Match", `"a,b", "v2"`}}, 200, "range="},
		{"If-Match weak tag never matches strongly", "PUT", "/strong", [][2]string{{"If-Match", `W/"v2"`}}, 412, "If-Match"},
		{"If-Match against a weak current tag", "PUT", "/weak", [][2]string{{"If-Match", `W/"v2"`}}, 412, "If-Match"},
		{"If-Match lowercase w/ is invalid", "PUT", "/strong", [][2]string{{"If-Match", `w/"v2"`}}, 412, "If-Match"},
		{"If-Match unquoted is invalid", "PUT", "/strong", [][2]string{{"If-Match", `v2`}}, 412, "If-Match"},
		{"If-Match scanning stops at garbage", "PUT", "/strong", [][2]string{{"If-Match", `"a", v2, "v2"`}}, 412, "If-Match"},
		{"If-Match star", "PUT", "/strong", [][2]string{{"If-Match", `*`}}, 200, "range="},
		{"If-Match star on a missing resource", "PUT", "/missing", [][2]string{{"If-Match", `*`}}, 412, "If-Match"},
		{"If-Match on a GET", "GET", "/strong", [][2]string{{"If-Match", `"v1"`}}, 412, "If-Match"},
		{"If-Match without a current tag", "DELETE", "/notag", [][2]string{{"If-Match", `"v2"`}}, 412, "If-Match"},
		{"If-Unmodified-Since earlier", "PUT", "/strong", [][2]string{{"If-Unmodified-Since", httpDate(earlier, imfFixdate)}}, 412, "If-Unmodified-Since"},
		{"If-Unmodified-Since equal at second resolution", "PUT", "/strong", [][2]string{{"If-Unmodified-Since", httpDate(lm, imfFixdate)}}, 200, "range="},
		{"If-Unmodified-Since later", "PUT", "/strong", [][2]string{{"If-Unmodified-Since", httpDate(later, imfFixdate)}}, 200, "range="},
		{"If-Unmodified-Since RFC 850", "PUT", "/strong", [][2]string{{"If-Unmodified-Since", httpDate(earlier, rfc850)}}, 412, "If-Unmodified-Since"},
		{"If-Unmodified-Since asctime", "PUT", "/strong", [][2]string{{"If-Unmodified-Since", httpDate(earlier, asctime)}}, 412, "If-Unmodified-Since"},
		{"If-Unmodified-Since invalid is ignored", "PUT", "/strong", [][2]string{{"If-Unmodified-Since", "yesterday"}}, 200, "range="},
		{"If-Unmodified-Since list is ignored", "PUT", "/strong", [][2]string{{"If-Unmodified-Since", httpDate(earlier, imfFixdate)}, {"If-Unmodified-Since", httpDate(earlier, imfFixdate)}}, 200, "range="},
		{"If-Unmodified-Since without Last-Modified is ignored", "PUT", "/nodate", [][2]string{{"If-Unmodified-Since", httpDate(earlier, imfFixdate)}}, 200, "range="},
		{"If-Unmodified-Since ignored under If-Match", "PUT", "/strong", [][2]string{{"If-Match", `"v2"`}, {"If-Unmodified-Since", httpDate(earlier, imfFixdate)}}, 200, "range="},
		{"If-None-Match GET", "GET", "/strong", [][2]string{{"If-None-Match", `"v2"`}}, 304, ""},
		{"If-None-Match HEAD", "HEAD", "/strong", [][2]string{{"If-None-Match", `"x", "v2"`}}, 304, ""},
		{"If-None-Match weak comparison", "GET", "/strong", [][2]string{{"If-None-Match", `W/"v2"`}}, 304, ""},
		{"If-None-Match weak current", "GET", "/weak", [][2]string{{"If-None-Match", `"v2"`}}, 304, ""},
		{"If-None-Match star", "GET", "/strong", [][2]string{{"If-None-Match", `*`}}, 304, ""},
		{"If-None-Match star mixed with tags", "GET", "/strong", [][2]string{{"If-None-Match", `"a", *`}}, 304, ""},
		{"If-None-Match no match", "GET", "/strong", [][2]string{{"If-None-Match", `"v1"`}}, 200, "range="},
		{"If-None-Match on PUT", "PUT", "/strong", [][2]string{{"If-None-Match", `"v2"`}}, 412, "If-None-Match"},
		{"If-None-Match star on PUT of an existing resource", "PUT", "/strong", [][2]string{{"If-None-Match", `*`}}, 412, "If-None-Match"},
		{"If-None-Match star creates", "PUT", "/missing", [][2]string{{"If-None-Match", `*`}}, 201, ""},
		{"If-None-Match lowercase w/ stops the scan", "GET", "/strong", [][2]string{{"If-None-Match", `w/"v2", "v2"`}}, 200, "range="},
		{"If-Modified-Since equal", "GET", "/strong", [][2]string{{"If-Modified-Since", httpDate(lm, imfFixdate)}}, 304, ""},
		{"If-Modified-Since later", "GET", "/strong", [][2]string{{"If-Modified-Since", httpDate(later, rfc850)}}, 304, ""},
		{"If-Modified-Since earlier", "GET", "/strong", [][2]string{{"If-Modified-Since", httpDate(earlier, asctime)}}, 200, "range="},
		{"If-Modified-Since ignored under If-None-Match", "GET", "/strong", [][2]string{{"If-None-Match", `"v1"`}, {"If-Modified-Since", httpDate(lm, imfFixdate)}}, 200, "range="},
		{"If-Modified-Since ignored on PUT", "PUT", "/strong", [][2]string{{"If-Modified-Since", httpDate(lm, imfFixdate)}}, 200, "range="},
		{"If-Modified-Since list is ignored", "GET", "/strong", [][2]string{{"If-Modified-Since", httpDate(lm, imfFixdate) + ", " + httpDate(lm, imfFixdate)}}, 200, "range="},
		{"If-Range strong tag keeps Range", "GET", "/strong", [][2]string{{"Range", "bytes=0-1"}, {"If-Range", `"v2"`}}, 200, "range=bytes=0-1"},
		{"If-Range other tag drops Range", "GET", "/strong", [][2]string{{"Range", "bytes=0-1"}, {"If-Range", `"v1"`}}, 200, "range="},
		{"If-Range weak tag drops Range", "GET", "/weak", [][2]string{{"Range", "bytes=0-1"}, {"If-Range", `W/"v2"`}}, 200, "range="},
		{"If-Range equal date keeps Range", "GET", "/strong", [][2]string{{"Range", "bytes=0-1"}, {"If-Range", httpDate(lm, imfFixdate)}}, 200, "range=bytes=0-1"},
		{"If-Range later date drops Range", "GET", "/strong", [][2]string{{"Range", "bytes=0-1"}, {"If-Range", httpDate(later, imfFixdate)}}, 200, "range="},
		{"If-Range garbage drops Range", "GET", "/strong", [][2]string{{"Range", "bytes=0-1"}, {"If-Range", "v2"}}, 200, "range="},
		{"Range without If-Range stays", "GET", "/strong", [][2]string{{"Range", "bytes=0-1"}}, 200, "range=bytes=0-1"},
		{"HEAD ignores Range (ServeContent: 206)", "HEAD", "/strong", [][2]string{{"Range", "bytes=0-1"}}, 200, ""},
		{"OPTIONS is never evaluated", "OPTIONS", "/strong", [][2]string{{"If-Match", `"nope"`}}, 200, "range="},
		{"GET of a missing resource: the handler's 404 wins", "GET", "/missing", [][2]string{{"If-Match", `*`}}, 404, ""},
		{"state error", "GET", "/error", nil, 500, ""},
		{"malformed state entity-tag", "GET", "/badtag", nil, 500, ""},
	}
	for proto, srv := range testserver.Servers(t, h) {
		for _, tt := range tests {
			t.Run(proto+"/"+tt.name, func(t *testing.T) {
				req, err := http.NewRequest(tt.method, srv.URL+tt.path, nil)
				require.NoError(t, err)
				for _, kv := range tt.headers {
					req.Header.Add(kv[0], kv[1])
				}
				res, err := srv.Client().Do(req)
				require.NoError(t, err)
				defer res.Body.Close()
				body, err := io.ReadAll(res.Body)
				require.NoError(t, err)
				require.Equal(t, tt.status, res.StatusCode, string(body))
				switch tt.status {
				case http.StatusOK:
					if tt.method != http.MethodHead {
						assert.Equal(t, tt.body, string(body))
					}
					if tt.method == http.MethodGet && tt.path == "/strong" {
						assert.Equal(t, `"v2"`, res.Header.Get("ETag"))
						assert.Equal(t, lm.Format(http.TimeFormat), res.Header.Get("Last-Modified"))
					}
				case http.StatusNotModified:
					assert.Empty(t, body)
					assert.Equal(t, testStates[tt.path].ETag, res.Header.Get("ETag"))
					if testStates[tt.path].ETag == "" { // RFC 9110 §15.4.5: Last-Modified only without an ETag
						assert.Equal(t, lm.Format(http.TimeFormat), res.Header.Get("Last-Modified"))
					} else {
						assert.Empty(t, res.Header.Get("Last-Modified"))
					}
					assert.Equal(t, "max-age=60", res.Header.Get("Cache-Control"))
					assert.Equal(t, "Accept-Encoding", res.Header.Get("Vary"))
					assert.NotEmpty(t, res.Header.Get("Date"))
					assert.Empty(t, res.Header.Get("Content-Type"))
				case http.StatusPreconditionFailed:
					d := testserver.DecodeProblem(t, body)
					assert.Equal(t, tt.body, d.Extensions["failed"])
					assert.NotEmpty(t, d.Detail)
					if etag := testStates[tt.path].ETag; etag != "" {
						assert.Equal(t, etag, d.Extensions["etag"])
					}
				case http.StatusInternalServerError:
					assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
					assert.NotContains(t, string(body), "database down")
				}
			})
		}
	}
}

func TestCheckPreconditionRequired(t *testing.T) {
	h := conditional.Check(testState, conditional.CheckRequirePrecondition())(rangeEcho)
	srv := testserver.Start(t, h)
	tests := []struct {
		name, method, path string
		headers            [][2]string
		status             int
		contains           string
	}{
		{"PUT without precondition", "PUT", "/strong", nil, 428, `If-Match: \"v2\"`},
		{"PATCH without precondition", "PATCH", "/strong", nil, 428, `"etag":"\"v2\""`},
		{"DELETE without a tag", "DELETE", "/notag", nil, 428, "If-Unmodified-Since: Sat, 14 Mar 2026 15:09:26 GMT"},
		{"invalid If-Unmodified-Since is no precondition", "DELETE", "/strong", [][2]string{{"If-Unmodified-Since", "soon"}}, 428, `"required":["If-Match","If-Unmodified-Since"]`},
		{"If-None-Match is no lost-update protection", "PUT", "/strong", [][2]string{{"If-None-Match", `"v1"`}}, 428, ""},
		{"create-only PUT of an existing resource", "PUT", "/strong", [][2]string{{"If-None-Match", `*`}}, 412, `"failed":"If-None-Match"`},
		{"PUT with If-Match", "PUT", "/strong", [][2]string{{"If-Match", `"v2"`}}, 200, ""},
		{"PUT with a stale If-Match", "PUT", "/strong", [][2]string{{"If-Match", `"v1"`}}, 412, ""},
		{"PUT with If-Unmodified-Since", "PUT", "/strong", [][2]string{{"If-Unmodified-Since", httpDate(modified, imfFixdate)}}, 200, ""},
		{"PUT creating a resource", "PUT", "/missing", nil, 201, ""},
		{"POST is not covered by default", "POST", "/strong", nil, 200, ""},
		{"GET is never covered", "GET", "/strong", nil, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader("{}"))
			require.NoError(t, err)
			for _, kv := range tt.headers {
				req.Header.Add(kv[0], kv[1])
			}
			res, err := srv.Client().Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			require.Equal(t, tt.status, res.StatusCode, string(body))
			assert.Contains(t, string(body), tt.contains)
			if tt.status == http.StatusPreconditionRequired {
				assert.Contains(t, string(body), "conditional request for "+tt.method+" ", "the 428 of this method, not the last one's")
				assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
				assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
			}
		})
	}

	t.Run("configured methods", func(t *testing.T) {
		h := conditional.Check(testState, conditional.CheckRequirePrecondition(http.MethodPost))(rangeEcho)
		for method, want := range map[string]int{"POST": 428, "PUT": 200} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(method, "/strong", nil))
			assert.Equal(t, want, rec.Code, method)
		}
	})
	t.Run("safe methods panic", func(t *testing.T) {
		assert.PanicsWithValue(t, `conditional: CheckRequirePrecondition: needs unsafe methods, got "GET"`, func() {
			conditional.CheckRequirePrecondition(http.MethodGet)
		})
	})
}

func TestCheckAlreadyApplied(t *testing.T) {
	var called bool
	applied := func(r *http.Request, st conditional.State) bool {
		body, _ := io.ReadAll(r.Body)
		return string(body) == "same" || (!st.Exists && r.Method == http.MethodDelete)
	}
	h := conditional.Check(testState, conditional.CheckAlreadyApplied(applied))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		called = true
	}))
	srv := testserver.Start(t, h)
	tests := []struct {
		name, method, path, body, ifMatch string
		status                            int
	}{
		{"retried PUT already applied", "PUT", "/strong", "same", `"v1"`, 204},
		{"other change", "PUT", "/strong", "different", `"v1"`, 412},
		{"retried DELETE", "DELETE", "/missing", "", `"v2"`, 204},
		{"GET never", "GET", "/strong", "same", `"v1"`, 412},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called = false
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			require.NoError(t, err)
			req.Header.Set("If-Match", tt.ifMatch)
			res, err := srv.Client().Do(req)
			require.NoError(t, err)
			_ = res.Body.Close()
			assert.Equal(t, tt.status, res.StatusCode)
			assert.False(t, called)
			if tt.status == http.StatusNoContent {
				assert.Equal(t, testStates[tt.path].ETag, res.Header.Get("ETag"))
			}
		})
	}
	assert.PanicsWithValue(t, "conditional: CheckAlreadyApplied: needs a non-nil function", func() { conditional.CheckAlreadyApplied(nil) })
	assert.PanicsWithValue(t, "conditional: Check: needs a non-nil state function", func() { conditional.Check(nil) })
	assert.PanicsWithValue(t, "conditional: Check: option 0 is nil", func() { conditional.Check(benchState, nil) })
}

func TestCheckLeavesTheRequestAlone(t *testing.T) {
	var seen http.Header
	h := conditional.Check(testState)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header
	}))
	req := httptest.NewRequest(http.MethodGet, "/strong", nil)
	req.Header.Set("Range", "bytes=0-1")
	req.Header.Set("If-Range", `"v1"`)
	h.ServeHTTP(httptest.NewRecorder(), req)
	assert.Empty(t, seen.Get("Range"), "the handler sees no Range")
	assert.Equal(t, `"v1"`, seen.Get("If-Range"))
	assert.Equal(t, "bytes=0-1", req.Header.Get("Range"), "the caller's request is not modified")
}

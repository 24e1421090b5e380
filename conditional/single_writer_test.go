package conditional_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/conditional"
	"github.com/fourxx/fourxx/internal/testserver"
)

func TestSingleWriter(t *testing.T) {
	started := time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC)
	entered := make(chan string, 1)
	release := make(chan struct{})
	r := chi.NewRouter()
	r.Route("/items/{id}", func(r chi.Router) {
		r.Use(conditional.SingleWriter(
			func(r *http.Request) string { return chi.URLParam(r, "id") },
			conditional.SingleWriterClock(func() time.Time { return started }),
			conditional.SingleWriterCurrentETag(func(r *http.Request) string { return `"v` + chi.URLParam(r, "id") + `"` }),
		))
		r.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Block") != "" {
				entered <- r.Method
				select {
				case <-release:
				case <-time.After(30 * time.Second):
				}
			}
			_, _ = io.WriteString(w, "done")
		})
	})
	srv := testserver.Start(t, r)
	do := func(method, path string, block bool) (int, string) {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader("{}"))
		require.NoError(t, err)
		if block {
			req.Header.Set("X-Block", "1")
		}
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}

	var wg sync.WaitGroup
	wg.Add(1)
	var firstStatus int
	go func() {
		defer wg.Done()
		firstStatus, _ = do("PUT", "/items/1", true)
	}()
	assert.Equal(t, "PUT", <-entered)

	status, body := do("PATCH", "/items/1", false)
	require.Equal(t, http.StatusConflict, status, body)
	d := testserver.DecodeProblem(t, []byte(body))
	assert.Equal(t, "PUT /items/1", d.Extensions["holder"])
	assert.Equal(t, "2026-11-25T16:00:00Z", d.Extensions["since"])
	assert.Equal(t, `"v1"`, d.Extensions["etag"])
	assert.Contains(t, d.Detail, "Retry")

	for _, tt := range []struct{ method, path string }{{"DELETE", "/items/2"}, {"GET", "/items/1"}, {"HEAD", "/items/1"}, {"OPTIONS", "/items/1"}} {
		status, _ := do(tt.method, tt.path, false)
		assert.Equal(t, http.StatusOK, status, tt.method+" "+tt.path)
	}

	close(release)
	wg.Wait()
	assert.Equal(t, http.StatusOK, firstStatus)
	status, _ = do("PUT", "/items/1", false)
	assert.Equal(t, http.StatusOK, status, "released after the holder returned")
}

func TestSingleWriterReleasesOnPanic(t *testing.T) {
	h := conditional.SingleWriter(func(r *http.Request) string { return r.URL.Path })(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Panic") != "" {
			panic("handler failed")
		}
	}))
	req := httptest.NewRequest(http.MethodPut, "/a", nil)
	req.Header.Set("X-Panic", "1")
	assert.Panics(t, func() { h.ServeHTTP(httptest.NewRecorder(), req) })
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPut, "/a", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
}

func TestSingleWriterEmptyKeyAndPanics(t *testing.T) {
	var h http.Handler
	nested := 0
	h = conditional.SingleWriter(func(r *http.Request) string { return "" })(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Nested") != "" {
			nested++
			return
		}
		r2 := httptest.NewRequest(http.MethodPut, "/a", nil)
		r2.Header.Set("X-Nested", "1")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r2) // the outer request still runs: with a key, this would be 409
		assert.Equal(t, http.StatusOK, rec.Code)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPut, "/a", nil))
	assert.Equal(t, 1, nested)
	assert.PanicsWithValue(t, "conditional: SingleWriter: needs a non-nil key function", func() { conditional.SingleWriter(nil) })
	assert.PanicsWithValue(t, "conditional: SingleWriterClock: needs a non-nil function", func() { conditional.SingleWriterClock(nil) })
	assert.PanicsWithValue(t, "conditional: SingleWriterCurrentETag: needs a non-nil function", func() { conditional.SingleWriterCurrentETag(nil) })
	byPath := func(r *http.Request) string { return r.URL.Path }
	assert.PanicsWithValue(t, "conditional: SingleWriter: option 0 is nil", func() { conditional.SingleWriter(byPath, nil) })
}

func TestConflict(t *testing.T) {
	rec := httptest.NewRecorder()
	conditional.Conflict(rec, httptest.NewRequest(http.MethodPut, "/items/1", nil), "", conditional.State{Exists: true, ETag: `"v3"`, LastModified: modified})
	assert.Equal(t, http.StatusConflict, rec.Code)
	d := testserver.DecodeProblem(t, rec.Body.Bytes())
	assert.Equal(t, `"v3"`, d.Extensions["etag"])
	assert.Equal(t, "Sat, 14 Mar 2026 15:09:26 GMT", d.Extensions["last_modified"])
	assert.Contains(t, d.Detail, "fetch it again")
}

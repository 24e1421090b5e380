package conditional_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/conditional"
	"github.com/fourxx/fourxx/problem"
)

// mapLock is a conditional.Lock over a map, counting releases.
type mapLock struct {
	mu       sync.Mutex
	holders  map[string]conditional.Holder
	err      error
	released int
}

func (l *mapLock) Acquire(_ context.Context, key string, h conditional.Holder) (func(), conditional.Holder, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return nil, conditional.Holder{}, l.err
	}
	if cur, ok := l.holders[key]; ok {
		return nil, cur, nil
	}
	l.holders[key] = h
	return func() {
		l.mu.Lock()
		delete(l.holders, key)
		l.released++
		l.mu.Unlock()
	}, conditional.Holder{}, nil
}

func TestSingleWriterLock(t *testing.T) {
	since := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	lock := &mapLock{holders: map[string]conditional.Holder{"/b": {Method: "PATCH", Path: "/b", Since: since}}}
	var h http.Handler
	h = conditional.SingleWriter(func(r *http.Request) string { return r.URL.Path }, conditional.SingleWriterLock(lock),
		conditional.SingleWriterClock(func() time.Time { return since.Add(time.Minute) }))(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.Header.Get("X-Then") {
			case "panic":
				panic("handler failed")
			case "nested":
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodDelete, r.URL.Path, nil))
				_, _ = w.Write(rec.Body.Bytes())
			}
		}))
	serve := func(method, path, then string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, nil)
		req.Header.Set("X-Then", then)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}

	var d problem.Details
	rec := serve(http.MethodPut, "/a", "nested")
	require.Equal(t, http.StatusOK, rec.Code)
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &d))
	assert.Equal(t, http.StatusConflict, d.Status, "the nested write meets the outer one's hold")
	assert.Equal(t, "PUT /a", d.Extensions["holder"])
	assert.Equal(t, "2026-11-29T12:01:00Z", d.Extensions["since"])

	rec = serve(http.MethodPut, "/b", "")
	require.Equal(t, http.StatusConflict, rec.Code, "another instance holds /b")
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &d))
	assert.Equal(t, "PATCH /b", d.Extensions["holder"])
	assert.Equal(t, "2026-11-29T12:00:00Z", d.Extensions["since"])

	assert.Equal(t, http.StatusOK, serve(http.MethodGet, "/b", "").Code, "reads are not serialised")
	assert.Panics(t, func() { serve(http.MethodPut, "/c", "panic") })
	assert.Equal(t, http.StatusOK, serve(http.MethodPut, "/c", "").Code, "released after the panic")
	assert.Equal(t, 3, lock.released, "one release per hold")

	lock.err = errors.New("redis down")
	rec = serve(http.MethodPut, "/a", "")
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Contains(t, rec.Body.String(), "unavailable")
	// A context that ended, on a deadline middleware's timeout or a client
	// that left, still gets the 503 rather than Go's empty 200 for a
	// request that never ran (Record logs a client that left as 499).
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel := context.WithDeadline(context.Background(), since)
	defer cancel()
	for name, ctx := range map[string]context.Context{"canceled": canceled, "deadline exceeded": expired} {
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPut, "/a", nil).WithContext(ctx))
		assert.Equal(t, http.StatusServiceUnavailable, rec.Code, name)
	}

	assert.PanicsWithValue(t, "conditional: SingleWriterLock: needs a non-nil Lock", func() { conditional.SingleWriterLock(nil) })
}

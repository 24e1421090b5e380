package conditional_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/conditional"
	"github.com/fourxx/fourxx/internal/testserver"
)

// TestRefusals runs every refusal of the package through the contract of
// problem.Write and compares the bytes with testdata/refusals.
func TestRefusals(t *testing.T) {
	t.Parallel()
	modified := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok\n") })
	state := func(r *http.Request) (conditional.State, error) {
		switch r.URL.Path {
		case "/tagged":
			return conditional.State{Exists: true, ETag: `"v2"`, LastModified: modified}, nil
		case "/dated":
			return conditional.State{Exists: true, LastModified: modified}, nil
		case "/missing":
			return conditional.State{}, nil
		}
		return conditional.State{}, errors.New("database down")
	}
	check := conditional.Check(state, conditional.CheckRequirePrecondition())(ok)
	conflict := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conditional.Conflict(w, r, `The item <"42"> & its parts changed.`, conditional.State{Exists: true, ETag: `W/"v3"`, LastModified: modified})
	})

	entered, release := make(chan struct{}), make(chan struct{})
	single := conditional.SingleWriter(func(*http.Request) string { return "item" },
		conditional.SingleWriterClock(func() time.Time { return modified }),
		conditional.SingleWriterCurrentETag(func(*http.Request) string { return `"v9"` }),
	)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Hold") != "" {
			close(entered)
			<-release
		}
	}))
	held := make(chan struct{})
	go func() {
		defer close(held)
		req, _ := http.NewRequest(http.MethodPut, "/items/1", nil)
		req.Header.Set("X-Hold", "1")
		single.ServeHTTP(discardWriter{}, req)
	}()
	<-entered
	t.Cleanup(func() { close(release); <-held })

	unavailable := conditional.SingleWriter(func(*http.Request) string { return "item" },
		conditional.SingleWriterLock(failingLock{}))(ok)

	testserver.CheckRefusals(t, []testserver.Refusal{
		{Name: "CheckIfMatch", Handler: check, Method: "PUT", Target: "/tagged", Body: "{}",
			Header: http.Header{"If-Match": {`"v1", W/"v2"`}}, Status: 412, Source: "conditional.Check"},
		{Name: "CheckIfMatchGet", Handler: check, Target: "/tagged",
			Header: http.Header{"If-Match": {`"v1"`}}, Status: 412, Source: "conditional.Check"},
		{Name: "CheckIfMatchMissing", Handler: check, Method: "PUT", Target: "/missing", Body: "{}",
			Header: http.Header{"If-Match": {`*`}}, Status: 412, Source: "conditional.Check"},
		{Name: "CheckIfMatchUntagged", Handler: check, Method: "DELETE", Target: "/dated",
			Header: http.Header{"If-Match": {`"v1"`}}, Status: 412, Source: "conditional.Check"},
		{Name: "CheckIfNoneMatch", Handler: check, Method: "PUT", Target: "/tagged", Body: "{}",
			Header: http.Header{"If-None-Match": {`*`}}, Status: 412, Source: "conditional.Check"},
		{Name: "CheckIfUnmodifiedSince", Handler: check, Method: "DELETE", Target: "/dated",
			Header: http.Header{"If-Unmodified-Since": {"Sat, 14 Mar 2026 15:00:00 GMT"}}, Status: 412, Source: "conditional.Check"},
		{Name: "CheckRequired", Handler: check, Method: "PATCH", Target: "/tagged", Body: "{}", Status: 428, Source: "conditional.Check"},
		{Name: "CheckRequiredDated", Handler: check, Method: "PUT", Target: "/dated", Body: "{}", Status: 428, Source: "conditional.Check"},
		{Name: "CheckStateError", Handler: check, Target: "/broken", Status: 500, Source: "conditional.Check"},
		{Name: "Conflict", Handler: conflict, Method: "PUT", Body: "{}", Status: 409, Source: "conditional.Conflict"},
		{Name: "SingleWriter", Handler: single, Method: "DELETE", Target: "/items/1", Status: 409, Source: "conditional.SingleWriter"},
		{Name: "SingleWriterLockUnavailable", Handler: unavailable, Method: "PUT", Target: "/items/1", Body: "{}", Status: 503, Source: "conditional.SingleWriter"},
	})
}

// failingLock is a conditional.Lock that cannot be reached.
type failingLock struct{}

func (failingLock) Acquire(context.Context, string, conditional.Holder) (func(), conditional.Holder, error) {
	return nil, conditional.Holder{}, errors.New("lock unreachable")
}

// discardWriter is a response writer that drops everything.
type discardWriter struct{}

func (discardWriter) Header() http.Header         { return http.Header{} }
func (discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (discardWriter) WriteHeader(int)             {}

// TestPreconditionFailedFollowsTheState checks that the 412s cached for
// the last validators refused name the validators of each request.
func TestPreconditionFailedFollowsTheState(t *testing.T) {
	modified := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	check := conditional.Check(func(r *http.Request) (conditional.State, error) {
		tag := r.Header.Get("X-Current")
		return conditional.State{Exists: true, ETag: tag, LastModified: modified.Add(time.Duration(len(tag)) * time.Second)}, nil
	})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	for _, current := range []string{`"a"`, `"bb"`, `"bb"`, `"a"`} {
		r := httptest.NewRequest(http.MethodPut, "/", nil)
		r.Header.Set("If-Match", `"x"`)
		r.Header.Set("X-Current", current)
		rec := httptest.NewRecorder()
		check.ServeHTTP(rec, r)
		require.Equal(t, http.StatusPreconditionFailed, rec.Code)
		d := testserver.DecodeProblem(t, rec.Body.Bytes())
		assert.Equal(t, current, d.Extensions["etag"])
		assert.Equal(t, modified.Add(time.Duration(len(current))*time.Second).Format(http.TimeFormat), d.Extensions["last_modified"])
		assert.Contains(t, d.Detail, "current entity-tag is "+current+",")
	}
}

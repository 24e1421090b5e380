package conditional_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/conditional"
	"github.com/fourxx/fourxx/problem"
)

// TestCheckValidatorsFollowState checks the validators Check sets on a GET
// as the state changes between requests, and that a handler adding to them
// changes only its own response.
func TestCheckValidatorsFollowState(t *testing.T) {
	st := conditional.State{Exists: true, ETag: `"v1"`, LastModified: modified}
	h := conditional.Check(func(*http.Request) (conditional.State, error) { return st, nil })(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Has("add") {
				w.Header().Add("Etag", `"extra"`)
				w.Header().Add("Last-Modified", "extra")
			}
		}))
	get := func(target string) http.Header {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		return rec.Header()
	}
	date := modified.UTC().Format(http.TimeFormat)

	assert.Equal(t, []string{`"v1"`, `"extra"`}, get("/?add")["Etag"])
	assert.Equal(t, []string{`"v1"`}, get("/")["Etag"])
	assert.Equal(t, []string{date}, get("/")["Last-Modified"])

	st.ETag, st.LastModified = `"v2"`, modified.Add(time.Hour)
	later := get("/")
	assert.Equal(t, []string{`"v2"`}, later["Etag"])
	assert.Equal(t, []string{modified.Add(time.Hour).UTC().Format(http.TimeFormat)}, later["Last-Modified"])

	st.LastModified = modified.Add(time.Hour + 300*time.Millisecond)
	assert.Equal(t, later["Last-Modified"], get("/")["Last-Modified"], "same second, same date")
}

// TestCheckPassPathAllocations checks that a GET that passes Check, with a
// state function that does not allocate, allocates nothing.
func TestCheckPassPathAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	h := conditional.Check(benchState)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	r := httptest.NewRequest(http.MethodGet, "/items/2", nil)
	r.Header.Set("If-None-Match", `"v1"`)
	w := &benchWriter{header: make(http.Header, 4)}
	allocs := testing.AllocsPerRun(100, func() {
		clear(w.header)
		h.ServeHTTP(w, r)
	})
	assert.Zero(t, allocs)
}

// TestPreconditionFailedMembersFollowRequest checks that the 412s, built
// once per pair of validators, failed field and existence, name the field
// of each request and the validators and existence of the current state.
func TestPreconditionFailedMembersFollowRequest(t *testing.T) {
	st := conditional.State{Exists: true, ETag: `"v1"`, LastModified: modified}
	h := conditional.Check(func(*http.Request) (conditional.State, error) { return st, nil })(
		http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	var detail string
	refuse := func(field, value string) map[string]any {
		r := httptest.NewRequest(http.MethodPut, "/", nil)
		r.Header.Set(field, value)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		require.Equal(t, http.StatusPreconditionFailed, rec.Code)
		var d problem.Details
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &d))
		detail = d.Detail
		return d.Extensions
	}
	date := modified.UTC().Format(http.TimeFormat)
	before := modified.Add(-time.Hour).UTC().Format(http.TimeFormat)

	for range 2 {
		assert.Equal(t, map[string]any{"failed": "If-Match", "etag": `"v1"`, "last_modified": date}, refuse("If-Match", `"v0"`))
		assert.Equal(t, map[string]any{"failed": "If-None-Match", "etag": `"v1"`, "last_modified": date}, refuse("If-None-Match", "*"))
		assert.Equal(t, map[string]any{"failed": "If-Unmodified-Since", "etag": `"v1"`, "last_modified": date}, refuse("If-Unmodified-Since", before))
	}
	st.ETag, st.LastModified = `"v2"`, time.Time{}
	assert.Equal(t, map[string]any{"failed": "If-Match", "etag": `"v2"`}, refuse("If-Match", `"v0"`))

	st = conditional.State{Exists: true}
	assert.Equal(t, map[string]any{"failed": "If-Match"}, refuse("If-Match", `"v0"`))
	assert.Contains(t, detail, "has no entity-tag")
	st.Exists = false
	assert.Equal(t, map[string]any{"failed": "If-Match"}, refuse("If-Match", `"v0"`))
	assert.Contains(t, detail, "does not exist")
}

// TestCheck428KeptWhenRepeated checks that Check keeps a 428 once the same
// method and validators come twice in a row, and that requests taking
// turns between two resources each get their own.
func TestCheck428KeptWhenRepeated(t *testing.T) {
	var etag string
	state := func(*http.Request) (conditional.State, error) {
		return conditional.State{Exists: true, ETag: etag}, nil
	}
	var seen []*problem.Details
	hook := problem.HookFunc(func(_ *http.Request, d *problem.Details) { seen = append(seen, d) })
	h := problem.WithHook(hook)(conditional.Check(state, conditional.CheckRequirePrecondition())(http.NotFoundHandler()))
	etags := []string{`"a"`, `"b"`, `"a"`, `"b"`, `"a"`, `"a"`, `"a"`}
	for _, etag = range etags {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPut, "/items/1", nil))
		require.Equal(t, http.StatusPreconditionRequired, rec.Code)
		assert.Contains(t, rec.Body.String(), `"etag":`+jsonString(t, etag))
	}
	require.Len(t, seen, len(etags))
	for i := 1; i < 6; i++ {
		assert.NotSame(t, seen[i-1], seen[i], "request %d", i)
	}
	assert.Same(t, seen[5], seen[6], "kept on the second miss in a row")
	assert.NotSame(t, seen[2], seen[4], "not kept when misses take turns")
}

// jsonString returns s encoded as a JSON string.
func jsonString(t *testing.T, s string) string {
	b, err := json.Marshal(s)
	require.NoError(t, err)
	return string(b)
}

package problem_test

import (
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/problem"
)

// preparedCases are Details that Prepare must encode as Write would.
var preparedCases = []problem.Details{
	{Status: http.StatusTooManyRequests, Source: "test.Bare"},
	{},
	{Status: 299, Detail: "odd"},
	{Type: "https://example.com/p?" + hostile, Title: hostile, Status: http.StatusBadRequest,
		Detail: hostile, Instance: "/items/" + hostile,
		Extensions: map[string]any{hostile: hostile, "list": []string{hostile, ""}}},
	{Status: http.StatusMethodNotAllowed, Detail: "PUT is not allowed.",
		Extensions: map[string]any{"allowed": []string{"GET", "HEAD"}, "method": "PUT", "limit": 3, "float": 1.5, "status": 1}},
	{Status: http.StatusConflict, Extensions: map[string]any{"infinite": math.Inf(1), "kept": "no"}},
}

// respond answers a request with method, Accept and Vary field lines
// through problem.Write of d, and returns what was written.
func respond(d *problem.Details, method, accept string, vary []string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/x", nil)
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	if vary != nil {
		rec.Header()["Vary"] = vary
	}
	problem.Write(rec, r, d)
	return rec
}

func TestPrepareSendsWhatWriteSends(t *testing.T) {
	accepts := []string{"", "application/problem+json", "text/html", "text/plain", "text/plain;q=0.5, text/html;q=0.4"}
	varies := [][]string{nil, {"Origin"}, {"Origin, accept"}, {"*"}}
	for i, d := range preparedCases {
		p := problem.Prepare(d)
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			for _, accept := range accepts {
				for _, vary := range varies {
					want := respond(&d, method, accept, vary)
					got := respond(p, method, accept, vary)
					assert.Equal(t, want.Code, got.Code, "case %d %s %q %q", i, method, accept, vary)
					assert.Equal(t, want.Header(), got.Header(), "case %d %s %q %q", i, method, accept, vary)
					assert.Equal(t, want.Body.String(), got.Body.String(), "case %d %s %q %q", i, method, accept, vary)
				}
			}
		}
	}
}

func TestPrepareCopyIsEncodedAgain(t *testing.T) {
	p := problem.Prepare(problem.Details{Status: http.StatusTooManyRequests, Detail: "Slow down."})
	changed := *p
	changed.Detail = "Wait 5 seconds."
	changed.Status = http.StatusServiceUnavailable
	want := respond(&problem.Details{Status: http.StatusServiceUnavailable, Detail: "Wait 5 seconds."}, http.MethodGet, "", nil)
	got := respond(&changed, http.MethodGet, "", nil)
	assert.Equal(t, http.StatusServiceUnavailable, got.Code)
	assert.Equal(t, want.Header(), got.Header())
	assert.Equal(t, want.Body.String(), got.Body.String())

	again := problem.Prepare(*p)
	assert.Equal(t, respond(p, http.MethodGet, "text/html", nil).Body.String(),
		respond(again, http.MethodGet, "text/html", nil).Body.String(), "a prepared Details prepared again")
}

func TestPrepareRenderersSeeTheDetails(t *testing.T) {
	p := problem.Prepare(problem.Details{Status: http.StatusConflict, Detail: "Changed.", Source: "test.Prepare"})
	var seen []*problem.Details
	custom := problem.RendererFunc(func(w http.ResponseWriter, r *http.Request, d *problem.Details) {
		seen = append(seen, d)
		w.WriteHeader(d.Status)
		_, _ = w.Write([]byte("custom " + d.Detail))
	})
	hook := problem.HookFunc(func(r *http.Request, d *problem.Details) { seen = append(seen, d) })
	h := problem.WithHook(hook)(problem.WithRenderer(custom)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, r, p)
	})))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Equal(t, "custom Changed.", rec.Body.String())
	require.Len(t, seen, 2)
	assert.Same(t, p, seen[0], "the hook")
	assert.Same(t, p, seen[1], "the renderer")

	typed := problem.Standard{Types: map[int]string{http.StatusConflict: "https://example.com/conflict"}}
	rec = httptest.NewRecorder()
	typed.Render(rec, httptest.NewRequest(http.MethodGet, "/", nil), p)
	assert.JSONEq(t, `{"type":"https://example.com/conflict","title":"Conflict","status":409,"detail":"Changed."}`, rec.Body.String())
}

// TestPrepareFieldValuesAreSeparate checks that adding a value to a field
// of one response changes neither the other fields nor the next response.
func TestPrepareFieldValuesAreSeparate(t *testing.T) {
	p := problem.Prepare(problem.Details{Status: http.StatusTeapot})
	rec := respond(p, http.MethodGet, "", nil)
	want := rec.Header().Clone()
	for name := range want {
		rec.Header().Add(name, "added")
	}
	assert.Equal(t, want, respond(p, http.MethodGet, "", nil).Header())
}

// TestPrepareConcurrentFirstUse renders a Details in every format from
// many goroutines at once, the first time, for the race detector.
func TestPrepareConcurrentFirstUse(t *testing.T) {
	d := preparedCases[4]
	p := problem.Prepare(d)
	accepts := []string{"", "text/html", "text/plain"}
	bodies := make([]string, 4*len(accepts))
	var wg sync.WaitGroup
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bodies[i] = respond(p, http.MethodGet, accepts[i%len(accepts)], nil).Body.String()
		}()
	}
	wg.Wait()
	for i, body := range bodies {
		assert.Equal(t, respond(&d, http.MethodGet, accepts[i%len(accepts)], nil).Body.String(), body)
	}
}

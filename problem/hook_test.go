package problem_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/problem"
)

func TestWithHook(t *testing.T) {
	var seen []string
	hook := func(name string) problem.Hook {
		return problem.HookFunc(func(r *http.Request, d *problem.Details) {
			seen = append(seen, name+" "+d.Source+" "+r.URL.Path)
		})
	}
	h := problem.WithHook(hook("outer"))(problem.WithHook(hook("inner"))(http.HandlerFunc(conflict)))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	res, _ := do(t, srv, http.MethodGet, "")
	assert.Equal(t, http.StatusConflict, res.StatusCode)
	assert.Equal(t, []string{"inner test.conflict /x", "outer test.conflict /x"}, seen)
}

func TestWithHookPassPathCallsNothing(t *testing.T) {
	called := false
	h := problem.WithHook(problem.HookFunc(func(*http.Request, *problem.Details) { called = true }))(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Equal(t, http.StatusNoContent, rec.Code)
	assert.False(t, called)
}

func TestWithHookNil(t *testing.T) {
	assert.PanicsWithValue(t, "problem: WithHook: needs a non-nil Hook", func() { problem.WithHook(nil) })
	assert.PanicsWithValue(t, "problem: ContextWithHook: needs a non-nil Hook", func() { problem.ContextWithHook(context.Background(), nil) })
}

// BenchmarkWriteHookUnset measures what Write costs around the renderer when
// no hook is installed: the renderer is a no-op.
func BenchmarkWriteHookUnset(b *testing.B) {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	d := &problem.Details{Status: http.StatusGone}
	discard := problem.WithRenderer(problem.RendererFunc(func(http.ResponseWriter, *http.Request, *problem.Details) {}))
	var req *http.Request
	discard(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { req = r })).ServeHTTP(nil, r)
	b.ReportAllocs()
	for b.Loop() {
		problem.Write(nil, req, d)
	}
}

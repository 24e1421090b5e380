package middleware

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/problem"
)

// fakeTimers stands in for time.AfterFunc: a test fires the functions
// scheduled, once it has moved the clock.
type fakeTimers struct {
	mu      sync.Mutex
	delays  []time.Duration
	pending []func()
}

func (ft *fakeTimers) afterFunc(d time.Duration, f func()) {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	ft.delays = append(ft.delays, d)
	ft.pending = append(ft.pending, f)
}

// fire runs the functions scheduled so far.
func (ft *fakeTimers) fire() {
	ft.mu.Lock()
	pending := ft.pending
	ft.pending = nil
	ft.mu.Unlock()
	for _, f := range pending {
		f()
	}
}

// sampledAccessLog is AccessLogSampleRefusals(perSecond) on the clock and
// timers given, writing JSON lines to logs, around a handler that refuses
// /refuse/{status} with a problem from source "test.Refuser" and lets
// everything else pass.
func sampledAccessLog(perSecond int, clock *clocktest.Fake, timers *fakeTimers, logs *bytes.Buffer) http.Handler {
	fake := func(c *accessLogConfig) { c.now, c.afterFunc = clock.Now, timers.afterFunc }
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	return AccessLog(logger, AccessLogSampleRefusals(perSecond), fake)(http.HandlerFunc(refuseByPath))
}

func refuseByPath(w http.ResponseWriter, r *http.Request) {
	status, ok := strings.CutPrefix(r.URL.Path, "/refuse/")
	if !ok {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	var code int
	_, _ = fmt.Sscan(status, &code)
	problem.Write(w, r, &problem.Details{Status: code, Source: "test.Refuser", Detail: "refused"})
}

// logLines decodes the JSON lines in logs and empties it.
func logLines(t *testing.T, logs *bytes.Buffer) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if l == "" {
			continue
		}
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &rec), l)
		lines = append(lines, rec)
	}
	logs.Reset()
	return lines
}

func serve(h http.Handler, path string) {
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
}

// Of a burst of refusals, the first perSecond are logged in full, the rest
// counted in one summary at the end of the second; passing requests are
// all logged, and each rejected_by and status is counted on its own.
func TestAccessLogSampleRefusals(t *testing.T) {
	var logs bytes.Buffer
	clock, timers := clocktest.NewFake(), &fakeTimers{}
	h := sampledAccessLog(2, clock, timers, &logs)

	for range 5 {
		serve(h, "/refuse/429")
		serve(h, "/pass")
	}
	serve(h, "/refuse/405")
	lines := logLines(t, &logs)
	var refusals, passes []map[string]any
	for _, l := range lines {
		assert.Equal(t, "request", l["msg"])
		if l["status"] == 429.0 {
			refusals = append(refusals, l)
		} else {
			passes = append(passes, l)
		}
	}
	assert.Len(t, refusals, 2)
	assert.Len(t, passes, 6, "five passes and the first 405")
	assert.Equal(t, []time.Duration{time.Second}, timers.delays, "one summary scheduled, at the end of the second")

	clock.Advance(time.Second)
	timers.fire()
	assert.Equal(t, []map[string]any{{
		"time": lines[0]["time"], "level": "WARN", "msg": "refusals not logged",
		"rejected_by": "test.Refuser", "status": 429.0, "count": 3.0,
	}}, withTime(logLines(t, &logs), lines[0]["time"]))

	serve(h, "/refuse/429")
	serve(h, "/refuse/429")
	assert.Len(t, logLines(t, &logs), 2, "a new second logs perSecond again")
}

// withTime replaces each line's time with tm, which tests cannot predict.
func withTime(lines []map[string]any, tm any) []map[string]any {
	for _, l := range lines {
		l["time"] = tm
	}
	return lines
}

// A second in which nothing was left out schedules no summary, and the
// next refusal after it starts a second of its own.
func TestAccessLogSampleRefusalsNoSummary(t *testing.T) {
	var logs bytes.Buffer
	clock, timers := clocktest.NewFake(), &fakeTimers{}
	h := sampledAccessLog(2, clock, timers, &logs)

	serve(h, "/refuse/429")
	serve(h, "/refuse/429")
	clock.Advance(999 * time.Millisecond)
	serve(h, "/refuse/429")
	assert.Len(t, logLines(t, &logs), 2)
	require.Len(t, timers.delays, 1)
	assert.Equal(t, time.Millisecond, timers.delays[0], "the summary comes at the end of the second begun by the first refusal")

	clock.Advance(time.Millisecond)
	timers.fire()
	assert.Len(t, logLines(t, &logs), 1, "the summary of the one refusal left out")
	clock.Advance(time.Hour)
	for range 2 {
		serve(h, "/refuse/429")
	}
	assert.Len(t, logLines(t, &logs), 2)
	assert.Len(t, timers.delays, 1, "no refusal left out, no summary")
}

// A refusal between the end of a second and its summary's timer still
// counts in that second: the summary covers every refusal left out.
func TestAccessLogSampleRefusalsLateTimer(t *testing.T) {
	var logs bytes.Buffer
	clock, timers := clocktest.NewFake(), &fakeTimers{}
	h := sampledAccessLog(1, clock, timers, &logs)

	serve(h, "/refuse/429")
	serve(h, "/refuse/429")
	clock.Advance(1500 * time.Millisecond)
	serve(h, "/refuse/429")
	assert.Len(t, logLines(t, &logs), 1)
	timers.fire()
	lines := logLines(t, &logs)
	require.Len(t, lines, 1)
	assert.Equal(t, 2.0, lines[0]["count"])
	serve(h, "/refuse/429")
	assert.Len(t, logLines(t, &logs), 1, "the late timer ended the second")
}

// The sampling leaves records out of the log only: Record's function and
// problem hooks mounted beside AccessLog see every refusal.
func TestAccessLogSampleRefusalsHooksSeeAll(t *testing.T) {
	var logs bytes.Buffer
	clock, timers := clocktest.NewFake(), &fakeTimers{}
	var hooked, recorded int
	hook := problem.WithHook(problem.HookFunc(func(*http.Request, *problem.Details) { hooked++ }))
	record := Record(func(_ *http.Request, o *Outcome) {
		if o.Problem != nil {
			recorded++
		}
	})
	h := hook(record(sampledAccessLog(1, clock, timers, &logs)))
	for range 10 {
		serve(h, "/refuse/429")
	}
	assert.Len(t, logLines(t, &logs), 1)
	assert.Equal(t, 10, hooked)
	assert.Equal(t, 10, recorded)
}

// A level the logger does not enable is neither logged nor counted.
func TestAccessLogSampleRefusalsDisabledLevel(t *testing.T) {
	var logs bytes.Buffer
	clock, timers := clocktest.NewFake(), &fakeTimers{}
	fake := func(c *accessLogConfig) { c.now, c.afterFunc = clock.Now, timers.afterFunc }
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelError}))
	h := AccessLog(logger, AccessLogSampleRefusals(1), fake)(http.HandlerFunc(refuseByPath))
	for range 3 {
		serve(h, "/refuse/429")
	}
	serve(h, "/refuse/503")
	serve(h, "/refuse/503")
	assert.Len(t, logLines(t, &logs), 1, "the first 503")
	assert.Len(t, timers.delays, 1, "the second 503 only")
}

// Past refusalSamplerMaxKeys keys, the refusals of a new key are all
// logged rather than counted.
func TestRefusalSamplerMaxKeys(t *testing.T) {
	clock, timers := clocktest.NewFake(), &fakeTimers{}
	s := newRefusalSampler(accessLogConfig{refusalsPerSecond: 1, now: clock.Now, afterFunc: timers.afterFunc}, func(refusalKey, int) {})
	for i := range refusalSamplerMaxKeys {
		k := refusalKey{fmt.Sprint("source", i), 429}
		assert.True(t, s.admit(k))
		assert.False(t, s.admit(k))
	}
	extra := refusalKey{"one too many", 429}
	for range 3 {
		assert.True(t, s.admit(extra))
	}
}

// Refusals admitted from many goroutines are each either logged or
// counted in the summary (run with -race).
func TestRefusalSamplerConcurrent(t *testing.T) {
	clock, timers := clocktest.NewFake(), &fakeTimers{}
	var mu sync.Mutex
	summarized := 0
	s := newRefusalSampler(accessLogConfig{refusalsPerSecond: 5, now: clock.Now, afterFunc: timers.afterFunc},
		func(_ refusalKey, n int) { mu.Lock(); summarized += n; mu.Unlock() })
	var wg sync.WaitGroup
	var logged [8]int
	for g := range logged {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				if s.admit(refusalKey{"test.Refuser", 429 + i%2}) {
					logged[g]++
				}
				if i%100 == 0 {
					clock.Advance(300 * time.Millisecond)
					timers.fire()
				}
			}
		}()
	}
	wg.Wait()
	timers.fire()
	total := summarized
	for _, n := range logged {
		total += n
	}
	assert.Equal(t, 8*500, total)
}

// Refusals of one key from many goroutines, counted without a lock while
// the windows' summaries fire and new windows start, are each either
// logged or counted in exactly one summary, and no summary counts none
// (run with -race).
func TestRefusalSamplerConcurrentOneKey(t *testing.T) {
	clock, timers := clocktest.NewFake(), &fakeTimers{}
	var mu sync.Mutex
	var summaries []int
	s := newRefusalSampler(accessLogConfig{refusalsPerSecond: 3, now: clock.Now, afterFunc: timers.afterFunc},
		func(_ refusalKey, n int) { mu.Lock(); summaries = append(summaries, n); mu.Unlock() })
	done := make(chan struct{})
	ticked := make(chan struct{})
	go func() {
		defer close(ticked)
		for {
			select {
			case <-done:
				return
			default:
				clock.Advance(time.Second)
				timers.fire()
			}
		}
	}()
	var wg sync.WaitGroup
	var logged [8]int
	for g := range logged {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5000 {
				if s.admit(refusalKey{"test.Refuser", 429}) {
					logged[g]++
				}
			}
		}()
	}
	wg.Wait()
	close(done)
	<-ticked
	timers.fire()
	total := 0
	for _, n := range summaries {
		assert.Positive(t, n)
		total += n
	}
	for _, n := range logged {
		total += n
	}
	assert.Equal(t, 8*5000, total)
}

func TestAccessLogSampleRefusalsPanics(t *testing.T) {
	assert.PanicsWithValue(t, "middleware: AccessLogSampleRefusals: perSecond must be > 0, got 0",
		func() { AccessLogSampleRefusals(0) })
	assert.PanicsWithValue(t, "middleware: AccessLog: option 0 is nil",
		func() { AccessLog(slog.Default(), nil) })
}

// With AddSource, a record's source is AccessLog, read once rather than
// per line, and so is a summary's.
func TestAccessLogSource(t *testing.T) {
	var logs bytes.Buffer
	clock, timers := clocktest.NewFake(), &fakeTimers{}
	fake := func(c *accessLogConfig) { c.now, c.afterFunc = clock.Now, timers.afterFunc }
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{AddSource: true}))
	h := AccessLog(logger, AccessLogSampleRefusals(1), fake)(http.HandlerFunc(refuseByPath))
	serve(h, "/pass")
	serve(h, "/refuse/429")
	serve(h, "/refuse/429")
	timers.fire()
	lines := logLines(t, &logs)
	require.Len(t, lines, 3)
	for _, l := range lines {
		source, _ := l["source"].(map[string]any)
		assert.Equal(t, "github.com/fourxx/fourxx/middleware.AccessLog", source["function"], l["msg"])
		assert.Equal(t, "access_log.go", path.Base(fmt.Sprint(source["file"])))
	}
}

// A handler that panics after writing a problem is a panic, logged at
// Error with its value every time, not a refusal left out of the log and
// counted as "refusals not logged".
func TestAccessLogSampleRefusalsLogsEveryPanic(t *testing.T) {
	var logs bytes.Buffer
	clock, timers := clocktest.NewFake(), &fakeTimers{}
	fake := func(c *accessLogConfig) { c.now, c.afterFunc = clock.Now, timers.afterFunc }
	panicky := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, r, &problem.Details{Status: http.StatusNotFound, Source: "test.Refuser", Detail: "refused"})
		panic("boom")
	})
	h := AccessLog(slog.New(slog.NewJSONHandler(&logs, nil)), AccessLogSampleRefusals(1), fake)(panicky)
	for range 3 {
		assert.Panics(t, func() { serve(h, "/") })
	}
	timers.fire()
	lines := logLines(t, &logs)
	panics := 0
	for _, l := range lines {
		if l["panic"] == "boom" {
			panics++
		}
	}
	assert.Equal(t, 3, panics, "every panic logged with its value; got %v", lines)
}

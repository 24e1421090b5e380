package middleware

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// AccessLogSampleRefusals makes [AccessLog] log at most perSecond records a
// second of the refusals with the same rejected_by and status (a refusal is
// a request answered through problem.Write, [Outcome.Problem] set), and,
// at the end of a second in which it left some out, one record saying how
// many: message "refusals not logged", with rejected_by, status and count.
// The requests that pass and the panics are all logged. rejected_by names
// the constructor, so every instance of one (the Limit of each route)
// shares a budget per status.
//
// Under a flood or a scan, every refused request is a line to write, ship
// and store: the log amplifies the attack, and at tens of thousands of
// requests a second formatting the lines costs the server more than
// refusing them. The summary keeps the numbers; for exact counts per
// request, [problem.WithHook] and [Record] (metrics) still see every
// refusal, whatever this option leaves out of the log.
//
// perSecond must be > 0. The second of a rejected_by and status starts
// with its first refusal; its summary is logged from a timer, without the
// request's context, so a summary due when the program stops is lost. A
// refusal left out of the log costs no allocation beyond Record's.
func AccessLogSampleRefusals(perSecond int) AccessLogOption {
	if perSecond <= 0 {
		panic(fmt.Sprintf("middleware: AccessLogSampleRefusals: perSecond must be > 0, got %d", perSecond))
	}
	return func(c *accessLogConfig) { c.refusalsPerSecond = perSecond }
}

// refusalKey is what AccessLogSampleRefusals counts by: the refusing
// constructor and the status.
type refusalKey struct {
	source string
	status int
}

// refusalSamplerMaxKeys bounds the keys a refusalSampler counts; the
// refusals of further keys are all logged. Sources are constructor names
// and statuses few, so a program reaches it only with sources of its own
// making.
const refusalSamplerMaxKeys = 256

// refusalSampler decides which refusals AccessLog logs, a window of one
// second per key: the first perSecond refusals of a window are logged, the
// rest counted, and a timer at the window's end hands the count to
// summarize.
//
// Under a flood, nearly every refusal is one to count in a window whose
// summary is scheduled already, most often of the key of the refusal
// before: last finds that window without a lock, and
// [refusalWindow.skip] counts the refusal without one or a clock read.
type refusalSampler struct {
	perSecond int
	now       func() time.Time
	afterFunc func(d time.Duration, f func())
	summarize func(k refusalKey, n int)

	last    atomic.Pointer[refusalWindow]
	mu      sync.RWMutex
	windows map[refusalKey]*refusalWindow
}

// refusalWindow is the current window of key k. skipped counts the
// refusals not logged, with refusalSummarizing set while a summary is
// scheduled: the window then lasts until the timer fires, even a little
// past end, and skipped is 0 otherwise. skipped changes without mu only
// while refusalSummarizing is set, and then only by one up; end and logged
// change under mu.
type refusalWindow struct {
	k       refusalKey
	skipped atomic.Uint64
	mu      sync.Mutex
	end     time.Time
	logged  int
}

// refusalSummarizing is the bit of refusalWindow.skipped set while a
// summary is scheduled.
const refusalSummarizing = 1 << 63

func newRefusalSampler(c accessLogConfig, summarize func(k refusalKey, n int)) *refusalSampler {
	return &refusalSampler{
		perSecond: c.refusalsPerSecond,
		now:       c.now,
		afterFunc: c.afterFunc,
		summarize: summarize,
		windows:   make(map[refusalKey]*refusalWindow),
	}
}

// admit reports whether the refusal of key k is logged, counting it for
// the summary when not.
func (s *refusalSampler) admit(k refusalKey) bool {
	w := s.window(k)
	if w == nil {
		return true
	}
	if w.skip() {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.skip() {
		return false
	}
	now := s.now()
	if !now.Before(w.end) {
		w.end, w.logged = now.Add(time.Second), 0
	}
	if w.logged < s.perSecond {
		w.logged++
		return true
	}
	w.skipped.Store(refusalSummarizing | 1)
	s.afterFunc(w.end.Sub(now), func() { s.flush(w) })
	return false
}

// skip counts a refusal not logged if w's summary is scheduled, and
// reports whether it was.
func (w *refusalWindow) skip() bool {
	for {
		n := w.skipped.Load()
		if n&refusalSummarizing == 0 {
			return false
		}
		if w.skipped.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// flush hands the count of w's refusals not logged to summarize and ends
// the window: the next refusal starts one.
func (s *refusalSampler) flush(w *refusalWindow) {
	w.mu.Lock()
	n := w.skipped.Swap(0) &^ refusalSummarizing
	w.end = time.Time{}
	w.mu.Unlock()
	s.summarize(w.k, int(n))
}

// window returns the window of k, nil when the sampler counts
// refusalSamplerMaxKeys keys already.
func (s *refusalSampler) window(k refusalKey) *refusalWindow {
	if w := s.last.Load(); w != nil && w.k == k {
		return w
	}
	s.mu.RLock()
	w := s.windows[k]
	s.mu.RUnlock()
	if w == nil {
		w = s.add(k)
	}
	if w != nil {
		s.last.Store(w)
	}
	return w
}

// add returns the window of k, made if the sampler counts fewer than
// refusalSamplerMaxKeys keys, else nil.
func (s *refusalSampler) add(k refusalKey) *refusalWindow {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.windows[k]
	if w == nil && len(s.windows) < refusalSamplerMaxKeys {
		w = &refusalWindow{k: k}
		s.windows[k] = w
	}
	return w
}

// Package clocktest holds the clocks tests drive by hand: a fake clock that
// moves only when told to, and a wall-clock step that leaves the monotonic
// reading alone.
package clocktest

import (
	"sync"
	"testing"
	"time"
	"unsafe"
)

// Fake is a clock that moves only when a test moves it. It is safe for
// concurrent use.
type Fake struct {
	mu sync.Mutex
	t  time.Time
}

// NewFake returns a Fake clock at a fixed instant.
func NewFake() *Fake { return &Fake{t: time.Unix(1_700_000_000, 0)} }

// Now returns the clock's time.
func (c *Fake) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Fake) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// WallStepped returns tm, which must carry a monotonic reading (see
// [HasMonotonic]), with its wall clock moved by d (whole seconds) and its
// monotonic reading unchanged: what time.Now returns after an NTP step of
// d. It writes the seconds field of the runtime's encoding of a Time with a
// monotonic reading (33 bits of seconds above 30 bits of nanoseconds), and
// fails the test if that encoding ever changes.
func WallStepped(t testing.TB, tm time.Time, d time.Duration) time.Time {
	t.Helper()
	if !HasMonotonic(tm) {
		t.Fatalf("clocktest: %v has no monotonic reading", tm)
	}
	stepped := tm
	wall := (*uint64)(unsafe.Pointer(&stepped))
	*wall += uint64(int64(d/time.Second)) << 30
	if got, want := stepped.Unix(), tm.Unix()+int64(d/time.Second); got != want {
		t.Fatalf("clocktest: the wall clock moved to %d, want %d", got, want)
	}
	if stepped.Sub(tm) != 0 {
		t.Fatalf("clocktest: the monotonic reading moved by %v", stepped.Sub(tm))
	}
	return stepped
}

// HasMonotonic reports whether tm carries a monotonic clock reading.
func HasMonotonic(tm time.Time) bool {
	return tm != tm.Round(0)
}

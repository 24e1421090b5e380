// Package microclock reads a clock as Unix microseconds that a step of the
// wall clock cannot move: the wall time of the first reading plus the time
// elapsed since, which [time.Time.Sub] measures on the monotonic clock when
// both readings carry it. Rate limiters keep bucket state in these units,
// so an NTP correction neither delays nor frees a bucket.
package microclock

import "time"

// Clock is a clock in Unix microseconds. Its zero value is not usable;
// build one with [New] or [System].
type Clock struct {
	now    func() time.Time
	base   time.Time
	baseUS int64
}

// New returns a Clock that reads now, anchored at now's current reading.
func New(now func() time.Time) Clock {
	base := now()
	return Clock{now: now, base: base, baseUS: base.UnixMicro()}
}

// System returns the Clock of [time.Now], anchored now. It reads only the
// monotonic clock ([time.Since]), which costs about half of time.Now,
// which reads the wall clock as well.
func System() Clock {
	base := time.Now()
	return Clock{base: base, baseUS: base.UnixMicro()}
}

// Micros returns the time in Unix microseconds.
func (c Clock) Micros() int64 {
	if c.now == nil {
		return c.baseUS + time.Since(c.base).Microseconds()
	}
	return c.baseUS + c.now().Sub(c.base).Microseconds()
}

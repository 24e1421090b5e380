package redisstore

import "time"

// UseTestClock makes the script take now instead of Redis TIME, and the
// deny cache read now instead of the local clock, so that a test can
// compare decisions with a MemoryStore on the same fake clock.
func UseTestClock(s *Store, now func() time.Time) {
	s.testNow = now
	s.setLocalClock(now)
}

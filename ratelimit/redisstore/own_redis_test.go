package redisstore_test

import (
	"context"
	"net"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// ownRedis starts a redis-server for the test alone, with more
// arguments, stopped when the test ends; the test is skipped where
// redis-server is not on the PATH (miniredis cannot be stalled, killed or
// run out of memory).
func ownRedis(t *testing.T, args ...string) *redisServer {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("needs redis-server on the PATH")
	}
	s, err := startRedisServer(path, args...)
	require.NoError(t, err)
	t.Cleanup(s.Stop)
	return s
}

// dialCounter counts the connections a go-redis client dials, as its
// Dialer.
type dialCounter struct{ n atomic.Int64 }

func (c *dialCounter) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	c.n.Add(1)
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

// breakerLog records when a store's circuit breaker changed state.
type breakerLog struct {
	mu      sync.Mutex
	changes []breakerChange
}

type breakerChange struct {
	to string
	at time.Time
}

// record is the store's OnBreakerChange hook.
func (l *breakerLog) record(_, to redisstore.BreakerState) {
	l.mu.Lock()
	l.changes = append(l.changes, breakerChange{to: to.String(), at: time.Now()})
	l.mu.Unlock()
}

// closedSince returns when the breaker last closed at or after t, and
// whether it did.
func (l *breakerLog) closedSince(t time.Time) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := len(l.changes) - 1; i >= 0; i-- {
		if c := l.changes[i]; c.to == "closed" && !c.at.Before(t) {
			return c.at, true
		}
	}
	return time.Time{}, false
}

// count returns how many times the breaker went to state to.
func (l *breakerLog) count(to string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, c := range l.changes {
		if c.to == to {
			n++
		}
	}
	return n
}

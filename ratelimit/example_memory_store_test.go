package ratelimit_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleNewMemoryStore() {
	start := time.Unix(1_700_000_000, 0)
	now := start
	store := ratelimit.NewMemoryStore(
		ratelimit.MemoryCapacity(100_000),
		ratelimit.MemoryClock(func() time.Time { return now }),
	)
	policy := ratelimit.NewPolicy("login", 1, 2) // 1 per second, bursts of 2
	for _, at := range []time.Duration{0, 0, 0, 500 * time.Millisecond, time.Second} {
		now = start.Add(at)
		d, _ := store.Take(context.Background(), "alice", policy, 1)
		fmt.Println(at, d.Allowed, d.Remaining, d.Wait)
	}
	// Output:
	// 0s true 1 1s
	// 0s true 0 1s
	// 0s false 0 1s
	// 500ms false 0 500ms
	// 1s true 0 1s
}

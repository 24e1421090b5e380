package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/ratelimit"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// TestPoliciesKeepTheirBucketsApart empties one bucket and then takes
// from buckets that share its key or whose policy name and key join to
// the same string, in memory and in Redis: every other bucket is still
// full in both, since each store keys a bucket by policy name and key
// without ambiguity.
func TestPoliciesKeepTheirBucketsApart(t *testing.T) {
	clock := clocktest.NewFake()
	red := redisstore.New(newClient(t), redisstore.Timeout(testTimeout))
	redisstore.UseTestClock(red, clock.Now)
	stores := map[string]ratelimit.Store{
		"memory": ratelimit.NewMemoryStore(ratelimit.MemoryClock(clock.Now)),
		"redis":  red,
	}
	name := uniqueName(t)
	policy := func(name string) ratelimit.Policy {
		return ratelimit.Policy{Name: name, Interval: time.Hour, Burst: 2}
	}
	ctx := context.Background()
	for storeName, s := range stores {
		spent := policy(name + ":a")
		for range 2 {
			d, err := s.Take(ctx, "b", spent, 1)
			require.NoError(t, err)
			require.True(t, d.Allowed, storeName)
		}
		d, err := s.Take(ctx, "b", spent, 1)
		require.NoError(t, err)
		require.False(t, d.Allowed, "%s: the spent bucket", storeName)
		for _, tc := range []struct {
			what   string
			policy ratelimit.Policy
			key    string
		}{
			{"same key, another policy", policy(name + ":free"), "b"},
			{"name and key joined alike", policy(name), "a:b"},
			{"name and key joined alike, the other way", policy(name + ":a:"), ""},
			{"same policy, another key", spent, "c"},
		} {
			d, err := s.Take(ctx, tc.key, tc.policy, 2)
			require.NoError(t, err)
			require.True(t, d.Allowed, "%s: %s", storeName, tc.what)
		}
	}
}

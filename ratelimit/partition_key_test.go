package ratelimit_test

import (
	"encoding/base64"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/ratelimit"
)

// pkParam matches the pk parameter, an sf-binary, at the end of RateLimit.
var pkParam = regexp.MustCompile(`;pk=:([A-Za-z0-9+/]+=*):$`)

// TestPartitionKey sends the pk of each bucket: the same for one key,
// different for another key or another policy, on 200 and 429 alike, and
// never the key itself.
func TestPartitionKey(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	secret := []byte("0123456789abcdef0123456789abcdef")
	h := ratelimit.Limit(1, 2, ratelimit.LimitName("api"), ratelimit.LimitClock(func() time.Time { return now }),
		ratelimit.LimitKey(ratelimit.KeyByHeader("X-Api-Key")), ratelimit.LimitPartitionKey(secret),
		ratelimit.LimitTiers(func(r *http.Request) string { return r.Header.Get("X-Plan") }, ratelimit.NewPolicy("paid", 10, 10)))(ok)
	for proto, srv := range testserver.Servers(t, h) {
		pk := func(key, plan string, status int) string {
			res, _ := get(t, srv.Client(), http.MethodGet, srv.URL, "X-Api-Key", proto+key, "X-Plan", plan)
			require.Equal(t, status, res.StatusCode)
			m := pkParam.FindStringSubmatch(res.Header.Get("RateLimit"))
			require.NotNil(t, m, "RateLimit %q has no pk", res.Header.Get("RateLimit"))
			raw, err := base64.StdEncoding.DecodeString(m[1])
			require.NoError(t, err)
			assert.Len(t, raw, 16)
			assert.NotContains(t, res.Header.Get("RateLimit"), key)
			return m[1]
		}
		first := pk("alice", "", 200)
		assert.Equal(t, first, pk("alice", "", 200), proto)
		assert.Equal(t, first, pk("alice", "", 429), "%s: a 429 carries the pk too", proto)
		assert.NotEqual(t, first, pk("bob", "", 200), proto)
		assert.NotEqual(t, first, pk("alice", "paid", 200), "%s: another policy is another partition", proto)
	}
	assert.PanicsWithValue(t, "ratelimit: LimitPartitionKey: the secret must be at least 16 bytes", func() { ratelimit.LimitPartitionKey([]byte("short")) })
}

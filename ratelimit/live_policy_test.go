package ratelimit_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/ratelimit"
)

// TestLivePolicySwap replaces a Limit's policy at least 2000 times while
// clients send requests over HTTP/1.1 and HTTP/2, and checks that every
// answer is one policy's: RateLimit names the policy of RateLimit-Policy,
// and a 429's body names it and its quota.
func TestLivePolicySwap(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	live := ratelimit.NewLivePolicy()
	h := ratelimit.Limit(1, 3, ratelimit.LimitLive(live), ratelimit.LimitKey(ratelimit.KeyByHeader("X-Key")),
		ratelimit.LimitClock(func() time.Time { return now }))(ok)
	policies := []struct {
		r     rate.Limit
		burst int
	}{{1, 3}, {rate.Every(2 * time.Second), 5}}
	fields := map[string]string{} // RateLimit-Policy by policy name
	for _, p := range policies {
		require.NoError(t, live.Set(p.r, p.burst))
		name := live.Policy().Name
		fields[name] = fmt.Sprintf("%q;q=%d;w=%d", name, p.burst, int(float64(p.burst)/float64(p.r)))
	}
	for proto, srv := range testserver.Servers(t, h) {
		var done atomic.Bool
		swaps := make(chan int)
		go func() {
			i := 0
			for ; i < 2000 || !done.Load(); i++ {
				if err := live.Set(policies[i%2].r, policies[i%2].burst); err != nil {
					t.Error(err)
					break
				}
			}
			swaps <- i
		}()
		var wg sync.WaitGroup
		for c := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := range 60 {
					req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
					req.Header.Set("X-Key", fmt.Sprint(proto, c, n/10))
					res, err := srv.Client().Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					body, _ := io.ReadAll(res.Body)
					res.Body.Close()
					if err := onePolicy(res, body, fields); err != nil {
						t.Errorf("%s: %v", proto, err)
						return
					}
				}
			}()
		}
		wg.Wait()
		done.Store(true)
		assert.GreaterOrEqual(t, <-swaps, 2000)
	}
}

// onePolicy checks that a response's fields and body are those of one of
// the policies, whose RateLimit-Policy values fields holds by name.
func onePolicy(res *http.Response, body []byte, fields map[string]string) error {
	policy := res.Header.Get("RateLimit-Policy")
	name, _, _ := strings.Cut(policy, ";")
	name = strings.Trim(name, `"`)
	if fields[name] != policy {
		return fmt.Errorf("RateLimit-Policy %q is no policy's", policy)
	}
	if limit := res.Header.Get("RateLimit"); !strings.HasPrefix(limit, `"`+name+`";`) {
		return fmt.Errorf("RateLimit %q under RateLimit-Policy %q", limit, policy)
	}
	if res.StatusCode == http.StatusTooManyRequests {
		var p struct {
			Policy string `json:"policy"`
			Quota  int    `json:"quota"`
		}
		if err := json.Unmarshal(body, &p); err != nil {
			return err
		}
		if p.Policy != name || !strings.Contains(policy, fmt.Sprintf(";q=%d;", p.Quota)) {
			return fmt.Errorf("429 body %s under RateLimit-Policy %q", body, policy)
		}
	}
	return nil
}

func TestLivePolicyErrors(t *testing.T) {
	t.Parallel()
	live := ratelimit.NewLivePolicy()
	require.EqualError(t, live.Set(1, 1), "ratelimit: LivePolicy.Set: no Limit uses this LivePolicy")
	assert.Equal(t, ratelimit.Policy{}, live.Policy())
	ratelimit.Limit(1, 1, ratelimit.LimitLive(live), ratelimit.LimitName("api"))
	require.EqualError(t, live.Set(1, 0), "ratelimit: Limit: burst 0 must be at least 1")
	assert.Equal(t, ratelimit.Policy{Name: "api", Interval: time.Second, Burst: 1}, live.Policy())
	require.NoError(t, live.Set(10, 20))
	assert.Equal(t, ratelimit.Policy{Name: "api", Interval: 100 * time.Millisecond, Burst: 20}, live.Policy())
	assert.PanicsWithValue(t, "ratelimit: LimitLive: the LivePolicy is already used by another Limit", func() {
		ratelimit.Limit(1, 1, ratelimit.LimitLive(live))
	})
	assert.PanicsWithValue(t, "ratelimit: LimitLive: nil LivePolicy", func() { ratelimit.LimitLive(nil) })
}

func TestLivePolicySetTier(t *testing.T) {
	t.Parallel()
	live := ratelimit.NewLivePolicy()
	require.EqualError(t, live.SetTier("paid", 1, 1), "ratelimit: LivePolicy.SetTier: no Limit uses this LivePolicy")
	h := ratelimit.Limit(1, 1, ratelimit.LimitName("anonymous"), ratelimit.LimitLive(live),
		ratelimit.LimitTiers(func(r *http.Request) string { return r.Header.Get("X-Plan") }, ratelimit.NewPolicy("paid", 10, 10)))(ok)
	srv := testserver.Start(t, h)
	policy := func(plan string) string {
		res, _ := get(t, srv.Client(), http.MethodGet, srv.URL, "X-Plan", plan)
		return res.Header.Get("RateLimit-Policy")
	}
	assert.Equal(t, `"paid";q=10;w=1`, policy("paid"))
	require.NoError(t, live.SetTier("paid", 50, 100))
	assert.Equal(t, `"paid";q=100;w=2`, policy("paid"))
	assert.Equal(t, `"anonymous";q=1;w=1`, policy(""), "Limit's own policy is unchanged")
	require.NoError(t, live.Set(2, 4))
	assert.Equal(t, `"paid";q=100;w=2`, policy("paid"), "Set keeps the tiers")
	require.EqualError(t, live.SetTier("gold", 1, 1), `ratelimit: LivePolicy.SetTier: the Limit has no tier "gold"`)
	require.EqualError(t, live.SetTier("paid", 1, 0), "ratelimit: Limit: burst 0 must be at least 1")
}

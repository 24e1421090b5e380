package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/ratelimit"
)

// TestExemptNetworksSwap replaces the exempt networks at least 2000 times
// while requests are checked: set A exempts 192.0.2.0/24, set B three
// other networks. An address in neither is never exempt, and one in A is
// exempt under A only, so both answers show up for it.
func TestExemptNetworksSwap(t *testing.T) {
	t.Parallel()
	sets := [][]string{{"192.0.2.0/24"}, {"198.51.100.0/24", "203.0.113.7", "2001:db8::/32"}}
	exempt := ratelimit.NewExemptNetworks(sets[0]...)
	var done atomic.Bool
	swaps := make(chan int)
	go func() {
		i := 0
		for ; i < 2000 || !done.Load(); i++ {
			if err := exempt.Set(sets[i%2]...); err != nil {
				t.Error(err)
				break
			}
		}
		swaps <- i
	}()
	var wg sync.WaitGroup
	var inA, notInA atomic.Int64
	for c := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := httptest.NewRequest(http.MethodGet, "/", nil)
			a.RemoteAddr = fmt.Sprintf("192.0.2.%d:1234", c+1)
			neither := httptest.NewRequest(http.MethodGet, "/", nil)
			neither.RemoteAddr = "[::ffff:203.0.113.8]:1234"
			// Until both answers showed, within a generous bound: the
			// swapper may not run in parallel on a loaded machine.
			deadline := time.Now().Add(30 * time.Second)
			for n := 0; n < 2000 || (inA.Load() == 0 || notInA.Load() == 0) && time.Now().Before(deadline); n++ {
				runtime.Gosched()
				if exempt.Contains(neither) {
					t.Error("203.0.113.8 is in no set but was exempt")
					return
				}
				if exempt.Contains(a) {
					inA.Add(1)
				} else {
					notInA.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	done.Store(true)
	assert.GreaterOrEqual(t, <-swaps, 2000)
	assert.Positive(t, inA.Load())
	assert.Positive(t, notInA.Load())
}

func TestExemptNetworks(t *testing.T) {
	t.Parallel()
	exempt := ratelimit.NewExemptNetworks("10.0.0.0/8", "2001:db8::1")
	h := ratelimit.Limit(1, 1, ratelimit.LimitExempt(exempt.Contains))(ok)
	status := func(peer string) int {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = peer
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	for range 3 {
		assert.Equal(t, http.StatusOK, status("10.1.2.3:1"))
		assert.Equal(t, http.StatusOK, status("[2001:db8::1]:1"))
	}
	assert.Equal(t, http.StatusOK, status("192.0.2.1:1"))
	assert.Equal(t, http.StatusTooManyRequests, status("192.0.2.1:1"))

	require.NoError(t, exempt.Set("192.0.2.0/24"))
	assert.Equal(t, http.StatusOK, status("192.0.2.1:1"), "exempt now")
	assert.Equal(t, http.StatusOK, status("10.1.2.3:1"), "a fresh bucket: 10/8 was never counted")
	assert.Equal(t, http.StatusTooManyRequests, status("10.1.2.3:1"))

	require.EqualError(t, exempt.Set("10.0.0.0/33"), `ratelimit: ExemptNetworks: "10.0.0.0/33" is neither a CIDR prefix nor an IP address`)
	assert.Equal(t, http.StatusOK, status("192.0.2.1:1"), "a refused set keeps the networks in force")
	assert.PanicsWithValue(t, `ratelimit: ExemptNetworks: "x" is neither a CIDR prefix nor an IP address`, func() { ratelimit.NewExemptNetworks("x") })
}

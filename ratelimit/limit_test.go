package ratelimit_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/ratelimit"
)

// ok answers 200 "ok".
var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") })

// get sends method to url with the given headers and returns the response
// with its body read.
func get(t *testing.T, c *http.Client, method, url string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := c.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(body)
}

func TestLimitAnswers429WithFields(t *testing.T) {
	clock := clocktest.NewFake()
	h := ratelimit.Limit(1, 2, ratelimit.LimitClock(clock.Now))(ok)
	for proto, srv := range testserver.Servers(t, h) {
		t.Run(proto, func(t *testing.T) {
			res, _ := get(t, srv.Client(), "GET", srv.URL)
			assert.Equal(t, 200, res.StatusCode)
			assert.Equal(t, proto, res.Proto)
			assert.Equal(t, `"1per1000000us-burst2";q=2;w=2`, res.Header.Get("RateLimit-Policy"))
			assert.Equal(t, `"1per1000000us-burst2";r=1;t=1`, res.Header.Get("RateLimit"))

			res, _ = get(t, srv.Client(), "GET", srv.URL)
			assert.Equal(t, 200, res.StatusCode)
			assert.Equal(t, `"1per1000000us-burst2";r=0;t=1`, res.Header.Get("RateLimit"))

			res, body := get(t, srv.Client(), "GET", srv.URL)
			require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
			assert.Equal(t, "1", res.Header.Get("Retry-After"))
			assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
			assert.Equal(t, `"1per1000000us-burst2";q=2;w=2`, res.Header.Get("RateLimit-Policy"))
			assert.Equal(t, `"1per1000000us-burst2";r=0;t=1`, res.Header.Get("RateLimit"))
			assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
			d := testserver.DecodeProblem(t, []byte(body))
			assert.Equal(t, ratelimit.QuotaExceeded, d.Type)
			assert.Equal(t, "Request cannot be satisfied as assigned quota has been exceeded", d.Title)
			assert.Equal(t, `Too many requests under policy "1per1000000us-burst2" (2 per 2 s); retry in 1 s.`, d.Detail)
			assert.Equal(t, map[string]any{"violated-policies": []any{"1per1000000us-burst2"},
				"policy": "1per1000000us-burst2", "quota": 2.0, "window": 2.0, "retry_after": 1.0}, d.Extensions)

			res, body = get(t, srv.Client(), "HEAD", srv.URL)
			assert.Equal(t, http.StatusTooManyRequests, res.StatusCode)
			assert.Equal(t, "1", res.Header.Get("Retry-After"))
			assert.Empty(t, body)

			clock.Advance(time.Second)
			res, _ = get(t, srv.Client(), "GET", srv.URL)
			assert.Equal(t, 200, res.StatusCode)
			clock.Advance(time.Minute)
		})
	}
}

func TestLimitRetryAfterCoversTheCost(t *testing.T) {
	clock := clocktest.NewFake()
	cost := ratelimit.LimitCost(func(r *http.Request) int { return len(r.URL.Query()["n"]) })
	srv := testserver.Start(t, ratelimit.Limit(rate.Every(10*time.Second), 3, cost, ratelimit.LimitName("uploads"), ratelimit.LimitClock(clock.Now))(ok))

	res, _ := get(t, srv.Client(), "GET", srv.URL+"?n&n")
	assert.Equal(t, 200, res.StatusCode)
	assert.Equal(t, `"uploads";q=3;w=30`, res.Header.Get("RateLimit-Policy"))
	assert.Equal(t, `"uploads";r=1;t=10`, res.Header.Get("RateLimit"))

	clock.Advance(4 * time.Second)
	res, _ = get(t, srv.Client(), "GET", srv.URL+"?n&n&n")
	assert.Equal(t, 429, res.StatusCode)
	assert.Equal(t, "16", res.Header.Get("Retry-After"), "two tokens missing: 6 s, then 10 s")
	assert.Equal(t, `"uploads";r=1;t=16`, res.Header.Get("RateLimit"))

	res, _ = get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, 200, res.StatusCode, "cost 0 only reads")
	assert.Equal(t, `"uploads";r=1;t=6`, res.Header.Get("RateLimit"))

	res, body := get(t, srv.Client(), "GET", srv.URL+"?n&n&n&n")
	assert.Equal(t, 429, res.StatusCode)
	assert.Empty(t, res.Header.Get("Retry-After"), "4 tokens never fit a bucket of 3")
	assert.Contains(t, body, `"cost":4`)
}

func TestLimitLayeredReportsTheTightest(t *testing.T) {
	clock := clocktest.NewFake()
	perSecond := ratelimit.Limit(1, 3, ratelimit.LimitName("burst"), ratelimit.LimitClock(clock.Now))
	perHour := ratelimit.Limit(rate.Every(time.Hour/1000), 1000, ratelimit.LimitName("hourly"), ratelimit.LimitClock(clock.Now))
	r := chi.NewRouter()
	r.With(perHour, perSecond).Get("/hour-outside", ok)
	r.With(perSecond, perHour).Get("/hour-inside", ok)
	srv := testserver.Start(t, r)

	// Every layer's policy is listed, outermost first.
	policies := map[string]string{
		"/hour-outside": `"hourly";q=1000;w=3600, "burst";q=3;w=3`,
		"/hour-inside":  `"burst";q=3;w=3, "hourly";q=1000;w=3600`,
	}
	for _, path := range []string{"/hour-outside", "/hour-inside"} {
		t.Run(path, func(t *testing.T) {
			for _, want := range []string{`"burst";r=2;t=1`, `"burst";r=1;t=1`, `"burst";r=0;t=1`} {
				res, _ := get(t, srv.Client(), "GET", srv.URL+path)
				require.Equal(t, 200, res.StatusCode)
				assert.Equal(t, want, res.Header.Get("RateLimit"))
				assert.Equal(t, []string{policies[path]}, res.Header.Values("RateLimit-Policy"))
			}
			res, body := get(t, srv.Client(), "GET", srv.URL+path)
			assert.Equal(t, 429, res.StatusCode)
			assert.Contains(t, body, `"policy":"burst"`)
			want := map[string]string{"/hour-outside": policies[path], "/hour-inside": `"burst";q=3;w=3`}[path]
			assert.Equal(t, want, res.Header.Get("RateLimit-Policy"), "the layers that ran before the refusal")
			clock.Advance(time.Hour)
		})
	}
}

func TestLimitLayeredHourlyDenies(t *testing.T) {
	clock := clocktest.NewFake()
	perSecond := ratelimit.Limit(10, 10, ratelimit.LimitName("burst"), ratelimit.LimitClock(clock.Now))
	perHour := ratelimit.Limit(rate.Every(30*time.Minute), 2, ratelimit.LimitName("hourly"), ratelimit.LimitClock(clock.Now))
	srv := testserver.Start(t, perSecond(perHour(ok)))
	res, _ := get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, `"hourly";r=1;t=1800`, res.Header.Get("RateLimit"))
	assert.Equal(t, `"burst";q=10;w=1, "hourly";q=2;w=3600`, res.Header.Get("RateLimit-Policy"))
	_, _ = get(t, srv.Client(), "GET", srv.URL)
	res, _ = get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, 429, res.StatusCode)
	assert.Equal(t, "1800", res.Header.Get("Retry-After"))
	assert.Equal(t, `"hourly";r=0;t=1800`, res.Header.Get("RateLimit"))
}

func TestLimitConcurrentRequestsPassExactlyBurst(t *testing.T) {
	const burst, n = 10, 60
	clock := clocktest.NewFake()
	srv := testserver.Start(t, ratelimit.Limit(1, burst, ratelimit.LimitClock(clock.Now))(ok))
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := srv.Client().Get(srv.URL)
			if !assert.NoError(t, err) {
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			_ = res.Body.Close()
			codes <- res.StatusCode
		}()
	}
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for c := range codes {
		count[c]++
	}
	assert.Equal(t, map[int]int{200: burst, 429: n - burst}, count)
}

func TestLimitIgnoresSpoofedForwardedFor(t *testing.T) {
	limit := ratelimit.Limit(1, 1, ratelimit.LimitClock(clocktest.NewFake().Now))
	srv := testserver.Start(t, limit(ok))
	res, _ := get(t, srv.Client(), "GET", srv.URL, "X-Forwarded-For", "198.51.100.1", "X-Real-Ip", "198.51.100.1")
	assert.Equal(t, 200, res.StatusCode)
	res, _ = get(t, srv.Client(), "GET", srv.URL, "X-Forwarded-For", "198.51.100.2", "X-Real-Ip", "198.51.100.2")
	assert.Equal(t, 429, res.StatusCode, "another X-Forwarded-For is the same client")

	trusted := testserver.Start(t, chimw.ClientIPFromXFF("127.0.0.1/32", "::1/128")(ratelimit.Limit(1, 1, ratelimit.LimitClock(clocktest.NewFake().Now))(ok)))
	for _, ip := range []string{"198.51.100.1", "198.51.100.2"} {
		res, _ := get(t, trusted.Client(), "GET", trusted.URL, "X-Forwarded-For", ip)
		assert.Equal(t, 200, res.StatusCode, "with a trusted proxy, %s is its own client", ip)
	}
	res, _ = get(t, trusted.Client(), "GET", trusted.URL, "X-Forwarded-For", "198.51.100.1")
	assert.Equal(t, 429, res.StatusCode)
}

func TestLimitKeyFailures(t *testing.T) {
	failing := ratelimit.LimitKey(func(*http.Request) (string, error) { return "", errors.New("backend down") })
	empty := ratelimit.LimitKey(func(*http.Request) (string, error) { return "", nil })
	byHeader := ratelimit.LimitKey(ratelimit.KeyByHeader("x-api-key"))
	r := chi.NewRouter()
	r.With(ratelimit.Limit(1, 1, failing)).Get("/failing", ok)
	r.With(ratelimit.Limit(1, 1, empty)).Get("/empty", ok)
	r.With(ratelimit.Limit(1, 1, byHeader, ratelimit.LimitClock(clocktest.NewFake().Now))).Get("/api", ok)
	srv := testserver.Start(t, r)

	res, body := get(t, srv.Client(), "GET", srv.URL+"/failing")
	assert.Equal(t, 500, res.StatusCode)
	assert.NotContains(t, body, "backend down")
	res, _ = get(t, srv.Client(), "GET", srv.URL+"/empty")
	assert.Equal(t, 500, res.StatusCode)

	res, body = get(t, srv.Client(), "GET", srv.URL+"/api")
	assert.Equal(t, 400, res.StatusCode)
	assert.Contains(t, body, `"detail":"This resource is rate limited by a key the request does not carry: send the X-Api-Key header."`)
	for key, want := range map[string]int{"alice": 200, "bob": 200} {
		res, _ = get(t, srv.Client(), "GET", srv.URL+"/api", "X-Api-Key", key)
		assert.Equal(t, want, res.StatusCode, key)
	}
	res, _ = get(t, srv.Client(), "GET", srv.URL+"/api", "X-Api-Key", "alice")
	assert.Equal(t, 429, res.StatusCode)
}

// failingStore fails every call.
type failingStore struct{}

func (failingStore) Take(context.Context, string, ratelimit.Policy, int) (ratelimit.Decision, error) {
	return ratelimit.Decision{}, errors.New("connection refused")
}

func TestLimitStoreErrors(t *testing.T) {
	var reported []error
	var mu sync.Mutex
	report := ratelimit.LimitOnStoreError(func(r *http.Request, err error) {
		mu.Lock()
		defer mu.Unlock()
		reported = append(reported, err)
	})
	open := testserver.Start(t, ratelimit.Limit(1, 1, ratelimit.LimitStore(failingStore{}), report)(ok))
	res, body := get(t, open.Client(), "GET", open.URL)
	assert.Equal(t, 200, res.StatusCode)
	assert.Equal(t, "ok", body)
	assert.Empty(t, res.Header.Get("RateLimit"))
	require.Len(t, reported, 1)
	assert.EqualError(t, reported[0], "connection refused")

	closed := testserver.Start(t, ratelimit.Limit(1, 1, ratelimit.LimitStore(failingStore{}), report, ratelimit.LimitFailClosed(30*time.Second))(ok))
	res, body = get(t, closed.Client(), "GET", closed.URL)
	assert.Equal(t, 503, res.StatusCode)
	assert.Equal(t, "30", res.Header.Get("Retry-After"))
	assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	assert.NotContains(t, body, "connection refused")
	assert.Len(t, reported, 2)
}

// blockingStore waits for the request's context to end, after telling
// entered.
type blockingStore struct{ entered chan struct{} }

func (s blockingStore) Take(ctx context.Context, _ string, _ ratelimit.Policy, _ int) (ratelimit.Decision, error) {
	close(s.entered)
	<-ctx.Done()
	return ratelimit.Decision{}, ctx.Err()
}

// writeSpy records whether anything was written to the response.
type writeSpy struct {
	http.ResponseWriter
	wrote atomic.Bool
}

func (w *writeSpy) WriteHeader(code int) { w.wrote.Store(true); w.ResponseWriter.WriteHeader(code) }
func (w *writeSpy) Write(b []byte) (int, error) {
	w.wrote.Store(true)
	return w.ResponseWriter.Write(b)
}

func TestLimitClientGoneIsNotAStoreError(t *testing.T) {
	store := blockingStore{entered: make(chan struct{})}
	var reported, nextRan atomic.Bool
	limit := ratelimit.Limit(1, 1, ratelimit.LimitStore(store), ratelimit.LimitFailClosed(time.Second),
		ratelimit.LimitOnStoreError(func(*http.Request, error) { reported.Store(true) }))
	next := limit(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { nextRan.Store(true) }))
	spy := make(chan *writeSpy, 1)
	srv := testserver.Start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &writeSpy{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		spy <- sw
	}))

	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-store.entered; cancel() }()
	req, err := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	require.NoError(t, err)
	_, err = srv.Client().Do(req)
	require.ErrorIs(t, err, context.Canceled)
	select {
	case sw := <-spy:
		assert.False(t, sw.wrote.Load(), "nothing is written for a client that left")
	case <-time.After(10 * time.Second):
		t.Fatal("the limit did not return after the client left")
	}
	assert.False(t, reported.Load(), "OnStoreError")
	assert.False(t, nextRan.Load(), "the next handler")
}

func TestLimitLegacyFields(t *testing.T) {
	clock := clocktest.NewFake()
	srv := testserver.Start(t, ratelimit.Limit(rate.Every(time.Minute), 5, ratelimit.LimitHeaders(ratelimit.FieldsXRateLimit), ratelimit.LimitClock(clock.Now))(ok))
	res, _ := get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, "5", res.Header.Get("X-RateLimit-Limit"))
	assert.Equal(t, "4", res.Header.Get("X-RateLimit-Remaining"))
	assert.Equal(t, fmt.Sprint(clock.Now().Add(time.Minute).Unix()), res.Header.Get("X-RateLimit-Reset"))
	assert.Empty(t, res.Header.Get("RateLimit"))

	none := testserver.Start(t, ratelimit.Limit(1, 1, ratelimit.LimitHeaders(ratelimit.FieldsNone))(ok))
	res, _ = get(t, none.Client(), "GET", none.URL)
	assert.Empty(t, res.Header.Get("RateLimit"))
	assert.Empty(t, res.Header.Get("RateLimit-Policy"))
	res, _ = get(t, none.Client(), "GET", none.URL)
	assert.Equal(t, 429, res.StatusCode)
	assert.NotEmpty(t, res.Header.Get("Retry-After"))
}

func TestLimitPerRouteKey(t *testing.T) {
	limit := ratelimit.Limit(1, 1, ratelimit.LimitKey(ratelimit.JoinKeys(ratelimit.KeyByRoute, ratelimit.KeyByIP)), ratelimit.LimitClock(clocktest.NewFake().Now))
	r := chi.NewRouter()
	r.With(limit).Get("/items/{id}", ok)
	r.With(limit).Put("/items/{id}", ok)
	srv := testserver.Start(t, r)
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/items/1", 200},
		{"GET", "/items/2", 429},
		{"PUT", "/items/1", 200},
		{"PUT", "/items/3", 429},
	} {
		res, _ := get(t, srv.Client(), tc.method, srv.URL+tc.path)
		assert.Equal(t, tc.status, res.StatusCode, tc.method+" "+tc.path)
	}

	outside := testserver.Start(t, ratelimit.Limit(1, 1, ratelimit.LimitKey(ratelimit.KeyByRoute))(ok))
	res, _ := get(t, outside.Client(), "GET", outside.URL)
	assert.Equal(t, 500, res.StatusCode)
}

func TestConstructorsPanicWithTheirName(t *testing.T) {
	for _, c := range []struct {
		f    func()
		want string
	}{
		{func() { ratelimit.Limit(1, 0) }, "ratelimit: Limit: burst 0 must be at least 1"},
		{func() { ratelimit.Limit(0, 1) }, "ratelimit: Limit: rate 0 is outside (0, 1e6] tokens per second"},
		{func() { ratelimit.LimitName("é") }, `ratelimit: LimitName: "é" is not printable ASCII`},
		{func() { ratelimit.LimitName("") }, "ratelimit: LimitName: empty name"},
		{func() { ratelimit.LimitKey(nil) }, "ratelimit: LimitKey: nil KeyFunc"},
		{func() { ratelimit.LimitCost(nil) }, "ratelimit: LimitCost: nil function"},
		{func() { ratelimit.LimitStore(nil) }, "ratelimit: LimitStore: nil Store"},
		{func() { ratelimit.LimitHeaders(4) }, "ratelimit: LimitHeaders: unknown Fields bits 0x4"},
		{func() { ratelimit.LimitHeaders(0xff) }, "ratelimit: LimitHeaders: unknown Fields bits 0xfc"},
		{func() { ratelimit.LimitFailClosed(0) }, "ratelimit: LimitFailClosed: retryAfter must be positive, got 0s"},
		{func() { ratelimit.LimitFailClosed(-time.Second) }, "ratelimit: LimitFailClosed: retryAfter must be positive, got -1s"},
		{func() { ratelimit.LimitOnStoreError(nil) }, "ratelimit: LimitOnStoreError: nil function"},
		{func() { ratelimit.LimitClock(nil) }, "ratelimit: LimitClock: nil clock"},
		{func() { ratelimit.MemoryCapacity(0) }, "ratelimit: MemoryCapacity: n must be at least 1, got 0"},
		{func() { ratelimit.MemoryClock(nil) }, "ratelimit: MemoryClock: nil clock"},
		{func() { ratelimit.KeyByIPPrefix(0) }, "ratelimit: KeyByIPPrefix: bits must be within [1, 128], got 0"},
		{func() { ratelimit.KeyByIPPrefix(129) }, "ratelimit: KeyByIPPrefix: bits must be within [1, 128], got 129"},
		{func() { ratelimit.KeyByHeader("") }, "ratelimit: KeyByHeader: empty header name"},
		{func() { ratelimit.JoinKeys() }, "ratelimit: JoinKeys: no KeyFunc"},
		{func() { ratelimit.JoinKeys(ratelimit.KeyByIP, nil) }, "ratelimit: JoinKeys: KeyFunc 1 is nil"},
		{func() { ratelimit.Limit(1, 1, ratelimit.LimitName("a"), nil) }, "ratelimit: Limit: option 1 is nil"},
		{func() { ratelimit.NewMemoryStore(nil) }, "ratelimit: NewMemoryStore: option 0 is nil"},
		{func() { ratelimit.Concurrency(1, nil) }, "ratelimit: Concurrency: option 0 is nil"},
		{func() { ratelimit.Quota(1, ratelimit.Daily(time.UTC), ratelimit.LimitName("q"), nil) }, "ratelimit: Quota: option 1 is nil"},
	} {
		assert.PanicsWithValue(t, c.want, c.f)
	}
}

func TestLimitNegativeCost(t *testing.T) {
	h := ratelimit.Limit(1, 1, ratelimit.LimitCost(func(*http.Request) int { return -1 }))(ok)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	assert.Equal(t, 500, rec.Code)
}

func TestLimitEscapesThePolicyName(t *testing.T) {
	h := ratelimit.Limit(1, 1, ratelimit.LimitName(`a "b" \c`))(ok)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	assert.Equal(t, `"a \"b\" \\c";q=1;w=1`, rec.Header().Get("RateLimit-Policy"))
	assert.Equal(t, `"a \"b\" \\c";r=0;t=1`, rec.Header().Get("RateLimit"))
}

func TestLimitPolicyQuotaMatchesItsWindow(t *testing.T) {
	for _, c := range []struct {
		rate   rate.Limit
		burst  int
		policy string
	}{
		{100, 10, `"1per10000us-burst10";q=100;w=1`},
		{110, 10, `"1per9091us-burst10";q=109;w=1`},
		{1, 2, `"1per1000000us-burst2";q=2;w=2`},
		{3, 10, `"1per333333us-burst10";q=12;w=4`},
		{rate.Every(time.Hour), 1, `"1per3600000000us-burst1";q=1;w=3600`},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		ratelimit.Limit(c.rate, c.burst)(ok).ServeHTTP(rec, req)
		assert.Equal(t, c.policy, rec.Header().Get("RateLimit-Policy"), "Limit(%v, %d)", c.rate, c.burst)
	}
}

func TestLimitDefaultNamesKeepPoliciesApartInASharedStore(t *testing.T) {
	store := ratelimit.NewMemoryStore(ratelimit.MemoryClock(clocktest.NewFake().Now))
	fast := ratelimit.Limit(110, 1, ratelimit.LimitStore(store))(ok)
	slow := ratelimit.Limit(100, 1, ratelimit.LimitStore(store))(ok)
	req := httptest.NewRequest("GET", "/", nil)
	for _, h := range []http.Handler{fast, slow} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusOK, rec.Code, "each policy has its own bucket")
	}
}

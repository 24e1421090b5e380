package fourxxotel_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	semconv "go.opentelemetry.io/otel/semconv/v1.39.0"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/fourxxotel"
	"github.com/fourxx/fourxx/ratelimit"
)

func TestStoreDecisions(t *testing.T) {
	tel := newTelemetry(t)
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	store := tel.Store(ratelimit.NewMemoryStore())
	api := ratelimit.Limit(rate.Every(time.Hour), 2, ratelimit.LimitName("api"), ratelimit.LimitStore(store))(ok)
	login := ratelimit.Limit(rate.Every(time.Hour), 1, ratelimit.LimitName("login"), ratelimit.LimitStore(store))(ok)
	for _, h := range []http.Handler{api, api, api, login, login} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	}
	policy := func(name, outcome string) string {
		return attrs(fourxxotel.PolicyKey.String(name), fourxxotel.OutcomeKey.String(outcome))
	}
	assert.Equal(t, map[string]int64{
		policy("api", "allowed"):   2,
		policy("api", "denied"):    1,
		policy("login", "allowed"): 1,
		policy("login", "denied"):  1,
	}, tel.counts(t, "fourxx.ratelimit.decisions"))
	assert.Empty(t, tel.counts(t, "fourxx.ratelimit.store.errors"))
}

// failingStore fails every decision with err.
type failingStore struct{ err error }

func (s failingStore) Take(context.Context, string, ratelimit.Policy, int) (ratelimit.Decision, error) {
	return ratelimit.Decision{}, s.err
}

// namedSentinel names itself for error.type, as redisstore's sentinel
// errors do.
type namedSentinel struct{}

func (namedSentinel) Error() string     { return "store down" }
func (namedSentinel) ErrorType() string { return "store.ErrDown" }

// timeoutError is a net.Error that timed out, as a client's read deadline
// reports it.
type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

func TestStoreErrors(t *testing.T) {
	tel := newTelemetry(t)
	policy := ratelimit.NewPolicy("api", 10, 20)
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	for _, err := range []error{
		fmt.Errorf("redisstore: %w", refused),
		fmt.Errorf("redisstore: %w", refused),
		fmt.Errorf("redisstore: %w", context.DeadlineExceeded),
		fmt.Errorf("redisstore: %w", &net.OpError{Op: "read", Net: "tcp", Err: timeoutError{}}),
		fmt.Errorf("redisstore: script replied %d", 7),
		fmt.Errorf("redisstore: %w", namedSentinel{}),
	} {
		_, got := tel.Store(failingStore{err}).Take(context.Background(), "k", policy, 1)
		assert.Equal(t, err, got, "the error passes through")
	}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := tel.Store(failingStore{context.Canceled}).Take(done, "k", policy, 1)
	require.ErrorIs(t, err, context.Canceled)

	errorType := func(v string) string {
		return attrs(fourxxotel.PolicyKey.String("api"), semconv.ErrorTypeKey.String(v))
	}
	assert.Equal(t, map[string]int64{
		errorType("*net.OpError"):        2,
		errorType("timeout"):             2,
		errorType("*errors.errorString"): 1, // fmt.Errorf without %w
		errorType("store.ErrDown"):       1, // named by its ErrorType method
	}, tel.counts(t, "fourxx.ratelimit.store.errors"), "an error after the request's context was done is not counted")
	assert.Empty(t, tel.counts(t, "fourxx.ratelimit.decisions"))
}

func TestStoreAddsNoAllocation(t *testing.T) {
	tel := newTelemetry(t)
	policy := ratelimit.NewPolicy("api", 1_000_000, 1_000_000)
	bare := ratelimit.NewMemoryStore()
	wrapped := tel.Store(ratelimit.NewMemoryStore())
	ctx := context.Background()
	take := func(s ratelimit.Store) func() {
		return func() { _, _ = s.Take(ctx, "198.51.100.7", policy, 1) }
	}
	take(wrapped)() // the policy's first decision builds its attributes
	assert.Equal(t, testing.AllocsPerRun(100, take(bare)), testing.AllocsPerRun(100, take(wrapped)))
	// One decision first, then AllocsPerRun's warm-up and 100 runs.
	assert.Equal(t, map[string]int64{attrs(fourxxotel.PolicyKey.String("api"), fourxxotel.OutcomeKey.String("allowed")): 102},
		tel.counts(t, "fourxx.ratelimit.decisions"))
}

func TestStoreNil(t *testing.T) {
	assert.PanicsWithValue(t, "fourxxotel: Store: nil Store", func() { newTelemetry(t).Store(nil) })
}

func TestMeterProviderNil(t *testing.T) {
	assert.PanicsWithValue(t, "fourxxotel: MeterProvider: nil MeterProvider", func() { fourxxotel.MeterProvider(nil) })
	assert.PanicsWithValue(t, "fourxxotel: New: option 0 is nil", func() { fourxxotel.New(nil) })
}

func TestStoreKeepsChargerAndCounter(t *testing.T) {
	tel := newTelemetry(t)
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	store := tel.Store(ratelimit.NewMemoryStore())
	require.Implements(t, (*ratelimit.Charger)(nil), store)
	require.Implements(t, (*ratelimit.Counter)(nil), store)
	var login, quota http.Handler
	require.NotPanics(t, func() {
		login = ratelimit.Limit(rate.Every(time.Hour), 2, ratelimit.LimitName("login"), ratelimit.LimitStore(store),
			ratelimit.LimitChargeAfter(ratelimit.CountStatus(http.StatusUnauthorized)))(ok)
		quota = ratelimit.Quota(1, ratelimit.Daily(time.UTC), ratelimit.LimitName("quota"), ratelimit.LimitStore(store))(ok)
	})
	for _, h := range []http.Handler{login, login, login, quota, quota} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/", nil))
	}
	policy := func(name, outcome string) string {
		return attrs(fourxxotel.PolicyKey.String(name), fourxxotel.OutcomeKey.String(outcome))
	}
	assert.Equal(t, map[string]int64{
		policy("login", "allowed"): 2,
		policy("login", "denied"):  1,
		policy("quota", "allowed"): 1,
		policy("quota", "denied"):  1,
	}, tel.counts(t, "fourxx.ratelimit.decisions"), "a charge settles a decision and is not one")

	ctx := context.Background()
	d, err := store.(ratelimit.Charger).Charge(ctx, "k", ratelimit.NewPolicy("charged", 1, 1), 1)
	require.NoError(t, err)
	assert.True(t, d.Allowed)
	assert.NotContains(t, tel.counts(t, "fourxx.ratelimit.decisions"), policy("charged", "allowed"))
	failing := tel.Store(failingChargeCounter{failingStore{errors.New("down")}})
	_, err = failing.(ratelimit.Charger).Charge(ctx, "k", ratelimit.NewPolicy("charged", 1, 1), 1)
	require.Error(t, err)
	_, _, err = failing.(ratelimit.Counter).Count(ctx, "k", ratelimit.Window{Name: "counted"}, 1)
	require.Error(t, err)
	errorType := func(name string) string {
		return attrs(fourxxotel.PolicyKey.String(name), semconv.ErrorTypeKey.String("*errors.errorString"))
	}
	assert.Equal(t, map[string]int64{errorType("charged"): 1, errorType("counted"): 1}, tel.counts(t, "fourxx.ratelimit.store.errors"))

	_, ok1 := tel.Store(failingStore{}).(ratelimit.Charger)
	_, ok2 := tel.Store(failingStore{}).(ratelimit.Counter)
	assert.False(t, ok1 || ok2, "a store that neither charges nor counts stays so")
}

// failingChargeCounter fails every decision, charge and count with err.
type failingChargeCounter struct{ failingStore }

func (s failingChargeCounter) Charge(context.Context, string, ratelimit.Policy, int) (ratelimit.Decision, error) {
	return ratelimit.Decision{}, s.err
}

func (s failingChargeCounter) Count(context.Context, string, ratelimit.Window, int) (int, bool, error) {
	return 0, false, s.err
}

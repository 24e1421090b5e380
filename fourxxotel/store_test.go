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

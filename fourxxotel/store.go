package fourxxotel

import (
	"context"
	"errors"
	"net"
	"reflect"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.39.0"

	"github.com/fourxx/fourxx/ratelimit"
)

// Store wraps s to count every decision it makes in
// fourxx.ratelimit.decisions, by policy name and outcome ("allowed" or
// "denied"), and every error in fourxx.ratelimit.store.errors, by policy
// and error.type ("timeout"; or, for the error under fmt.Errorf's
// wrapping, what its ErrorType method returns, such as
// "redisstore.ErrBreakerOpen", else its Go type, such as "*net.OpError"). An
// error after the request's context was done is not counted, as
// [ratelimit.LimitOnStoreError] does not report it. The wrapped store
// implements [ratelimit.Charger] and [ratelimit.Counter] when s does: a
// Count is a decision, while a Charge settles one ([ratelimit.LimitChargeAfter])
// and counts only its errors. Give the wrapped store to
// [ratelimit.LimitStore]:
//
//	ratelimit.Limit(10, 20, ratelimit.LimitName("api"), ratelimit.LimitStore(tel.Store(ratelimit.NewMemoryStore())))
//
// A decision allocates nothing beyond what s allocates once its policy
// has been seen; policy names are few, since each names a Limit.
func (t *Telemetry) Store(s ratelimit.Store) ratelimit.Store {
	if s == nil {
		panic("fourxxotel: Store: nil Store")
	}
	w := &store{next: s, t: t}
	w.charger, _ = s.(ratelimit.Charger)
	w.counter, _ = s.(ratelimit.Counter)
	switch {
	case w.charger != nil && w.counter != nil:
		return chargingCountingStore{w}
	case w.charger != nil:
		return chargingStore{w}
	case w.counter != nil:
		return countingStore{w}
	}
	return w
}

type store struct {
	next    ratelimit.Store
	charger ratelimit.Charger // next, when it charges
	counter ratelimit.Counter // next, when it counts
	t       *Telemetry
}

// chargingStore, countingStore and chargingCountingStore are a store
// whose next implements Charger, Counter or both.
type (
	chargingStore         struct{ *store }
	countingStore         struct{ *store }
	chargingCountingStore struct{ *store }
)

func (s chargingStore) Charge(ctx context.Context, key string, p ratelimit.Policy, cost int) (ratelimit.Decision, error) {
	return s.charge(ctx, key, p, cost)
}

func (s countingStore) Count(ctx context.Context, key string, w ratelimit.Window, cost int) (int, bool, error) {
	return s.count(ctx, key, w, cost)
}

func (s chargingCountingStore) Charge(ctx context.Context, key string, p ratelimit.Policy, cost int) (ratelimit.Decision, error) {
	return s.charge(ctx, key, p, cost)
}

func (s chargingCountingStore) Count(ctx context.Context, key string, w ratelimit.Window, cost int) (int, bool, error) {
	return s.count(ctx, key, w, cost)
}

func (s *store) Take(ctx context.Context, key string, p ratelimit.Policy, cost int) (ratelimit.Decision, error) {
	d, err := s.next.Take(ctx, key, p, cost)
	s.record(ctx, p.Name, d.Allowed, err)
	return d, err
}

// charge charges next, counting only an error: a charge settles a
// decision that Take counted.
func (s *store) charge(ctx context.Context, key string, p ratelimit.Policy, cost int) (ratelimit.Decision, error) {
	d, err := s.charger.Charge(ctx, key, p, cost)
	if err != nil {
		s.record(ctx, p.Name, false, err)
	}
	return d, err
}

func (s *store) count(ctx context.Context, key string, w ratelimit.Window, cost int) (int, bool, error) {
	used, allowed, err := s.counter.Count(ctx, key, w, cost)
	s.record(ctx, w.Name, allowed, err)
	return used, allowed, err
}

// record counts a decision of the policy named name, or its error.
func (s *store) record(ctx context.Context, name string, allowed bool, err error) {
	m := s.t.policies.get(name)
	switch {
	case err != nil:
		if ctx.Err() == nil {
			s.t.storeErrors.Add(ctx, 1, metric.WithAttributes(m.policy, storeErrorType(err)))
		}
	case allowed:
		s.t.decisions.Add(ctx, 1, m.allowed...)
	default:
		s.t.decisions.Add(ctx, 1, m.denied...)
	}
}

// policyMeasures are the precomputed attributes of one policy's decisions.
type policyMeasures struct {
	policy  attribute.KeyValue
	allowed []metric.AddOption
	denied  []metric.AddOption
}

// newPolicyMeasures builds the attributes of the policy named name.
func newPolicyMeasures(name string) *policyMeasures {
	policy := PolicyKey.String(name)
	return &policyMeasures{
		policy:  policy,
		allowed: []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(policy, OutcomeKey.String("allowed")))},
		denied:  []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(policy, OutcomeKey.String("denied")))},
	}
}

// storeErrorType is error.type for a store error: "timeout" for a deadline
// or a network timeout, otherwise semconv.ErrorType of the first error in
// err's chain that fmt.Errorf did not make: its ErrorType method's name,
// or its Go type, such as "*net.OpError".
func storeErrorType(err error) attribute.KeyValue {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return semconv.ErrorTypeKey.String("timeout")
	}
	for fromFmt(err) {
		inner := errors.Unwrap(err)
		if inner == nil {
			break
		}
		err = inner
	}
	return semconv.ErrorType(err)
}

// fromFmt reports whether err is one of fmt.Errorf's wrappers.
func fromFmt(err error) bool {
	t := reflect.TypeOf(err)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == "fmt"
}

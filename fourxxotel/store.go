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
// and error.type ("timeout", or the Go type of the error under fmt.Errorf's
// wrapping, such as "*net.OpError"). An
// error after the request's context was done is not counted, as
// [ratelimit.LimitOnStoreError] does not report it. Give the wrapped store to
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
	return &store{next: s, t: t}
}

type store struct {
	next ratelimit.Store
	t    *Telemetry
}

func (s *store) Take(ctx context.Context, key string, p ratelimit.Policy, cost int) (ratelimit.Decision, error) {
	d, err := s.next.Take(ctx, key, p, cost)
	m := s.t.policies.get(p.Name)
	switch {
	case err != nil:
		if ctx.Err() == nil {
			s.t.storeErrors.Add(ctx, 1, metric.WithAttributes(m.policy, storeErrorType(err)))
		}
	case d.Allowed:
		s.t.decisions.Add(ctx, 1, m.allowed...)
	default:
		s.t.decisions.Add(ctx, 1, m.denied...)
	}
	return d, err
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
// or a network timeout, otherwise the Go type of the first error in err's
// chain that fmt.Errorf did not make, such as "*net.OpError".
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

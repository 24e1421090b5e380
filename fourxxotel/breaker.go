package fourxxotel

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// ObserveBreaker reports a store's circuit breaker, such as the one of a
// redisstore.Store, in the gauge fourxx.ratelimit.breaker.state: at every
// collection, value 1 with the attributes fourxx.ratelimit.store (name)
// and fourxx.ratelimit.breaker.state (what state returns, such as
// "closed", "open" or "half-open"). An alert on the state "open" tells
// that the limits behind the store no longer reach it.
//
//	tel.ObserveBreaker("redis", func() string { return store.State().String() })
//
// The callback stays registered as long as the meter provider runs; a
// registration the meter refuses is reported to otel.Handle.
func (t *Telemetry) ObserveBreaker(name string, state func() string) {
	if state == nil {
		panic("fourxxotel: ObserveBreaker: nil state function")
	}
	store := StoreKey.String(name)
	_, err := t.meter.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		o.ObserveInt64(t.breakerState, 1, metric.WithAttributeSet(attribute.NewSet(store, BreakerStateKey.String(state()))))
		return nil
	}, t.breakerState)
	if err != nil {
		otel.Handle(err)
	}
}

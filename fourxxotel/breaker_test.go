package fourxxotel_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/fourxx/fourxx/fourxxotel"
)

// gauge returns the data points of the gauge name, by attribute set.
func (tel *telemetry) gauge(t *testing.T, name string) map[string]int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, tel.reader.Collect(context.Background(), &rm))
	points := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				assert.Equal(t, "1", m.Unit)
				for _, dp := range m.Data.(metricdata.Gauge[int64]).DataPoints {
					points[dp.Attributes.Encoded(attribute.DefaultEncoder())] = dp.Value
				}
			}
		}
	}
	return points
}

func TestObserveBreaker(t *testing.T) {
	tel := newTelemetry(t)
	assert.Empty(t, tel.gauge(t, "fourxx.ratelimit.breaker.state"), "nothing before a breaker is observed")

	redis, other := "closed", "closed"
	tel.ObserveBreaker("redis", func() string { return redis })
	tel.ObserveBreaker("other", func() string { return other })
	state := func(store, state string) string {
		return attrs(fourxxotel.StoreKey.String(store), fourxxotel.BreakerStateKey.String(state))
	}
	assert.Equal(t, map[string]int64{state("redis", "closed"): 1, state("other", "closed"): 1},
		tel.gauge(t, "fourxx.ratelimit.breaker.state"))

	redis = "open"
	assert.Equal(t, map[string]int64{state("redis", "open"): 1, state("other", "closed"): 1},
		tel.gauge(t, "fourxx.ratelimit.breaker.state"), "each collection reads the state")
}

func TestObserveBreakerNil(t *testing.T) {
	assert.PanicsWithValue(t, "fourxxotel: ObserveBreaker: nil state function", func() { newTelemetry(t).ObserveBreaker("redis", nil) })
}

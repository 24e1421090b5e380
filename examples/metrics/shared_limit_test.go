package main

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/examples/internal/demo"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

func TestSharedLimitMetricsWhenRedisIsDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	down := l.Addr().String()
	require.NoError(t, l.Close()) // every dial is refused
	rdb := redis.NewClient(&redis.Options{Addr: down, ContextTimeoutEnabled: true, MaxRetries: -1, DialerRetries: 1})
	t.Cleanup(func() { _ = rdb.Close() })
	m := newMetrics()
	m.shareLimitThrough(rdb, 0, redisstore.Breaker(5, time.Hour, time.Hour)) // no probe during the test
	srv := httptest.NewServer(newHandler(m, slog.New(slog.NewTextHandler(io.Discard, nil)), demo.Hosts("127.0.0.1:9090")))
	t.Cleanup(srv.Close)

	for range 7 {
		assert.Equal(t, http.StatusOK, do(t, srv.Client(), "GET", srv.URL+"/items/1"), "fail open")
	}
	res, err := srv.Client().Get(srv.URL + "/metrics")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	for _, want := range []string{
		`fourxx_ratelimit_store_errors_total{cause="error",policy="shared"} 5`,
		`fourxx_ratelimit_store_errors_total{cause="breaker_open",policy="shared"} 2`,
		`fourxx_redis_breaker_state{state="open"} 1`,
		`fourxx_redis_breaker_state{state="closed"} 0`,
		`fourxx_redis_breaker_transitions_total{to="open"} 1`,
		`http_requests_total{method="GET",route="/items/{id}",status="200"} 7`,
	} {
		assert.Contains(t, string(body), want)
	}
}

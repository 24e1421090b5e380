// Command metrics serves the fourxx demo (examples/server) with Prometheus
// metrics of what fourxx refuses and of clients that gave up: a rejection
// hook counts every fourxx refusal by status and middleware, would-be
// refusals of rules in report-only mode are counted apart, per route,
// middleware.Record feeds a request counter (499 included) and a duration
// histogram, and /metrics serves them. With -redis, a rate limit shared
// through Redis adds its store errors and its circuit breaker's state
// (shared_limit.go). It is a module of its own, so the core module stays
// free of Prometheus and Redis.
//
//	go run . -addr 127.0.0.1:9090   # or: -redis 127.0.0.1:6379 -instances 2
//	curl -s "http://127.0.0.1:9090/items/$(head -c 40000 /dev/zero | tr '\0' x)"
//	curl -s -m 1 http://127.0.0.1:9090/items/1/events   # leaves after 1 s: 499
//	for i in 1 2 3 4 5 6 7; do curl -s -o /dev/null http://127.0.0.1:9090/items; done   # report-only limit
//	curl -s http://127.0.0.1:9090/metrics | grep -E 'fourxx_|http_requests_total'
package main

import (
	"flag"
	"log"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/fourxx/fourxx/examples/internal/demo"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9090", "address to listen on")
	redisAddr := flag.String("redis", "", "address of a Redis that instances share a rate limit through (none if empty)")
	instances := flag.Int("instances", 0, "with -redis: instances sharing the limit, each allowing its share from memory while Redis fails (0: fail open)")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	m := newMetrics()
	if *redisAddr != "" {
		m.shareLimitThrough(redis.NewClient(&redis.Options{Addr: *redisAddr, ContextTimeoutEnabled: true}), *instances)
	}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           newHandler(m, logger, demo.Hosts(*addr)),
		ReadHeaderTimeout: 5 * time.Second,
	}
	logger.Info("listening", "addr", "http://"+*addr)
	log.Fatal(srv.ListenAndServe())
}

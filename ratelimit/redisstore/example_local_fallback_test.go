package redisstore_test

import (
	"fmt"
	"net"
	"net/http/httptest"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/ratelimit"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// While Redis is down, each of the two instances expected to share the
// limit allows half of it from memory, and the circuit breaker stops
// calling Redis after five failures.
func ExampleLocalFallback() {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	down := l.Addr().String()
	_ = l.Close() // nothing listens there: every dial is refused
	rdb := redis.NewClient(&redis.Options{Addr: down, ContextTimeoutEnabled: true, MaxRetries: -1, DialerRetries: 1})
	defer rdb.Close()
	store := redisstore.New(rdb, redisstore.LocalFallback(2),
		redisstore.OnBreakerChange(func(from, to redisstore.BreakerState) { fmt.Println("breaker:", from, "→", to) }))
	srv := httptest.NewServer(ratelimit.Limit(rate.Every(time.Minute), 6, ratelimit.LimitStore(store), ratelimit.LimitName("api"))(ok))
	defer srv.Close()

	for range 6 {
		res, err := srv.Client().Get(srv.URL)
		if err != nil {
			panic(err)
		}
		_ = res.Body.Close()
		fmt.Println(res.StatusCode, res.Header.Get("RateLimit"))
	}
	// Output:
	// 200 "api";r=2;t=120
	// 200 "api";r=1;t=120
	// 200 "api";r=0;t=120
	// 429 "api";r=0;t=120
	// breaker: closed → open
	// 429 "api";r=0;t=120
	// 429 "api";r=0;t=120
}

package redisstore_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/ratelimit"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// Two instances of a service share one limit of 2 requests per minute
// per client IP through one Redis.
func ExampleNew() {
	rdb := redis.NewClient(&redis.Options{Addr: server.Addr(), ContextTimeoutEnabled: true})
	defer rdb.Close()
	store := redisstore.New(rdb, redisstore.Prefix("example:"), redisstore.Timeout(time.Second))
	instance := func() *httptest.Server {
		limit := ratelimit.Limit(rate.Every(time.Minute), 2, ratelimit.LimitStore(store), ratelimit.LimitName("api"))
		return httptest.NewServer(limit(ok))
	}
	a, b := instance(), instance()
	defer a.Close()
	defer b.Close()

	for _, srv := range []*httptest.Server{a, b, a} {
		res, err := srv.Client().Get(srv.URL)
		if err != nil {
			panic(err)
		}
		_ = res.Body.Close()
		fmt.Println(res.StatusCode, res.Header.Get("RateLimit"))
	}
	ttl := rdb.PTTL(context.Background(), "example:3:api:127.0.0.1").Val()
	fmt.Println("key expires within", ttl.Round(time.Minute))
	rdb.Del(context.Background(), "example:3:api:127.0.0.1")
	// Output:
	// 200 "api";r=1;t=60
	// 200 "api";r=0;t=60
	// 429 "api";r=0;t=60
	// key expires within 2m0s
}

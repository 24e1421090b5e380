package redisstore_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/fourxx/fourxx/conditional"
	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// Two instances of a service let one write at a time change an item:
// while instance a writes, instance b answers 409 Conflict.
func ExampleNewLock() {
	rdb := redis.NewClient(&redis.Options{Addr: server.Addr(), ContextTimeoutEnabled: true})
	defer rdb.Close()
	lock := redisstore.NewLock(rdb, redisstore.LockPrefix("example-lock:"), redisstore.LockTimeout(time.Second))
	byPath := func(r *http.Request) string { return r.URL.Path }
	var b *httptest.Server
	a := httptest.NewServer(conditional.SingleWriter(byPath, conditional.SingleWriterLock(lock))(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// While a writes the item, a write through b.
			req, _ := http.NewRequest(http.MethodPut, b.URL+r.URL.Path, nil)
			res, err := b.Client().Do(req)
			if err != nil {
				panic(err)
			}
			_ = res.Body.Close()
			fmt.Println("b:", res.StatusCode)
		})))
	defer a.Close()
	b = httptest.NewServer(conditional.SingleWriter(byPath, conditional.SingleWriterLock(lock))(ok))
	defer b.Close()

	req, _ := http.NewRequest(http.MethodPut, a.URL+"/items/1", nil)
	res, err := a.Client().Do(req)
	if err != nil {
		panic(err)
	}
	_ = res.Body.Close()
	fmt.Println("a:", res.StatusCode)
	// Output:
	// b: 409
	// a: 200
}

package ratelimit_test

import (
	"fmt"
	"time"

	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleNewPolicy() {
	// rate.NewLimiter(3, 10): a token every 1/3 s, whole microseconds.
	p := ratelimit.NewPolicy("search", 3, 10)
	fmt.Println(p.Name, p.Interval, p.Burst, p.Valid())
	// rate.Every is the natural way to write slow rates.
	p = ratelimit.NewPolicy("signup", rate.Every(time.Hour/5), 5)
	fmt.Println(p.Name, p.Interval, p.Burst)
	// Output:
	// search 333.333ms 10 true
	// signup 12m0s 5
}

package ratelimit_test

import (
	"fmt"
	"time"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleDecide() {
	p := ratelimit.Policy{Name: "p", Interval: time.Second, Burst: 3}
	now := time.Unix(1_700_000_000, 0).UnixMicro()
	tat, d := ratelimit.Decide(p, 0, now, 2) // a new key takes 2 of 3 tokens
	fmt.Println(tat-now, d.Allowed, d.Remaining, d.Full)
	_, d = ratelimit.Decide(p, tat, now, 2) // 1 left: refused
	fmt.Println(d.Allowed, d.Remaining, d.Wait)
	// Output:
	// 2000000 true 1 2s
	// false 1 1s
}

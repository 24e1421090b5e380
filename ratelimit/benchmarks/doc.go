// Package benchmarks compares fourxx's ratelimit.Limit with
// go-chi/httprate and a hand-written sync.Mutex map of *rate.Limiter. It is
// a separate module so that the library's go.mod does not require the
// peers. Run it with
//
//	cd ratelimit/benchmarks && go test -run '^$' -bench . -benchmem
package benchmarks

// Package benchmarks compares fourxx with its peers: ratelimit.Limit with
// go-chi/httprate and a hand-written sync.Mutex map of *rate.Limiter on the
// pass path, and every fourxx refusal with the peer's refusal of the same
// request (BenchmarkRefusal: httprate's 429, chi's 405, chi's RequestSize
// 413, http.ServeContent's 412, http.NotFound and http.Error). Command
// flood serves the end-to-end floods of scripts/benchmarks.sh, whose
// servers BenchmarkFloodServer runs in process, and
// command benchdoc writes BENCHMARKS.md from that script's run. It is a
// separate module so that the library's go.mod does not require the peers.
// Run it with
//
//	cd ratelimit/benchmarks && go test -run '^$' -bench . -benchmem
//
// or, from the repository root, make benchmarks, which writes BENCHMARKS.md.
package benchmarks

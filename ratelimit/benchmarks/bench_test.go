package benchmarks

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/heaptest"
	"github.com/fourxx/fourxx/ratelimit"
)

// discard is a ResponseWriter that keeps only its header map, cleared per
// request, so the benchmarks measure the limiters and not a recorder.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

func newDiscard() *discard { return &discard{h: make(http.Header)} }

// serve runs one request through h on w, clearing w's header first.
func serve(h http.Handler, w *discard, r *http.Request) {
	clear(w.h)
	h.ServeHTTP(w, r)
}

// ipv4 formats n as a dotted quad with a port, a distinct client per n.
func ipv4(n uint32) string {
	a := netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
	return a.String() + ":1234"
}

// million returns one RemoteAddr per client of the benchmarks over a
// million clients, built on first use.
var million = sync.OnceValue(func() []string {
	addrs := make([]string, 1_000_000)
	for i := range addrs {
		addrs[i] = ipv4(uint32(0x0a000000 + i))
	}
	return addrs
})

// BenchmarkHotKey sends every request from one client. It asks for more
// than the microsecond's token fourxx's policy earns, so its bucket, of
// 2^33 tokens, drains for hours, and most responses carry a new r: a new
// RateLimit value, whose bytes B/op counts (fewer than one allocation a
// request, so allocs/op rounds them down to 0). BenchmarkHotClients shows
// clients under their rate, whose values repeat.
func BenchmarkHotKey(b *testing.B) {
	for _, p := range peers {
		b.Run(p.name, func(b *testing.B) { hotKey(b, p) })
	}
}

// BenchmarkHotKeyLiveHeap is BenchmarkHotKey in a process that holds 64
// MiB of live memory, as a server does. Go's collector runs once the heap
// has grown by as much as is live: over the near-empty heap of the other
// benchmarks, the bytes of fourxx's RateLimit values bring a collection
// every few milliseconds, whose write barriers and assists the requests
// pay; here, one every few hundred.
func BenchmarkHotKeyLiveHeap(b *testing.B) {
	live := make([][]byte, 64)
	for i := range live {
		live[i] = make([]byte, 1<<20)
	}
	runtime.GC()
	for _, p := range peers {
		b.Run(p.name, func(b *testing.B) { hotKey(b, p) })
	}
	runtime.KeepAlive(live)
}

// hotKey sends every request of b from one client through p.
func hotKey(b *testing.B, p peer) {
	h, w := p.new(), newDiscard()
	r := httptest.NewRequest(http.MethodGet, "/items/42", nil)
	r.RemoteAddr = "192.0.2.1:1234"
	b.ReportAllocs()
	for b.Loop() {
		serve(h, w, r)
	}
}

// BenchmarkHotClients sends the requests of 16 clients in turn. Each
// comes round every 16 requests, at most once a microsecond, so it stays
// under fourxx's rate: its bucket stays full and its RateLimit value
// repeats, as for a busy client within its limit.
func BenchmarkHotClients(b *testing.B) {
	for _, p := range peers {
		b.Run(p.name, func(b *testing.B) {
			h, w := p.new(), newDiscard()
			clients := make([]*http.Request, 16)
			for i := range clients {
				clients[i] = httptest.NewRequest(http.MethodGet, "/items/42", nil)
				clients[i].RemoteAddr = ipv4(0xc0000201 + uint32(i))
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				serve(h, w, clients[i%len(clients)])
			}
		})
	}
}

func BenchmarkHotKeyParallel(b *testing.B) {
	for _, p := range peers {
		b.Run(p.name, func(b *testing.B) {
			h := p.new()
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				w := newDiscard()
				r := httptest.NewRequest(http.MethodGet, "/items/42", nil)
				r.RemoteAddr = "192.0.2.1:1234"
				for pb.Next() {
					serve(h, w, r)
				}
			})
		})
	}
}

// BenchmarkUniform1M spreads requests uniformly over a million clients,
// each already known to the limiter.
func BenchmarkUniform1M(b *testing.B) {
	for _, p := range peers {
		b.Run(p.name, func(b *testing.B) {
			h, w := p.new(), newDiscard()
			r := httptest.NewRequest(http.MethodGet, "/items/42", nil)
			for _, a := range million() {
				r.RemoteAddr = a
				serve(h, w, r)
			}
			clients := million()
			var seed atomic.Uint64
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				rng := rand.New(rand.NewPCG(seed.Add(1), 7))
				w := newDiscard()
				r := httptest.NewRequest(http.MethodGet, "/items/42", nil)
				for pb.Next() {
					r.RemoteAddr = clients[rng.IntN(len(clients))]
					serve(h, w, r)
				}
			})
		})
	}
}

func BenchmarkFloodNewKeys(b *testing.B) {
	for _, p := range peers {
		b.Run(p.name, func(b *testing.B) {
			h := p.new()
			var next atomic.Uint32
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				w := newDiscard()
				r := httptest.NewRequest(http.MethodGet, "/items/42", nil)
				for pb.Next() {
					r.RemoteAddr = ipv4(next.Add(1))
					serve(h, w, r)
				}
			})
		})
	}
}

// BenchmarkBytesPerKey tracks the million clients in each limiter and
// reports the live heap it grew by, per client. fourxx forgets buckets
// that are full again, so its policy here refills slowly: one token an
// hour keeps every client tracked.
func BenchmarkBytesPerKey(b *testing.B) {
	hourly := peer{"fourxx", func() http.Handler { return ratelimit.Limit(rate.Every(time.Hour), 10)(ok) }}
	clients := million() // built before measuring: the requests', not the limiters'
	for _, p := range []peer{hourly, peers[3], peers[4]} {
		b.Run(p.name, func(b *testing.B) {
			var perKey float64
			for b.Loop() {
				before := heaptest.Live()
				h, w := p.new(), newDiscard()
				r := httptest.NewRequest(http.MethodGet, "/items/42", nil)
				for _, a := range clients {
					r.RemoteAddr = a
					serve(h, w, r)
				}
				perKey = float64(heaptest.Live()-before) / float64(len(clients))
				runtime.KeepAlive(h)
			}
			b.ReportMetric(perKey, "B/key")
		})
	}
}

// BenchmarkFloodAtCap sends 5M distinct clients through a Limit with the
// default cap of 1M keys and reports the live heap after each million:
// it stays flat once the cap is reached.
func BenchmarkFloodAtCap(b *testing.B) {
	for b.Loop() {
		before := heaptest.Live()
		store := ratelimit.NewMemoryStore()
		h, w := ratelimit.Limit(1, 10, ratelimit.LimitStore(store))(ok), newDiscard()
		r := httptest.NewRequest(http.MethodGet, "/items/42", nil)
		for m := 1; m <= 5; m++ {
			for i := (m - 1) * 1_000_000; i < m*1_000_000; i++ {
				r.RemoteAddr = ipv4(uint32(i))
				serve(h, w, r)
			}
			b.ReportMetric(float64(heaptest.Live()-before)/(1<<20), "MiB-after-"+strconv.Itoa(m)+"M")
		}
		b.ReportMetric(float64(store.Len()), "keys")
	}
}

// BenchmarkSweep times a sweep of a store holding 1M live keys: it visits
// every entry, one shard lock at a time. It reports the mean hold of one
// shard's lock and the longest a Take running concurrently waited during
// the sweeps (the target: under 1 ms), beside the longest such a Take
// waited in as much time without sweeps: the machine's own noise.
func BenchmarkSweep(b *testing.B) {
	store := ratelimit.NewMemoryStore()
	p := ratelimit.NewPolicy("p", rate.Every(time.Hour), 1) // every key stays tracked for an hour
	ctx := context.Background()
	keys := make([]string, ratelimit.DefaultMemoryCapacity)
	for i := range keys {
		keys[i] = strconv.Itoa(i)
		if _, err := store.Take(ctx, keys[i], p, 1); err != nil {
			b.Fatal(err)
		}
	}
	if store.Len() == 0 {
		b.Fatal("the store tracks no key")
	}

	const shards = 256 // NewMemoryStore's shard count at the default capacity
	var elapsed, total time.Duration
	sweeping := maxTakePause(b, store, keys, p, func() {
		for b.Loop() {
			start := time.Now()
			store.Sweep()
			elapsed = time.Since(start)
			total += elapsed
		}
	})
	idle := maxTakePause(b, store, keys, p, func() { time.Sleep(total) })
	b.ReportMetric(float64(elapsed.Microseconds())/shards, "µs/shard-lock")
	b.ReportMetric(float64(sweeping)/float64(time.Microsecond), "µs-max-take-pause")
	b.ReportMetric(float64(idle)/float64(time.Microsecond), "µs-max-take-pause-idle")
	b.ReportMetric(float64(store.Len()), "keys")
}

// maxTakePause takes zero tokens from the keys of store, round robin, in a
// goroutine of its own while work runs, and returns the longest Take.
func maxTakePause(b *testing.B, store *ratelimit.MemoryStore, keys []string, p ratelimit.Policy, work func()) time.Duration {
	stop := make(chan struct{})
	type result struct {
		longest time.Duration
		err     error
	}
	done := make(chan result)
	go func() {
		var longest time.Duration
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- result{longest: longest}
				return
			default:
			}
			start := time.Now()
			_, err := store.Take(context.Background(), keys[i%len(keys)], p, 0)
			if err != nil {
				done <- result{err: err}
				return
			}
			longest = max(longest, time.Since(start))
		}
	}()
	work()
	close(stop)
	r := <-done
	if r.err != nil {
		b.Fatal(r.err)
	}
	return r.longest
}

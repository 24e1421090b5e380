package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const packagesOutput = `goos: linux
pkg: github.com/fourxx/fourxx/problem
BenchmarkWrite/text/plain-2         	 1000	      1079 ns/op	     416 B/op	      14 allocs/op
BenchmarkWrite/text/plain-2         	 1000	      1200 ns/op	     416 B/op	      14 allocs/op
BenchmarkWrite/text/plain-2         	 1000	      1100 ns/op	     416 B/op	      14 allocs/op
PASS
pkg: github.com/fourxx/fourxx/middleware
BenchmarkExpect/pass/100-continue-2 	 1000	        39.84 ns/op	       0 B/op	       0 allocs/op
BenchmarkSweep-2                    	    1	  31371228 ns/op	    993813 keys	        93.12 µs/shard-lock	       2 B/op	       0 allocs/op
ok  	github.com/fourxx/fourxx/middleware	1.2s
`

func writeTemp(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "bench.txt")
	require.NoError(t, os.WriteFile(p, []byte(text), 0o600))
	return p
}

func TestReadGoTest(t *testing.T) {
	rs, err := readGoTest(writeTemp(t, packagesOutput))
	require.NoError(t, err)
	require.Len(t, rs, 3)

	assert.Equal(t, "github.com/fourxx/fourxx/problem", rs[0].pkg)
	assert.Equal(t, "Write/text/plain", rs[0].name, "the GOMAXPROCS suffix is dropped")
	assert.Equal(t, 1100.0, rs[0].metrics["ns/op"], "the median of the runs")
	assert.Equal(t, 14.0, rs[0].metrics["allocs/op"])

	assert.Equal(t, "Expect/pass/100-continue", rs[1].name, "a dash inside a name stays")
	assert.Equal(t, []string{"ns/op", "keys", "µs/shard-lock", "B/op", "allocs/op"}, rs[2].units)
}

func TestReadGoTestWithoutResults(t *testing.T) {
	_, err := readGoTest(writeTemp(t, "PASS\nok  \tx\t0.1s\n"))
	assert.Error(t, err)
}

func TestWritePackages(t *testing.T) {
	rs, err := readGoTest(writeTemp(t, packagesOutput))
	require.NoError(t, err)
	var b strings.Builder
	writePackages(&b, rs)
	assert.Contains(t, b.String(), "| `problem` | Write/text/plain | 1100 | 416 | 14 |\n")
	assert.Contains(t, b.String(), "| `middleware` | Expect/pass/100-continue | 39.8 | 0 | 0 |\n")
}

func TestWriteLimiters(t *testing.T) {
	rs, err := readGoTest(writeTemp(t, `pkg: github.com/fourxx/fourxx/ratelimit/benchmarks
BenchmarkHotKey/bare-2     	 100	  5.2 ns/op	 0 B/op	 0 allocs/op
BenchmarkHotKey/fourxx-2   	 100	  217 ns/op	 8 B/op	 1 allocs/op
BenchmarkHotKey/mutexmap-2 	 100	  140 ns/op	 0 B/op	 0 allocs/op
BenchmarkHotKey/bare-2     	 100	  5.2 ns/op	 0 B/op	 0 allocs/op
BenchmarkHotKey/fourxx-2   	 100	  300 ns/op	 8 B/op	 1 allocs/op
BenchmarkHotKey/mutexmap-2 	 100	  150 ns/op	 0 B/op	 0 allocs/op
BenchmarkHotKey/bare-2     	 100	  5.2 ns/op	 0 B/op	 0 allocs/op
BenchmarkHotKey/fourxx-2   	 100	  200 ns/op	 8 B/op	 1 allocs/op
BenchmarkHotKey/mutexmap-2 	 100	  160 ns/op	 0 B/op	 0 allocs/op
BenchmarkFlood/fourxx-2    	 100	  460 ns/op	 64 B/op	 2 allocs/op
BenchmarkBytesPerKey/fourxx-2	 1	 1000 ns/op	 37.80 B/key	 0 B/op	 0 allocs/op
`))
	require.NoError(t, err)
	var b strings.Builder
	writeLimiters(&b, rs)
	out := b.String()
	assert.Contains(t, out, "| benchmark | bare | fourxx | mutexmap | fourxx ÷ mutexmap |\n| --- | --- | --- | --- | --- |\n")
	// Rounds' ratios 1.55, 2.00 and 1.25: their median, not 217 / 150.
	assert.Contains(t, out, "| HotKey | 5.2 / 0 | 217 / 1 | 150 / 0 | 1.55 |\n")
	assert.Contains(t, out, "| Flood |  | 460 / 2 |  |  |\n", "a peer missing from a benchmark leaves its cell empty")
	assert.Contains(t, out, "| BytesPerKey/fourxx | B/key | 37.8 |\n")
}

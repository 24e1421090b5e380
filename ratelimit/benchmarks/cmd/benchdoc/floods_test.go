package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wrkReport is a wrk report of requests answered at rps a second, all
// refused, with the line scripts/benchmarks.sh adds: the server's CPU
// ticks at 100 a second.
func wrkReport(requests, rps, ticks int) string {
	return fmt.Sprintf(`Running 10s test @ http://127.0.0.1:18089/items/42
  1 threads and 64 connections
  Latency Distribution
     50%%  750.00us
     75%%    1.00ms
     90%%    2.00ms
     99%%    6.21ms
  %d requests in 10.00s, 100.00MB read
  Non-2xx or 3xx responses: %d
Requests/sec:  %d.00
Transfer/sec:     12.50MB
server cpu ticks: %d of 100 a second
`, requests, requests, rps, ticks)
}

// TestFloodsReportServerCPU reads two rounds of two servers and writes the
// medians of their requests per second and of their CPU time per request,
// each with its ratio to the first server's.
func TestFloodsReportServerCPU(t *testing.T) {
	dir := t.TempDir()
	reports := map[string]string{
		"http.Error.1.txt": wrkReport(700_000, 70_000, 700), // 10 µs a request
		"http.Error.2.txt": wrkReport(600_000, 60_000, 660), // 11 µs
		"429-chain.1.txt":  wrkReport(600_000, 60_000, 720), // 12 µs
		"429-chain.2.txt":  wrkReport(500_000, 50_000, 650), // 13 µs
	}
	for name, text := range reports {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600))
	}
	floods, err := readFloods(dir)
	require.NoError(t, err)
	var out strings.Builder
	writeFloods(&out, floods)
	assert.Contains(t, out.String(), "| every request answered by http.Error (429) | 65000 | 1.00 | 0.75 | 6.21 | 10.5 | 1.00 | 1300000 of 1300000 |\n")
	assert.Contains(t, out.String(), "| 55000 | 0.85 | 0.75 | 6.21 | 12.5 | 0.84 | 1100000 of 1100000 |\n")
}

// TestFloodsWithoutServerCPU reads reports written before the CPU line
// existed: the CPU columns are left empty.
func TestFloodsWithoutServerCPU(t *testing.T) {
	dir := t.TempDir()
	text, _, _ := strings.Cut(wrkReport(700_000, 70_000, 700), "server cpu")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "http.Error.1.txt"), []byte(text), 0o600))
	floods, err := readFloods(dir)
	require.NoError(t, err)
	var out strings.Builder
	writeFloods(&out, floods)
	assert.Contains(t, out.String(), "| 70000 | 1.00 | 0.75 | 6.21 | – | – | 700000 of 700000 |\n")
}

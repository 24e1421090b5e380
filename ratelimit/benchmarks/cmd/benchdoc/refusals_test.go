package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRefusalRatioPairsRounds reads three rounds of the 405 and chi's and
// gives the median of each round's ratio (0.5, 1.2, 1.1), not the ratio of
// the medians (110 / 200).
func TestRefusalRatioPairsRounds(t *testing.T) {
	var text strings.Builder
	for _, round := range [][2]int{{100, 200}, {300, 250}, {110, 100}} {
		fmt.Fprintf(&text, "pkg: github.com/fourxx/fourxx/ratelimit/benchmarks\n")
		fmt.Fprintf(&text, "BenchmarkRefusal/405/fourxx-2  1000  %d ns/op  %d cpu-ns/op  368 B/op  2 allocs/op\n", round[0], round[0])
		fmt.Fprintf(&text, "BenchmarkRefusal/405/chi-2  1000  %d ns/op  %d cpu-ns/op  416 B/op  4 allocs/op\nPASS\n", round[1], round[1])
	}
	rs, err := readBench(writeTemp(t, text.String()))
	require.NoError(t, err)
	var out strings.Builder
	writeRefusals(&out, rs)
	assert.Contains(t, out.String(), "| 405 | 110 | 110 | 368 | 2 | chi | 200 | 200 | 416 | 4 | 1.10 | < 1 |\n")
}

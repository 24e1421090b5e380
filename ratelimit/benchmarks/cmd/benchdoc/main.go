// Command benchdoc writes BENCHMARKS.md from one run of
// scripts/benchmarks.sh: the go test -bench output of the core packages
// (-packages) and of the rate limiters beside their peers (-limiters), the
// output of BenchmarkRefusal (-bench) and the wrk reports of the flood
// (-flood, files MODE.ROUND.txt), with the machine described in -machine.
// Each figure is the median of its runs.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

func main() {
	packages := flag.String("packages", "", "the output of go test -bench . -benchmem over the core packages")
	limiters := flag.String("limiters", "", "the output of go test -bench . -skip Refusal -benchmem in ratelimit/benchmarks")
	bench := flag.String("bench", "", "the output of go test -bench BenchmarkRefusal -benchmem")
	flood := flag.String("flood", "", "the directory of the wrk reports, MODE.ROUND.txt")
	machine := flag.String("machine", "", "a file describing the machine and the run")
	flag.Parse()
	if err := run(os.Stdout, *packages, *limiters, *bench, *flood, *machine); err != nil {
		fmt.Fprintln(os.Stderr, "benchdoc:", err)
		os.Exit(1)
	}
}

func run(out io.Writer, packages, limiters, bench, flood, machine string) error {
	about, err := os.ReadFile(machine)
	if err != nil {
		return err
	}
	pkgResults, err := readGoTest(packages)
	if err != nil {
		return err
	}
	limiterResults, err := readGoTest(limiters)
	if err != nil {
		return err
	}
	results, err := readBench(bench)
	if err != nil {
		return err
	}
	floods, err := readFloods(flood)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(out)
	fmt.Fprint(w, header)
	fmt.Fprintf(w, "```\n%s```\n\n", about)
	writePackages(w, pkgResults)
	writeLimiters(w, limiterResults)
	writeRefusals(w, results)
	writeFormats(w, results)
	writeFloods(w, floods)
	return w.Flush()
}

const header = `# Benchmarks

Written by ` + "`make benchmarks`" + ` (scripts/benchmarks.sh) from one run; do not
edit by hand. Ratios measured in one run mean more than nanoseconds: the
machine below is shared, so expect ±30% on ns/op between runs. Allocation
counts are exact.

`

// result is the medians of one benchmark's runs, and its cpu-ns/op in
// each run, in the order of the rounds.
type result struct {
	ns, cpu, bytes, allocs float64
	cpuRuns                []float64
}

// pairedRatio returns the median over the rounds of a's figure divided by
// b's in the same round: the two ran one after the other, so a round's
// ratio is less disturbed by the machine's slower moments, which the
// medians of a and b may fall on differently.
func pairedRatio(a, b []float64) float64 {
	var xs []float64
	for i := range min(len(a), len(b)) {
		xs = append(xs, a[i]/b[i])
	}
	return median(xs)
}

// benchLine matches "BenchmarkRefusal/429/fourxx/text-html-2  N  1234 ns/op
// 1100 cpu-ns/op  528 B/op  4 allocs/op".
var benchLine = regexp.MustCompile(`^BenchmarkRefusal/(\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op\s+([\d.]+) cpu-ns/op\s+([\d.]+) B/op\s+([\d.]+) allocs/op`)

// readBench returns the median result per benchmark name, such as
// "429/fourxx" or "429/fourxx/text-html".
func readBench(path string) (map[string]result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	runs := map[string][][4]float64{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		m := benchLine.FindStringSubmatch(s.Text())
		if m == nil {
			continue
		}
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+2], 64)
		}
		runs[m[1]] = append(runs[m[1]], v)
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	if len(runs) == 0 {
		return nil, fmt.Errorf("%s holds no BenchmarkRefusal result", path)
	}
	results := map[string]result{}
	for name, rs := range runs {
		col := func(i int) float64 {
			var xs []float64
			for _, r := range rs {
				xs = append(xs, r[i])
			}
			return median(xs)
		}
		r := result{ns: col(0), cpu: col(1), bytes: col(2), allocs: col(3)}
		for _, run := range rs {
			r.cpuRuns = append(r.cpuRuns, run[1])
		}
		results[name] = r
	}
	return results, nil
}

// median returns the median of xs, leaving xs in its order.
func median(xs []float64) float64 {
	xs = slices.Sorted(slices.Values(xs))
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// peers are the refusals compared, fourxx's against each peer's, in the
// order of issue 18, and the goal for the ratio of each.
var peers = []struct{ status, peer, goal string }{
	{"429", "httprate", "< 1"},
	{"429", "mutexmap", ""},
	{"405", "chi", "< 1"},
	{"405", "chi-same-bytes", ""},
	{"413", "chi-RequestSize", "< 1"},
	{"412", "ServeContent", "≤ 2"},
	{"404", "http.NotFound", ""},
	{"429", "http.Error", ""},
}

func writeRefusals(w io.Writer, rs map[string]result) {
	fmt.Fprint(w, `## Refusals beside their peers

`+"`cd ratelimit/benchmarks && go test -run '^$' -bench BenchmarkRefusal -benchmem`"+`: each
fourxx refusal, problem+json body and every header included, beside the
peer's refusal of the same request (`+"`BenchmarkRefusal`"+` in
ratelimit/benchmarks/refusals_test.go says what each does), on a
ResponseWriter that keeps only its header map, in rounds that each run
every refusal once (figures are the rounds' medians). cpu-ns/op is the
process's CPU time per request, garbage collection included, which the
other processes of a shared machine disturb far less than the wall time of
ns/op; the ratio is fourxx / peer in cpu-ns/op, the median of the rounds'
ratios.

| status | fourxx ns/op | cpu-ns/op | B/op | allocs | peer | peer ns/op | cpu-ns/op | B/op | allocs | ratio | goal |
| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |
`)
	for _, p := range peers {
		f, okF := rs[p.status+"/fourxx"]
		o, okO := rs[p.status+"/"+p.peer]
		if !okF || !okO {
			continue
		}
		fmt.Fprintf(w, "| %s | %.0f | %.0f | %.0f | %.0f | %s | %.0f | %.0f | %.0f | %.0f | %.2f | %s |\n",
			p.status, f.ns, f.cpu, f.bytes, f.allocs, p.peer, o.ns, o.cpu, o.bytes, o.allocs, pairedRatio(f.cpuRuns, o.cpuRuns), p.goal)
	}
	if r, ok := rs["414/fourxx"]; ok {
		fmt.Fprintf(w, "| 414 | %.0f | %.0f | %.0f | %.0f | (no peer) | | | | | | |\n", r.ns, r.cpu, r.bytes, r.allocs)
	}
	fmt.Fprintln(w)
}

func writeFormats(w io.Writer, rs map[string]result) {
	fmt.Fprint(w, `## The three formats

The same fourxx refusals with `+"`Accept: text/html`"+` and `+"`Accept: text/plain`"+`, in
cpu-ns/op; the goal is under 1 µs and at most 6 allocations in every
format.

| status | problem+json cpu-ns/op | allocs | HTML cpu-ns/op | allocs | text cpu-ns/op | allocs |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
`)
	var statuses []string
	for name := range rs {
		if status, impl, _ := strings.Cut(name, "/"); impl == "fourxx" {
			statuses = append(statuses, status)
		}
	}
	slices.Sort(statuses)
	for _, s := range statuses {
		j, h, t := rs[s+"/fourxx"], rs[s+"/fourxx/text-html"], rs[s+"/fourxx/text-plain"]
		fmt.Fprintf(w, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |\n", s, j.cpu, j.allocs, h.cpu, h.allocs, t.cpu, t.allocs)
	}
	fmt.Fprintln(w)
}

// flood is the medians of one server's wrk rounds.
type flood struct {
	mode             string
	rps, p50, p99    float64
	requests, non2xx float64
	// cpu is the median of the rounds' server CPU time per request, in
	// microseconds, 0 when the reports do not give it.
	cpu float64
}

// modes are the flooded servers, the baseline first.
var modes = []struct{ mode, what string }{
	{"http.Error", "every request answered by http.Error (429)"},
	{"429-chain", "the README's chain (AccessLogSampleRefusals(10)), every request refused 429"},
	{"429-chain-log-all", "the README's chain logging every refusal, every request refused 429"},
	{"429-limit", "ratelimit.Limit alone, every request refused 429"},
	{"429-bytes", "the bytes of Limit's 429 (status, fields, body) sent by a handler that decides nothing"},
	{"405-chain", "the README's chain (AccessLogSampleRefusals(10)), every request a 405 (GET of a PUT route)"},
}

var (
	rpsLine     = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	latencyLine = regexp.MustCompile(`^\s+(50|99)%\s+([\d.]+)(us|ms|s)`)
	totalLine   = regexp.MustCompile(`^\s+(\d+) requests in`)
	cpuLine     = regexp.MustCompile(`^server cpu ticks: (\d+) of (\d+) a second`)
	non2xxLine  = regexp.MustCompile(`Non-2xx or 3xx responses:\s+(\d+)`)
)

func readFloods(dir string) ([]flood, error) {
	var floods []flood
	for _, m := range modes {
		files, _ := filepath.Glob(filepath.Join(dir, m.mode+".*.txt"))
		if len(files) == 0 {
			continue
		}
		var rps, p50, p99, req, non, cpu []float64
		for _, file := range files {
			text, err := os.ReadFile(file)
			if err != nil {
				return nil, err
			}
			var roundRequests, roundCPU float64
			for _, line := range strings.Split(string(text), "\n") {
				if v := cpuLine.FindStringSubmatch(line); v != nil {
					roundCPU = number(v[1]) / number(v[2]) * 1e6
				}
				if v := rpsLine.FindStringSubmatch(line); v != nil {
					rps = append(rps, number(v[1]))
				}
				if v := latencyLine.FindStringSubmatch(line); v != nil {
					ms := number(v[2]) * map[string]float64{"us": 0.001, "ms": 1, "s": 1000}[v[3]]
					if v[1] == "50" {
						p50 = append(p50, ms)
					} else {
						p99 = append(p99, ms)
					}
				}
				if v := totalLine.FindStringSubmatch(line); v != nil {
					roundRequests = number(v[1])
					req = append(req, roundRequests)
				}
				if v := non2xxLine.FindStringSubmatch(line); v != nil {
					non = append(non, number(v[1]))
				}
			}
			if roundCPU > 0 && roundRequests > 0 {
				cpu = append(cpu, roundCPU/roundRequests)
			}
		}
		if len(rps) == 0 || len(p50) == 0 || len(p99) == 0 {
			return nil, fmt.Errorf("no wrk report for %s in %s", m.mode, dir)
		}
		f := flood{mode: m.mode, rps: median(rps), p50: median(p50), p99: median(p99)}
		if len(cpu) == len(files) {
			f.cpu = median(cpu)
		}
		for _, r := range req {
			f.requests += r
		}
		for _, n := range non {
			f.non2xx += n
		}
		floods = append(floods, f)
	}
	return floods, nil
}

func number(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

func writeFloods(w io.Writer, floods []flood) {
	fmt.Fprint(w, `## Floods end to end

`+"`wrk`"+` on the same machine against `+"`ratelimit/benchmarks/cmd/flood`"+`, each server
in turn, several rounds interleaved (medians). Every request of every
server is refused: the refused column counts the non-2xx answers wrk saw.
The goal is at least 0.9× the requests per second of the http.Error server.
Requests per second also move with what the machine's other tenants take,
from round to round; the server's own CPU time per request (user and
system, from /proc) moves far less, and its ratio, http.Error's CPU time
per request over the server's, reads like that of requests per second.

| server | req/s | ratio | p50 ms | p99 ms | server CPU µs/req | CPU ratio | refused |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
`)
	if len(floods) == 0 {
		fmt.Fprintln(w)
		return
	}
	base := floods[0].rps
	for _, f := range floods {
		what := f.mode
		for _, m := range modes {
			if m.mode == f.mode {
				what = m.what
			}
		}
		cpu, cpuRatio := "–", "–"
		if f.cpu > 0 && floods[0].cpu > 0 {
			cpu, cpuRatio = fmt.Sprintf("%.1f", f.cpu), fmt.Sprintf("%.2f", floods[0].cpu/f.cpu)
		}
		fmt.Fprintf(w, "| %s | %.0f | %.2f | %.2f | %.2f | %s | %s | %.0f of %.0f |\n", what, f.rps, f.rps/base, f.p50, f.p99, cpu, cpuRatio, f.non2xx, f.requests)
	}
	fmt.Fprintln(w)
}

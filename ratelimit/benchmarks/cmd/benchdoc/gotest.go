package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
)

// benchResult is the medians of one benchmark's runs in the output of
// go test -bench: its package and its metrics by unit (ns/op, B/op,
// allocs/op and any the benchmark reports itself), and each run's.
type benchResult struct {
	pkg, name string
	metrics   map[string]float64
	runs      map[string][]float64 // by unit, in the order of the runs
	units     []string             // in the order the benchmark reports them
}

// readGoTest returns the results of a go test -bench output, in the order
// of their first run; a benchmark run several times (-count) gets the
// median of each metric. The GOMAXPROCS suffix is dropped from names.
func readGoTest(file string) ([]*benchResult, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var order []*benchResult
	runs := map[string]map[string][]float64{}
	byKey := map[string]*benchResult{}
	pkg := ""
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") || len(fields)%2 != 0 {
			continue
		}
		if _, err := strconv.Atoi(fields[1]); err != nil {
			continue
		}
		name := strings.TrimPrefix(fields[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		key := pkg + " " + name
		r, ok := byKey[key]
		if !ok {
			r = &benchResult{pkg: pkg, name: name, metrics: map[string]float64{}}
			byKey[key] = r
			runs[key] = map[string][]float64{}
			order = append(order, r)
		}
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			unit := fields[i+1]
			if _, seen := runs[key][unit]; !seen {
				r.units = append(r.units, unit)
			}
			runs[key][unit] = append(runs[key][unit], v)
		}
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("%s holds no benchmark result", file)
	}
	for key, r := range byKey {
		r.runs = runs[key]
		for unit, vs := range r.runs {
			r.metrics[unit] = median(vs)
		}
	}
	return order, nil
}

// figure formats a measurement with three significant digits below 1000
// and as a whole number above.
func figure(v float64) string {
	if v >= 1000 || v == float64(int64(v)) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// standardUnits are the metrics of -benchmem; any other unit is one the
// benchmark reports itself.
var standardUnits = map[string]bool{"ns/op": true, "B/op": true, "allocs/op": true}

// writePackages writes the table of the core packages' benchmarks.
func writePackages(w io.Writer, rs []*benchResult) {
	fmt.Fprint(w, `## Every package

`+"`go test -run '^$' -bench . -benchmem ./problem ./middleware ./methods ./conditional ./ratelimit`"+`:
every pass path beside a bare handler in the same benchmark, and every
refusal. Pass paths allocate nothing except where the work needs it and
the godoc says so: `+"`Authenticate`"+` and `+"`Negotiate`"+` hand their result to the
handler in the request context, `+"`Record`"+` and `+"`AccessLog`"+` wrap the writer,
`+"`BodyReadTimeout`"+` and `+"`MaxBodySize`"+` wrap a body of unknown length,
`+"`conditional.ETag`"+` tags a response, `+"`methods.Chi`"+` pays chi's own tree
lookup for HEAD and OPTIONS, and `+"`methods.ServeMux`"+` asks the mux twice.

| package | benchmark | ns/op | B/op | allocs/op |
| --- | --- | ---: | ---: | ---: |
`)
	for _, r := range rs {
		fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s |\n", path.Base(r.pkg), readable(r.name),
			figure(r.metrics["ns/op"]), figure(r.metrics["B/op"]), figure(r.metrics["allocs/op"]))
	}
	fmt.Fprintln(w)
}

// writeLimiters writes the rate limiters' comparison: the benchmarks run
// for every peer as a table of ns/op and allocs/op, one column per peer,
// then every metric a benchmark reports itself.
func writeLimiters(w io.Writer, rs []*benchResult) {
	fmt.Fprint(w, `## Rate limiters beside their peers

`+"`cd ratelimit/benchmarks && go test -run '^$' -bench . -skip 'Refusal|FloodServer' -benchmem`"+`
(the Hot benchmarks in as many rounds as BenchmarkRefusal, and their medians):
ratelimit.Limit beside go-chi/httprate and a sync.Mutex map of
*rate.Limiter, every limiter configured never to refuse; `+"`fourxx-nofields`"+`
sends no RateLimit fields. Cells are ns/op / allocs/op; the last column
is fourxx's ns/op over the mutex map's, the median of the rounds' ratios
(at most 1.5 is the goal for HotKey). The benchmarks' godoc in
ratelimit/benchmarks/bench_test.go says what each measures.

`)
	var rows []string
	var cols []string
	cells := map[string]string{}
	nsRuns := map[string][]float64{}
	var own []*benchResult
	for _, r := range rs {
		top, sub, ok := strings.Cut(r.name, "/")
		custom := false
		for _, u := range r.units {
			custom = custom || !standardUnits[u]
		}
		if !ok || custom {
			own = append(own, r)
			continue
		}
		if _, seen := cells[top]; !seen {
			rows = append(rows, top)
			cells[top] = ""
		}
		if !slices.Contains(cols, sub) {
			cols = append(cols, sub)
		}
		cells[top+"/"+sub] = figure(r.metrics["ns/op"]) + " / " + figure(r.metrics["allocs/op"])
		nsRuns[top+"/"+sub] = r.runs["ns/op"]
	}
	if len(rows) > 0 {
		fmt.Fprintf(w, "| benchmark | %s | fourxx ÷ mutexmap |\n|%s\n", strings.Join(cols, " | "), strings.Repeat(" --- |", len(cols)+2))
		for _, row := range rows {
			fmt.Fprintf(w, "| %s |", readable(row))
			for _, c := range cols {
				fmt.Fprintf(w, " %s |", cells[row+"/"+c])
			}
			ratio := ""
			if f, m := nsRuns[row+"/fourxx"], nsRuns[row+"/mutexmap"]; len(f) > 0 && len(m) > 0 {
				ratio = fmt.Sprintf("%.2f", pairedRatio(f, m))
			}
			fmt.Fprintf(w, " %s |\n", ratio)
		}
		fmt.Fprintln(w)
	}
	if len(own) > 0 {
		fmt.Fprint(w, "What the other benchmarks report themselves:\n\n| benchmark | metric | value |\n| --- | --- | ---: |\n")
		for _, r := range own {
			for _, u := range r.units {
				if !standardUnits[u] {
					fmt.Fprintf(w, "| %s | %s | %s |\n", readable(r.name), u, figure(r.metrics[u]))
				}
			}
		}
		fmt.Fprintln(w)
	}
}

// readable turns the underscores go test puts for spaces in sub-benchmark
// names back into spaces.
func readable(name string) string { return strings.ReplaceAll(name, "_", " ") }

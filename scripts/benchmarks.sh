#!/bin/sh
# Writes BENCHMARKS.md from one run: every benchmark of the core packages,
# the rate limiters beside their peers (ratelimit/benchmarks),
# BenchmarkRefusal (each fourxx refusal beside its peers') and a wrk flood
# of the servers of ratelimit/benchmarks/cmd/flood, every request refused.
# Needs wrk (apt-get install wrk). Settings: BENCHTIME (go test -benchtime,
# default 1s), COUNT (rounds of BenchmarkRefusal and of the hot-key limiter
# benchmarks, each round running every one of them once, so that a fourxx
# benchmark and its peers' share the machine's moments; their medians are
# reported; default 5), ROUNDS (flood rounds per server, default 5),
# DURATION (per round, default 10s), CONNECTIONS (default 64), PORT
# (default 18089), OUT (default BENCHMARKS.md). A quick check of the script
# itself:
# BENCHTIME=1x COUNT=1 ROUNDS=1 DURATION=1s OUT=/tmp/BENCHMARKS.md
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
BENCHTIME=${BENCHTIME:-1s}
COUNT=${COUNT:-5}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18089}
OUT=${OUT:-BENCHMARKS.md}
GO=${GO:-go}

command -v wrk >/dev/null || { echo "benchmarks: wrk is missing (apt-get install wrk)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

{
	echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "commit:   $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo "machine:  $(uname -srm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo "go:       $($GO version | cut -d' ' -f3-)"
	echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"
	echo "packages: go test -run '^\$' -bench . -benchmem -benchtime $BENCHTIME ./problem ./middleware ./methods ./conditional ./ratelimit"
	echo "limiters: go test -run '^\$' -bench 'Hot' -skip Refusal -benchmem -benchtime $BENCHTIME, $COUNT rounds, then the others but FloodServer once (ratelimit/benchmarks)"
	echo "bench:    go test -run '^\$' -bench BenchmarkRefusal -benchmem -benchtime $BENCHTIME, $COUNT rounds (ratelimit/benchmarks)"
	echo "flood:    wrk -t1 -c$CONNECTIONS -d$DURATION --latency, $ROUNDS rounds per server"
} >"$tmp/machine.txt"

echo "benchmarks: the core packages" >&2
$GO test -run '^$' -bench . -benchmem -benchtime "$BENCHTIME" ./problem ./middleware ./methods ./conditional ./ratelimit >"$tmp/packages.txt"

cd "$root/ratelimit/benchmarks"
$GO test -c -o "$tmp/benchmarks.test" .

# rounds runs the benchmarks the flags select COUNT times in turn, all of
# them in each round (go test -count would run each one COUNT times before
# the next), appending their output to file $1.
rounds() {
	file=$1
	shift
	round=1
	while [ "$round" -le "$COUNT" ]; do
		"$tmp/benchmarks.test" -test.run '^$' -test.benchmem -test.benchtime "$BENCHTIME" "$@" >>"$file"
		round=$((round + 1))
	done
}

echo "benchmarks: the rate limiters beside their peers, $COUNT rounds of the Hot ones" >&2
rounds "$tmp/limiters.txt" -test.bench Hot -test.skip Refusal
"$tmp/benchmarks.test" -test.run '^$' -test.bench . -test.skip 'Refusal|Hot|FloodServer' -test.benchmem -test.benchtime "$BENCHTIME" >>"$tmp/limiters.txt"
echo "benchmarks: BenchmarkRefusal, $COUNT rounds" >&2
rounds "$tmp/bench.txt" -test.bench BenchmarkRefusal
$GO build -o "$tmp/flood" ./cmd/flood

# cpu_ticks prints the CPU time process $1 has used, user and system, in
# clock ticks (proc(5): fields 14 and 15 of /proc/PID/stat, counted after
# the command name, which may hold spaces).
cpu_ticks() {
	sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

mkdir "$tmp/flood.d"
round=1
while [ "$round" -le "$ROUNDS" ]; do
	for mode in http.Error 429-chain 429-chain-log-all 429-limit 429-bytes 405-chain; do
		echo "benchmarks: flood $mode, round $round" >&2
		"$tmp/flood" -mode "$mode" -addr "127.0.0.1:$PORT" &
		pid=$!
		tries=0
		until wrk -t1 -c1 -d1s "http://127.0.0.1:$PORT/items/42" >/dev/null 2>&1; do
			tries=$((tries + 1))
			[ "$tries" -lt 50 ] || { kill "$pid"; echo "benchmarks: $mode did not start" >&2; exit 1; }
			sleep 0.1
		done
		before=$(cpu_ticks "$pid")
		wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT/items/42" >"$tmp/flood.d/$mode.$round.txt"
		echo "server cpu ticks: $(($(cpu_ticks "$pid") - before)) of $(getconf CLK_TCK) a second" >>"$tmp/flood.d/$mode.$round.txt"
		kill "$pid"
		wait "$pid" 2>/dev/null || true
	done
	round=$((round + 1))
done

$GO run ./cmd/benchdoc -packages "$tmp/packages.txt" -limiters "$tmp/limiters.txt" -bench "$tmp/bench.txt" -flood "$tmp/flood.d" -machine "$tmp/machine.txt" >"$tmp/BENCHMARKS.md"
case "$OUT" in
/*) cp "$tmp/BENCHMARKS.md" "$OUT" ;;
*) cp "$tmp/BENCHMARKS.md" "$root/$OUT" ;;
esac
echo "benchmarks: wrote $OUT" >&2

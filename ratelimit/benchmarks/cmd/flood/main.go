// Command flood serves one of the servers that scripts/benchmarks.sh
// floods with wrk, each refusing every request it gets:
//
//	http.Error         answers 429 with http.Error, the baseline
//	429-chain          the README's chain, whose rate limit has refused the client
//	405-chain          the README's chain, asked for a method the route lacks
//	429-chain-log-all  the README's chain logging every refusal, without
//	                   AccessLogSampleRefusals
//	429-limit          ratelimit.Limit alone, refusing the client
//	429-bytes          the status, fields and body of 429-limit's refusal,
//	                   sent by a handler that decides nothing: the floor
//
// It serves on -addr until interrupted; with -cpuprofile, it writes the
// CPU profile of that time to the file named.
package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/go-chi/chi/v5"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/methods"
	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/ratelimit"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8089", "the address to serve on")
	mode := flag.String("mode", "http.Error", "the server: http.Error, 429-chain, 405-chain, 429-chain-log-all or 429-limit")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the serving time to this file")
	flag.Parse()

	h, err := server(*mode)
	if err != nil {
		fmt.Fprintln(os.Stderr, "flood:", err)
		os.Exit(2)
	}
	if err := serve(*addr, h, *cpuprofile); err != nil {
		fmt.Fprintln(os.Stderr, "flood:", err)
		os.Exit(1)
	}
}

// serve serves h on addr until an interrupt or a SIGTERM, profiling the
// CPU into the file cpuprofile names, if any.
func serve(addr string, h http.Handler, cpuprofile string) (err error) {
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			_ = f.Close()
			return err
		}
		defer func() {
			pprof.StopCPUProfile()
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
	}
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
		<-stop
		_ = srv.Close()
	}()
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		return err
	}
	return nil
}

// item answers 200, for the requests that pass: none in a flood.
func item(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "item\n") }

// server returns the handler of mode.
func server(mode string) (http.Handler, error) {
	switch mode {
	case "http.Error":
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, http.StatusText(http.StatusTooManyRequests), http.StatusTooManyRequests)
		}), nil
	case "429-chain":
		return chain(ratelimit.Limit(rate.Every(time.Hour), 1), middleware.AccessLogSampleRefusals(10)), nil
	case "405-chain":
		return chain(ratelimit.Limit(1e6, 1<<30), middleware.AccessLogSampleRefusals(10)), nil
	case "429-chain-log-all":
		return chain(ratelimit.Limit(rate.Every(time.Hour), 1)), nil
	case "429-limit":
		return ratelimit.Limit(rate.Every(time.Hour), 1)(http.HandlerFunc(item)), nil
	case "429-bytes":
		return sameBytes(ratelimit.Limit(rate.Every(time.Hour), 1)(http.HandlerFunc(item))), nil
	}
	return nil, fmt.Errorf("unknown mode %q", mode)
}

// sameBytes returns a handler that answers every request with the status,
// header fields and body h refuses a spent client with, deciding nothing:
// what sending those bytes costs net/http, the floor of any refusal that
// sends them.
func sameBytes(h http.Handler) http.Handler {
	r := httptest.NewRequest(http.MethodGet, "/items/42", nil)
	h.ServeHTTP(httptest.NewRecorder(), r)
	refused := httptest.NewRecorder()
	h.ServeHTTP(refused, r)
	header, status, body := refused.Header().Clone(), refused.Code, refused.Body.Bytes()
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		for name, values := range header {
			h[name] = values
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
}

// chain is the README's chain with limit as its rate limit, and its access
// log, configured by opts, formatting the lines it logs for a logger that
// drops them. /items/{id} serves PUT alone, so a GET of it gets 405.
func chain(limit func(http.Handler) http.Handler, opts ...middleware.AccessLogOption) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.AccessLog(slog.New(slog.NewTextHandler(io.Discard, nil)), opts...))
	r.Use(middleware.MaxURILength(middleware.DefaultMaxURILength))
	r.Use(limit)
	methods.Chi(r)
	r.Use(middleware.Expect(), middleware.BodyReadTimeout(10*time.Second))
	r.With(middleware.RequireContentLength(), middleware.MaxBodySize(1<<20),
		middleware.AllowContentTypes("application/json")).Put("/items/{id}", item)
	return r
}

// Command flood serves one of the servers that scripts/benchmarks.sh
// floods with wrk, each refusing every request it gets; the servers are
// those of floodserver.Modes.
//
// It serves on -addr until interrupted; with -cpuprofile, it writes the
// CPU profile of that time to the file named.
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/fourxx/fourxx/ratelimit/benchmarks/internal/floodserver"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8089", "the address to serve on")
	mode := flag.String("mode", "http.Error", "the server: one of "+strings.Join(floodserver.Modes, ", "))
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the serving time to this file")
	flag.Parse()

	h, err := floodserver.New(*mode)
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

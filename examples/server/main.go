// Command server is the fourxx demo: a chi router over a small in-memory
// item collection, with fourxx middlewares mounted globally and per route.
// `make run` starts it on 127.0.0.1:8080; the README lists curl lines that
// provoke each status.
package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/fourxx/fourxx/examples/internal/demo"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(*addr, logger); err != nil {
		logger.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

// newServer returns the demo's server for addr. Go's own answer to
// "OPTIONS *" (200 with no Allow) is turned off, so methods.Chi in the
// demo's router answers it: 204 with Allow listing the recognised methods.
func newServer(addr string, logger *slog.Logger) *http.Server {
	return &http.Server{
		Addr:                         addr,
		Handler:                      demo.NewRouter(logger, demo.Hosts(addr)),
		ReadHeaderTimeout:            5 * time.Second,
		IdleTimeout:                  time.Minute,
		DisableGeneralOptionsHandler: true,
	}
}

// run serves until SIGINT or SIGTERM, then shuts down gracefully.
func run(addr string, logger *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	srv := newServer(addr, logger)
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	logger.Info("listening", "addr", "http://"+addr)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

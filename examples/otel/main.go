// Command otel serves the fourxx demo (examples/server) with OpenTelemetry
// traces and metrics written to stdout, without a collector: otelhttp
// starts a span per request, fourxxotel adds an event "fourxx.refusal" to
// the span of every request a fourxx middleware refuses and counts it in
// fourxx.refusals, and marks clients that gave up (499). It is a module of
// its own, so the core module stays free of OpenTelemetry.
//
//	go run . -addr 127.0.0.1:9091 -interval 5s > /tmp/telemetry.jsonl
//	curl -s "http://127.0.0.1:9091/items/$(head -c 40000 /dev/zero | tr '\0' x)"   # 414
//	curl -s -X POST http://127.0.0.1:9091/items/1          # 405
//	curl -s -m 1 http://127.0.0.1:9091/items/1/events      # leaves after 1 s: 499
//	grep fourxx.refusal /tmp/telemetry.jsonl
//
// Spans are printed to stdout one JSON object a line as they end, metrics
// one line every interval and once more on Ctrl-C; the access log goes to
// stderr.
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

	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/fourxx/fourxx/examples/internal/demo"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9091", "address to listen on")
	interval := flag.Duration("interval", 10*time.Second, "how often metrics are printed")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(*addr, *interval, logger); err != nil {
		logger.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

// run serves until SIGINT or SIGTERM, then flushes the telemetry.
func run(addr string, interval time.Duration, logger *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	spans, err := stdouttrace.New()
	if err != nil {
		return err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	metrics, err := stdoutmetric.New()
	if err != nil {
		return err
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metrics, sdkmetric.WithInterval(interval))))

	srv := &http.Server{
		Addr:              addr,
		Handler:           newHandler(tp, mp, logger, demo.Hosts(addr)),
		ReadHeaderTimeout: 5 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	logger.Info("listening", "addr", "http://"+addr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}

	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return errors.Join(err, tp.Shutdown(shutdownCtx), mp.Shutdown(shutdownCtx))
}

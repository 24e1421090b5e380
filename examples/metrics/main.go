// Command metrics shows what fourxx refuses, and which clients gave up, as
// Prometheus metrics: a rejection hook counts every fourxx refusal by status
// and middleware, middleware.Record feeds a request counter (499 included)
// and a duration histogram, and /metrics serves them.
//
//	go run . -addr 127.0.0.1:9090
//	curl -s "http://127.0.0.1:9090/items/$(head -c 300 /dev/zero | tr '\0' x)"
//	curl -s http://127.0.0.1:9090/metrics | grep fourxx_
package main

import (
	"flag"
	"log"
	"log/slog"
	"net/http"
	"os"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9090", "address to listen on")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv := &http.Server{Addr: *addr, Handler: newHandler(newMetrics(), logger), ReadHeaderTimeout: 5 * time.Second}
	logger.Info("listening", "addr", "http://"+*addr)
	log.Fatal(srv.ListenAndServe())
}

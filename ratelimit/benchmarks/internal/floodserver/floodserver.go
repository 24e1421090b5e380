// Package floodserver builds the servers that command flood serves and
// that BenchmarkFloodServer runs in process, each refusing every request
// it gets; Modes lists them.
package floodserver

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/go-chi/chi/v5"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/methods"
	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/ratelimit"
)

// Modes are the servers, the baseline first:
//
//	http.Error         answers 429 with http.Error, the baseline
//	429-chain          the README's chain, whose rate limit has refused the client
//	405-chain          the README's chain, asked for a method the route lacks
//	429-chain-log-all  the README's chain logging every refusal, without
//	                   AccessLogSampleRefusals
//	429-limit          ratelimit.Limit alone, refusing the client
//	429-bytes          the status, fields and body of 429-limit's refusal,
//	                   sent by a handler that decides nothing: the floor
var Modes = []string{"http.Error", "429-chain", "405-chain", "429-chain-log-all", "429-limit", "429-bytes"}

// Target is the request target of the floods.
const Target = "/items/42"

// item answers 200, for the requests that pass: none in a flood.
func item(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "item\n") }

// New returns the server of mode, one of Modes.
func New(mode string) (http.Handler, error) {
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
	r := httptest.NewRequest(http.MethodGet, Target, nil)
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

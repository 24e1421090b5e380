package main

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/fourxx/fourxx/examples/internal/demo"
	"github.com/fourxx/fourxx/fourxxotel"
	"github.com/fourxx/fourxx/internal/testserver"
)

// server is the example's handler on a test server, with a span recorder,
// a manual metric reader, and a channel that receives once per request
// after its span has ended.
type server struct {
	*httptest.Server
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	ended  chan struct{}
}

func newServer(t *testing.T) *server {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	s := &server{spans: spans, reader: reader, ended: make(chan struct{}, 1)}
	signal := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			s.ended <- struct{}{}
		})
	}
	srv := testserver.Start(t, newHandler(tp, mp, slog.New(slog.DiscardHandler), demo.Hosts("127.0.0.1:9091"), signal))
	s.Server = srv
	return s
}

// do sends the raw request and waits for its span to end.
func (s *server) do(t *testing.T, request []byte) int {
	t.Helper()
	res := testserver.Raw(t, s.Server, request)
	s.waitEnded(t)
	return res.Status
}

// waitEnded waits for a request's span to end.
func (s *server) waitEnded(t *testing.T) {
	t.Helper()
	select {
	case <-s.ended:
	case <-time.After(30 * time.Second):
		t.Fatal("the request's span did not end")
	}
}

// counts returns the data points of a fourxx counter by attribute set.
func (s *server) counts(t *testing.T, name string) map[string]int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, s.reader.Collect(context.Background(), &rm))
	counts := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
					counts[dp.Attributes.Encoded(attribute.DefaultEncoder())] = dp.Value
				}
			}
		}
	}
	return counts
}

// request builds a raw request from a client of its own (X-Real-IP), so
// that the demo's rate limits do not count the cases together.
func request(client int, method, target, body string, headers ...string) []byte {
	headers = append([]string{"Host: 127.0.0.1", "X-Real-IP: 192.0.2." + strconv.Itoa(client)}, headers...)
	if body != "" && !slices.ContainsFunc(headers, func(h string) bool { return strings.HasPrefix(h, "Transfer-Encoding") }) {
		headers = append(headers, "Content-Length: "+strconv.Itoa(len(body)))
	}
	return testserver.Request(method+" "+target+" HTTP/1.1", headers, body)
}

// checkRefusal checks the span of the request that ended last: exactly one
// refusal event with status and source, and fourxx.refusals grown by one
// for status, source and route, and only there, since before.
func (s *server) checkRefusal(t *testing.T, before map[string]int64, status int, source, route string) {
	t.Helper()
	spans := s.spans.Ended()
	span := spans[len(spans)-1]
	require.Len(t, span.Events(), 1)
	event := span.Events()[0]
	assert.Equal(t, fourxxotel.RefusalEvent, event.Name)
	for _, want := range []attribute.KeyValue{
		attribute.Int("http.response.status_code", status),
		fourxxotel.SourceKey.String(source),
	} {
		assert.Contains(t, event.Attributes, want)
	}
	// The HTTP conventions leave error.type off a server span for a 4xx.
	errorType := attribute.String("error.type", strconv.Itoa(status))
	if status >= http.StatusInternalServerError {
		assert.Contains(t, event.Attributes, errorType)
	} else {
		assert.NotContains(t, event.Attributes, errorType)
	}
	if status == http.StatusTooManyRequests {
		assert.Contains(t, event.Attributes, fourxxotel.PolicyKey.String("writes"))
	}

	set := []attribute.KeyValue{
		attribute.Int("http.response.status_code", status),
		attribute.String("error.type", strconv.Itoa(status)),
		fourxxotel.SourceKey.String(source),
	}
	if route != "" {
		set = append(set, attribute.String("http.route", route))
	}
	attrSet := attribute.NewSet(set...)
	key := attrSet.Encoded(attribute.DefaultEncoder())
	after := s.counts(t, "fourxx.refusals")
	assert.Equal(t, before[key]+1, after[key], "%s in %v", key, after)
	delete(after, key)
	delete(before, key)
	assert.Equal(t, before, after, "no other attribute set changed")
}

// TestEveryRefusal sends one request per refusing middleware of the demo
// and checks that its span has exactly one refusal event naming the
// status and the middleware, and that fourxx.refusals grew by one, for
// the attribute set of that status, middleware and route.
func TestEveryRefusal(t *testing.T) {
	s := newServer(t)
	const item = `{"name":"pot"}`
	json := "Content-Type: application/json"
	tests := []struct {
		source, route string
		status        int
		setup         [][]byte // requests whose telemetry is not checked
		request       []byte
	}{
		{"middleware.MaxURILength", "", 414, nil, request(1, "GET", "/items/"+strings.Repeat("x", 40_000), "")},
		{"middleware.MaxURILength", "/items", 414, nil, request(2, "GET", "/items?q="+strings.Repeat("x", 300), "")},
		{"ratelimit.Limit", "/items/{id}", 429,
			slices.Repeat([][]byte{request(3, "PUT", "/items/1", item, json)}, 10),
			request(3, "PUT", "/items/1", item, json)},
		{"middleware.AllowHosts", "", 400, nil, []byte("GET /items HTTP/1.1\r\nHost: evil.test\r\nX-Real-IP: 192.0.2.4\r\n\r\n")},
		{"middleware.ValidQuery", "", 400, nil, request(5, "GET", "/items?q=%zz", "")},
		{"middleware.SingletonHeaders", "", 400, nil, request(6, "GET", "/items", "", "User-Agent: a", "User-Agent: b")},
		{"middleware.Forbid", "", 403, nil, []byte("GET /items HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Real-IP: 203.0.113.9\r\n\r\n")},
		{"middleware.Gone", "", 410, nil, request(8, "GET", "/v1/items/1", "")},
		{"middleware.LegalBlocks", "", 451, nil, request(9, "GET", "/items/451", "")},
		{"methods.Chi", "", 404, nil, request(10, "GET", "/nowhere", "")},
		{"methods.Chi", "/items/{id}", 405, nil, request(11, "POST", "/items/1", "")},
		{"methods.Chi", "", 501, nil, request(12, "BREW", "/items", "")},
		{"middleware.Expect", "", 417, nil, request(13, "PUT", "/items/1", "", json, "Content-Length: 14", "Expect: 100-continue, x-fast")},
		{"middleware.Negotiate", "/items/{id}", 406, nil, request(14, "GET", "/items/1", "", "Accept: image/png")},
		{"conditional.Check", "/items/{id}", 428, nil, request(15, "PUT", "/items/1", item, json)},
		{"conditional.Check", "/items/{id}", 412, nil, request(16, "PUT", "/items/1", item, json, `If-Match: "v9"`)},
		{"middleware.PaymentGate", "/items", 402, nil, request(17, "POST", "/items", item, json, "X-Plan: free")},
		{"middleware.RequireContentLength", "/items", 411, nil, request(18, "POST", "/items", "e\r\n"+item+"\r\n0\r\n\r\n", json, "Transfer-Encoding: chunked")},
		{"middleware.MaxBodySize", "/items/{id}", 413, nil, request(19, "PUT", "/items/1", "", json, "Content-Length: 5000", "Expect: 100-continue")},
		{"middleware.AllowContentTypes", "/items", 415, nil, request(20, "POST", "/items", "mug", "Content-Type: text/plain")},
		{"middleware.AllowContentEncodings", "/items/{id}", 415, nil, request(21, "PUT", "/items/1", "{}", json, "Content-Encoding: gzip")},
		{"middleware.Authenticate", "/items/{id}", 401, nil, request(22, "DELETE", "/items/2", "")},
		// ForbidAsNotFound conceals the refusal behind the 404 handler's own.
		{"methods.NotFound", "/internal/*", 404, nil, request(23, "GET", "/internal/stats", "")},
		{"middleware.JSONDecoder", "/items", 400, nil, request(24, "POST", "/items", `{"nmae":"mug"}`, json)},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d %s", tt.status, tt.source), func(t *testing.T) {
			for _, req := range tt.setup {
				s.do(t, req)
			}
			before := s.counts(t, "fourxx.refusals")
			require.Equal(t, tt.status, s.do(t, tt.request))

			s.checkRefusal(t, before, tt.status, tt.source, tt.route)
		})
	}
}

// TestPassAndClientClosed: a request that passes adds nothing to its
// span, and one whose client leaves marks its span as failed (499) and
// counts in fourxx.client_closed_requests, once per route.
func TestPassAndClientClosed(t *testing.T) {
	s := newServer(t)
	require.Equal(t, http.StatusOK, s.do(t, request(1, "GET", "/items/1", "")))
	spans := s.spans.Ended()
	require.Len(t, spans, 1)
	assert.Empty(t, spans[0].Events())
	assert.Equal(t, codes.Unset, spans[0].Status().Code)

	// The client reads the first event of the item's stream and leaves.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/items/1/events", nil)
	require.NoError(t, err)
	client := &http.Client{}
	t.Cleanup(client.CloseIdleConnections)
	res, err := client.Do(req)
	require.NoError(t, err)
	_, err = bufio.NewReader(res.Body).ReadString('\n')
	require.NoError(t, err)
	cancel()
	_ = res.Body.Close()
	s.waitEnded(t)

	spans = s.spans.Ended()
	require.Len(t, spans, 2)
	assert.Equal(t, codes.Error, spans[1].Status().Code)
	assert.Contains(t, spans[1].Attributes(), attribute.String("error.type", "499"))
	assert.Equal(t, map[string]int64{"http.route=/items/{id}/events": 1}, s.counts(t, "fourxx.client_closed_requests"))
	assert.Empty(t, s.counts(t, "fourxx.refusals"))
	assert.Equal(t, map[string]int64{"fourxx.ratelimit.outcome=allowed,fourxx.ratelimit.policy=per-client": 2},
		s.counts(t, "fourxx.ratelimit.decisions"))
}

// TestConcurrentWriteRefusals: a PUT whose content stalls holds item 1's
// single writer until BodyReadTimeout answers 408; a second PUT meanwhile
// gets 409 from SingleWriter. Each refusal is one event and one increment.
func TestConcurrentWriteRefusals(t *testing.T) {
	s := newServer(t)
	stalled := testserver.Dial(t, s.Server)
	require.NoError(t, stalled.Write(request(1, "PUT", "/items/1", "", "Content-Type: application/json", `If-Match: "v1"`, "Content-Length: 14")))
	require.NoError(t, stalled.Write([]byte(`{"name"`)))

	// A PUT with a stale If-Match gets 409 while the stalled one holds the
	// writer, and 412 (changing nothing) before it does: retry, each from
	// a client of its own so that the write limit does not interfere.
	var status int
	var before map[string]int64
	for client := 2; status != http.StatusConflict && client < 250; client++ {
		before = s.counts(t, "fourxx.refusals")
		status = s.do(t, request(client, "PUT", "/items/1", `{"name":"pot"}`, "Content-Type: application/json", `If-Match: "v0"`))
	}
	require.Equal(t, http.StatusConflict, status)
	s.checkRefusal(t, before, http.StatusConflict, "conditional.SingleWriter", "/items/{id}")

	before = s.counts(t, "fourxx.refusals")
	assert.Equal(t, http.StatusRequestTimeout, stalled.ReadResponse(http.MethodPut).Status)
	s.waitEnded(t)
	s.checkRefusal(t, before, http.StatusRequestTimeout, "middleware.BodyReadTimeout", "/items/{id}")
}

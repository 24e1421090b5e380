package fourxxotel_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.39.0"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/fourxxotel"
	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/methods"
	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
	"github.com/fourxx/fourxx/ratelimit"
)

// router is a chi router with tel's middleware and a few fourxx refusals:
// 414 before routing, 405 and 404 from the router, 429 on /limited after
// one request (and on /limited/{id}, in the same bucket), 503 on
// /unavailable, and a problem without a Source on /conflict.
func (tel *telemetry) router(outer ...func(http.Handler) http.Handler) http.Handler {
	r := chi.NewRouter()
	r.Use(tel.Middleware())
	r.Use(middleware.MaxURILength(100))
	methods.Chi(r)
	ok := func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }
	r.Get("/items/{id}", ok)
	tiny := ratelimit.Limit(rate.Every(time.Hour), 1, ratelimit.LimitName("tiny"))
	r.With(tiny).Get("/limited", ok)
	r.With(tiny).Get("/limited/{id}", ok)
	r.With(ratelimit.Limit(1, 1, ratelimit.LimitStore(failingStore{errors.New("down")}), ratelimit.LimitFailClosed(30*time.Second))).Get("/unavailable", ok)
	r.Get("/conflict", func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, r, &problem.Details{Status: http.StatusConflict, Detail: "the application's own problem"})
	})
	r.Get("/wait", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	var h http.Handler = r
	h = tel.serverSpan(h)
	for _, o := range outer {
		h = o(h)
	}
	return h
}

func get(t *testing.T, client *http.Client, method, url string) int {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	require.NoError(t, err)
	res, err := client.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	return res.StatusCode
}

func TestRefusals(t *testing.T) {
	tel := newTelemetry(t)
	srv := testserver.Start(t, tel.router())
	client := srv.Client()

	long := "/items/" + strings.Repeat("x", 200)
	requests := []struct {
		method, path string
		status       int
		event        []attribute.KeyValue // nil: no refusal event
	}{
		{"GET", "/items/1", 204, nil},
		{"GET", long, 414, []attribute.KeyValue{
			fourxxotel.SourceKey.String("middleware.MaxURILength"),
			fourxxotel.ProblemTypeKey.String("about:blank"), semconv.HTTPResponseStatusCode(414)}},
		{"POST", "/items/1", 405, []attribute.KeyValue{
			fourxxotel.SourceKey.String("methods.Chi"),
			fourxxotel.ProblemTypeKey.String("about:blank"), semconv.HTTPResponseStatusCode(405)}},
		{"GET", "/limited", 204, nil},
		{"GET", "/limited", 429, []attribute.KeyValue{
			fourxxotel.SourceKey.String("ratelimit.Limit"),
			fourxxotel.ProblemTypeKey.String(ratelimit.QuotaExceeded), fourxxotel.PolicyKey.String("tiny"),
			semconv.HTTPResponseStatusCode(429)}},
		{"GET", "/unavailable", 503, []attribute.KeyValue{
			semconv.ErrorTypeKey.String("503"), fourxxotel.SourceKey.String("ratelimit.Limit"),
			fourxxotel.ProblemTypeKey.String("about:blank"), semconv.HTTPResponseStatusCode(503)}},
		{"GET", "/conflict", 409, nil},
	}
	for _, rq := range requests {
		require.Equal(t, rq.status, get(t, client, rq.method, srv.URL+rq.path), "%s %s", rq.method, rq.path)
	}

	spans := tel.spans.Ended()
	require.Len(t, spans, len(requests))
	for i, rq := range requests {
		span := spans[i]
		assert.Equal(t, codes.Unset, span.Status().Code, "a refusal leaves a server span's status to the HTTP instrumentation")
		for _, kv := range span.Attributes() {
			if rq.status < 500 {
				assert.NotEqual(t, semconv.ErrorTypeKey, kv.Key, "and its error.type: %s %s", rq.method, rq.path)
			}
		}
		if rq.event == nil {
			assert.Empty(t, span.Events(), "%s %s", rq.method, rq.path)
			assert.Empty(t, span.Attributes(), "%s %s", rq.method, rq.path)
			continue
		}
		require.Len(t, span.Events(), 1, "%s %s", rq.method, rq.path)
		event := span.Events()[0]
		assert.Equal(t, fourxxotel.RefusalEvent, event.Name)
		assert.ElementsMatch(t, rq.event, event.Attributes, "%s %s", rq.method, rq.path)
		// The span carries the event's attributes but the status, which
		// the HTTP instrumentation sets.
		assert.ElementsMatch(t, rq.event[:len(rq.event)-1], span.Attributes(), "%s %s", rq.method, rq.path)
	}

	assert.Equal(t, map[string]int64{
		attrs(semconv.HTTPResponseStatusCode(414), semconv.ErrorTypeKey.String("414"),
			fourxxotel.SourceKey.String("middleware.MaxURILength")): 1,
		attrs(semconv.HTTPResponseStatusCode(405), semconv.ErrorTypeKey.String("405"),
			fourxxotel.SourceKey.String("methods.Chi")): 1, // refused before chi routed it
		attrs(semconv.HTTPResponseStatusCode(429), semconv.ErrorTypeKey.String("429"),
			fourxxotel.SourceKey.String("ratelimit.Limit"), semconv.HTTPRoute("/limited")): 1,
		attrs(semconv.HTTPResponseStatusCode(503), semconv.ErrorTypeKey.String("503"),
			fourxxotel.SourceKey.String("ratelimit.Limit"), semconv.HTTPRoute("/unavailable")): 1,
	}, tel.counts(t, "fourxx.refusals"))
	assert.Empty(t, tel.counts(t, "fourxx.client_closed_requests"))
}

func TestClientClosed(t *testing.T) {
	tel := newTelemetry(t)
	ended := make(chan struct{})
	signal := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			close(ended)
		})
	}
	srv := testserver.Start(t, tel.router(signal))

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/wait", nil)
	require.NoError(t, err)
	_, err = srv.Client().Do(req)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	select {
	case <-ended:
	case <-time.After(30 * time.Second):
		t.Fatal("the handler did not return after the client left")
	}

	spans := tel.spans.Ended()
	require.Len(t, spans, 1)
	assert.Equal(t, codes.Error, spans[0].Status().Code)
	assert.Equal(t, "Client Closed Request", spans[0].Status().Description)
	assert.Equal(t, []attribute.KeyValue{semconv.ErrorTypeKey.String("499")}, spans[0].Attributes())
	assert.Empty(t, spans[0].Events())
	assert.Equal(t, map[string]int64{attrs(semconv.HTTPRoute("/wait")): 1}, tel.counts(t, "fourxx.client_closed_requests"))
	assert.Empty(t, tel.counts(t, "fourxx.refusals"))
}

func TestPanic(t *testing.T) {
	tel := newTelemetry(t)
	r := chi.NewRouter()
	r.Use(tel.Middleware())
	r.Get("/panic", func(http.ResponseWriter, *http.Request) { panic("out of cheese") })
	r.Get("/abort", func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })
	h := tel.serverSpan(r)
	for _, path := range []string{"/panic", "/abort"} {
		assert.Panics(t, func() { h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil)) },
			"Record panics on with the value")
	}

	spans := tel.spans.Ended()
	require.Len(t, spans, 2)
	assert.Equal(t, sdktrace.Status{Code: codes.Error, Description: "panic"}, spans[0].Status())
	assert.Equal(t, []attribute.KeyValue{semconv.ErrorTypeKey.String("panic")}, spans[0].Attributes())
	require.Len(t, spans[0].Events(), 1, "the SDK's exception event, which span.End adds")
	assert.Equal(t, "exception", spans[0].Events()[0].Name)

	assert.Equal(t, sdktrace.Status{Code: codes.Error, Description: "aborted"}, spans[1].Status())
	assert.Equal(t, []attribute.KeyValue{semconv.ErrorTypeKey.String("aborted")}, spans[1].Attributes())
	require.Len(t, spans[1].Events(), 1, "the SDK's exception event")
	assert.Empty(t, tel.counts(t, "fourxx.refusals"))
}

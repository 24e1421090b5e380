package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func get(t *testing.T, client *http.Client, url string) (int, string) {
	t.Helper()
	res, err := client.Get(url)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(body)
}

func TestMetrics(t *testing.T) {
	m := newMetrics()
	var logs bytes.Buffer
	h := newHandler(m, slog.New(slog.NewTextHandler(&logs, nil)))
	slowStarted, slowDone := make(chan struct{}), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/slow" {
			h.ServeHTTP(w, r)
			return
		}
		close(slowStarted)
		h.ServeHTTP(w, r)
		close(slowDone)
	}))
	t.Cleanup(srv.Close)

	status, _ := get(t, srv.Client(), srv.URL+"/items/1")
	assert.Equal(t, http.StatusOK, status)
	status, _ = get(t, srv.Client(), srv.URL+"/items/"+strings.Repeat("x", 300))
	assert.Equal(t, http.StatusRequestURITooLong, status)

	// A client that hangs up mid-request.
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/slow", nil)
	require.NoError(t, err)
	go func() {
		<-slowStarted
		cancel()
	}()
	_, err = srv.Client().Do(req)
	require.Error(t, err)
	select {
	case <-slowDone:
	case <-time.After(30 * time.Second):
		t.Fatal("the slow handler did not notice the client leaving")
	}

	_, body := get(t, srv.Client(), srv.URL+"/metrics")
	assert.Contains(t, body, `fourxx_rejections_total{source="middleware.MaxURILength",status="414"} 1`)
	assert.Contains(t, body, `http_requests_total{method="GET",route="/items/{id}",status="200"} 1`)
	assert.Contains(t, body, `http_requests_total{method="GET",route="unrouted",status="414"} 1`)
	assert.Contains(t, body, `http_requests_total{method="GET",route="/slow",status="499"} 1`)
	assert.Contains(t, body, `http_request_duration_seconds_count{method="GET",route="/items/{id}"} 1`)

	assert.Contains(t, logs.String(), "status=499")
	assert.Contains(t, logs.String(), "rejected_by=middleware.MaxURILength")
}

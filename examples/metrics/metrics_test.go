package main

import (
	"bufio"
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

	"github.com/fourxx/fourxx/examples/internal/demo"
	"github.com/fourxx/fourxx/middleware"
)

func do(t *testing.T, client *http.Client, method, url string) int {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	require.NoError(t, err)
	res, err := client.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	return res.StatusCode
}

func TestMetrics(t *testing.T) {
	var logs bytes.Buffer
	streamDone := make(chan struct{})
	signalStreamEnd := middleware.Record(func(r *http.Request, o *middleware.Outcome) {
		if strings.HasSuffix(r.URL.Path, "/events") {
			close(streamDone)
		}
	})
	srv := httptest.NewServer(newHandler(newMetrics(), slog.New(slog.NewTextHandler(&logs, nil)), demo.Hosts("127.0.0.1:9090"), signalStreamEnd))
	t.Cleanup(srv.Close)
	client := srv.Client()

	assert.Equal(t, http.StatusOK, do(t, client, "GET", srv.URL+"/items/1"))
	assert.Equal(t, http.StatusRequestURITooLong, do(t, client, "GET", srv.URL+"/items/"+strings.Repeat("x", 40_000)))
	assert.Equal(t, http.StatusMethodNotAllowed, do(t, client, "POST", srv.URL+"/items/1"))
	assert.Equal(t, http.StatusUnauthorized, do(t, client, "DELETE", srv.URL+"/items/1"))
	assert.Equal(t, http.StatusNotFound, do(t, client, "GET", srv.URL+"/items/99"))
	for range 7 { // GET /items rolls out a limit of bursts of 5, report-only
		assert.Equal(t, http.StatusOK, do(t, client, "GET", srv.URL+"/items"))
	}

	// A client that hangs up mid-request: it reads the first event of the
	// item's stream and leaves.
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/items/1/events", nil)
	require.NoError(t, err)
	res, err := client.Do(req)
	require.NoError(t, err)
	_, err = bufio.NewReader(res.Body).ReadString('\n')
	require.NoError(t, err)
	cancel()
	_ = res.Body.Close()
	select {
	case <-streamDone:
	case <-time.After(30 * time.Second):
		t.Fatal("the stream did not end after the client left")
	}

	res, err = client.Get(srv.URL + "/metrics")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	for _, want := range []string{
		`fourxx_rejections_total{source="middleware.MaxURILength",status="414"} 1`,
		`fourxx_rejections_total{source="methods.Chi",status="405"} 1`,
		`fourxx_rejections_total{source="middleware.Authenticate",status="401"} 1`,
		`fourxx_report_only_rejections_total{route="/items",source="ratelimit.Limit",status="429"} 2`,
		`http_requests_total{method="GET",route="/items/{id}",status="200"} 1`,
		`http_requests_total{method="GET",route="/items/{id}",status="404"} 1`,
		`http_requests_total{method="GET",route="unrouted",status="414"} 1`,
		`http_requests_total{method="GET",route="/items/{id}/events",status="499"} 1`,
		`http_request_duration_seconds_count{method="GET",route="/items/{id}"} 2`,
	} {
		assert.True(t, strings.Contains(string(body), want), "missing %s", want)
	}
	assert.NotContains(t, string(body), `source=""`, "application problems are not fourxx rejections")
	assert.NotContains(t, string(body), `fourxx_rejections_total{source="ratelimit.Limit"`, "report-only refusals are not enforced ones")

	assert.Contains(t, logs.String(), "status=499")
	assert.Contains(t, logs.String(), "rejected_by=middleware.MaxURILength")
}

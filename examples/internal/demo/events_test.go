package demo

import (
	"bufio"
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

func TestDemoEventsAndClientClosed(t *testing.T) {
	var logs bytes.Buffer
	items := newStore()
	finished := make(chan middleware.Outcome, 4)
	observe := middleware.Record(func(r *http.Request, o *middleware.Outcome) {
		if strings.HasSuffix(r.URL.Path, "/events") {
			finished <- *o
		}
	})
	srv := testserver.Start(t, newRouter(slog.New(slog.NewTextHandler(&logs, nil)), items, Hosts("127.0.0.1:8080"), observe))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/items/1/events", nil)
	require.NoError(t, err)
	res, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))
	events := bufio.NewReader(res.Body)
	readEvent := func() string {
		var lines []string
		for {
			line, err := events.ReadString('\n')
			require.NoError(t, err)
			if line == "\n" {
				return strings.Join(lines, "")
			}
			lines = append(lines, line)
		}
	}
	assert.Contains(t, readEvent(), `"name":"teapot"`)

	items.add("mug") // any change wakes the stream
	assert.Contains(t, readEvent(), `"name":"teapot"`)

	cancel() // the client leaves
	select {
	case o := <-finished:
		assert.True(t, o.ClientClosed())
		assert.Equal(t, "/items/{id}/events", o.Route)
	case <-time.After(30 * time.Second):
		t.Fatal("the stream did not end after the client left")
	}
	assert.Contains(t, logs.String(), "route=/items/{id}/events path=/items/1/events status=499")
}

func TestDemoRouteRulesRunAfterRouting(t *testing.T) {
	srv := testserver.Start(t, NewRouter(slog.New(slog.DiscardHandler), Hosts("127.0.0.1:8080")))
	tests := []struct {
		name, method, contentType, ifMatch string
	}{
		{"POST with a text body", "POST", "text/plain", ""},
		{"POST with JSON and a stale If-Match", "POST", "application/json", `"nope"`},
		{"PATCH", "PATCH", "application/json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+"/items/1", strings.NewReader(`{"name":"x"}`))
			require.NoError(t, err)
			req.Header.Set("Content-Type", tt.contentType)
			if tt.ifMatch != "" {
				req.Header.Set("If-Match", tt.ifMatch)
			}
			res, err := srv.Client().Do(req)
			require.NoError(t, err)
			_ = res.Body.Close()
			assert.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)
			assert.Equal(t, "DELETE, GET, HEAD, OPTIONS, PUT", res.Header.Get("Allow"))
		})
	}
}

func TestDemoRepresentationsHaveTheirOwnTags(t *testing.T) {
	srv := testserver.Start(t, NewRouter(slog.New(slog.DiscardHandler), Hosts("127.0.0.1:8080")))
	get := func(accept, ifNoneMatch string) *http.Response {
		req, err := http.NewRequest(http.MethodGet, srv.URL+"/items/1", nil)
		require.NoError(t, err)
		req.Header.Set("Accept", accept)
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		_ = res.Body.Close()
		return res
	}
	for accept, tag := range map[string]string{"application/json": `"v1"`, "text/html": `"v1-html"`, "text/plain": `"v1-text"`} {
		res := get(accept, "")
		assert.Equal(t, http.StatusOK, res.StatusCode, accept)
		assert.Equal(t, tag, res.Header.Get("ETag"), accept)

		notModified := get(accept, tag)
		assert.Equal(t, http.StatusNotModified, notModified.StatusCode, accept)
		assert.Contains(t, notModified.Header.Values("Vary"), "Accept", "a 304 carries the Vary of the 200")
	}
	assert.Equal(t, http.StatusOK, get("text/html", `"v1"`).StatusCode, "the JSON tag does not validate the HTML page")
}

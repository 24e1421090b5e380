package middleware_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

func TestAccessLog(t *testing.T) {
	var logs bytes.Buffer
	r := chi.NewRouter()
	r.Use(middleware.AccessLog(slog.New(slog.NewJSONHandler(&logs, nil))))
	r.Use(middleware.MaxURILength(300))
	r.Get("/items/{id}", func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "item") })
	r.Get("/boom", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	srv := testserver.Start(t, r)

	tests := []struct {
		path string
		want map[string]any
	}{
		{"/items/7", map[string]any{"level": "INFO", "msg": "request", "method": "GET", "route": "/items/{id}", "path": "/items/7", "status": 200.0, "bytes": 4.0, "client_ip": "127.0.0.1"}},
		{"/boom", map[string]any{"level": "ERROR", "status": 500.0}},
		{"/items/" + strings.Repeat("x", 300), map[string]any{
			"level": "WARN", "status": 414.0, "route": "", "path": "/items/" + strings.Repeat("x", 249) + "…",
			"rejected_by": "middleware.MaxURILength",
			"reason":      "The request-target is 307 bytes long; this server accepts at most 300 bytes.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.path[:min(len(tt.path), 12)], func(t *testing.T) {
			logs.Reset()
			res, err := srv.Client().Get(srv.URL + tt.path)
			require.NoError(t, err)
			_ = res.Body.Close()

			var rec map[string]any
			require.NoError(t, json.Unmarshal(logs.Bytes(), &rec), logs.String())
			for k, v := range tt.want {
				assert.Equal(t, v, rec[k], k)
			}
			assert.Contains(t, rec, "duration")
		})
	}
}

// A panicking handler is logged once, at Error with the panic value, and
// still reaches the server as a panic.
func TestAccessLogPanic(t *testing.T) {
	var logs testserver.Log
	r := chi.NewRouter()
	r.Use(middleware.AccessLog(slog.New(slog.NewJSONHandler(&logs, nil))))
	r.Get("/boom", func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	srv, serverLog := loggedServer(t, r, false)
	_, whole := getCutOff(srv, srv.URL+"/boom")
	assert.False(t, whole)

	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	require.Len(t, lines, 1, logs.String())
	var rec map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &rec), lines[0])
	assert.Equal(t, "ERROR", rec["level"])
	assert.Equal(t, 500.0, rec["status"])
	assert.Equal(t, "boom", rec["panic"])
	assert.Equal(t, "/boom", rec["route"])
	assert.Contains(t, serverLog.String(), "panic serving")
}

func TestAccessLogNil(t *testing.T) {
	assert.PanicsWithValue(t, "middleware: AccessLog: the logger is nil", func() { middleware.AccessLog(nil) })
}

func BenchmarkAccessLog(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	r := httptest.NewRequest(http.MethodGet, "/items/42", nil)
	refuse := middleware.MaxURILength(8)(ok)
	benchMiddleware(b, []benchCase{
		{"bare", ok, r},
		{"access log", middleware.AccessLog(logger)(ok), r},
		{"refusal", refuse, r},
		{"refusal, access log", middleware.AccessLog(logger)(refuse), r},
		{"refusal, access log sampling refusals", middleware.AccessLog(logger, middleware.AccessLogSampleRefusals(10))(refuse), r},
	})
}

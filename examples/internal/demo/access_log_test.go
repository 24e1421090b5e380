package demo

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
)

// TestDemoAccessLogSamplesRefusals sends a scan of 405s, each from its own
// client so that no rate limit answers first: the access log keeps ten a
// second of them, while every request that passes is logged.
func TestDemoAccessLogSamplesRefusals(t *testing.T) {
	var logs testserver.Log
	srv := testserver.Start(t, newRouter(slog.New(slog.NewTextHandler(&logs, nil)), newStore(), Hosts("127.0.0.1:8080")))
	const scan = 40
	for i := range scan {
		req, err := http.NewRequest("DELETE", srv.URL+"/items", nil)
		require.NoError(t, err)
		req.Header.Set("X-Real-IP", fmt.Sprintf("192.0.2.%d", 100+i))
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		require.NoError(t, res.Body.Close())
		require.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)
	}
	for range 3 {
		res, err := srv.Client().Get(srv.URL + "/items")
		require.NoError(t, err)
		require.NoError(t, res.Body.Close())
	}
	logged := strings.Count(logs.String(), "status=405")
	assert.GreaterOrEqual(t, logged, 10, logs.String())
	assert.Less(t, logged, scan, "every refusal of the scan was logged")
	assert.Equal(t, 3, strings.Count(logs.String(), "route=/items path=/items status=200"))
}

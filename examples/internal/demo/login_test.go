package demo

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
)

func TestDemoLoginStopsPasswordGuessing(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.DiscardHandler), newStore(), Hosts("127.0.0.1:8080")))
	login := func(password string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/login", nil)
		require.NoError(t, err)
		req.SetBasicAuth("admin", password)
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		_ = res.Body.Close()
		return res, string(body)
	}
	res, body := login("admin")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "welcome, admin\n", body)
	for range 5 {
		res, _ := login("guess")
		require.Equal(t, http.StatusUnauthorized, res.StatusCode)
	}
	res, body = login("admin")
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode, "locked out after 5 failures, right password or not")
	assert.Equal(t, "180", res.Header.Get("Retry-After"))
	assert.Contains(t, body, `"policy":"login-account"`)
}

func TestDemoDailyCreatesHandOverageTo402(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.DiscardHandler), newStore(), Hosts("127.0.0.1:8080")))
	for i := range 21 {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/items", strings.NewReader(`{"name":"mug"}`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		_ = res.Body.Close()
		assert.Contains(t, res.Header.Get("RateLimit-Policy"), `"creates-daily";q=20;w=`)
		if i < 20 {
			require.Equal(t, http.StatusCreated, res.StatusCode)
			continue
		}
		assert.Equal(t, http.StatusPaymentRequired, res.StatusCode)
		assert.Equal(t, `<https://example.com/billing>; rel="payment"`, res.Header.Get("Link"))
	}
}

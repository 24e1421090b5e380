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

// The demo stores an item with id, modified and version added, so a
// successful PUT carries no validator (RFC 9110 §9.3.4); the client GETs
// the item for its new ETag.
func TestPutSendsNoValidator(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.DiscardHandler), newStore(), Hosts("127.0.0.1:8080")))
	do := func(method, path string, header http.Header, body string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header = header
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, res.Body)
		_ = res.Body.Close()
		return res
	}

	tests := []struct {
		name, path string
		header     http.Header
		status     int
	}{
		{"replace", "/items/1", http.Header{"If-Match": {`"v1"`}}, http.StatusOK},
		{"create", "/items/9", http.Header{"If-None-Match": {"*"}}, http.StatusCreated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := do(http.MethodPut, tt.path, tt.header, `{"name":"pot"}`)
			require.Equal(t, tt.status, res.StatusCode)
			assert.Empty(t, res.Header.Values("ETag"))
			assert.Empty(t, res.Header.Values("Last-Modified"))

			res = do(http.MethodGet, tt.path, http.Header{}, "")
			require.Equal(t, http.StatusOK, res.StatusCode)
			assert.NotEmpty(t, res.Header.Get("ETag"), "the re-fetch gets the validator")
			assert.NotEmpty(t, res.Header.Get("Last-Modified"))
		})
	}
}

// Item bodies are decoded strictly: a repeated name is refused rather
// than read as its last value.
func TestItemBodiesAreIJSON(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.DiscardHandler), newStore(), Hosts("127.0.0.1:8080")))
	res, err := srv.Client().Post(srv.URL+"/items", "application/json", strings.NewReader(`{"name":"mug","name":"pot"}`))
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, string(body), `"field":"name"`)
}

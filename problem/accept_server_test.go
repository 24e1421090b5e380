package problem_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/problem"
)

// TestWriteNegotiatesParameters checks over a real server that parameters
// of an Accept range narrow it wherever q stands (RFC 9110 §12.5.1): a
// client that wants flowed text does not get the plain text problem.
func TestWriteNegotiatesParameters(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, r, &problem.Details{Status: http.StatusNotFound})
	}))
	t.Cleanup(srv.Close)
	for accept, want := range map[string]string{
		"text/plain;q=0.5;format=flowed, text/html;q=0.1": "text/html; charset=utf-8",
		"text/plain;format=flowed;q=0.5, text/html;q=0.1": "text/html; charset=utf-8",
		"text/plain;q=0.5;charset=utf-8, text/html;q=0.1": "text/plain; charset=utf-8",
		"text/plain;q=0.5;format=flowed":                  "application/problem+json",
	} {
		req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
		require.NoError(t, err)
		req.Header.Set("Accept", accept)
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		_ = res.Body.Close()
		assert.Equal(t, want, res.Header.Get("Content-Type"), accept)
	}
}

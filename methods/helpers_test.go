package methods_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
)

// reply is what a real client received.
type reply struct {
	status int
	header http.Header
	body   string
}

// send makes one request to srv with a real client. headers are name,
// value pairs.
func send(t *testing.T, srv *httptest.Server, method, path string, headers ...string) reply {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return reply{status: res.StatusCode, header: res.Header, body: string(body)}
}

// routed answers 200 naming the route, so tests see which handler ran.
func routed(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Route", name)
		_, _ = io.WriteString(w, name+" served "+r.Method)
	}
}

// startWithoutOptionsStar serves h on loopback with Go's own "OPTIONS *"
// answer turned off, so the handler sees such requests.
func startWithoutOptionsStar(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.DisableGeneralOptionsHandler = true
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// exchange sends request on a new connection to a server from
// startWithoutOptionsStar and reads the response, without the "OPTIONS *"
// probe of testserver.Raw, which such a server passes to the handler.
func exchange(t *testing.T, srv *httptest.Server, request []byte) (testserver.Response, *testserver.Conn) {
	t.Helper()
	c := testserver.Dial(t, srv)
	require.NoError(t, c.Write(request))
	method, _, _ := strings.Cut(string(request), " ")
	return c.ReadResponse(method), c
}

// stillOpen reports whether c still serves requests: a GET gets an answer.
func stillOpen(t *testing.T, c *testserver.Conn) bool {
	t.Helper()
	if c.Write(testserver.Request("GET / HTTP/1.1", []string{"Host: x"}, "")) != nil {
		return false
	}
	return c.ReadResponse(http.MethodGet).Status != 0
}

package middleware_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

func TestAuthenticatePassesCORSPreflights(t *testing.T) {
	users := middleware.BasicAuth("api", map[string]string{"ann": "pw"})
	for _, c := range []struct {
		name    string
		gate    func(http.Handler) http.Handler
		headers map[string]string
		method  string
		want    int
	}{
		{"preflight", middleware.Authenticate(users), map[string]string{"Origin": "https://app.example", "Access-Control-Request-Method": "PUT"}, "OPTIONS", 200},
		{"preflight with an empty Origin", middleware.Authenticate(users), map[string]string{"Origin": "", "Access-Control-Request-Method": "PUT"}, "OPTIONS", 200},
		{"OPTIONS without Access-Control-Request-Method", middleware.Authenticate(users), map[string]string{"Origin": "https://app.example"}, "OPTIONS", 401},
		{"OPTIONS without Origin", middleware.Authenticate(users), map[string]string{"Access-Control-Request-Method": "PUT"}, "OPTIONS", 401},
		{"GET with the preflight fields", middleware.Authenticate(users), map[string]string{"Origin": "https://app.example", "Access-Control-Request-Method": "PUT"}, "GET", 401},
		{"AuthenticatePreflights", middleware.AuthenticatePreflights(users), map[string]string{"Origin": "https://app.example", "Access-Control-Request-Method": "PUT"}, "OPTIONS", 401},
		{"ProxyAuthenticate", middleware.ProxyAuthenticate(users), map[string]string{"Origin": "https://app.example", "Access-Control-Request-Method": "PUT"}, "OPTIONS", 407},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := testserver.Start(t, c.gate(whoAmI))
			req, err := http.NewRequest(c.method, srv.URL, nil)
			require.NoError(t, err)
			for k, v := range c.headers {
				req.Header.Set(k, v)
			}
			res, err := srv.Client().Do(req)
			require.NoError(t, err)
			require.NoError(t, res.Body.Close())
			assert.Equal(t, c.want, res.StatusCode)
		})
	}
}

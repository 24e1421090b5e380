package demo

import (
	"io"
	"net/http"
	"time"

	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/ratelimit"
)

// loginGuard protects POST /login from password guessing: the 401s of
// Authenticate count, 5 per 15 minutes per account and 20 per client IP;
// a right password costs nothing. A client out of attempts gets 429
// before its password is checked.
func loginGuard() []func(http.Handler) http.Handler {
	failures := ratelimit.LimitChargeAfter(ratelimit.CountStatus(http.StatusUnauthorized))
	return []func(http.Handler) http.Handler{
		ratelimit.Limit(rate.Every(15*time.Minute/20), 20, ratelimit.LimitName("login-ip"), failures),
		ratelimit.Limit(rate.Every(15*time.Minute/5), 5, ratelimit.LimitName("login-account"), failures, ratelimit.LimitKey(keyByAccount)),
		middleware.Authenticate(demoAdmins),
	}
}

// keyByAccount keys a login by the user-id of its Basic credentials, and
// one without them by the client IP.
func keyByAccount(r *http.Request) (string, error) {
	if user, _, ok := r.BasicAuth(); ok {
		return "user:" + user, nil
	}
	return ratelimit.KeyByIP(r)
}

// login answers a login that Authenticate let through.
func login(w http.ResponseWriter, r *http.Request) {
	user, _ := middleware.Identity[string](r.Context())
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "welcome, "+user+"\n")
}

package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleLimitChargeAfter() {
	login := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("password") != "secret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		fmt.Fprintln(w, "welcome")
	})
	// 3 failed logins per 15 minutes per client IP; successes are free.
	h := ratelimit.Limit(rate.Every(5*time.Minute), 3, ratelimit.LimitName("logins"),
		ratelimit.LimitChargeAfter(ratelimit.CountStatus(http.StatusUnauthorized)))(login)

	for _, password := range []string{"secret", "guess1", "guess2", "secret", "guess3", "secret"} {
		req := httptest.NewRequest(http.MethodPost, "/login?password="+password, nil)
		req.RemoteAddr = "192.0.2.1:4321"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(password, rec.Code, rec.Header().Get("RateLimit"))
	}
	// Output:
	// secret 200 "logins";r=2;t=300
	// guess1 401 "logins";r=2;t=300
	// guess2 401 "logins";r=1;t=300
	// secret 200 "logins";r=0;t=300
	// guess3 401 "logins";r=0;t=300
	// secret 429 "logins";r=0;t=300
}

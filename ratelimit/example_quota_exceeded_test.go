package ratelimit_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleQuotaExceeded() {
	h := ratelimit.Limit(rate.Every(time.Minute), 1, ratelimit.LimitName("api"))(ok)
	var rec *httptest.ResponseRecorder
	for range 2 {
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	}
	// A client tells a rate limit from other 429s by the problem type.
	var body struct {
		Type     string   `json:"type"`
		Violated []string `json:"violated-policies"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	fmt.Println(rec.Code, body.Type == ratelimit.QuotaExceeded, body.Violated)
	// Output: 429 true [api]
}

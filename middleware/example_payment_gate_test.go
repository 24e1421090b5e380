package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

func ExamplePaymentGate() {
	quotaUsed := func(r *http.Request) (bool, string) {
		if r.Header.Get("X-Plan") == "free" {
			return true, "The free plan's 1000 exports this month are used up; upgrade to continue."
		}
		return false, ""
	}
	h := middleware.PaymentGate(quotaUsed, middleware.PaymentLink("https://example.com/billing"))(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))

	req := httptest.NewRequest(http.MethodPost, "/exports", nil)
	req.Header.Set("X-Plan", "free")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Link"))
	fmt.Print(rec.Body.String())
	// Output:
	// 402 <https://example.com/billing>; rel="payment"
	// {"type":"about:blank","title":"Payment Required","status":402,"detail":"The free plan's 1000 exports this month are used up; upgrade to continue.","payment":"https://example.com/billing"}
}

package middleware_test

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleBasicAuthFunc() {
	type account struct{ ID int }
	check := func(r *http.Request, user, password string) (any, bool) {
		// Look the user up and compare a password hash in constant time.
		ok := subtle.ConstantTimeCompare([]byte(user+":"+password), []byte("ada:pw")) == 1
		return account{ID: 7}, ok
	}
	h := middleware.Authenticate(middleware.BasicAuthFunc("reports", check))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		acct, _ := middleware.Identity[account](r.Context())
		fmt.Fprintf(w, "account %d\n", acct.ID)
	}))

	req := httptest.NewRequest(http.MethodGet, "/reports", nil)
	req.SetBasicAuth("ada", "pw")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 200 account 7
}

package middleware_test

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleAuthenticate() {
	admins := middleware.BasicAuth("items admin", map[string]string{"ada": "correct horse"})
	r := chi.NewRouter()
	r.With(middleware.Authenticate(admins)).Delete("/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		user, _ := middleware.Identity[string](r.Context())
		fmt.Println("deleted by", user)
		w.WriteHeader(http.StatusNoContent)
	})

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodDelete, "/items/1", nil))
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	fmt.Print(rec.Body.String())

	req := httptest.NewRequest(http.MethodDelete, "/items/1", nil)
	req.SetBasicAuth("ada", "correct horse")
	rec = httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	// Output:
	// 401 Basic realm="items admin", charset="UTF-8"
	// {"type":"about:blank","title":"Unauthorized","status":401,"detail":"This resource needs credentials; send Authorization with the scheme Basic.","schemes":["Basic"]}
	// deleted by ada
	// 204
}

func ExampleBasicAuth() {
	admin := middleware.BasicAuth("admin", map[string]string{"ada": "correct horse"})
	h := middleware.Authenticate(admin)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, _ := middleware.Identity[string](r.Context())
		fmt.Fprintf(w, "hello %s\n", user)
	}))

	for _, password := range []string{"correct horse", "battery staple"} {
		req := httptest.NewRequest(http.MethodGet, "/admin", nil)
		req.SetBasicAuth("ada", password)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code == http.StatusOK {
			fmt.Print(rec.Code, " ", rec.Body.String())
		} else {
			fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
		}
	}
	// Output:
	// 200 hello ada
	// 401 Basic realm="admin", charset="UTF-8"
}

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

func ExampleBearerAuth() {
	verify := func(r *http.Request, token string) (any, error) {
		switch token {
		case "read-only":
			if r.Method != http.MethodGet {
				return nil, middleware.BearerInsufficientScope("This token may only read.", "items:write")
			}
			return "reader", nil
		case "admin":
			return "admin", nil
		}
		return nil, middleware.BearerInvalidToken("The token is unknown or expired.")
	}
	h := middleware.Authenticate(middleware.BearerAuth("items", verify))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))

	for _, tc := range []struct{ method, auth string }{
		{http.MethodGet, ""},
		{http.MethodGet, "Bearer expired"},
		{http.MethodPut, "Bearer read-only"},
		{http.MethodPut, "Bearer admin"},
	} {
		req := httptest.NewRequest(tc.method, "/items/1", nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	// Output:
	// 401 Bearer realm="items"
	// 401 Bearer realm="items", error="invalid_token", error_description="The token is unknown or expired."
	// 403 Bearer realm="items", error="insufficient_scope", error_description="This token may only read.", scope="items:write"
	// 200
}

func ExampleChallenge_String() {
	c := middleware.Challenge{Scheme: "Basic", Params: []middleware.AuthParam{
		{Name: "realm", Value: `The "Admin" \ area`},
		{Name: "charset", Value: "UTF-8"},
	}}
	fmt.Println(c)
	// Output:
	// Basic realm="The \"Admin\" \\ area", charset="UTF-8"
}

func ExampleProxyAuthenticate() {
	gateway := middleware.ProxyAuthenticate(middleware.BasicAuth("egress", map[string]string{"ci": "s3cret"}))
	h := gateway(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, _ := middleware.ProxyIdentity[string](r.Context())
		fmt.Fprintln(w, "forwarding for", user)
	}))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://example.com/", nil))
	fmt.Println(rec.Code, rec.Header().Get("Proxy-Authenticate"))
	// Output:
	// 407 Basic realm="egress", charset="UTF-8"
}

package middleware_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleBodyReadTimeout() {
	h := middleware.BodyReadTimeout(10 * time.Second)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest) // replaced by fourxx's 408 on a timeout
			return
		}
		fmt.Fprintf(w, "got %q\n", body)
	}))
	ts := httptest.NewUnstartedServer(h)
	ts.Config.ReadHeaderTimeout = 5 * time.Second // the request line and headers
	ts.Start()
	defer ts.Close()

	res, err := ts.Client().Post(ts.URL, "text/plain", strings.NewReader("on time"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	fmt.Print(res.StatusCode, " ", string(body))
	// Output:
	// 200 got "on time"
}

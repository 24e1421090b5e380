package methods_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/methods"
)

func ExampleImplemented() {
	dav := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "multistatus")
	})
	h := methods.Implemented(methods.ImplementedMethods("PROPFIND"))(dav)

	for _, method := range []string{"PROPFIND", "propfind"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, "/files/", nil))
		fmt.Println(method, rec.Code)
		fmt.Print(rec.Body.String())
	}
	// Output:
	// PROPFIND 200
	// multistatus
	// propfind 501
	// {"type":"about:blank","title":"Not Implemented","status":501,"detail":"This server does not recognise the propfind method (method names are case-sensitive); it implements CONNECT, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PROPFIND, PUT, TRACE.","implemented":["CONNECT","DELETE","GET","HEAD","OPTIONS","PATCH","POST","PROPFIND","PUT","TRACE"],"method":"propfind"}
}

package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleJSONDecoder() {
	// The strict decoder, for new APIs.
	decoder := middleware.JSONDecoder{IJSON: true, DisallowUnknownFields: true, DisallowTrailingData: true}
	create := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<10)
		var in struct {
			Name  string `json:"name"`
			Price int    `json:"price"`
		}
		if err := decoder.Decode(w, r, &in); err != nil {
			return // the decoder has answered
		}
		fmt.Fprintf(w, "created %s at %d\n", in.Name, in.Price)
	})

	for _, body := range []string{`{"name":"mug","price":3}`, `{"name":"mug","price":"3"}`, `{"name":"mug",}`, `{"name":"mug","price":3,"price":0}`} {
		req := httptest.NewRequest(http.MethodPost, "/items", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		create.ServeHTTP(rec, req)
		fmt.Println(rec.Code)
		fmt.Print(rec.Body.String())
	}
	// Output:
	// 200
	// created mug at 3
	// 400
	// {"type":"about:blank","title":"Bad Request","status":400,"detail":"The field \"price\" must be an integer, not a JSON string.","expected":"an integer","field":"price","offset":25}
	// 400
	// {"type":"about:blank","title":"Bad Request","status":400,"detail":"The JSON body is malformed at byte 15: invalid character '}' looking for beginning of object key string.","offset":15}
	// 400
	// {"type":"about:blank","title":"Bad Request","status":400,"detail":"The JSON body repeats the member name \"price\" at byte 24. Send each member name of an object once.","field":"price","offset":24}
}

func ExampleDecodeJSON() {
	create := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Name string }
		if middleware.DecodeJSON(w, r, &in) != nil {
			return
		}
		fmt.Fprintln(w, "created", in.Name)
	})
	req := httptest.NewRequest(http.MethodPost, "/items", strings.NewReader(`name=mug`))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	create.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Accept-Post"))
	// Output:
	// 415 application/json
}

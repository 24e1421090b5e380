package middleware_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleAllowContentEncodings() {
	upload := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := middleware.AllowContentEncodings("gzip")(upload)

	req := httptest.NewRequest(http.MethodPut, "/files/a.txt", strings.NewReader("..."))
	req.Header.Set("Content-Encoding", "br")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Accept-Encoding"))
	fmt.Print(rec.Body.String())
	// Output:
	// 415 identity, gzip
	// {"type":"about:blank","title":"Unsupported Media Type","status":415,"detail":"This resource does not accept content encoded with \"br\". Send it unencoded or encoded with: gzip.","accepted":["identity","gzip"],"content_encoding":"br"}
}

func ExampleAllowContentTypes() {
	r := chi.NewRouter()
	r.With(middleware.AllowContentTypes("application/json", "application/*+json")).Post("/items", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	})

	req := httptest.NewRequest(http.MethodPost, "/items", strings.NewReader("<item/>"))
	req.Header.Set("Content-Type", "application/xml")
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Accept-Post"))
	fmt.Print(rec.Body.String())
	// Output:
	// 415 application/json, application/*+json
	// {"type":"about:blank","title":"Unsupported Media Type","status":415,"detail":"This resource does not accept content of type \"application/xml\". Send one of: application/json, application/*+json.","accepted":["application/json","application/*+json"],"content_type":"application/xml"}
}

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

func ExampleExpect() {
	h := middleware.Expect()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))

	for _, expect := range []string{"100-Continue", "100-continue, x-priority"} {
		req := httptest.NewRequest(http.MethodPost, "/items", nil)
		req.Header.Set("Expect", expect)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code)
		fmt.Print(rec.Body.String())
	}
	// Output:
	// 204
	// 417
	// {"type":"about:blank","title":"Expectation Failed","status":417,"detail":"This server cannot meet the expectation \"x-priority\"; the only one it supports is 100-continue. Repeat the request without it.","expectation":"x-priority"}
}

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

func ExampleMaxBodySize() {
	upload := func(w http.ResponseWriter, r *http.Request) {
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest) // replaced by fourxx's 413
			return
		}
		fmt.Fprintf(w, "stored %d bytes\n", n)
	}

	r := chi.NewRouter()
	r.Group(func(r chi.Router) {
		r.Use(middleware.MaxBodySize(16)) // the API's default
		r.Post("/items", upload)
	})
	r.With(middleware.MaxBodySize(1024)).Post("/uploads", upload) // a larger limit beside it

	for _, path := range []string{"/items", "/uploads"} {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, strings.NewReader(strings.Repeat("x", 100))))
		fmt.Println(path, rec.Code)
		fmt.Print(rec.Body.String())
	}
	// Output:
	// /items 413
	// {"type":"about:blank","title":"Content Too Large","status":413,"detail":"The request declares 100 bytes of content; this resource accepts at most 16 bytes.","length":100,"limit":16}
	// /uploads 200
	// stored 100 bytes
}

func ExampleMaxBodySizeLinger() {
	upload := func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		fmt.Fprintf(w, "stored %d bytes\n", n)
	}
	r := chi.NewRouter()
	// After a 413, read and discard up to 64 MiB of the refused upload for
	// up to 30 s, and up to 5 s without data, so clients on slow links that
	// send before they read still see the 413.
	r.With(middleware.MaxBodySize(32<<20, middleware.MaxBodySizeLinger(64<<20, 30*time.Second, 5*time.Second))).Post("/videos", upload)
	// Close at once, as Go's server does.
	r.With(middleware.MaxBodySize(1<<10, middleware.MaxBodySizeNoLinger())).Post("/items", upload)

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/items", strings.NewReader(strings.Repeat("x", 2<<10))))
	fmt.Println(rec.Code)
	// Output:
	// 413
}

func ExampleRequireContentLength() {
	h := middleware.RequireContentLength()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))

	req := httptest.NewRequest(http.MethodPut, "/items/1", io.NopCloser(strings.NewReader(`{"name":"mug"}`)))
	req.ContentLength = -1 // as for a chunked body
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	fmt.Print(rec.Body.String())
	// Output:
	// 411
	// {"type":"about:blank","title":"Length Required","status":411,"detail":"A PUT request to this resource must declare the size of its content: send a Content-Length header, not a body of unknown length.","method":"PUT"}
}

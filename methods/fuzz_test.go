package methods_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/methods"
)

// methodSeeds are method tokens, odd and hostile, for the fuzz targets.
var methodSeeds = []string{
	"GET", "get", "HEAD", "OPTIONS", "PUT", "PROPFIND", "QUERY", "G\x00T", "GET ", "",
	"\xff\xfe", "X-M!#$%&'*+.^_`|~1", strings.Repeat("M", 4096), "Get", "CONNECT",
}

// serveMethod serves a request with an arbitrary method, which
// httptest.NewRequest would refuse to build.
func serveMethod(h http.Handler, method, path string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Method = method
	r.URL.Path = path
	r.RequestURI = path
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func FuzzAllowMethod(f *testing.F) {
	for _, m := range methodSeeds {
		f.Add(m)
	}
	h := methods.Implemented()(methods.Allow("GET", "PUT")(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})))
	known := []string{"CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"}
	f.Fuzz(func(t *testing.T, method string) {
		rec := serveMethod(h, method, "/")
		want := http.StatusMethodNotAllowed
		switch {
		case !slices.Contains(known, method):
			want = http.StatusNotImplemented
		case method == "GET" || method == "PUT" || method == "HEAD":
			want = http.StatusOK
		case method == "OPTIONS":
			want = http.StatusNoContent
		}
		if rec.Code != want {
			t.Fatalf("%q: status %d, want %d", method, rec.Code, want)
		}
		if want == http.StatusMethodNotAllowed || want == http.StatusNoContent {
			if got := rec.Header().Get("Allow"); got != "GET, HEAD, OPTIONS, PUT" {
				t.Fatalf("%q: Allow %q", method, got)
			}
		}
		if want >= 400 {
			checkProblemBody(t, rec, method)
		}
	})
}

// checkProblemBody checks that a rejection's body is problem details that
// name the method, and that the explanation stays short.
func checkProblemBody(t *testing.T, rec *httptest.ResponseRecorder, method string) {
	t.Helper()
	d := testserver.DecodeProblem(t, rec.Body.Bytes())
	if d.Status != rec.Code {
		t.Fatalf("%q: status member %d", method, d.Status)
	}
	got, _ := d.Extensions["method"].(string)
	if len(got) > 64+len("…") {
		t.Fatalf("%q: method member is %d bytes long", method, len(got))
	}
	if utf8.ValidString(method) && len(method) <= 64 && got != method {
		t.Fatalf("%q: method member %q", method, got)
	}
	if len(d.Detail) > 400 {
		t.Fatalf("%q: detail is %d bytes long", method, len(d.Detail))
	}
}

func FuzzChiMethod(f *testing.F) {
	for _, m := range methodSeeds {
		for _, p := range []string{"/items", "/items/42/", "/docs", "/admin", "/items/42/tags/go", "//", "/items/%2F"} {
			f.Add(m, p)
		}
	}
	plain := chi.NewRouter()
	nestedRoutes(plain)
	installed := newNestedChi()
	f.Fuzz(func(t *testing.T, method, path string) {
		if !strings.HasPrefix(path, "/") {
			return
		}
		rec := serveMethod(installed, method, path)
		var truth []string
		for _, m := range chiMethodsUnderTest {
			if groundTruth(plain, m, path) {
				truth = append(truth, m)
			}
		}
		switch rec.Code {
		case http.StatusNotImplemented:
			if slices.Contains(chiMethodsUnderTest, method) {
				t.Fatalf("%s %q: 501 for a recognised method", method, path)
			}
		case http.StatusNotFound:
			if len(truth) > 0 {
				t.Fatalf("%s %q: 404, but chi routes %v", method, path, truth)
			}
		case http.StatusMethodNotAllowed:
			allow := strings.Split(rec.Header().Get("Allow"), ", ")
			for _, m := range chiMethodsUnderTest {
				inAllow := slices.Contains(allow, m)
				auto := m == "OPTIONS" || (m == "HEAD" && slices.Contains(truth, "GET"))
				if inAllow != (slices.Contains(truth, m) || auto) {
					t.Fatalf("%s %q: Allow %v, chi routes %v", method, path, allow, truth)
				}
			}
		}
	})
}

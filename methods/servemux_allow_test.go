package methods

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMuxAllowAgreesWithAskingEachMethod checks that the methods read from
// mux's own answer are those that asking mux about each recognised method
// finds, for every request mux refuses: hosts with and without ports,
// trailing slashes, paths to clean, wildcards, patterns without a method,
// with HEAD alone or with CONNECT, which mux routes by other rules. Run
// under GODEBUG=httpmuxgo121=1 (TestMuxAllowAgreesUnderGo121Mux), it
// checks Go 1.21's mux, whose patterns have no method.
func TestMuxAllowAgreesWithAskingEachMethod(t *testing.T) {
	patterns := []string{
		"GET /items", "POST /items", "GET /items/{id}", "PUT /items/{id}", "DELETE /items/{id}",
		"OPTIONS /special", "POST /special", "PROPFIND /dav/{path...}", "/any", "GET /dir/",
		"HEAD /head-only", "PATCH example.com/hosted", "GET example.com/items/{id}",
		"POST /slash/", "GET /a/{x}/b", "TRACE /{$}",
		"CONNECT example.com/x/", "GET /x", "CONNECT example.com/y", "CONNECT example.com:8080/z",
		"CONNECT /raw/", "DELETE /raw", "CONNECT other.example/o", "PUT /o",
	}
	if go121Mux() {
		patterns = []string{"/items", "/dir/", "example.com/hosted", "example.com:8080/z", "/x/", "example.com/y", "/raw/"}
	}
	mux := http.NewServeMux()
	for _, p := range patterns {
		mux.HandleFunc(p, func(http.ResponseWriter, *http.Request) {})
	}
	known := rfc9110Methods
	sets := newAllowedSets(known)
	askEach := http.RedirectHandler("/", http.StatusTemporaryRedirect)
	hosts := []string{"", "example.com", "example.com:8080", "other.example"}
	paths := []string{
		"/", "/items", "/items/", "/items/1", "/items/1/", "/items/1/x", "/special", "/dav", "/dav/a/b",
		"/dir", "/dir/", "/dir/x", "/head-only", "/hosted", "/slash", "/slash/", "/a/1/b", "/a/1/c",
		"/nowhere", "/items/../special", "//items", "/items/%2F", "/any", "/x", "/x/", "/y", "/z",
		"/raw", "/raw/", "/o", "http://example.com/y", "http://example.com:8080/z", "http://other.example/raw",
	}
	refusals := 0
	for _, method := range append(append([]string{}, known...), "PROPFIND", "BREW") {
		for _, host := range hosts {
			for _, path := range paths {
				r := httptest.NewRequest(method, path, nil)
				r.Host = host
				refused, pattern := mux.Handler(r)
				if pattern != "" {
					continue
				}
				refusals++
				want := serveMuxAllowed(mux, askEach, known, sets, r)
				got := serveMuxAllowed(mux, refused, known, sets, r)
				assert.Equal(t, want.header, got.header, "%s %s%s", method, host, path)
			}
		}
	}
	assert.Greater(t, refusals, 100, "the requests mux refuses")
}

// go121Mux reports whether the test runs with Go 1.21's ServeMux.
func go121Mux() bool {
	return strings.Contains(os.Getenv("GODEBUG"), "httpmuxgo121=1")
}

func TestMuxAllowAgreesUnderGo121Mux(t *testing.T) {
	if go121Mux() {
		t.Skip("already under GODEBUG=httpmuxgo121=1")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMuxAllowAgreesWithAskingEachMethod$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "GODEBUG=httpmuxgo121=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "--- PASS: TestMuxAllowAgreesWithAskingEachMethod")
}

func TestMuxAllowLeavesOtherAnswersToTheCaller(t *testing.T) {
	for name, tt := range map[string]struct {
		refused http.Handler
		method  string
		allow   string
		ok      bool
	}{
		"405":               {muxAnswering(http.StatusMethodNotAllowed, "GET, HEAD"), "PUT", "GET, HEAD", true},
		"404":               {http.NotFoundHandler(), "PUT", "", true},
		"redirect":          {http.RedirectHandler("/x", http.StatusTemporaryRedirect), "PUT", "", false},
		"405 without Allow": {muxAnswering(http.StatusMethodNotAllowed, ""), "PUT", "", false},
		"CONNECT":           {http.NotFoundHandler(), http.MethodConnect, "", false},
	} {
		t.Run(name, func(t *testing.T) {
			allow, ok := muxAllow(tt.refused, httptest.NewRequest(tt.method, "/x", nil))
			assert.Equal(t, tt.allow, allow)
			assert.Equal(t, tt.ok, ok)
		})
	}
}

// muxAnswering answers status with allow as its Allow field, if not "".
func muxAnswering(status int, allow string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if allow != "" {
			w.Header().Set("Allow", allow)
		}
		http.Error(w, http.StatusText(status), status)
	})
}

func TestRoutedIn(t *testing.T) {
	known := []string{"CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PUT"}
	set, routed := routedIn("BREW, CONNECT, GET, HEAD, PUT", known, newAllowedSets(known))
	assert.Equal(t, uint64(1<<2|1<<3|1<<5), set, "CONNECT is left to a question to mux")
	assert.Nil(t, routed)
	set, routed = routedIn("BREW, CONNECT, GET, HEAD, PUT", known, nil)
	assert.Zero(t, set)
	assert.Equal(t, []string{"GET", "HEAD", "PUT"}, routed)
}

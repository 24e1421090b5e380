package testserver

import (
	"bytes"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
)

// update rewrites the golden files of [CheckRefusals] instead of comparing
// with them: go test ./middleware -run TestRefusals -update.
var update = flag.Bool("update", false, "rewrite the golden files of the refusal tests")

// Refusal is one request that a rejecting constructor refuses, for
// [CheckRefusals].
type Refusal struct {
	// Name names the case and its golden file, testdata/refusals/Name.golden.
	Name string
	// Handler is the constructor under test around the handler it guards.
	Handler http.Handler
	// Method is the request's method; "" means GET, which is also sent as
	// HEAD.
	Method string
	// Target is the request target; "" means "/".
	Target string
	// Host is the request's Host; "" means "example.com".
	Host string
	// Header holds the request's header fields.
	Header http.Header
	// Body is the request content.
	Body string
	// Chunked sends Body without a Content-Length.
	Chunked bool
	// Stall makes the client send Body and then stall, having declared 100
	// bytes more, until the response arrives.
	Stall bool
	// Status is the status the refusal answers.
	Status int
	// Source is the [problem.Details.Source] of the refusal.
	Source string
}

// formats are the Accept fields of the three formats that problem.Standard
// writes, and the Content-Type each gets.
var formats = []struct{ accept, contentType string }{
	{"", "application/problem+json"},
	{"text/html", "text/html; charset=utf-8"},
	{"text/plain", "text/plain; charset=utf-8"},
}

// CheckRefusals sends each refusal over a real HTTP/1.1 server in the three
// formats (problem+json by default, HTML and text by Accept), and a GET
// also as HEAD. Every answer must keep the contract of problem.Write: the
// status, the format's Content-Type, a Content-Length that matches the
// content of the GET, "Vary: Accept", "X-Content-Type-Options: nosniff",
// no content for HEAD, the hook seeing the refusal's Source and Record its
// status. The status, every header but Date and the content must equal
// testdata/refusals/Name.golden, which -update rewrites. Each refusal of a
// fourxx rule is then sent in report-only mode (see checkReportOnly).
func CheckRefusals(t *testing.T, refusals []Refusal) {
	t.Helper()
	for _, rf := range refusals {
		t.Run(rf.Name, func(t *testing.T) {
			var golden bytes.Buffer
			observed := observe(t, rf)
			srv := Start(t, observed)
			methods := []string{rf.Method}
			if rf.Method == "" || rf.Method == http.MethodGet {
				methods = []string{http.MethodGet, http.MethodHead}
			}
			for _, f := range formats {
				var getLength string
				for _, method := range methods {
					res, body := send(t, srv.Client(), srv.URL, rf, method, f.accept)
					observed.check(t, rf)
					writeGolden(&golden, method, f.accept, res, body)

					what := method + " Accept: " + f.accept
					if res.StatusCode != rf.Status {
						t.Errorf("%s: status %d, want %d\n%s", what, res.StatusCode, rf.Status, body)
					}
					if got := res.Header.Get("Content-Type"); got != f.contentType {
						t.Errorf("%s: Content-Type %q, want %q", what, got, f.contentType)
					}
					if !varyNames(res.Header, "Accept") {
						t.Errorf("%s: Vary %q lacks Accept", what, res.Header.Values("Vary"))
					}
					if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
						t.Errorf("%s: X-Content-Type-Options %q", what, got)
					}
					length := res.Header.Get("Content-Length")
					switch method {
					case http.MethodHead:
						if len(body) != 0 || length != getLength {
							t.Errorf("HEAD: %d bytes of content, Content-Length %q; want none and GET's %q", len(body), length, getLength)
						}
					default:
						getLength = length
						if length != strconv.Itoa(len(body)) {
							t.Errorf("%s: Content-Length %q for %d bytes", what, length, len(body))
						}
						if f.accept == "" {
							if d := DecodeProblem(t, body); d.Status != rf.Status || d.Title == "" {
								t.Errorf("%s: status member %d, title %q", what, d.Status, d.Title)
							}
						}
					}
				}
			}
			compareGolden(t, filepath.Join("testdata", "refusals", rf.Name+".golden"), golden.Bytes())
		})
	}
	checkReportOnly(t, refusals)
}

// varyNames reports whether a Vary field line of h names field, or "*".
func varyNames(h http.Header, field string) bool {
	for _, line := range h.Values("Vary") {
		for _, name := range strings.Split(line, ",") {
			if name = strings.TrimSpace(name); name == "*" || strings.EqualFold(name, field) {
				return true
			}
		}
	}
	return false
}

// observed wraps a refusal's handler in Record and a hook, and keeps what
// they saw of the last request.
type observed struct {
	http.Handler
	mu     sync.Mutex
	source string
	status int
}

func observe(t *testing.T, rf Refusal) *observed {
	o := &observed{}
	hook := problem.HookFunc(func(_ *http.Request, d *problem.Details) {
		o.mu.Lock()
		o.source = d.Source
		o.mu.Unlock()
	})
	record := middleware.Record(func(_ *http.Request, out *middleware.Outcome) {
		o.mu.Lock()
		o.status = out.Status
		o.mu.Unlock()
	})
	if rf.Handler == nil {
		t.Fatalf("testserver: refusal %s has no handler", rf.Name)
	}
	o.Handler = record(problem.WithHook(hook)(rf.Handler))
	return o
}

// check compares what the hook and Record saw with the refusal, and
// forgets it for the next request.
func (o *observed) check(t *testing.T, rf Refusal) {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.source != rf.Source {
		t.Errorf("the hook saw Source %q, want %q", o.source, rf.Source)
	}
	if o.status != rf.Status {
		t.Errorf("Record saw status %d, want %d", o.status, rf.Status)
	}
	o.source, o.status = "", 0
}

// send makes the refusal's request with method and Accept, and returns
// the response and its content. Record has run when it returns: the
// server answers only after the handler returned.
func send(t *testing.T, c *http.Client, url string, rf Refusal, method, accept string) (*http.Response, []byte) {
	t.Helper()
	target := rf.Target
	if target == "" {
		target = "/"
	}
	var body io.Reader
	stalled := make(chan struct{})
	defer close(stalled)
	if rf.Body != "" || rf.Stall || rf.Chunked {
		body = strings.NewReader(rf.Body)
		if rf.Chunked {
			// A reader of unknown length, so that the client declares none.
			body = io.MultiReader(body)
		}
		if rf.Stall {
			body = io.MultiReader(body, stallReader(stalled))
		}
	}
	req, err := http.NewRequest(method, url+target, body)
	if err != nil {
		t.Fatalf("testserver: %v", err)
	}
	if rf.Stall {
		req.ContentLength = int64(len(rf.Body)) + 100
	}
	req.Host = rf.Host
	if req.Host == "" {
		req.Host = "example.com"
	}
	for k, v := range rf.Header {
		req.Header[k] = v
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("testserver: %s %s: %v", method, target, err)
	}
	defer res.Body.Close()
	content, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("testserver: reading the content: %v", err)
	}
	if res.Close {
		c.CloseIdleConnections()
	}
	return res, content
}

// stallReader blocks until done is closed, then reports the end.
type stallReader <-chan struct{}

func (s stallReader) Read([]byte) (int, error) {
	<-s
	return 0, io.EOF
}

// writeGolden appends one exchange to a golden file: the request's method
// and Accept, the status, the header fields but Date in order, and the
// content.
func writeGolden(b *bytes.Buffer, method, accept string, res *http.Response, body []byte) {
	b.WriteString("=== " + method + " Accept: " + accept + "\n")
	b.WriteString(strconv.Itoa(res.StatusCode) + "\n")
	h := res.Header.Clone()
	h.Del("Date")
	if res.Close && h.Get("Connection") == "" {
		h.Set("Connection", "close")
	}
	_ = h.Write(b)
	b.WriteString("\n")
	b.Write(body)
	if len(body) > 0 && body[len(body)-1] != '\n' {
		b.WriteString("\n")
	}
}

// compareGolden fails the test unless got equals the golden file at path,
// or rewrites the file with -update.
func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("testserver: %v (run the test with -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the refusals differ from %s (run with -update to accept them):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

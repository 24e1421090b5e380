package testserver

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
)

// rejectionHeaders are the fields a refusal may set that a request passed
// on in report-only mode must not carry, since the handlers under test
// set none of them.
var rejectionHeaders = []string{
	"Retry-After", "Allow", "WWW-Authenticate", "Proxy-Authenticate", "Link",
	"Accept-Post", "Accept-Patch", "Accept-Encoding", "RateLimit", "RateLimit-Policy",
	"X-RateLimit-Limit", "X-Content-Type-Options",
}

// checkReportOnly sends each refusal of a fourxx rule under
// problem.WithReportOnly naming its Source, over HTTP/1.1 and HTTP/2. A rule
// that can run report-only must pass the request on to its handler
// unchanged (200, no rejection header, no Connection: close) and report the
// would-be rejection to Record as not enforced (the handlers of the refusals
// write content, so an empty 200 means the rule neither refused nor passed
// the request on); a rule that cannot must make
// WithReportOnly panic, saying why.
func checkReportOnly(t *testing.T, refusals []Refusal) {
	t.Helper()
	for _, rf := range refusals {
		if !strings.Contains("middleware.ratelimit.methods.conditional.", strings.SplitN(rf.Source, ".", 2)[0]+".") {
			continue
		}
		t.Run(rf.Name+"/ReportOnly", func(t *testing.T) {
			reportOnly, refused := newReportOnly(rf.Source)
			if refused != "" {
				if !strings.Contains(refused, rf.Source+" cannot run report-only: ") {
					t.Fatalf("WithReportOnly(%s) panicked with %q", rf.Source, refused)
				}
				return
			}
			var mu sync.Mutex
			var seen middleware.Outcome
			record := middleware.Record(func(_ *http.Request, o *middleware.Outcome) {
				mu.Lock()
				seen = *o
				mu.Unlock()
			})
			method := rf.Method
			if method == "" {
				method = http.MethodGet
			}
			enforced := Servers(t, rf.Handler)
			for proto, srv := range Servers(t, record(reportOnly(rf.Handler))) {
				if res, _ := send(t, enforced[proto].Client(), enforced[proto].URL, rf, method, ""); res.StatusCode != rf.Status {
					continue // the refusal does not happen over proto (HTTP/2 carries no Expect)
				}
				res, body := send(t, srv.Client(), srv.URL, rf, method, "")
				if res.StatusCode != http.StatusOK || len(body) == 0 {
					t.Errorf("%s: status %d, %q; want what the handler writes", proto, res.StatusCode, body)
				}
				for _, name := range rejectionHeaders {
					if v := res.Header.Values(name); len(v) > 0 {
						t.Errorf("%s: %s: %q sent for a rule in report-only mode", proto, name, v)
					}
				}
				if res.Close || res.Header.Get("Cache-Control") == "no-store" {
					t.Errorf("%s: Connection: close %v, Cache-Control %q", proto, res.Close, res.Header.Get("Cache-Control"))
				}
				mu.Lock()
				if seen.Problem != nil {
					t.Errorf("%s: Record saw the rejection %+v as enforced", proto, *seen.Problem)
				}
				if d := seen.ReportOnly; d == nil || d.Source != rf.Source || d.Status != rf.Status || !d.ReportOnly {
					t.Errorf("%s: Record saw the would-be rejection %+v, want %s's %d", proto, d, rf.Source, rf.Status)
				}
				seen = middleware.Outcome{}
				mu.Unlock()
			}
		})
	}
}

// newReportOnly returns problem.WithReportOnly for source, or the message
// it panicked with.
func newReportOnly(source string) (mw func(http.Handler) http.Handler, refused string) {
	defer func() {
		if v := recover(); v != nil {
			refused = fmt.Sprint(v)
		}
	}()
	return problem.WithReportOnly([]string{source}), ""
}

package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
)

// TestReportOnlyFraction enforces a rule for the requests the sampler puts
// below the fraction and reports it for the others, over a real server.
func TestReportOnlyFraction(t *testing.T) {
	t.Parallel()
	sampler := problem.ReportOnlySampler(func(r *http.Request) float64 {
		if r.Header.Get("X-Sample") == "low" {
			return 0.1
		}
		return 0.9
	})
	var reported []string
	record := middleware.Record(func(_ *http.Request, o *middleware.Outcome) {
		if o.ReportOnly != nil {
			reported = append(reported, o.ReportOnly.Source)
		}
	})
	gone := middleware.Gone([]middleware.GonePath{{Pattern: "/old", Successor: "/new"}})
	for _, tc := range []struct {
		name             string
		fraction         float64
		sample           string
		status           int
		link, reportedBy string
	}{
		{name: "report only", fraction: 0, sample: "low", status: 200, reportedBy: "middleware.Gone"},
		{name: "sampled in", fraction: 0.5, sample: "low", status: 410, link: `</new>; rel="successor-version"`},
		{name: "sampled out", fraction: 0.5, sample: "high", status: 200, reportedBy: "middleware.Gone"},
		{name: "enforced", fraction: 1, sample: "high", status: 410, link: `</new>; rel="successor-version"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reported = nil
			h := record(problem.WithReportOnly([]string{"middleware.Gone"}, problem.ReportOnlyEnforcing(tc.fraction), sampler)(gone(served)))
			srv := httptest.NewServer(h)
			defer srv.Close()
			req, err := http.NewRequest(http.MethodGet, srv.URL+"/old", nil)
			assert.NoError(t, err)
			req.Header.Set("X-Sample", tc.sample)
			res, err := srv.Client().Do(req)
			if !assert.NoError(t, err) {
				return
			}
			res.Body.Close()
			assert.Equal(t, tc.status, res.StatusCode)
			assert.Equal(t, tc.link, res.Header.Get("Link"))
			if tc.reportedBy == "" {
				assert.Empty(t, reported)
			} else {
				assert.Equal(t, []string{tc.reportedBy}, reported)
			}
		})
	}
}

// TestReportOnlyNested lets the innermost WithReportOnly listing a rule
// decide for it, and leaves rules it does not list alone.
func TestReportOnlyNested(t *testing.T) {
	t.Parallel()
	report := problem.WithReportOnly([]string{"middleware.Gone", "middleware.MaxURILength"})
	enforce := problem.WithReportOnly([]string{"middleware.Gone"}, problem.ReportOnlyEnforcing(1))
	gone := middleware.Gone([]middleware.GonePath{{Pattern: "/old"}})
	short := middleware.MaxURILength(8)
	for _, tc := range []struct {
		name   string
		h      http.Handler
		target string
		status int
	}{
		{"inner enforces Gone", report(enforce(gone(served))), "/old", 410},
		{"outer reports MaxURILength", report(enforce(short(served))), "/0123456789", 200},
		{"unlisted rule enforced", enforce(short(served)), "/0123456789", 414},
	} {
		w := httptest.NewRecorder()
		tc.h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, tc.target, nil))
		assert.Equal(t, tc.status, w.Code, tc.name)
	}
}

func TestWithReportOnlyPanics(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		sources []string
		opts    []problem.ReportOnlyOption
		msg     string
	}{
		{nil, nil, "problem: WithReportOnly: needs at least one source"},
		{[]string{"middleware.Authenticate"}, nil,
			"problem: WithReportOnly: middleware.Authenticate cannot run report-only: a request without valid credentials would reach the handler with no identity"},
		{[]string{"middleware.Gone", "middleware.Gone"}, nil, "problem: WithReportOnly: middleware.Gone is listed twice"},
		{[]string{"middleware.Gone"}, []problem.ReportOnlyOption{nil}, "problem: WithReportOnly: option 0 is nil"},
	} {
		assert.PanicsWithValue(t, tc.msg, func() { problem.WithReportOnly(tc.sources, tc.opts...) })
	}
	assert.PanicsWithValue(t, "problem: ReportOnlyEnforcing: the fraction 1.5 is not between 0 and 1", func() { problem.ReportOnlyEnforcing(1.5) })
	assert.PanicsWithValue(t, "problem: ReportOnlySampler: the function is nil", func() { problem.ReportOnlySampler(nil) })
	assert.Panics(t, func() { problem.WithReportOnly([]string{"middleware.Gonne"}) })
}

// BenchmarkReportOnly measures a rule (Gone) passing and refusing without
// WithReportOnly, and the cost report-only mode adds when it reports.
func BenchmarkReportOnly(b *testing.B) {
	gone := middleware.Gone([]middleware.GonePath{{Pattern: "/old"}})(served)
	reportOnly := problem.WithReportOnly([]string{"middleware.Gone"})(gone)
	enforcing := problem.WithReportOnly([]string{"middleware.Gone"}, problem.ReportOnlyEnforcing(1))(gone)
	benchMiddleware(b, []benchCase{
		{"pass", gone, httptest.NewRequest(http.MethodGet, "/items", nil)},
		{"refuse", gone, httptest.NewRequest(http.MethodGet, "/old", nil)},
		{"report-only/pass", reportOnly, httptest.NewRequest(http.MethodGet, "/items", nil)},
		{"report-only/report", reportOnly, httptest.NewRequest(http.MethodGet, "/old", nil)},
		{"enforcing/refuse", enforcing, httptest.NewRequest(http.MethodGet, "/old", nil)},
	})
}

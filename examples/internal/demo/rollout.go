package demo

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
	"github.com/fourxx/fourxx/ratelimit"
)

// live holds the rules an operator changes while the demo serves, through
// the admin endpoints: the blocklist of Forbid and the global rate limit.
type live struct {
	blocklist *middleware.ForbidRules
	global    *ratelimit.LivePolicy
	exempt    *ratelimit.ExemptNetworks
}

func newLive() *live {
	return &live{blocklist: middleware.NewForbidRules(blocklistRules(blocklist{
		CIDRs:      []string{"203.0.113.0/24"},
		UserAgents: []string{"BadBot/1.0"},
	})), global: ratelimit.NewLivePolicy(), exempt: ratelimit.NewExemptNetworks("10.0.0.0/8")}
}

// blocklist is the document of PUT /admin/blocklist.
type blocklist struct {
	CIDRs      []string `json:"cidrs"`
	UserAgents []string `json:"user_agents"`
}

// blocklistRules turns the document into Forbid's rules: one refusing the
// networks, one refusing the crawlers, and nothing else.
func blocklistRules(b blocklist) []middleware.AccessRule {
	rules := []middleware.AccessRule{}
	if len(b.CIDRs) > 0 {
		rules = append(rules, middleware.AccessRule{CIDRs: b.CIDRs, Reason: "Requests from this network are blocked after abuse."})
	}
	if len(b.UserAgents) > 0 {
		rules = append(rules, middleware.AccessRule{Headers: http.Header{"User-Agent": b.UserAgents}, Reason: "This crawler ignores robots.txt and is refused."})
	}
	if len(rules) == 0 { // an empty blocklist: one rule that lets everyone in
		rules = append(rules, middleware.AccessRule{Allow: true})
	}
	return rules
}

// putBlocklist replaces the blocklist for every request that follows:
// PUT /admin/blocklist {"cidrs":[...],"user_agents":[...]}.
func (l *live) putBlocklist(w http.ResponseWriter, r *http.Request) {
	var in blocklist
	if itemDecoder.Decode(w, r, &in) != nil {
		return
	}
	if err := l.blocklist.Set(blocklistRules(in)); err != nil {
		problem.Write(w, r, &problem.Details{Status: http.StatusUnprocessableEntity, Detail: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, in)
}

// globalLimit is the document of PUT /admin/limits.
type globalLimit struct {
	Rate  float64 `json:"rate"`
	Burst int     `json:"burst"`
}

// putLimits changes the global rate limit for every request that follows:
// PUT /admin/limits {"rate":20,"burst":40}.
func (l *live) putLimits(w http.ResponseWriter, r *http.Request) {
	var in globalLimit
	if itemDecoder.Decode(w, r, &in) != nil {
		return
	}
	if err := l.global.Set(rate.Limit(in.Rate), in.Burst); err != nil {
		problem.Write(w, r, &problem.Details{Status: http.StatusUnprocessableEntity, Detail: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, in)
}

// putExempt replaces the networks the global limit exempts:
// PUT /admin/exempt ["10.0.0.0/8","192.0.2.0/24"].
func (l *live) putExempt(w http.ResponseWriter, r *http.Request) {
	var in []string
	if itemDecoder.Decode(w, r, &in) != nil {
		return
	}
	if err := l.exempt.Set(in...); err != nil {
		problem.Write(w, r, &problem.Details{Status: http.StatusUnprocessableEntity, Detail: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, in)
}

// listCandidateLimit is a tighter limit on GET /items that the demo rolls
// out: report-only, it lets every request through and sends no RateLimit
// fields, and the access log shows the requests it would refuse
// (would_reject_by=ratelimit.Limit enforced=false).
func listCandidateLimit() chi.Middlewares {
	return chi.Middlewares{
		problem.WithReportOnly([]string{"ratelimit.Limit"}),
		ratelimit.Limit(1, 5, ratelimit.LimitName("list-candidate")),
	}
}

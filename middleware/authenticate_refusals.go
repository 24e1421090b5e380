package middleware

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/fourxx/fourxx/internal/lastrefusal"
	"github.com/fourxx/fourxx/problem"
)

// authRefusals are what the refusals of one Authenticate or
// ProxyAuthenticate repeat, built once: the explanations of its own, the
// challenge lines, and the last refusal sent without auth-params,
// prepared (problem.Prepare), so that a flood of requests without
// credentials, or with refused ones, shares its answer. Hooks and
// renderers must not modify a Details (problem.Hook).
type authRefusals struct {
	missing       string
	unknownScheme string
	notAccepted   []string // by scheme
	// challengeLines are the challenges, shared by every response: an
	// Add copies them rather than write into them.
	challengeLines []string
	// byStatus keep the last refusal of each status: the refused status
	// of the role, 400 and 403.
	byStatus [3]lastrefusal.Cache
}

// init builds the explanations and challenge lines of g.
func (a *authRefusals) init(g *authGate) {
	names := strings.Join(g.names, " or ")
	a.missing = fmt.Sprintf("This resource needs credentials; send %s with the scheme %s.", g.role.credentialsField, names)
	a.unknownScheme = fmt.Sprintf("The credentials use a scheme this resource does not accept; use %s.", names)
	for _, name := range g.names {
		a.notAccepted = append(a.notAccepted, fmt.Sprintf("The %s credentials were not accepted.", name))
	}
	a.challengeLines = g.challenges[:len(g.challenges):len(g.challenges)]
}

// setChallenges adds every challenge to field, after the lines already
// set, as Header.Add would.
func (a *authRefusals) setChallenges(h http.Header, field string) {
	if lines, set := h[field]; set {
		h[field] = append(lines, a.challengeLines...)
		return
	}
	h[field] = a.challengeLines
}

// of returns the refusal of g with status and detail, and no auth-params.
// The refusal of the last detail is kept per status (lastrefusal.Cache): a
// detail of a verifier's AuthError may share the memory of the request.
func (a *authRefusals) of(g *authGate, status int, detail string) *problem.Details {
	i := 0
	switch status {
	case http.StatusBadRequest:
		i = 1
	case http.StatusForbidden:
		i = 2
	}
	return a.byStatus[i].Of(detail, func(detail string) problem.Details {
		return problem.Details{
			Status:     status,
			Source:     g.source,
			Detail:     detail,
			Extensions: map[string]any{"schemes": g.names},
		}
	})
}

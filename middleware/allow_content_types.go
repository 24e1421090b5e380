package middleware

import (
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/fourxx/fourxx/internal/httpsyntax"
	"github.com/fourxx/fourxx/internal/lastrefusal"
	"github.com/fourxx/fourxx/problem"
)

// contentTypeRule is one entry of an AllowContentTypes list, parsed at
// construction: "type/subtype", "type/*", "type/*+suffix" or "*/*", with
// the parameters the request must carry.
type contentTypeRule struct {
	typ, sub string
	suffix   string // "+json" for "application/*+json"
	params   map[string]string
}

// matches reports whether a request media type with the given parameter
// text satisfies the rule. Type, subtype and parameter names compare
// case-insensitively, as do charset values; other values exactly.
func (c *contentTypeRule) matches(typ, sub, params string) bool {
	if c.typ != "*" && !strings.EqualFold(c.typ, typ) {
		return false
	}
	switch {
	case c.suffix != "":
		if len(sub) <= len(c.suffix) || !strings.EqualFold(sub[len(sub)-len(c.suffix):], c.suffix) {
			return false
		}
	case c.sub != "*" && !strings.EqualFold(c.sub, sub):
		return false
	}
	for name, want := range c.params {
		if !contentTypeHasParam(params, name, want) {
			return false
		}
	}
	return true
}

// contentTypeHasParam reports whether the parameter text carries name with
// the value want.
func contentTypeHasParam(params, name, want string) bool {
	for rest := params; httpsyntax.TrimOWS(rest) != ""; {
		var n, v string
		var ok bool
		if n, v, rest, ok = httpsyntax.NextMediaParam(rest); !ok {
			return false
		}
		if strings.EqualFold(n, name) {
			return httpsyntax.ParamValuesEqual(name, httpsyntax.UnquoteMediaValue(v), want)
		}
	}
	return false
}

// AllowContentTypes returns a middleware that answers 415 Unsupported Media
// Type (RFC 9110 §15.5.16) when a request with content has a Content-Type
// outside types. A request without content (Content-Length 0, or no body)
// passes whatever it declares; a request with content and no Content-Type
// is refused, as is one whose Content-Type cannot be parsed.
//
// Each entry is a media type as mime.ParseMediaType reads it: "type/subtype"
// matches that type whatever its parameters, "type/*" any subtype,
// "application/*+json" any subtype with that structured suffix (RFC 6838
// §4.2.8), "*/*" anything well-formed. Type and subtype compare
// case-insensitively (RFC 9110 §8.3.1). Parameters on an entry must be
// present in the request with the same value: "text/plain; charset=utf-8"
// accepts text/plain only in UTF-8 (charset values compare
// case-insensitively, others exactly).
//
// The 415 names the refused type in its member "content_type" (a string;
// "content_types", an array, when the request has several Content-Type
// fields), lists the entries in its "accepted" member and, for POST, in an
// Accept-Post field (W3C LDP §7.1) or, for PATCH, in Accept-Patch (RFC 5789
// §3.1), so a client can retry with a type the route reads. The pass path
// allocates nothing.
//
// It panics when types is empty or an entry is not a valid media type.
func AllowContentTypes(types ...string) func(http.Handler) http.Handler {
	if len(types) == 0 {
		panic("middleware: AllowContentTypes: needs at least one media type")
	}
	rules := make([]contentTypeRule, len(types))
	accepted := make([]string, len(types))
	for i, t := range types {
		mt, params, err := mime.ParseMediaType(t)
		typ, sub, _ := strings.Cut(mt, "/")
		if err != nil || sub == "" || (typ == "*" && sub != "*") {
			panic(fmt.Sprintf("middleware: AllowContentTypes: %q is not a media type or range", t))
		}
		rule := contentTypeRule{typ: typ, sub: sub, params: params}
		if prefix, suffix, found := strings.Cut(sub, "+"); found && prefix == "*" {
			rule.suffix = "+" + suffix
		}
		if strings.Contains(sub, "*") && rule.suffix == "" && sub != "*" {
			panic(fmt.Sprintf("middleware: AllowContentTypes: %q: a wildcard subtype is \"*\" or \"*+suffix\"", t))
		}
		rules[i] = rule
		accepted[i] = mime.FormatMediaType(mt, params)
	}
	acceptField := []string{strings.Join(accepted, ", ")}
	refusals := new(lastrefusal.Cache)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !requestHasContent(r) {
				next.ServeHTTP(w, r)
				return
			}
			ct := r.Header["Content-Type"]
			if len(ct) == 1 {
				if typ, sub, params, ok := httpsyntax.SplitMediaType(ct[0]); ok {
					for i := range rules {
						if rules[i].matches(typ, sub, params) {
							next.ServeHTTP(w, r)
							return
						}
					}
				}
			}
			if !rejectContentType(w, r, refusals, ct, accepted, acceptField) {
				next.ServeHTTP(w, r)
			}
		})
	}
}

// rejectContentType answers 415 for the Content-Type lines ct, and
// reports whether it did (not in report-only mode). The refusal of one
// line is kept in refusals; acceptField is the Accept-Post or
// Accept-Patch value, shared by every response.
func rejectContentType(w http.ResponseWriter, r *http.Request, refusals *lastrefusal.Cache, ct, accepted, acceptField []string) bool {
	acceptHeader := acceptField[0]
	build := func(contentType string) problem.Details {
		ext := map[string]any{"accepted": accepted}
		var detail string
		switch {
		case len(ct) == 0:
			detail = "The request has content but no Content-Type. Send it as one of: " + acceptHeader + "."
		case len(ct) > 1:
			detail = "The request has more than one Content-Type field. Send one, of: " + acceptHeader + "."
			ext["content_types"] = ct
		default:
			detail = fmt.Sprintf("This resource does not accept content of type %q. Send one of: %s.", contentType, acceptHeader)
			ext["content_type"] = contentType
		}
		return problem.Details{
			Status:     http.StatusUnsupportedMediaType,
			Source:     "middleware.AllowContentTypes",
			Detail:     detail,
			Extensions: ext,
		}
	}
	var d *problem.Details
	if len(ct) == 1 {
		d = refusals.Of(ct[0], build)
	} else {
		built := build("")
		d = &built
	}
	if !problem.Enforce(r, d) {
		return false
	}
	setAcceptPostPatch(w.Header(), r.Method, acceptField)
	problem.Write(w, r, d)
	return true
}

package middleware

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"

	"golang.org/x/text/language"

	"github.com/fourxx/fourxx/internal/httpsyntax"
	"github.com/fourxx/fourxx/problem"
)

// Negotiated holds the representation [Negotiate] chose for a request by
// proactive negotiation (RFC 9110 §12.1): one of the offered media types,
// and the offered language and charset when the route offers any (empty
// otherwise). Send them as Content-Type and Content-Language (§8.3, §8.5).
type Negotiated struct {
	// MediaType is the chosen media type, one of the offers given to
	// Negotiate (RFC 9110 §12.5.1).
	MediaType string
	// Language is the chosen language tag, one of NegotiateLanguages
	// (RFC 9110 §12.5.4), or empty when the route offers no languages.
	Language string
	// Charset is the chosen charset, one of NegotiateCharsets (RFC 9110
	// §12.5.2), or empty when the route offers no charsets.
	Charset string
}

type negotiatedKey struct{}

// NegotiatedFrom returns the choice [Negotiate] made (RFC 9110 §12.1) for
// the request whose context is ctx, and false when no Negotiate ran for it.
func NegotiatedFrom(ctx context.Context) (Negotiated, bool) {
	n, ok := ctx.Value(negotiatedKey{}).(*Negotiated)
	if !ok {
		return Negotiated{}, false
	}
	return *n, true
}

// NegotiateOption configures [Negotiate]: the further dimensions of
// RFC 9110 §12.5 it negotiates, and whether it answers 406 (§15.5.7).
type NegotiateOption func(*negotiateConfig)

type negotiateConfig struct {
	languages []string
	charsets  []string
	strict    bool
}

// NegotiateLanguages makes [Negotiate] choose among these language tags
// (BCP 47, the first is the default) by the request's Accept-Language
// (RFC 9110 §12.5.4), matched with golang.org/x/text/language.
// It panics when no tag is given.
func NegotiateLanguages(tags ...string) NegotiateOption {
	if len(tags) == 0 {
		panic("middleware: NegotiateLanguages: needs at least one language tag")
	}
	return func(c *negotiateConfig) { c.languages = tags }
}

// NegotiateCharsets makes [Negotiate] choose among these charsets (the
// first is the default) by the request's Accept-Charset (RFC 9110 §12.5.2).
// It panics when no charset is given.
func NegotiateCharsets(charsets ...string) NegotiateOption {
	if len(charsets) == 0 {
		panic("middleware: NegotiateCharsets: needs at least one charset")
	}
	return func(c *negotiateConfig) { c.charsets = charsets }
}

// NegotiateStrictly makes [Negotiate] answer 406 Not Acceptable (RFC 9110
// §15.5.7) when the request accepts none of the offers in some dimension,
// instead of serving the default.
func NegotiateStrictly() NegotiateOption {
	return func(c *negotiateConfig) { c.strict = true }
}

// Negotiate returns a middleware for proactive content negotiation (RFC 9110
// §12.1): the route offers mediaTypes (the first is its default) and, with
// options, languages and charsets. For each dimension it reads the request's
// Accept, Accept-Language or Accept-Charset field, weighs every offer by the
// most specific range that matches it (RFC 9110 §12.5.1: "text/html;level=1"
// over "text/html" over "text/*" over "*/*") and picks the offer with the
// highest weight, the earlier offer on a tie. The parameter q is the weight
// wherever it stands, and every other parameter narrows the range
// ("text/plain;q=0.5;format=flowed" does not match "text/plain"). A range
// with q=0 makes an offer not acceptable (§12.4.2). Elements that cannot
// be parsed, such as "q=1.0001" or "q=NaN", are ignored, and a field
// without a valid element counts as absent: any offer is acceptable and
// the default is chosen.
//
// The handler finds the choice with [NegotiatedFrom] and should send it as
// Content-Type and Content-Language. Negotiate adds a Vary field naming
// every request field it consulted (RFC 9110 §12.5.5), on every response.
//
// When the request accepts no offer of some dimension, the default is
// served, as RFC 9110 §15.5.7 allows; with [NegotiateStrictly] the answer is
// 406 listing the offers in "media_types", "languages" and "charsets".
//
// At most 32 Accept-Language ranges are considered. A request that passes
// costs two allocations (r.WithContext and the choice in its context), plus
// the parsing of Accept-Language by golang.org/x/text/language. The Vary
// line is shared between responses: change it with Header.Set or Add, never
// by writing into the slice.
//
// It panics when mediaTypes is empty or an offer is invalid: a media range
// such as "text/*", an unparseable language tag or a charset not a token.
func Negotiate(mediaTypes []string, opts ...NegotiateOption) func(http.Handler) http.Handler {
	var cfg negotiateConfig
	applyOptions("Negotiate", &cfg, opts)
	// Evaluation is linear in the length of the fields for a fixed list of
	// offers. Every possible choice is computed here; the language matcher
	// of each subset of offers that q=0 ranges can leave is built once, on
	// first use (for up to 8 language offers; with more, per request).
	n := newNegotiator(mediaTypes, cfg)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.vary.addTo(w.Header())
			choice, failed := n.choose(r)
			if failed != "" && n.strict && n.reject(w, r, failed) {
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), negotiatedKey{}, choice)))
		})
	}
}

// negotiator holds a route's offers, parsed at construction.
type negotiator struct {
	mediaTypes []string
	media      []httpsyntax.MediaOffer
	languages  []string
	langTags   []language.Tag
	matcher    language.Matcher
	// subsetMatchers caches, by bit mask of the offers left, the matchers
	// of requests that exclude offers (q=0); nil with more than
	// negotiateMaxCachedSubsets offers.
	subsetMatchers []atomic.Pointer[language.Matcher]
	charsets       []string
	strict         bool
	// vary names every request field consulted.
	vary gateVary
	// choices holds every possible Negotiated value, indexed by
	// (media*len(languages) + language)*len(charsets) + charset, so a
	// request's choice is a pointer into it and costs no allocation.
	choices []Negotiated
	// available lists the offers for the 406 body.
	available map[string]any
	// refusals are the 406s naming Accept, Accept-Language and
	// Accept-Charset, prepared (problem.Prepare).
	refusals [3]*problem.Details
}

// newNegotiator validates and parses the offers.
func newNegotiator(mediaTypes []string, cfg negotiateConfig) *negotiator {
	if len(mediaTypes) == 0 {
		panic("middleware: Negotiate: needs at least one media type")
	}
	mediaTypes = slices.Clone(mediaTypes)
	cfg.languages, cfg.charsets = slices.Clone(cfg.languages), slices.Clone(cfg.charsets)
	n := &negotiator{mediaTypes: mediaTypes, strict: cfg.strict, available: map[string]any{"media_types": mediaTypes}}
	vary := []string{"Accept"}
	for _, t := range mediaTypes {
		offer, ok := httpsyntax.ParseMediaOffer(t)
		if !ok {
			panic(fmt.Sprintf("middleware: Negotiate: %q is not a media type", t))
		}
		n.media = append(n.media, offer)
	}
	if len(cfg.languages) > 0 {
		for _, l := range cfg.languages {
			tag, err := language.Parse(l)
			if err != nil {
				panic(fmt.Sprintf("middleware: Negotiate: %q is not a language tag: %v", l, err))
			}
			n.langTags = append(n.langTags, tag)
		}
		n.languages = cfg.languages
		n.matcher = language.NewMatcher(n.langTags)
		if len(n.langTags) <= negotiateMaxCachedSubsets {
			n.subsetMatchers = make([]atomic.Pointer[language.Matcher], 1<<len(n.langTags))
		}
		vary = append(vary, "Accept-Language")
		n.available["languages"] = cfg.languages
	}
	if len(cfg.charsets) > 0 {
		for _, c := range cfg.charsets {
			if !httpsyntax.IsToken(c) || c == "*" {
				panic(fmt.Sprintf("middleware: Negotiate: %q is not a charset", c))
			}
		}
		n.charsets = cfg.charsets
		vary = append(vary, "Accept-Charset")
		n.available["charsets"] = cfg.charsets
	}
	n.vary = newGateVary(vary)
	for i, f := range [...]struct {
		field  string
		offers []string
	}{{"Accept", n.mediaTypes}, {"Accept-Language", n.languages}, {"Accept-Charset", n.charsets}} {
		n.refusals[i] = problem.Prepare(problem.Details{
			Status: http.StatusNotAcceptable,
			Source: "middleware.Negotiate",
			Detail: fmt.Sprintf("The request's %s field accepts none of what this resource offers: %s. Accept one of them.",
				f.field, strings.Join(f.offers, ", ")),
			Extensions: n.available,
		})
	}
	languages, charsets := max(len(n.languages), 1), max(len(n.charsets), 1)
	n.choices = make([]Negotiated, len(n.media)*languages*charsets)
	for m := range n.media {
		for l := range languages {
			for c := range charsets {
				choice := &n.choices[(m*languages+l)*charsets+c]
				choice.MediaType = n.mediaTypes[m]
				if n.languages != nil {
					choice.Language = n.languages[l]
				}
				if n.charsets != nil {
					choice.Charset = n.charsets[c]
				}
			}
		}
	}
	return n
}

// choose negotiates every dimension. failed names the first request field
// that accepts none of the offers, or is empty; the choice then holds the
// default for that dimension.
func (n *negotiator) choose(r *http.Request) (choice *Negotiated, failed string) {
	m, ok := httpsyntax.ChooseMediaType(n.media, r.Header["Accept"])
	if !ok {
		failed = "Accept"
	}
	l, c := 0, 0
	if n.languages != nil {
		l, ok = n.chooseLanguage(r.Header["Accept-Language"])
		if !ok && failed == "" {
			failed = "Accept-Language"
		}
	}
	if n.charsets != nil {
		c, ok = httpsyntax.ChooseCharset(n.charsets, r.Header["Accept-Charset"])
		if !ok && failed == "" {
			failed = "Accept-Charset"
		}
	}
	languages, charsets := max(len(n.languages), 1), max(len(n.charsets), 1)
	return &n.choices[(m*languages+l)*charsets+c], failed
}

// reject answers 406 for the field that accepts no offer, and reports
// whether it did: in report-only mode the request is served the choice
// made, as without NegotiateStrictly.
func (n *negotiator) reject(w http.ResponseWriter, r *http.Request, field string) bool {
	var d *problem.Details
	switch field {
	case "Accept":
		d = n.refusals[0]
	case "Accept-Language":
		d = n.refusals[1]
	default:
		d = n.refusals[2]
	}
	if !problem.Enforce(r, d) {
		return false
	}
	problem.Write(w, r, d)
	return true
}

package middleware

import (
	"fmt"
	"maps"
	"net/http"
	"strings"

	"github.com/fourxx/fourxx/internal/cachecontrol"
	"github.com/fourxx/fourxx/internal/httpsyntax"
	"github.com/fourxx/fourxx/problem"
)

// LegalBlock is one legal demand that [LegalBlocks] enforces with 451
// Unavailable For Legal Reasons (RFC 7725 §3).
type LegalBlock struct {
	// Pattern is a chi route pattern matched against the whole decoded
	// request path: an exact path, a prefix ("/books/banned/*") or a pattern with
	// parameters.
	Pattern string
	// Regions limits the block to requests from these regions, as the
	// function given with [LegalBlocksRegion] names them (such as ISO 3166-1
	// codes), compared case-insensitively. Empty blocks everywhere.
	Regions []string
	// BlockedBy is the URI of the entity that implements the block, sent
	// as Link: <BlockedBy>; rel="blocked-by" (RFC 7725 §4) and as the
	// member "blocked_by". Required.
	BlockedBy string
	// Demand describes the legal demand: who made it and under which law
	// (RFC 7725 §3). Required; it is the explanation sent.
	Demand string
}

// LegalBlocksOption configures [LegalBlocks] (RFC 7725).
type LegalBlocksOption func(*legalBlockConfig)

type legalBlockConfig struct {
	region  func(*http.Request) string
	vary    gateVary
	private bool
	live    *LegalBlockList
}

// LegalBlocksRegion gives [LegalBlocks] the region a request comes from, for
// blocks with Regions (RFC 7725 §3 lets a block apply to some
// jurisdictions only), such as a country found from the client address.
// It is called only for requests whose path matches a block limited to
// regions. For a region a trusted proxy or CDN sends in a header, use
// [LegalBlocksRegionHeader] instead, which declares it in Vary; for one found
// from the address, add [LegalBlocksPrivate].
func LegalBlocksRegion(region func(r *http.Request) string) LegalBlocksOption {
	if region == nil {
		panic("middleware: LegalBlocksRegion: the function is nil")
	}
	return func(c *legalBlockConfig) { c.region, c.vary = region, gateVary{} }
}

// LegalBlocksRegionHeader gives [LegalBlocks] the region of a request as the
// value of the header field name, such as the country code a trusted CDN
// sets (Cloudflare's CF-IPCountry). Every response on a path whose blocks
// consult the region, passed on or 451, names the field in Vary (RFC 9110
// §12.5.5). It panics when name is not a field name.
func LegalBlocksRegionHeader(name string) LegalBlocksOption {
	if !httpsyntax.IsToken(name) {
		panic(fmt.Sprintf("middleware: LegalBlocksRegionHeader: %q is not a header field name", name))
	}
	name = http.CanonicalHeaderKey(name)
	vary := newGateVary([]string{name})
	region := func(r *http.Request) string { return r.Header.Get(name) }
	return func(c *legalBlockConfig) { c.region, c.vary = region, vary }
}

// LegalBlocksPrivate makes [LegalBlocks] mark the responses it passes on,
// on paths whose blocks consult the region, Cache-Control: private
// (RFC 9111 §5.2.2.7): a region found from the client address, also one
// a CDN adds as a field, has no field in the client's request to name in
// Vary. A handler that sets its own Cache-Control must keep private in it.
func LegalBlocksPrivate() LegalBlocksOption {
	return func(c *legalBlockConfig) { c.private = true }
}

// LegalBlocks returns a middleware that answers 451 Unavailable For Legal
// Reasons (RFC 7725 §3) to requests for the blocked paths, with Link:
// <…>; rel="blocked-by" (RFC 7725 §4) and the legal demand as
// explanation. For one pattern, blocks are tried in the order given and
// the first whose Regions include the request's region (or that has no
// Regions) answers. A region-limited 451 carries Cache-Control: private,
// since a shared cache must not serve it to other regions. Responses on
// such paths that pass vary by region as well: [LegalBlocksRegionHeader] names
// the field in Vary, [LegalBlocksPrivate] marks them private; as with
// [Forbid], these values are shared between responses. A request that
// passes allocates nothing of its own.
//
// It panics when blocks is empty, a pattern is invalid for chi, BlockedBy is
// not a URI reference, Demand is empty, or a block has Regions and neither
// [LegalBlocksRegion] nor [LegalBlocksRegionHeader] is given; with [LegalBlocksFrom],
// when blocks is not nil.
func LegalBlocks(blocks []LegalBlock, opts ...LegalBlocksOption) func(http.Handler) http.Handler {
	var cfg legalBlockConfig
	applyOptions("LegalBlocks", &cfg, opts)
	if cfg.region == nil {
		for _, b := range blocks {
			if len(b.Regions) > 0 {
				panic(fmt.Sprintf("middleware: LegalBlocks: pattern %q has Regions; give LegalBlocksRegion or LegalBlocksRegionHeader", b.Pattern))
			}
		}
	}
	live := cfg.live
	switch {
	case live == nil:
		live = NewLegalBlockList(blocks)
	case blocks != nil:
		panic("middleware: LegalBlocks: blocks are given both directly and with LegalBlocksFrom")
	case cfg.region == nil:
		live.regionless.Store(true)
		if live.set.Load().regions {
			panic("middleware: LegalBlocks: a block has Regions; give LegalBlocksRegion or LegalBlocksRegionHeader")
		}
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			set := live.set.Load()
			candidates := set.byPattern[set.match.find(r)]
			region, regionKnown := "", false
			for _, e := range candidates {
				d := e.details
				if len(e.regions) > 0 {
					if !regionKnown {
						region, regionKnown = cfg.region(r), true
						cfg.vary.addTo(w.Header())
					}
					if d = e.regional(region); d == nil {
						continue
					}
				}
				if !problem.Enforce(r, d) {
					break
				}
				if len(e.regions) > 0 {
					cachecontrol.MarkPrivate(w.Header())
				}
				addLink(w.Header(), e.link)
				problem.Write(w, r, d)
				return
			}
			if regionKnown && cfg.private {
				cachecontrol.MarkPrivate(w.Header())
			}
			next.ServeHTTP(w, r)
		})
	}
}

// legalBlockEntry is the precomputed answer for one LegalBlock: its
// Link field value and its 451, prepared, without regions or for each
// of its regions, which the member "region" names.
type legalBlockEntry struct {
	regions  []string
	link     []string
	details  *problem.Details
	byRegion []*problem.Details
	base     problem.Details // the 451 without the member "region"
}

// regional returns the 451 for a request from region, or nil when region
// is none of e's regions. A region spelled otherwise than in the block
// (another case) gets a 451 built for it, which names it as it came.
func (e *legalBlockEntry) regional(region string) *problem.Details {
	for i, r := range e.regions {
		if !strings.EqualFold(r, region) {
			continue
		}
		if r == region {
			return e.byRegion[i]
		}
		d := e.base
		d.Extensions = maps.Clone(d.Extensions)
		d.Extensions["region"] = region
		return &d
	}
	return nil
}

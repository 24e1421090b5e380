package middleware

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/fourxx/fourxx/problem"
)

// LegalBlockList holds the blocks of one or more [LegalBlocks]
// middlewares, given with [LegalBlocksFrom], so that they can be replaced
// while serving, as legal demands arrive or lapse. Each request is matched
// against the whole old list or the whole new one, never a mix; reading
// the current list takes no lock and allocates nothing.
type LegalBlockList struct {
	set atomic.Pointer[legalBlockSet]
	// regionless is set once a LegalBlocks without a region function
	// uses the list, which may then hold no block with Regions.
	regionless atomic.Bool
}

// legalBlockSet is one compiled, immutable list of blocks.
type legalBlockSet struct {
	byPattern map[string][]legalBlockEntry
	match     *gatePatterns
	regions   bool // some block has Regions
}

// NewLegalBlockList returns the blocks for [LegalBlocksFrom], starting
// with blocks. It panics where [LegalBlocks] does on blocks.
func NewLegalBlockList(blocks []LegalBlock) *LegalBlockList {
	l := &LegalBlockList{}
	l.set.Store(compileLegalBlockSet(blocks))
	return l
}

// Set replaces the blocks, for every request that starts after it returns.
// It returns the error [LegalBlocks] would panic with on invalid blocks,
// also for a block with Regions when a LegalBlocks using the list has no
// region function, and then keeps the blocks it had. It is safe to call
// while serving.
func (l *LegalBlockList) Set(blocks []LegalBlock) error {
	set, err := compileLive(func() *legalBlockSet { return compileLegalBlockSet(blocks) })
	if err != nil {
		return err
	}
	if set.regions && l.regionless.Load() {
		return fmt.Errorf("middleware: LegalBlocks: a block has Regions; give LegalBlocksRegion or LegalBlocksRegionHeader")
	}
	l.set.Store(set)
	return nil
}

// LegalBlocksFrom makes [LegalBlocks] answer for the current blocks of
// live instead of a fixed list; LegalBlocks' blocks must then be nil. It
// panics when live is nil.
func LegalBlocksFrom(live *LegalBlockList) LegalBlocksOption {
	if live == nil {
		panic("middleware: LegalBlocksFrom: the list is nil")
	}
	return func(c *legalBlockConfig) { c.live = live }
}

// compileLegalBlockSet compiles blocks; it panics on invalid blocks.
func compileLegalBlockSet(blocks []LegalBlock) *legalBlockSet {
	if len(blocks) == 0 {
		panic("middleware: LegalBlocks: needs at least one LegalBlock")
	}
	s := &legalBlockSet{byPattern: make(map[string][]legalBlockEntry)}
	var patterns []string
	for _, b := range blocks {
		if strings.TrimSpace(b.Demand) == "" {
			panic(fmt.Sprintf("middleware: LegalBlocks: pattern %q has no Demand (RFC 7725 §3)", b.Pattern))
		}
		s.regions = s.regions || len(b.Regions) > 0
		e := legalBlockEntry{
			regions: slices.Clone(b.Regions),
			link:    []string{gateLinkValue("LegalBlocks", b.BlockedBy, "blocked-by")},
			base: problem.Details{
				Status:     http.StatusUnavailableForLegalReasons,
				Source:     "middleware.LegalBlocks",
				Detail:     b.Demand,
				Extensions: map[string]any{"blocked_by": b.BlockedBy},
			},
		}
		if len(b.Regions) == 0 {
			e.details = problem.Prepare(e.base)
		}
		for _, region := range b.Regions {
			d := e.base
			d.Extensions = map[string]any{"blocked_by": b.BlockedBy, "region": region}
			e.byRegion = append(e.byRegion, problem.Prepare(d))
		}
		if _, seen := s.byPattern[b.Pattern]; !seen {
			patterns = append(patterns, b.Pattern)
		}
		s.byPattern[b.Pattern] = append(s.byPattern[b.Pattern], e)
	}
	s.match = newGatePatterns("LegalBlocks", patterns)
	return s
}

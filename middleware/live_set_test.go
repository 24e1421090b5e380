package middleware_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
)

// swapUnderLoad serves h over HTTP/1.1 and HTTP/2 while swap replaces its
// data at least 2000 times, and calls check with the status and problem
// detail of each response to the targets, from several clients at once.
func swapUnderLoad(t *testing.T, h http.Handler, swap func(i int) error, targets []string, check func(target string, status int, detail string) error) {
	t.Helper()
	for proto, srv := range testserver.Servers(t, h) {
		var done atomic.Bool
		swapped := make(chan int)
		go func() {
			i := 0
			for ; i < 2000 || !done.Load(); i++ {
				if err := swap(i); err != nil {
					t.Error(err)
					break
				}
			}
			swapped <- i
		}()
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for c := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := range 100 {
					target := targets[(c+n)%len(targets)]
					res, err := srv.Client().Get(srv.URL + target)
					if err != nil {
						errs <- err
						return
					}
					body, _ := io.ReadAll(res.Body)
					res.Body.Close()
					var d problem.Details
					if res.StatusCode != http.StatusOK {
						_ = json.Unmarshal(body, &d)
					}
					if err := check(target, res.StatusCode, d.Detail); err != nil {
						errs <- fmt.Errorf("%s %s: %w", proto, target, err)
						return
					}
				}
			}()
		}
		wg.Wait()
		done.Store(true)
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		assert.GreaterOrEqual(t, <-swapped, 2000, proto)
	}
}

// TestForbidRulesSwap replaces a Forbid's rules under load: set A allows
// /a and refuses the rest with reason A, set B allows /b and refuses the
// rest with reason B. A request decided by rules of both sets would show
// as /b refused with reason B (or /a with A).
func TestForbidRulesSwap(t *testing.T) {
	t.Parallel()
	sets := [][]middleware.AccessRule{
		{{Allow: true, PathPrefixes: []string{"/a"}}, {Reason: "A"}},
		{{Allow: true, PathPrefixes: []string{"/b"}}, {Reason: "B"}},
	}
	live := middleware.NewForbidRules(sets[0])
	h := middleware.Forbid(nil, middleware.ForbidRulesFrom(live))(served)
	swapUnderLoad(t, h, func(i int) error { return live.Set(sets[i%2]) }, []string{"/a", "/b"},
		func(target string, status int, detail string) error {
			switch {
			case status == http.StatusOK:
			case status == http.StatusForbidden && target == "/a" && detail == "B":
			case status == http.StatusForbidden && target == "/b" && detail == "A":
			default:
				return fmt.Errorf("%d %q matches neither set", status, detail)
			}
			return nil
		})
}

// TestGonePathsSwap replaces a Gone's paths under load: set A has /x/* and
// set B has /x/{id} and /y. A request matched with the patterns of A and
// the answers of B would pass /x/1.
func TestGonePathsSwap(t *testing.T) {
	t.Parallel()
	sets := [][]middleware.GonePath{
		{{Pattern: "/x/*", Detail: "A"}},
		{{Pattern: "/x/{id}", Detail: "B"}, {Pattern: "/y", Detail: "B"}},
	}
	live := middleware.NewGonePaths(sets[0])
	h := middleware.Gone(nil, middleware.GonePathsFrom(live))(served)
	swapUnderLoad(t, h, func(i int) error { return live.Set(sets[i%2]) }, []string{"/x/1", "/y"},
		func(target string, status int, detail string) error {
			switch {
			case target == "/x/1" && status == http.StatusGone && (detail == "A" || detail == "B"):
			case target == "/y" && (status == http.StatusOK || status == http.StatusGone && detail == "B"):
			default:
				return fmt.Errorf("%d %q matches neither set", status, detail)
			}
			return nil
		})
}

func TestLiveSetErrors(t *testing.T) {
	t.Parallel()
	rules := middleware.NewForbidRules([]middleware.AccessRule{{Reason: "old"}})
	require.EqualError(t, rules.Set([]middleware.AccessRule{{CIDRs: []string{"10.0.0.0/33"}}}),
		`middleware: Forbid: rule 0: "10.0.0.0/33" is neither a CIDR prefix nor an IP address`)
	require.EqualError(t, rules.Set(nil), "middleware: Forbid: needs at least one AccessRule")
	paths := middleware.NewGonePaths([]middleware.GonePath{{Pattern: "/old"}})
	require.EqualError(t, paths.Set([]middleware.GonePath{{Pattern: "/a"}, {Pattern: "/a"}}),
		`middleware: Gone: pattern "/a" is listed twice`)

	// A failed Set keeps the rules in force.
	h := middleware.Forbid(nil, middleware.ForbidRulesFrom(rules))(served)
	srv := testserver.Start(t, h)
	res, err := srv.Client().Get(srv.URL + "/")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusForbidden, res.StatusCode)

	assert.PanicsWithValue(t, "middleware: Forbid: rules are given both directly and with ForbidRulesFrom", func() {
		middleware.Forbid([]middleware.AccessRule{{}}, middleware.ForbidRulesFrom(rules))
	})
	assert.PanicsWithValue(t, "middleware: Gone: paths are given both directly and with GonePathsFrom", func() {
		middleware.Gone([]middleware.GonePath{{Pattern: "/a"}}, middleware.GonePathsFrom(paths))
	})
	assert.PanicsWithValue(t, "middleware: ForbidRulesFrom: the rules are nil", func() { middleware.ForbidRulesFrom(nil) })
	assert.PanicsWithValue(t, "middleware: GonePathsFrom: the paths are nil", func() { middleware.GonePathsFrom(nil) })
	assert.PanicsWithValue(t, "middleware: Forbid: option 0 is nil", func() { middleware.Forbid(nil, nil) })
	assert.PanicsWithValue(t, "middleware: Gone: option 0 is nil", func() { middleware.Gone(nil, nil) })
}

// TestLegalBlockListSwap replaces a LegalBlocks' list under load, as
// TestGonePathsSwap does Gone's paths.
func TestLegalBlockListSwap(t *testing.T) {
	t.Parallel()
	sets := [][]middleware.LegalBlock{
		{{Pattern: "/x/*", BlockedBy: "https://example.com/a", Demand: "A"}},
		{{Pattern: "/x/{id}", BlockedBy: "https://example.com/b", Demand: "B"}, {Pattern: "/y", BlockedBy: "https://example.com/b", Demand: "B"}},
	}
	live := middleware.NewLegalBlockList(sets[0])
	h := middleware.LegalBlocks(nil, middleware.LegalBlocksFrom(live))(served)
	swapUnderLoad(t, h, func(i int) error { return live.Set(sets[i%2]) }, []string{"/x/1", "/y"},
		func(target string, status int, detail string) error {
			switch {
			case target == "/x/1" && status == http.StatusUnavailableForLegalReasons && (detail == "A" || detail == "B"):
			case target == "/y" && (status == http.StatusOK || status == http.StatusUnavailableForLegalReasons && detail == "B"):
			default:
				return fmt.Errorf("%d %q matches neither set", status, detail)
			}
			return nil
		})
}

func TestLegalBlockListErrors(t *testing.T) {
	t.Parallel()
	list := middleware.NewLegalBlockList([]middleware.LegalBlock{{Pattern: "/a", BlockedBy: "https://example.com", Demand: "A"}})
	middleware.LegalBlocks(nil, middleware.LegalBlocksFrom(list))
	require.EqualError(t, list.Set([]middleware.LegalBlock{{Pattern: "/a", BlockedBy: "https://example.com", Demand: "A", Regions: []string{"DE"}}}),
		"middleware: LegalBlocks: a block has Regions; give LegalBlocksRegion or LegalBlocksRegionHeader")
	require.EqualError(t, list.Set([]middleware.LegalBlock{{Pattern: "/a", BlockedBy: "https://example.com"}}),
		`middleware: LegalBlocks: pattern "/a" has no Demand (RFC 7725 §3)`)
	regional := middleware.NewLegalBlockList([]middleware.LegalBlock{{Pattern: "/a", BlockedBy: "https://example.com", Demand: "A", Regions: []string{"DE"}}})
	assert.PanicsWithValue(t, "middleware: LegalBlocks: a block has Regions; give LegalBlocksRegion or LegalBlocksRegionHeader", func() {
		middleware.LegalBlocks(nil, middleware.LegalBlocksFrom(regional))
	})
	middleware.LegalBlocks(nil, middleware.LegalBlocksFrom(regional), middleware.LegalBlocksRegionHeader("CF-IPCountry"))
	assert.PanicsWithValue(t, "middleware: LegalBlocks: blocks are given both directly and with LegalBlocksFrom", func() {
		middleware.LegalBlocks([]middleware.LegalBlock{{Pattern: "/b", BlockedBy: "https://example.com", Demand: "B"}}, middleware.LegalBlocksFrom(list))
	})
	assert.PanicsWithValue(t, "middleware: LegalBlocksFrom: the list is nil", func() { middleware.LegalBlocksFrom(nil) })
}

package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

// presetHeader returns a middleware that sets a response field before the
// gate runs, as an outer middleware would.
func presetHeader(name, value string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if value != "" {
				w.Header().Set(name, value)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// TestForbidVary checks that responses Forbid passes and its 403s name in
// Vary the header fields of the rules it asked, once each.
func TestForbidVary(t *testing.T) {
	t.Parallel()
	rules := []middleware.AccessRule{
		{Headers: http.Header{"User-Agent": {"BadBot/1.0"}}, Reason: "Bots are refused."},
		{PathPrefixes: []string{"/admin/"}, Headers: http.Header{"X-Debug": nil, "X-Trace": nil}},
		{CIDRs: []string{"203.0.113.0/24"}},
	}
	tests := []struct {
		name, path, preset string
		headers            []string
		status             int
		vary               []string
	}{
		{"pass", "/", "", []string{"User-Agent: curl/8"}, 200, []string{"User-Agent"}},
		{"pass, a second rule asked", "/admin/x", "", []string{"User-Agent: curl/8", "X-Debug: 1"}, 200, []string{"User-Agent, X-Debug, X-Trace"}},
		{"refused", "/", "", []string{"User-Agent: BadBot/1.0"}, 403, []string{"User-Agent", "Accept"}},
		{"refused by the second rule", "/admin/x", "", []string{"X-Debug: 1", "X-Trace: 1"}, 403, []string{"User-Agent, X-Debug, X-Trace", "Accept"}},
		{"already named", "/", "Accept, user-agent", nil, 200, []string{"Accept, user-agent"}},
		{"partly named", "/admin/x", "X-Debug", nil, 200, []string{"X-Debug", "User-Agent", "X-Trace"}},
		{"star", "/", "*", nil, 200, []string{"*"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testserver.Start(t, presetHeader("Vary", tt.preset)(middleware.Forbid(rules)(echo)))
			res := testserver.Raw(t, srv, testserver.Request("GET "+tt.path+" HTTP/1.1", append([]string{"Host: x"}, tt.headers...), ""))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			assert.Equal(t, tt.vary, res.Header.Values("Vary"))
		})
	}

	t.Run("more header rules than sets are precomputed for", func(t *testing.T) {
		var many []middleware.AccessRule
		var names []string
		for i := range 10 {
			name := fmt.Sprintf("X-Rule-%d", i)
			many = append(many, middleware.AccessRule{Headers: http.Header{name: {"refuse"}}})
			names = append(names, name)
		}
		srv := testserver.Start(t, middleware.Forbid(many)(echo))
		res := testserver.Raw(t, srv, testserver.Request("GET / HTTP/1.1", []string{"Host: x"}, ""))
		require.Equal(t, http.StatusOK, res.Status)
		assert.Equal(t, []string{strings.Join(names, ", ")}, res.Header.Values("Vary"))
		res = testserver.Raw(t, srv, testserver.Request("GET / HTTP/1.1", []string{"Host: x", "X-Rule-9: refuse"}, ""))
		require.Equal(t, http.StatusForbidden, res.Status)
		assert.Equal(t, []string{strings.Join(names, ", "), "Accept"}, res.Header.Values("Vary"))
	})

	t.Run("no header rules", func(t *testing.T) {
		srv := testserver.Start(t, middleware.Forbid([]middleware.AccessRule{{CIDRs: []string{"203.0.113.0/24"}}})(echo))
		res := testserver.Raw(t, srv, testserver.Request("GET / HTTP/1.1", []string{"Host: x"}, ""))
		require.Equal(t, http.StatusOK, res.Status)
		assert.Empty(t, res.Header.Values("Vary"))
	})
}

// TestForbidPrivate checks that ForbidPrivate marks passing responses
// private, keeping a Cache-Control already set.
func TestForbidPrivate(t *testing.T) {
	t.Parallel()
	rules := []middleware.AccessRule{{Allow: true, CIDRs: []string{"127.0.0.0/8"}}, {}}
	for _, tt := range []struct {
		name, preset string
		opts         []middleware.ForbidOption
		want         []string
	}{
		{"private", "", []middleware.ForbidOption{middleware.ForbidPrivate()}, []string{"private"}},
		{"added to a Cache-Control", "max-age=60", []middleware.ForbidOption{middleware.ForbidPrivate()}, []string{"max-age=60", "private"}},
		{"already private", "private, max-age=60", []middleware.ForbidOption{middleware.ForbidPrivate()}, []string{"private, max-age=60"}},
		{"no-store is stricter", "no-store", []middleware.ForbidOption{middleware.ForbidPrivate()}, []string{"no-store"}},
		{"qualified private is not private", `private="Set-Cookie"`, []middleware.ForbidOption{middleware.ForbidPrivate()}, []string{`private="Set-Cookie"`, "private"}},
		{"without the option", "", nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := testserver.Start(t, presetHeader("Cache-Control", tt.preset)(middleware.Forbid(rules, tt.opts...)(echo)))
			res := testserver.Raw(t, srv, testserver.Request("GET / HTTP/1.1", []string{"Host: x"}, ""))
			require.Equal(t, http.StatusOK, res.Status)
			assert.Equal(t, tt.want, res.Header.Values("Cache-Control"))
		})
	}
}

// TestLegalBlocksVaryAndPrivate checks that responses on paths whose
// blocks consult the region name its header in Vary, passed on or 451,
// and that LegalBlocksPrivate marks those passed on private.
func TestLegalBlocksVaryAndPrivate(t *testing.T) {
	t.Parallel()
	blocks := []middleware.LegalBlock{
		{Pattern: "/books/{id}/scan", BlockedBy: "/legal", Demand: "Court order."},
		{Pattern: "/videos/*", Regions: []string{"DE"}, BlockedBy: "/legal", Demand: "Blocked in Germany."},
	}
	tests := []struct {
		name, path, country string
		opts                []middleware.LegalBlocksOption
		status              int
		vary, cacheControl  []string
	}{
		{"pass, other region", "/videos/9", "FR", []middleware.LegalBlocksOption{middleware.LegalBlocksRegionHeader("cf-ipcountry")}, 200, []string{"Cf-Ipcountry"}, nil},
		{"451 by region", "/videos/9", "DE", []middleware.LegalBlocksOption{middleware.LegalBlocksRegionHeader("CF-IPCountry")}, 451, []string{"Cf-Ipcountry", "Accept"}, []string{"private"}},
		{"no region sent", "/videos/9", "", []middleware.LegalBlocksOption{middleware.LegalBlocksRegionHeader("CF-IPCountry")}, 200, []string{"Cf-Ipcountry"}, nil},
		{"451 everywhere", "/books/1/scan", "DE", []middleware.LegalBlocksOption{middleware.LegalBlocksRegionHeader("CF-IPCountry")}, 451, []string{"Accept"}, nil},
		{"unblocked path", "/books/1", "DE", []middleware.LegalBlocksOption{middleware.LegalBlocksRegionHeader("CF-IPCountry"), middleware.LegalBlocksPrivate()}, 200, nil, nil},
		{"private pass", "/videos/9", "FR", []middleware.LegalBlocksOption{middleware.LegalBlocksRegionHeader("CF-IPCountry"), middleware.LegalBlocksPrivate()}, 200, []string{"Cf-Ipcountry"}, []string{"private"}},
		{"region function: private, no Vary", "/videos/9", "FR", []middleware.LegalBlocksOption{middleware.LegalBlocksRegion(legalBlocksCountry), middleware.LegalBlocksPrivate()}, 200, nil, []string{"private"}},
		{"the last region option wins", "/videos/9", "FR", []middleware.LegalBlocksOption{middleware.LegalBlocksRegionHeader("CF-IPCountry"), middleware.LegalBlocksRegion(legalBlocksCountry)}, 200, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testserver.Start(t, middleware.LegalBlocks(blocks, tt.opts...)(echo))
			headers := []string{"Host: x"}
			if tt.country != "" {
				headers = append(headers, "CF-IPCountry: "+tt.country)
			}
			res := testserver.Raw(t, srv, testserver.Request("GET "+tt.path+" HTTP/1.1", headers, ""))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			assert.Equal(t, tt.vary, res.Header.Values("Vary"))
			assert.Equal(t, tt.cacheControl, res.Header.Values("Cache-Control"))
		})
	}
	assert.PanicsWithValue(t, `middleware: LegalBlocksRegionHeader: "CF IPCountry" is not a header field name`, func() { middleware.LegalBlocksRegionHeader("CF IPCountry") })
}

// A handler that adds to the Vary of one response leaves the Vary line a
// gate shares with every other response alone: each response's header
// keeps what its own handler added.
func TestGateVaryLineIsNotShared(t *testing.T) {
	t.Parallel()
	rules := []middleware.AccessRule{{Headers: http.Header{"User-Agent": {"BadBot/1.0"}}}}
	gate := middleware.Forbid(rules)
	serve := func(added string) http.Header {
		rec := httptest.NewRecorder()
		gate(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Add("Vary", added)
		})).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		return rec.Header()
	}
	first, second := serve("Origin"), serve("Cookie")
	assert.Equal(t, []string{"User-Agent", "Origin"}, first.Values("Vary"))
	assert.Equal(t, []string{"User-Agent", "Cookie"}, second.Values("Vary"))
}

// The refusals that mark their answer private keep a no-store set by an
// outer middleware, and ForbidPrivate drops a public one.
func TestPrivateKeepsNoStore(t *testing.T) {
	t.Parallel()
	conceal := middleware.Forbid([]middleware.AccessRule{{PathPrefixes: []string{"/admin"}}}, middleware.ForbidAsNotFound(nil))
	legal := middleware.LegalBlocks([]middleware.LegalBlock{{Pattern: "/videos/*", Regions: []string{"DE"}, BlockedBy: "/legal", Demand: "Blocked in Germany."}},
		middleware.LegalBlocksRegionHeader("CF-IPCountry"))
	private := middleware.Forbid([]middleware.AccessRule{{Allow: true, CIDRs: []string{"127.0.0.0/8"}}, {}}, middleware.ForbidPrivate())
	tests := []struct {
		name, preset, path string
		gate               func(http.Handler) http.Handler
		status             int
		want               []string
	}{
		{"concealed 404", "no-store", "/admin", conceal, 404, []string{"no-store"}},
		{"451 by region", "no-store", "/videos/9", legal, 451, []string{"no-store"}},
		{"ForbidPrivate drops public", "public, max-age=60", "/", private, 200, []string{"max-age=60", "private"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testserver.Start(t, presetHeader("Cache-Control", tt.preset)(tt.gate(echo)))
			res := testserver.Raw(t, srv, testserver.Request("GET "+tt.path+" HTTP/1.1", []string{"Host: x", "CF-IPCountry: DE"}, ""))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			assert.Equal(t, tt.want, res.Header.Values("Cache-Control"))
		})
	}
}

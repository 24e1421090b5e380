package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

// legalBlocksCountry reads the country a trusted CDN sets, by its
// canonical name, which a lookup need not build.
func legalBlocksCountry(r *http.Request) string { return r.Header.Get("Cf-Ipcountry") }

func TestLegalBlocks(t *testing.T) {
	t.Parallel()
	h := middleware.LegalBlocks([]middleware.LegalBlock{
		{
			Pattern:   "/books/{id}/scan",
			BlockedBy: "https://example.com/legal",
			Demand:    "Withdrawn on a court order of 2025-03-01 (Case 123/25) for copyright infringement.",
		},
		{
			Pattern:   "/videos/*",
			Regions:   []string{"DE", "at"},
			BlockedBy: "https://example.com/legal/geo",
			Demand:    "Not available in your country under a licensing restriction.",
		},
		{
			Pattern:   "/videos/*",
			Regions:   []string{"FR"},
			BlockedBy: "https://example.com/legal/fr",
			Demand:    "Blocked in France by decision 2025-17.",
		},
	}, middleware.LegalBlocksRegion(legalBlocksCountry))(echo)
	srv := testserver.Start(t, h)

	tests := []struct {
		name    string
		line    string
		country string
		status  int
		link    string
		demand  string
		private bool
	}{
		{"path block", "GET /books/7/scan HTTP/1.1", "", 451, `<https://example.com/legal>; rel="blocked-by"`, "court order", false},
		{"path block everywhere", "POST /books/7/scan HTTP/1.1", "US", 451, `<https://example.com/legal>; rel="blocked-by"`, "court order", false},
		{"other path", "GET /books/7 HTTP/1.1", "DE", 200, "", "", false},
		{"region blocked", "GET /videos/9 HTTP/1.1", "DE", 451, `<https://example.com/legal/geo>; rel="blocked-by"`, "licensing", true},
		{"region case-insensitive", "GET /videos/9 HTTP/1.1", "AT", 451, `<https://example.com/legal/geo>; rel="blocked-by"`, "licensing", true},
		{"second block for the pattern", "GET /videos/9 HTTP/1.1", "fr", 451, `<https://example.com/legal/fr>; rel="blocked-by"`, "France", true},
		{"region allowed", "GET /videos/9 HTTP/1.1", "US", 200, "", "", false},
		{"region unknown", "GET /videos/9 HTTP/1.1", "", 200, "", "", false},
		{"HEAD", "HEAD /books/1/scan HTTP/1.1", "", 451, `<https://example.com/legal>; rel="blocked-by"`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers := []string{"Host: x"}
			if tt.country != "" {
				headers = append(headers, "CF-IPCountry: "+tt.country)
			}
			res := testserver.Raw(t, srv, testserver.Request(tt.line, headers, ""))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status != http.StatusUnavailableForLegalReasons {
				return
			}
			assert.Equal(t, tt.link, res.Header.Get("Link"))
			assert.Equal(t, tt.private, res.Header.Get("Cache-Control") == "private")
			if tt.demand == "" {
				assert.Empty(t, res.Body)
				return
			}
			d := testserver.DecodeProblem(t, res.Body)
			assert.Equal(t, "Unavailable For Legal Reasons", d.Title)
			assert.Contains(t, d.Detail, tt.demand)
			assert.Equal(t, strings.Trim(strings.TrimSuffix(tt.link, `; rel="blocked-by"`), "<>"), d.Extensions["blocked_by"])
			if tt.private {
				assert.Equal(t, tt.country, d.Extensions["region"])
			}
		})
	}
}

func TestLegalBlocksRegionOnlyWhenNeeded(t *testing.T) {
	calls := 0
	h := middleware.LegalBlocks([]middleware.LegalBlock{
		{Pattern: "/a", BlockedBy: "/legal", Demand: "Blocked."},
		{Pattern: "/b", Regions: []string{"DE"}, BlockedBy: "/legal", Demand: "Blocked in DE."},
	}, middleware.LegalBlocksRegion(func(*http.Request) string { calls++; return "DE" }))(echo)
	for _, path := range []string{"/", "/a", "/c"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}
	assert.Zero(t, calls)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/b", nil))
	assert.Equal(t, http.StatusUnavailableForLegalReasons, rec.Code)
	assert.Equal(t, 1, calls)
}

func TestLegalBlocksPanics(t *testing.T) {
	for name, blocks := range map[string][]middleware.LegalBlock{
		"none":               nil,
		"no demand":          {{Pattern: "/a", BlockedBy: "/legal"}},
		"no blocked-by":      {{Pattern: "/a", Demand: "x"}},
		"regions, no func":   {{Pattern: "/a", BlockedBy: "/legal", Demand: "x", Regions: []string{"DE"}}},
		"bad pattern":        {{Pattern: "a", BlockedBy: "/legal", Demand: "x"}},
		"blocked-by control": {{Pattern: "/a", BlockedBy: "/legal\r\n", Demand: "x"}},
	} {
		t.Run(name, func(t *testing.T) {
			msg := panicValueOf(func() { middleware.LegalBlocks(blocks) })
			assert.True(t, strings.HasPrefix(msg, "middleware: LegalBlocks"), msg)
		})
	}
	assert.Panics(t, func() { middleware.LegalBlocksRegion(nil) })
}

func BenchmarkLegalBlocks(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := middleware.LegalBlocks([]middleware.LegalBlock{
		{Pattern: "/books/{id}/scan", BlockedBy: "https://example.com/legal", Demand: "Court order."},
		{Pattern: "/videos/*", Regions: []string{"DE", "AT"}, BlockedBy: "https://example.com/legal", Demand: "Licensing."},
	}, middleware.LegalBlocksRegion(legalBlocksCountry))(ok)
	pass := httptest.NewRequest(http.MethodGet, "/books/7", nil)
	otherRegion := httptest.NewRequest(http.MethodGet, "/videos/9", nil)
	otherRegion.Header.Set("CF-IPCountry", "US")
	blocked := httptest.NewRequest(http.MethodGet, "/videos/9", nil)
	blocked.Header.Set("CF-IPCountry", "DE")
	byHeader := middleware.LegalBlocks([]middleware.LegalBlock{
		{Pattern: "/videos/*", Regions: []string{"DE", "AT"}, BlockedBy: "https://example.com/legal", Demand: "Licensing."},
	}, middleware.LegalBlocksRegionHeader("CF-IPCountry"), middleware.LegalBlocksPrivate())(ok)
	benchMiddleware(b, []benchCase{
		{"bare", ok, pass},
		{"pass", h, pass},
		{"pass other region", h, otherRegion},
		{"pass other region, Vary and private", byHeader, otherRegion},
		{"reject", h, blocked},
	})
}

// A caller that changes its Regions after Set changes neither the regions
// blocked nor the region the 451 names.
func TestLegalBlockListCopiesRegions(t *testing.T) {
	regions := []string{"DE"}
	list := middleware.NewLegalBlockList([]middleware.LegalBlock{{Pattern: "/a", BlockedBy: "https://example.com/legal", Demand: "A"}})
	h := middleware.LegalBlocks(nil, middleware.LegalBlocksFrom(list), middleware.LegalBlocksRegion(legalBlocksCountry))(echo)
	require.NoError(t, list.Set([]middleware.LegalBlock{{Pattern: "/a", Regions: regions, BlockedBy: "https://example.com/legal", Demand: "A"}}))
	regions[0] = "FR"
	for country, want := range map[string]int{"DE": http.StatusUnavailableForLegalReasons, "FR": http.StatusOK} {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, "/a", nil)
		r.Header.Set("Cf-Ipcountry", country)
		h.ServeHTTP(rec, r)
		assert.Equal(t, want, rec.Code, country)
		if want != http.StatusOK {
			assert.Contains(t, rec.Body.String(), `"region":"DE"`)
		}
	}
}

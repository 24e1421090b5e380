package problem_test

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/problem"
)

func conflict(w http.ResponseWriter, r *http.Request) {
	problem.Write(w, r, &problem.Details{
		Status:     http.StatusConflict,
		Detail:     `item <"42"> & co was changed`,
		Extensions: map[string]any{"etag": `"v2"`, "status": "ignored"},
		Source:     "test.conflict",
	})
}

func do(t *testing.T, srv *httptest.Server, method, accept string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+"/x", nil)
	require.NoError(t, err)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	res, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, body
}

func TestWriteFormats(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(conflict))
	t.Cleanup(srv.Close)

	tests := []struct {
		accept      string
		contentType string
		contains    []string
	}{
		{"", "application/problem+json", []string{`"type":"about:blank"`, `"title":"Conflict"`, `"status":409`, `"etag":"\"v2\""`}},
		{"application/json", "application/problem+json", []string{`"status":409`}},
		{"text/html", "text/html; charset=utf-8", []string{"<h1>409 Conflict</h1>", "item &lt;&#34;42&#34;&gt; &amp; co was changed", "<dt>etag</dt><dd>&#34;v2&#34;</dd>"}},
		{"text/plain", "text/plain; charset=utf-8", []string{"409 Conflict\n", `item <"42"> & co was changed`, `etag: "v2"`}},
	}
	for _, tt := range tests {
		t.Run(tt.contentType+" for "+tt.accept, func(t *testing.T) {
			res, body := do(t, srv, http.MethodGet, tt.accept)
			assert.Equal(t, http.StatusConflict, res.StatusCode)
			assert.Equal(t, tt.contentType, res.Header.Get("Content-Type"))
			assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
			assert.Equal(t, "Accept", res.Header.Get("Vary"))
			assert.Equal(t, strconv.Itoa(len(body)), res.Header.Get("Content-Length"))
			for _, want := range tt.contains {
				assert.Contains(t, string(body), want)
			}

			head, headBody := do(t, srv, http.MethodHead, tt.accept)
			assert.Equal(t, http.StatusConflict, head.StatusCode)
			assert.Empty(t, headBody)
			assert.Equal(t, res.Header.Get("Content-Type"), head.Header.Get("Content-Type"))
			assert.Equal(t, int64(len(body)), head.ContentLength)
		})
	}
}

func TestWriteJSONRoundTrip(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(conflict))
	t.Cleanup(srv.Close)

	_, body := do(t, srv, http.MethodGet, "")
	got := testserver.DecodeProblem(t, body)
	assert.Equal(t, problem.Details{
		Type:       "about:blank",
		Title:      "Conflict",
		Status:     http.StatusConflict,
		Detail:     `item <"42"> & co was changed`,
		Extensions: map[string]any{"etag": `"v2"`},
	}, got)
}

func TestWriteKeepsVaryOnce(t *testing.T) {
	tests := []struct {
		name   string
		preset http.Header
		want   []string
	}{
		{"no field", http.Header{}, []string{"Accept"}},
		{"other fields", http.Header{"Allow": {"GET"}, "Cache-Control": {"private"}}, []string{"Accept"}},
		{"empty Vary", http.Header{"Vary": {}}, []string{"Accept"}},
		{"other field named", http.Header{"Vary": {"Origin"}}, []string{"Origin", "Accept"}},
		{"other field named, other fields", http.Header{"Allow": {"GET"}, "Vary": {"Origin"}}, []string{"Origin", "Accept"}},
		{"already there", http.Header{"Vary": {"Accept-Language, accept"}}, []string{"Accept-Language, accept"}},
		{"star", http.Header{"Vary": {"*"}}, []string{"*"}},
	}
	for _, tt := range tests {
		for _, prepared := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/prepared=%t", tt.name, prepared), func(t *testing.T) {
				rec := httptest.NewRecorder()
				for name, values := range tt.preset {
					rec.Header()[name] = values
				}
				d := &problem.Details{Status: http.StatusNotAcceptable}
				if prepared {
					d = problem.Prepare(*d)
				}
				problem.Write(rec, httptest.NewRequest(http.MethodGet, "/", nil), d)
				assert.Equal(t, tt.want, rec.Header().Values("Vary"))
				want := http.Header{
					"Content-Type":           {"application/problem+json"},
					"Content-Length":         {rec.Header().Get("Content-Length")},
					"X-Content-Type-Options": {"nosniff"},
					"Vary":                   tt.want,
				}
				for name, values := range tt.preset {
					if name != "Vary" {
						want[name] = values
					}
				}
				assert.Equal(t, want, rec.Header())
				assert.Equal(t, strconv.Itoa(rec.Body.Len()), rec.Header().Get("Content-Length"))
			})
		}
	}
}

func TestWriteUnencodableExtensionIsDropped(t *testing.T) {
	rec := httptest.NewRecorder()
	problem.Write(rec, httptest.NewRequest(http.MethodGet, "/", nil), &problem.Details{
		Status:     http.StatusBadRequest,
		Extensions: map[string]any{"bad": math.Inf(1)},
	})
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.JSONEq(t, `{"type":"about:blank","title":"Bad Request","status":400}`, rec.Body.String())
}

func TestStandardTypesAndTitles(t *testing.T) {
	rd := problem.Standard{
		Types:  map[int]string{http.StatusConflict: "https://example.com/probs/edit-conflict"},
		Titles: map[int]string{http.StatusConflict: "Edit conflict"},
	}
	tests := []struct {
		name string
		in   problem.Details
		want string
	}{
		{"filled from the maps", problem.Details{Status: 409}, `{"type":"https://example.com/probs/edit-conflict","title":"Edit conflict","status":409}`},
		{"details win", problem.Details{Status: 409, Type: "urn:x", Title: "X"}, `{"type":"urn:x","title":"X","status":409}`},
		{"other status", problem.Details{Status: 410}, `{"type":"about:blank","title":"Gone","status":410}`},
		{"499 title", problem.Details{Status: 499}, `{"type":"about:blank","title":"Client Closed Request","status":499}`},
		{"no status is 500", problem.Details{}, `{"type":"about:blank","title":"Internal Server Error","status":500}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			rd.Render(rec, httptest.NewRequest(http.MethodGet, "/", nil), &tt.in)
			assert.JSONEq(t, tt.want, rec.Body.String())
		})
	}
}

func TestWithRenderer(t *testing.T) {
	custom := problem.RendererFunc(func(w http.ResponseWriter, r *http.Request, d *problem.Details) {
		w.WriteHeader(d.Status)
		_, _ = io.WriteString(w, "custom "+d.Detail)
	})
	outer := problem.RendererFunc(func(w http.ResponseWriter, r *http.Request, d *problem.Details) {
		w.WriteHeader(d.Status)
		_, _ = io.WriteString(w, "outer")
	})
	h := problem.WithRenderer(outer)(problem.WithRenderer(custom)(http.HandlerFunc(conflict)))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	res, body := do(t, srv, http.MethodGet, "")
	assert.Equal(t, http.StatusConflict, res.StatusCode)
	assert.Equal(t, `custom item <"42"> & co was changed`, string(body))
}

func TestWithRendererNil(t *testing.T) {
	assert.PanicsWithValue(t, "problem: WithRenderer: needs a non-nil Renderer", func() { problem.WithRenderer(nil) })
}

func TestTitle(t *testing.T) {
	assert.Equal(t, "URI Too Long", problem.Title(414))
	assert.Equal(t, "Content Too Large", problem.Title(413))
	assert.Equal(t, "Not Found", problem.Title(404))
	assert.Equal(t, "Client Closed Request", problem.Title(499))
	assert.Equal(t, "Status 498", problem.Title(498))
}

func BenchmarkWrite(b *testing.B) {
	d := &problem.Details{Status: http.StatusRequestURITooLong, Detail: "The request-target is 40000 bytes; the limit is 32768.",
		Extensions: map[string]any{"limit": 32768, "length": 40000}}
	prepared := problem.Prepare(*d)
	for _, accept := range []string{"application/problem+json", "text/html", "text/plain"} {
		for _, c := range []struct {
			name string
			d    *problem.Details
		}{{accept, d}, {accept + "/prepared", prepared}} {
			b.Run(c.name, func(b *testing.B) {
				r := httptest.NewRequest(http.MethodGet, "/", nil)
				r.Header.Set("Accept", accept)
				w := httptest.NewRecorder()
				b.ReportAllocs()
				for b.Loop() {
					w.Body.Reset()
					clear(w.Header())
					problem.Write(w, r, c.d)
				}
			})
		}
		// A Details prepared for each request: what a cache pays the
		// first time it sends a refusal.
		b.Run(accept+"/prepared first", func(b *testing.B) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.Header.Set("Accept", accept)
			w := httptest.NewRecorder()
			b.ReportAllocs()
			for b.Loop() {
				w.Body.Reset()
				clear(w.Header())
				problem.Write(w, r, problem.Prepare(*d))
			}
		})
	}
}

// TestWriteFieldValuesAreSeparate checks that adding a value to a field
// that Standard set changes no other field: the four values share one
// allocation.
func TestWriteFieldValuesAreSeparate(t *testing.T) {
	rec := httptest.NewRecorder()
	problem.Write(rec, httptest.NewRequest(http.MethodGet, "/", nil), &problem.Details{Status: http.StatusTeapot})
	h := rec.Header()
	want := h.Clone()
	for name := range want {
		h.Add(name, "added")
		assert.Equal(t, append(slices.Clone(want[name]), "added"), h[name], name)
		h[name] = want[name]
	}
	assert.Equal(t, want, h)
}

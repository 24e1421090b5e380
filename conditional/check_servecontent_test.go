package conditional_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fourxx/fourxx/conditional"
)

// The conditional fields the differential test varies.
var conditionalFields = []string{"If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range"}

// differentialMethods and differentialTags are picked by fuzzed bytes.
var (
	differentialMethods = []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPost, http.MethodDelete}
	differentialTags    = []string{`"v2"`, `W/"v2"`, `"a,b"`, ``}
)

// differentialContent is the representation both sides serve.
var differentialContent = []byte("0123456789abcdef")

// differentialCaching are the fields set on the response before the
// conditional request is evaluated, which a 304 keeps (RFC 9110 §15.4.5),
// and Content-Type, which it drops.
var differentialCaching = map[string]string{
	"Cache-Control":    "max-age=60",
	"Vary":             "Accept-Encoding",
	"Expires":          "Thu, 01 Jan 2037 00:00:00 GMT",
	"Content-Location": "/resource.txt",
	"Content-Type":     "text/plain; charset=utf-8",
}

// differentialNotModifiedFields are the fields whose values a 304 from
// Check and one from ServeContent must share: the validators (ETag, and
// Last-Modified only when there is no ETag), the kept caching fields, and
// no content metadata.
var differentialNotModifiedFields = []string{
	"Etag", "Last-Modified", "Cache-Control", "Vary", "Expires", "Content-Location",
	"Content-Type", "Content-Length", "Content-Encoding",
}

// setDifferentialCaching sets differentialCaching on h.
func setDifferentialCaching(h http.Header) {
	for name, value := range differentialCaching {
		h.Set(name, value)
	}
}

// serveContentWithCheck answers r with Check in front of a handler that
// serves the content with http.ServeContent after removing the
// conditional fields, so ServeContent only does the range handling. The
// caching fields are set before Check runs, as a middleware in front of
// it would.
func serveContentWithCheck(st conditional.State, r *http.Request) *httptest.ResponseRecorder {
	serve := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r2 := r.Clone(r.Context())
		for _, f := range conditionalFields {
			r2.Header.Del(f)
		}
		if st.ETag != "" {
			w.Header().Set("ETag", st.ETag)
		}
		http.ServeContent(w, r2, "", st.LastModified, bytes.NewReader(differentialContent))
	})
	state := func(*http.Request) (conditional.State, error) { return st, nil }
	rec := httptest.NewRecorder()
	setDifferentialCaching(rec.Header())
	conditional.Check(state)(serve).ServeHTTP(rec, r)
	return rec
}

// serveContentAsRFC answers r with http.ServeContent alone, after
// rewriting the request where RFC 9110 and ServeContent differ:
//
//   - Repeated field lines form one comma-separated list (RFC 9110 §5.3);
//     ServeContent reads only the first line. The lines are joined.
//   - Range on HEAD must be ignored (RFC 9110 §14.2: range requests are
//     defined for GET only); ServeContent answers 206. Range is removed.
//   - If-Range holds one validator (RFC 9110 §13.1.5); several lines do
//     not match, so a GET's Range is ignored. ServeContent would use the
//     first.
func serveContentAsRFC(st conditional.State, r *http.Request) *httptest.ResponseRecorder {
	r2 := r.Clone(r.Context())
	for _, f := range conditionalFields {
		lines := nonEmpty(r.Header[f])
		r2.Header.Del(f)
		if len(lines) > 0 {
			r2.Header.Set(f, strings.Join(lines, ", "))
		}
		if f == "If-Range" && len(lines) > 1 && r.Method == http.MethodGet {
			r2.Header.Del("Range")
		}
	}
	if r.Method == http.MethodHead {
		r2.Header.Del("Range")
	}
	rec := httptest.NewRecorder()
	setDifferentialCaching(rec.Header())
	if st.ETag != "" {
		rec.Header().Set("ETag", st.ETag)
	}
	http.ServeContent(rec, r2, "", st.LastModified, bytes.NewReader(differentialContent))
	return rec
}

func nonEmpty(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// differentialRequest builds a request whose fields hold the given values;
// a newline in a value separates repeated field lines.
func differentialRequest(method string, values map[string]string) *http.Request {
	r := httptest.NewRequest(method, "/resource", nil)
	for name, v := range values {
		if v == "" {
			continue
		}
		for line := range strings.SplitSeq(v, "\n") {
			r.Header.Add(name, line)
		}
	}
	return r
}

// checkAgreesWithServeContent fails t when the two answers differ in
// status or Content-Range, or, for a 304, in the fields of
// differentialNotModifiedFields.
func checkAgreesWithServeContent(t *testing.T, st conditional.State, method string, values map[string]string) {
	t.Helper()
	got := serveContentWithCheck(st, differentialRequest(method, values))
	want := serveContentAsRFC(st, differentialRequest(method, values))
	if got.Code != want.Code || got.Header().Get("Content-Range") != want.Header().Get("Content-Range") {
		t.Errorf("%s %+v with %q: Check gives %d %q, ServeContent %d %q",
			method, st, values, got.Code, got.Header().Get("Content-Range"), want.Code, want.Header().Get("Content-Range"))
		return
	}
	if got.Code != http.StatusNotModified {
		return
	}
	for _, name := range differentialNotModifiedFields {
		if g, w := got.Header()[name], want.Header()[name]; !slices.Equal(g, w) {
			t.Errorf("%s %+v with %q: 304 %s is %q from Check, %q from ServeContent", method, st, values, name, g, w)
		}
	}
}

// differentialDates are the dates around the resource's Last-Modified in
// each HTTP-date format.
func differentialDates() []string {
	lm := modified.Truncate(time.Second)
	var out []string
	for _, t := range []time.Time{lm.Add(-time.Second), lm, lm.Add(time.Second)} {
		out = append(out, httpDate(t, imfFixdate), httpDate(t, rfc850), httpDate(t, asctime))
	}
	return out
}

// TestCheckAgreesWithServeContent compares Check with http.ServeContent
// for resources that exist. ServeContent does not apply to a resource
// that does not exist (State.Exists false): it always has content to
// serve, so for it "If-Match: *" matches and "If-None-Match: *" does not,
// where RFC 9110 §13.1.1 and §13.1.2 say the opposite. TestCheck covers
// those cases ("/missing").
func TestCheckAgreesWithServeContent(t *testing.T) {
	dates := differentialDates()
	tagLists := []string{"", `"v2"`, `"v1"`, `W/"v2"`, `*`, `"v1", "v2"`, "\"v1\"\n\"v2\"", `w/"v2"`, `"a,b"`, `garbage`}
	dateValues := append([]string{"", "not a date"}, dates[0], dates[4], dates[8], dates[3]+"\n"+dates[3])
	ranges := []string{"", "bytes=0-3", "bytes=99-"}
	ifRanges := []string{"", `"v2"`, `W/"v2"`, `"v1"`, dates[3], dates[7], "\"v2\"\n\"v2\""}
	for _, method := range differentialMethods {
		for _, tag := range differentialTags {
			for _, lm := range []time.Time{modified, {}} {
				st := conditional.State{Exists: true, ETag: tag, LastModified: lm}
				for _, tags := range tagLists {
					for _, other := range tagLists {
						checkAgreesWithServeContent(t, st, method, map[string]string{"If-Match": tags, "If-None-Match": other})
					}
					for _, d := range dateValues {
						checkAgreesWithServeContent(t, st, method, map[string]string{"If-Match": tags, "If-Unmodified-Since": d})
						checkAgreesWithServeContent(t, st, method, map[string]string{"If-None-Match": tags, "If-Modified-Since": d})
						checkAgreesWithServeContent(t, st, method, map[string]string{"If-Unmodified-Since": d, "If-Modified-Since": tags})
					}
				}
				for _, rg := range ranges {
					for _, ir := range ifRanges {
						checkAgreesWithServeContent(t, st, method, map[string]string{"Range": rg, "If-Range": ir})
					}
				}
			}
		}
	}
}

// FuzzCheckAgreesWithServeContent feeds random combinations of the four
// conditional fields, If-Range and Range to Check and to
// http.ServeContent; they must agree except where RFC 9110 wins (see
// serveContentAsRFC). Its seed corpus runs in every `go test`.
func FuzzCheckAgreesWithServeContent(f *testing.F) {
	dates := differentialDates()
	f.Add(uint8(0), uint8(0), true, `"v2"`, ``, ``, ``, ``, ``)
	f.Add(uint8(0), uint8(0), true, ``, `"v2"`, dates[0], ``, ``, ``)
	f.Add(uint8(1), uint8(1), true, ``, `"x", W/"v2"`, ``, ``, ``, ``)
	f.Add(uint8(2), uint8(0), true, `"v1"`+"\n"+`"v2"`, ``, ``, dates[1], ``, ``)
	f.Add(uint8(3), uint8(2), false, `"a,b"`, `*`, ``, ``, ``, ``)
	f.Add(uint8(4), uint8(3), true, `*`, ``, ``, dates[0], ``, ``)
	f.Add(uint8(0), uint8(0), true, ``, ``, dates[4], ``, ``, ``)
	f.Add(uint8(1), uint8(0), true, ``, ``, dates[5]+"\n"+dates[5], ``, ``, ``)
	f.Add(uint8(0), uint8(0), true, ``, ``, ``, ``, `"v2"`, `bytes=0-3`)
	f.Add(uint8(0), uint8(1), true, ``, ``, ``, ``, `W/"v2"`, `bytes=0-3`)
	f.Add(uint8(0), uint8(0), true, ``, ``, ``, ``, dates[3], `bytes=2-`)
	f.Add(uint8(1), uint8(0), true, ``, ``, ``, ``, `"v2"`, `bytes=0-3`)
	f.Add(uint8(0), uint8(0), true, `w/"v2"`, `, ,`, `garbage`, `Sun, 06 Nov 1994 08:49:37 GMT, x`, "\"v2\"\n\"v2\"", `bytes=0-1`)
	f.Add(uint8(2), uint8(0), true, ` "v1" , "v2"x`, ``, ``, ``, ``, ``)
	f.Fuzz(func(t *testing.T, method, tag uint8, hasDate bool, im, inm, ims, ius, ir, rg string) {
		st := conditional.State{Exists: true, ETag: differentialTags[int(tag)%len(differentialTags)]}
		if hasDate {
			st.LastModified = modified
		}
		checkAgreesWithServeContent(t, st, differentialMethods[int(method)%len(differentialMethods)], map[string]string{
			"If-Match": im, "If-None-Match": inm, "If-Modified-Since": ims, "If-Unmodified-Since": ius, "If-Range": ir, "Range": rg,
		})
	})
}

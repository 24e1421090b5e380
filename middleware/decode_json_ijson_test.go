package middleware_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

// Two parsers that disagree on a repeated name read two different
// requests from one body; I-JSON (RFC 7493) forbids repeated names and
// text that is not Unicode.
func TestJSONDecoderIJSON(t *testing.T) {
	t.Parallel()
	lenient := testserver.Start(t, decodeItems(middleware.JSONDecoder{}))
	ijson := testserver.Start(t, decodeItems(middleware.JSONDecoder{IJSON: true, DisallowTrailingData: true}))

	tests := []struct {
		name   string
		body   string
		status int
		// lenient is what the lenient default answers: the name read, or
		// a status.
		lenient string
		detail  string
		ext     map[string]any
	}{
		{"repeated name", `{"name":"mug","name":"admin"}`, 400, "admin",
			`repeats the member name "name" at byte 14`, map[string]any{"field": "name", "offset": float64(14)}},
		{"repeated name after others", `{"name":"mug","price":3,"price":4}`, 400, "mug",
			`"price" at byte 24`, map[string]any{"field": "price", "offset": float64(24)}},
		{"repeated nested name", `{"tags":[{"label":"a","label":"b"}],"name":"mug"}`, 400, "mug",
			`"label"`, map[string]any{"field": "tags.label", "offset": float64(22)}},
		{"repeated through an escape", `{"name":"mug","n\u0061me":"pot"}`, 400, "pot",
			`"name"`, map[string]any{"field": "name", "offset": float64(14)}},
		{"repeated after whitespace", "  {\"name\":\"mug\" ,\t\"name\":\"pot\"}", 400, "pot",
			"at byte 18", map[string]any{"offset": float64(18)}},
		{"repeated empty name", `{"":1,"name":"mug","":2}`, 400, "mug", `""`, map[string]any{"field": ""}},
		{"same name in sibling objects", `{"tags":[{"label":"a"},{"label":"b"}],"name":"mug"}`, 200, "mug", "", nil},
		{"same name at two levels", `{"name":"mug","tags":[{"name":"x"}]}`, 200, "mug", "", nil},
		{"names differing in case", `{"name":"mug","Name":"admin"}`, 400, "admin",
			`repeats the member name "Name" at byte 14`, map[string]any{"field": "Name", "offset": float64(14)}},
		{"names differing in case through an escape", `{"name":"mug","N\u0041ME":"admin"}`, 400, "admin",
			`"NAME"`, map[string]any{"field": "NAME"}},
		{"names that fold together beyond ASCII", `{"tags":[],"TAG\u017f":[],"name":"mug"}`, 400, "mug",
			`"TAGſ"`, map[string]any{"field": "TAGſ"}},
		{"names that differ in more than case", `{"name":"mug","names":"pot"}`, 200, "mug", "", nil},
		{"UTF-8 text", `{"name":"mug ☕ 😀"}`, 200, "mug ☕ 😀", "", nil},
		{"escaped surrogate pair", `{"name":"mug\ud83d\ude00"}`, 200, "mug😀", "", nil},
		{"byte that is not UTF-8", "{\"name\":\"m\xffg\"}", 400, "m\uFFFDg",
			"not UTF-8 (0xff) at byte 10", map[string]any{"offset": float64(10)}},
		{"truncated UTF-8", "{\"name\":\"mug\xe2\x98\"}", 400, "mug\uFFFD\uFFFD",
			"at byte 12", map[string]any{"offset": float64(12)}},
		{"not UTF-8 in a name", "{\"n\xc0me\":\"mug\"}", 400, "",
			"at byte 3", map[string]any{"offset": float64(3)}},
		{"lone high surrogate", `{"name":"m\ud800g"}`, 400, "m\uFFFDg",
			`unpaired surrogate (\ud800) at byte 10`, map[string]any{"offset": float64(10)}},
		{"lone low surrogate", `{"name":"\uDC00"}`, 400, "\uFFFD", `(\uDC00) at byte 9`, nil},
		{"high surrogate then a letter", `{"name":"\ud800\u0041"}`, 400, "\uFFFDA", `(\ud800)`, nil},
		{"high surrogate at the end", `{"name":"\ud800"}`, 400, "\uFFFD", `(\ud800)`, nil},
		{"escaped noncharacter", `{"name":"\ufdd0"}`, 400, "\ufdd0", "noncharacter U+FDD0 at byte 9", nil},
		{"noncharacter", "{\"name\":\"\xef\xbf\xbf\"}", 400, "\uffff", "noncharacter U+FFFF at byte 9", nil},
		{"escaped backslash before u", `{"name":"\\ud800"}`, 200, `\ud800`, "", nil},
		{"type mismatch keeps its offset", `{"price":"3"}`, 400, "400", `"price" must be an integer`, map[string]any{"offset": float64(12)}},
		{"syntax error keeps its offset", `{"name":"mug",}`, 400, "400", "malformed at byte 15", map[string]any{"offset": float64(15)}},
		{"trailing data still refused", `{"name":"mug"} {}`, 400, "mug", "after the JSON value, from byte 14", nil},
		{"too large", `{"name":"` + strings.Repeat("a", 100) + `"}`, 413, "413", "at most 64 bytes", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			request := testserver.Request("POST /items HTTP/1.1",
				[]string{"Host: x", "Content-Type: application/json", "Content-Length: " + strconv.Itoa(len(tt.body))}, tt.body)

			res := testserver.Raw(t, ijson, request)
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status == http.StatusOK {
				assert.Equal(t, tt.lenient, string(res.Body))
			} else {
				d := testserver.DecodeProblem(t, res.Body)
				assert.Contains(t, d.Detail, tt.detail)
				for k, v := range tt.ext {
					assert.Equal(t, v, d.Extensions[k], k)
				}
			}

			res = testserver.Raw(t, lenient, request)
			if code, err := strconv.Atoi(tt.lenient); err == nil {
				assert.Equal(t, code, res.Status, "the lenient default")
				return
			}
			assert.Equal(t, http.StatusOK, res.Status, "the lenient default")
			assert.Equal(t, tt.lenient, string(res.Body), "the lenient default")
		})
	}
}

// BenchmarkJSONDecoder measures what IJSON adds to a decode: a second
// pass over the value and a copy of its bytes.
func BenchmarkJSONDecoder(b *testing.B) {
	var body strings.Builder
	body.WriteString(`{"name":"mug","price":3,"tags":[`)
	for i := range 50 {
		if i > 0 {
			body.WriteByte(',')
		}
		body.WriteString(`{"label":"label ` + strconv.Itoa(i) + ` ☕"}`)
	}
	body.WriteString(`]}`)
	for _, tt := range []struct {
		name string
		d    middleware.JSONDecoder
	}{
		{"lenient", middleware.JSONDecoder{}},
		{"strict without IJSON", middleware.JSONDecoder{DisallowUnknownFields: true, DisallowTrailingData: true}},
		{"strict", middleware.JSONDecoder{IJSON: true, DisallowUnknownFields: true, DisallowTrailingData: true}},
	} {
		b.Run(tt.name, func(b *testing.B) {
			r := httptest.NewRequest(http.MethodPost, "/items", nil)
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			b.ReportAllocs()
			b.SetBytes(int64(body.Len()))
			for b.Loop() {
				r.Body = io.NopCloser(strings.NewReader(body.String()))
				var it jsonItem
				if err := tt.d.Decode(w, r, &it); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package middleware_test

import (
	"errors"
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

// jsonItem is the destination of the decoder tests.
type jsonItem struct {
	Name  string `json:"name"`
	Price int    `json:"price"`
	Tags  []struct {
		Label string `json:"label"`
	} `json:"tags"`
}

// decodeItems answers 200 with the decoded name, or lets the decoder answer.
func decodeItems(d middleware.JSONDecoder) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 64)
		var it jsonItem
		if err := d.Decode(w, r, &it); err != nil {
			return
		}
		_, _ = w.Write([]byte(it.Name))
	})
}

func TestJSONDecoder(t *testing.T) {
	t.Parallel()
	lenient := testserver.Start(t, decodeItems(middleware.JSONDecoder{}))
	strict := testserver.Start(t, decodeItems(middleware.JSONDecoder{DisallowUnknownFields: true, DisallowTrailingData: true}))

	tests := []struct {
		name        string
		strict      bool
		method      string
		contentType string
		body        string
		status      int
		detail      string
		ext         map[string]any
	}{
		{"valid", false, "POST", "application/json", `{"name":"mug","price":3}`, 200, "", nil},
		{"charset and suffix type", false, "POST", "application/merge-patch+json; charset=utf-8", `{"name":"mug"}`, 200, "", nil},
		{"unknown field ignored", false, "POST", "application/json", `{"name":"mug","colour":"red"}`, 200, "", nil},
		{"trailing data ignored", false, "POST", "application/json", `{"name":"mug"} {}`, 200, "", nil},
		{"trailing whitespace", true, "POST", "application/json", "{\"name\":\"mug\"}\n \t", 200, "", nil},
		{"syntax error", false, "POST", "application/json", `{"name":"mug",}`, 400, "malformed at byte 15", map[string]any{"offset": float64(15)}},
		{"ends early", false, "POST", "application/json", `{"name":"mu`, 400, "ends early", map[string]any{"offset": float64(11)}},
		{"empty body", false, "POST", "application/json", ``, 400, "empty", nil},
		{"type mismatch", false, "POST", "application/json", `{"price":"3"}`, 400, `"price" must be an integer, not a JSON string`, map[string]any{"field": "price", "expected": "an integer"}},
		{"nested type mismatch", false, "POST", "application/json", `{"tags":[{"label":7}]}`, 400, `"tags.label" must be a string, not a JSON number`, map[string]any{"field": "tags.label"}},
		{"whole value mismatch", false, "POST", "application/json", `[1]`, 400, "must be an object", map[string]any{"field": ""}},
		{"unknown field refused", true, "POST", "application/json", `{"name":"mug","colour":"red"}`, 400, `"colour"`, map[string]any{"field": "colour"}},
		{"trailing data refused", true, "POST", "application/json", `{"name":"mug"} {}`, 400, "after the JSON value, from byte 14", map[string]any{"offset": float64(14)}},
		{"trailing garbage refused", true, "POST", "application/json", `{"name":"mug"}x`, 400, "after the JSON value", nil},
		{"too large", false, "POST", "application/json", `{"name":"` + strings.Repeat("a", 100) + `"}`, 413, "at most 64 bytes", map[string]any{"limit": float64(64)}},
		{"too large in trailing data", true, "POST", "application/json", `{"name":"a"}` + strings.Repeat(" ", 100), 413, "at most 64 bytes", nil},
		{"not JSON on POST", false, "POST", "text/plain", `{"name":"mug"}`, 415, `"text/plain" is not JSON`, nil},
		{"not JSON on PATCH", false, "PATCH", "application/xml", `<a/>`, 415, "not JSON", nil},
		{"no Content-Type", false, "PUT", "", `{"name":"mug"}`, 415, "no Content-Type", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := lenient
			if tt.strict {
				srv = strict
			}
			headers := []string{"Host: x", "Content-Length: " + strconv.Itoa(len(tt.body))}
			if tt.contentType != "" {
				headers = append(headers, "Content-Type: "+tt.contentType)
			}
			res := testserver.Raw(t, srv, testserver.Request(tt.method+" /items HTTP/1.1", headers, tt.body))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status == 200 {
				assert.Equal(t, "mug", string(res.Body))
				return
			}
			d := testserver.DecodeProblem(t, res.Body)
			assert.Contains(t, d.Detail, tt.detail)
			for k, v := range tt.ext {
				assert.Equal(t, v, d.Extensions[k], k)
			}
			if tt.status == http.StatusUnsupportedMediaType {
				assert.Equal(t, map[string]string{"POST": "application/json"}[tt.method], res.Header.Get("Accept-Post"))
				assert.Equal(t, map[string]string{"PATCH": "application/json"}[tt.method], res.Header.Get("Accept-Patch"))
				assert.Equal(t, []any{"application/json"}, d.Extensions["accepted"], "the member and the field agree")
			}
			if tt.status == http.StatusRequestEntityTooLarge {
				assert.True(t, res.Closed, "http.MaxBytesReader asks the server to close")
			}
		})
	}
}

func TestDecodeJSON(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"name":"mug","x":1} []`))
	r.Header.Set("Content-Type", "application/json")
	var it jsonItem
	require.NoError(t, middleware.DecodeJSON(httptest.NewRecorder(), r, &it))
	assert.Equal(t, "mug", it.Name)
}

func TestJSONDecoderPanics(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{}`))
	var it jsonItem
	assert.Panics(t, func() { _ = middleware.DecodeJSON(httptest.NewRecorder(), r, it) })
	assert.Panics(t, func() { _ = middleware.DecodeJSON(httptest.NewRecorder(), r, (*jsonItem)(nil)) })
}

func TestJSONDecoderMaxBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		decoder  middleware.JSONDecoder
		body     string
		status   int
		limit    float64
		received string
	}{
		{"default limit passes 1 MiB", middleware.JSONDecoder{}, `"` + strings.Repeat("a", middleware.DefaultJSONMaxBytes-2) + `"`, 200, 0, ""},
		{"default limit refuses more", middleware.JSONDecoder{}, `"` + strings.Repeat("a", middleware.DefaultJSONMaxBytes) + `"`, 413, middleware.DefaultJSONMaxBytes, ""},
		{"own limit", middleware.JSONDecoder{MaxBytes: 8}, `"0123456789"`, 413, 8, ""},
		{"own limit passes", middleware.JSONDecoder{MaxBytes: 12}, `"0123456789"`, 200, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			var s string
			err := tt.decoder.Decode(rec, r, &s)
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			if tt.status == http.StatusOK {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, tt.limit, testserver.DecodeProblem(t, rec.Body.Bytes()).Extensions["limit"])
		})
	}
}

// An error of the body's reader reaches the client only as a fixed
// sentence: its text may describe the server.
func TestJSONDecoderHidesUnknownErrors(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/", io.NopCloser(failingReader{}))
	r.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	var v any
	require.Error(t, middleware.DecodeJSON(rec, r, &v))
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.NotContains(t, rec.Body.String(), "10.0.0.7")
	assert.Contains(t, testserver.DecodeProblem(t, rec.Body.Bytes()).Detail, "could not be read as JSON")
}

// failingReader fails every read with an error naming an internal host.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) {
	return 0, errors.New("dial tcp 10.0.0.7:5432: refused")
}

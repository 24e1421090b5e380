package problem_test

import (
	"encoding/json"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/problem"
)

// writing answers every request with d through problem.Write.
func writing(d problem.Details) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { problem.Write(w, r, &d) })
}

// tagged is an extension value with its own JSON encoding.
type tagged struct {
	Name  string   `json:"name"`
	Count int      `json:"count,omitempty"`
	Tags  []string `json:"tags"`
}

// hostile holds every byte class that an encoder must escape in JSON,
// HTML or neither: markup, quotes, controls, separators JavaScript
// treats as line ends, DEL, invalid UTF-8 and a character outside the BMP.
const hostile = "<script>alert('x' & \"y\")</script> \\ \x00\x01\x1f\t\n\r \u2028\u2029 \x7f \xff\xfe é 😀 end"

// TestRefusals runs problem.Write's edge cases through the contract every
// rejection keeps and compares the bytes with testdata/refusals.
func TestRefusals(t *testing.T) {
	t.Parallel()
	standard := problem.Standard{
		Types:  map[int]string{http.StatusNotFound: "https://example.com/problems/not-found?a=1&b=<2>"},
		Titles: map[int]string{http.StatusNotFound: "No such <thing>"},
	}
	vary := func(values ...string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Vary"] = values
			problem.Write(w, r, &problem.Details{Status: http.StatusForbidden, Source: "test.Vary"})
		})
	}
	testserver.CheckRefusals(t, []testserver.Refusal{
		{Name: "Bare", Handler: writing(problem.Details{Status: http.StatusTeapot, Source: "test.Bare"}),
			Status: 418, Source: "test.Bare"},
		{Name: "Zero", Handler: writing(problem.Details{Source: "test.Zero"}), Status: 500, Source: "test.Zero"},
		{Name: "NoPhrase", Handler: writing(problem.Details{Status: 299, Detail: "odd", Source: "test.NoPhrase"}),
			Status: 299, Source: "test.NoPhrase"},
		{Name: "RenamedPhrase", Handler: writing(problem.Details{Status: http.StatusRequestEntityTooLarge, Source: "test.Renamed"}),
			Method: "POST", Body: "x", Status: 413, Source: "test.Renamed"},
		{Name: "Hostile", Handler: writing(problem.Details{
			Type: "https://example.com/p?" + hostile, Title: hostile, Status: http.StatusBadRequest,
			Detail: hostile, Instance: "/items/" + hostile, Source: "test.Hostile",
			Extensions: map[string]any{hostile: hostile, "list": []string{hostile, ""}},
		}), Status: 400, Source: "test.Hostile"},
		{Name: "Extensions", Handler: writing(problem.Details{
			Status: http.StatusUnprocessableEntity, Detail: "Every kind of member.", Source: "test.Extensions",
			Extensions: map[string]any{
				"string": "s", "empty": "", "int": 42, "negative": -7, "int64": int64(1) << 53, "uint8": uint8(200),
				"float": 1.5, "small": 1e-7, "large": 1e21, "whole": 3.0, "float32": float32(0.1),
				"true": true, "false": false, "null": nil,
				"strings": []string{"GET", "HEAD"}, "ints": []int{1, 2}, "none": []string{}, "nil_slice": []string(nil),
				"any": []any{"a", 1, nil, true}, "object": map[string]any{"b": 2, "a": "<1>"},
				"struct": tagged{Name: "n", Tags: []string{"x"}}, "pointer": &tagged{Name: "p"},
				"raw": json.RawMessage(`{"z": [1, 2]}`), "duration": 1500 * time.Millisecond,
				"time": time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC),
				"type": "ignored", "status": 0, "title": "ignored", "detail": "ignored", "instance": "ignored",
			},
		}), Status: 422, Source: "test.Extensions"},
		{Name: "Unencodable", Handler: writing(problem.Details{
			Status: http.StatusConflict, Detail: "An extension JSON cannot encode is dropped.", Source: "test.Unencodable",
			Extensions: map[string]any{"infinite": math.Inf(1), "complex": 1 + 2i, "kept": "no"},
		}), Status: 409, Source: "test.Unencodable"},
		{Name: "StandardTypes", Handler: problem.WithRenderer(standard)(writing(problem.Details{
			Status: http.StatusNotFound, Detail: "Nothing here.", Instance: "/x", Source: "test.Standard",
		})), Status: 404, Source: "test.Standard"},
		{Name: "StandardOwnType", Handler: problem.WithRenderer(standard)(writing(problem.Details{
			Type: "https://example.com/problems/mine", Title: "Mine", Status: http.StatusNotFound, Source: "test.Standard",
		})), Status: 404, Source: "test.Standard"},
		{Name: "ClientClosed", Handler: writing(problem.Details{Status: problem.StatusClientClosedRequest, Source: "test.ClientClosed"}),
			Status: 499, Source: "test.ClientClosed"},
		{Name: "VaryOther", Handler: vary("Origin"), Status: 403, Source: "test.Vary"},
		{Name: "VaryAccept", Handler: vary("Origin, accept"), Status: 403, Source: "test.Vary"},
		{Name: "VaryStar", Handler: vary("*"), Status: 403, Source: "test.Vary"},
	})
}

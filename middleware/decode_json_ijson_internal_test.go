package middleware

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Hostile shapes cost memory bounded by the input: no allocation per
// level of nesting, nor per member of a large object beyond its name.
func TestCheckIJSONBoundedWork(t *testing.T) {
	deepArrays := []byte(strings.Repeat("[", 10000) + strings.Repeat("]", 10000))
	deepObjects := []byte(strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000))
	var many bytes.Buffer
	many.WriteByte('[')
	for i := range 20000 {
		if i > 0 {
			many.WriteByte(',')
		}
		many.WriteString(`{"a":1,"b":2}`)
	}
	many.WriteByte(']')
	for name, tt := range map[string]struct {
		raw  []byte
		most float64
	}{
		"10000 nested arrays":  {deepArrays, 100},
		"10000 nested objects": {deepObjects, 100},
		"20000 small objects":  {many.Bytes(), 100},
	} {
		t.Run(name, func(t *testing.T) {
			require.True(t, json.Valid(tt.raw))
			require.Nil(t, checkIJSON(tt.raw))
			assert.LessOrEqual(t, testing.AllocsPerRun(10, func() { _ = checkIJSON(tt.raw) }), tt.most)
		})
	}
	// One level deeper than encoding/json accepts never reaches the check.
	var raw json.RawMessage
	err := json.NewDecoder(strings.NewReader(strings.Repeat("[", 10001))).Decode(&raw)
	var syntax *json.SyntaxError
	require.ErrorAs(t, err, &syntax)
	assert.Contains(t, syntax.Error(), "exceeded max depth")
}

// Objects with more names than checkIJSON compares one by one look their
// names up in a set, with escapes decoded as before.
func TestCheckIJSONLargeObjects(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"name":"mug"`)
	for i := range 40 {
		b.WriteString(`,"k` + strconv.Itoa(i) + `":{"name":1}`)
	}
	large := b.String()
	escapedFirst := `{"n\u0061me":0` + large[len(`{"name":"mug"`):]
	tests := []struct {
		name, raw string
		offset    int64 // -1 when the value passes
		field     string
	}{
		{"distinct", large + `,"names":2}`, -1, ""},
		{"repeated last", large + `,"name":2}`, int64(len(large) + 1), "name"},
		{"repeated through an escape", large + `,"n\u0061me":2}`, int64(len(large) + 1), "name"},
		{"repeated in another case", large + `,"NAME":2}`, int64(len(large) + 1), "NAME"},
		{"repeated through the Kelvin sign", large + `,"\u212a0":2}`, int64(len(large) + 1), "K0"},
		{"escaped first, repeated plain", escapedFirst + `,"name":2}`, int64(len(escapedFirst) + 1), "name"},
		{"repeated in a nested object", large + `,"k40":{"a":1,"a":2}}`, int64(len(large) + len(`,"k40":{"a":1,`)), "k40.a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.True(t, json.Valid([]byte(tt.raw)), tt.raw)
			err := checkIJSON([]byte(tt.raw))
			if tt.offset < 0 {
				assert.Nil(t, err)
				return
			}
			require.NotNil(t, err)
			assert.True(t, err.repeated)
			assert.Equal(t, tt.offset, err.offset)
			assert.Equal(t, tt.field, err.field)
		})
	}
}

// A long repeated name is cut where the answer repeats it.
func TestCheckIJSONCutsLongNames(t *testing.T) {
	long := strings.Repeat("n", 1000)
	outer := strings.Repeat("o", 1000)
	err := checkIJSON([]byte(`{"` + outer + `":{"` + long + `":1,"` + long + `":2}}`))
	require.NotNil(t, err)
	assert.Equal(t, outer[:maxJSONFieldEcho]+"…", err.field)
	assert.Equal(t, `repeats the member name "`+long[:maxJSONNameEcho]+`…"`, err.problem)
}

// FuzzCheckIJSON checks checkIJSON against encoding/json's own reading of
// any valid JSON: a repeated name it reports is the first one
// json.Decoder's tokens show, and a value it passes has distinct names in
// every object, is UTF-8, and has strings that decode without U+FFFD
// unless the input spelled one.
func FuzzCheckIJSON(f *testing.F) {
	for _, seed := range []string{
		`{"a":1,"a":2}`, `{"a":{"b":1},"c":[{"b":2,"b":3}]}`, `{"n\u0061me":1,"name":2}`,
		`["\ud83d\ude00","\ud800","\udc00x","\\ud800"]`, "\"\xff\"", `"\ufffd"`, `"\ufdd0"`,
		"{\"\xef\xbf\xbe\":1}", `{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,"p":16,"q":17,"\u0063":18}`, `[{},{"":1,"":2}]`,
		`{"role":"user","Role":"admin"}`, `{"k":1,"\u212a":2}`, "{\"s\":1,\"\u017f\":2}", `{"\u00e9":1,"\u00c9":2}`,
		`{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,"p":16,"q":17,"\u212A":18}`, `{"a":[1,"a",{"a":"a"}],"b":"a"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return
		}
		err := checkIJSON(raw)
		repeated, replaced := readTokens(t, raw)
		if err != nil && err.repeated {
			if repeated < 0 {
				t.Fatalf("reported a repeated name in %q that json.Decoder does not see: %v", raw, err)
			}
			if int64(repeated) != err.offset {
				t.Fatalf("repeated name in %q at %d, reported at %d", raw, repeated, err.offset)
			}
			return
		}
		if err == nil && repeated >= 0 {
			t.Fatalf("missed the repeated name at %d in %q", repeated, raw)
		}
		if err != nil {
			return
		}
		if !utf8.Valid(raw) {
			t.Fatalf("passed %q, which is not UTF-8", raw)
		}
		spelled := bytes.Contains(raw, []byte("\uFFFD")) || bytes.Contains(bytes.ToLower(raw), []byte(`\ufffd`))
		if replaced && !spelled {
			t.Fatalf("passed %q, whose strings decode with U+FFFD", raw)
		}
	})
}

// readTokens walks raw with json.Decoder's tokens and returns the offset
// of the first member name an object repeats, compared as encoding/json
// matches names to struct fields, or -1, and whether a string
// decoded with U+FFFD, encoding/json's replacement for what is not text.
func readTokens(t *testing.T, raw []byte) (repeated int, replaced bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	type level struct {
		object, wantName bool
		names            []string
	}
	var stack []*level
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return -1, replaced
		}
		require.NoError(t, err)
		if s, ok := tok.(string); ok && strings.ContainsRune(s, utf8.RuneError) {
			replaced = true
		}
		var top *level
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			stack = append(stack, &level{object: tok == json.Delim('{'), wantName: true})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				stack[len(stack)-1].wantName = true
			}
			continue
		}
		if top == nil || !top.object {
			continue
		}
		if !top.wantName {
			top.wantName = true
			continue
		}
		name := tok.(string)
		for _, seen := range top.names {
			if strings.EqualFold(seen, name) {
				start := int(before)
				for raw[start] != '"' {
					start++
				}
				return start, replaced
			}
		}
		top.names = append(top.names, name)
		top.wantName = false
	}
}

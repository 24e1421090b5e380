package problem

import (
	"encoding/json"
	"fmt"
	"html"
	"testing"
)

// FuzzAppendJSONString checks the JSON string encoder against
// encoding/json, byte for byte.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `"quoted" \ back`, "<a href='x'>&amp;</a>", "\x00\x01\b\f\n\r\t\x1f\x7f",
		"\u2028\u2029", "\xff\xfe\xc3", "é 😀 \U0010ffff", "\xed\xa0\x80", "a\u2028b\xffc<d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
		if got := appendHTMLEscaped(nil, s); string(got) != html.EscapeString(s) {
			t.Fatalf("appendHTMLEscaped(%q) = %s, want %s", s, got, html.EscapeString(s))
		}
		if got := escapeHTMLTail([]byte("<p>"+s), 3); string(got) != "<p>"+html.EscapeString(s) {
			t.Fatalf("escapeHTMLTail(%q) = %s", s, got)
		}
	})
}

// TestAppendValues checks the value encoders against encoding/json and
// fmt for every type they write themselves, and a fallback.
func TestAppendValues(t *testing.T) {
	for _, v := range []any{nil, "", "<s>", true, false, 0, -1, 1 << 40, int64(-1 << 62), int32(-7), uint(7), uint64(1 << 63),
		[]string(nil), []string{}, []string{"a", "<b c>"}, 1.5, map[string]int{"b": 1, "a": 2}} {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendJSONValue(nil, v)
		if err != nil || string(got) != string(want) {
			t.Errorf("appendJSONValue(%#v) = %s, %v; want %s", v, got, err, want)
		}
		if got := appendTextValue(nil, v); string(got) != fmt.Sprint(v) {
			t.Errorf("appendTextValue(%#v) = %s, want %s", v, got, fmt.Sprint(v))
		}
	}
}

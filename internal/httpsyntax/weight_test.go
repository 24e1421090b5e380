package httpsyntax

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// qvalueGrammar is RFC 9110 §12.4.2's qvalue.
var qvalueGrammar = regexp.MustCompile(`^(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$`)

// FuzzAcceptWeight checks parseQValue against the grammar and
// strconv.ParseFloat.
func FuzzAcceptWeight(f *testing.F) {
	for _, s := range []string{"0", "1", "0.5", "0.123", "1.000", "1.", "0.", "1.0001", "-1", "NaN", "Inf", "0.1234", "1.5", ".5", "+1", "0x1", "1e0", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, ok := parseQValue(s)
		assert.Equal(t, qvalueGrammar.MatchString(s), ok, s)
		if !ok {
			return
		}
		v, err := strconv.ParseFloat(strings.TrimSuffix(s, "."), 64)
		assert.NoError(t, err)
		assert.Equal(t, int(math.Round(v*1000)), w, s)
	})
}

func TestSplitWeight(t *testing.T) {
	tests := []struct {
		elem   string
		value  string
		weight int
		ok     bool
	}{
		{"text/html", "text/html", 1000, true},
		{"text/html;level=1;q=0.5;ext=1", "text/html;level=1", 500, true},
		{"text/html ; Q=0", "text/html", 0, true},
		{"text/html;q=1.0001", "", 0, false},
		{"text/html;q=-1", "", 0, false},
		{"text/html;q=NaN", "", 0, false},
		{"text/html;q", "", 0, false},
		{"en-GB;q=0.8", "en-GB", 800, true},
		{`text/html;x="a;q=0";q=0.2`, `text/html;x="a;q=0"`, 200, true},
	}
	for _, tt := range tests {
		value, weight, ok := SplitWeight(tt.elem)
		assert.Equal(t, tt.ok, ok, tt.elem)
		assert.Equal(t, tt.weight, weight, tt.elem)
		assert.Equal(t, tt.value, value, tt.elem)
	}
}

func TestParseQValue(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true}, {"1", 1000, true}, {"0.5", 500, true}, {"0.123", 123, true},
		{"1.000", 1000, true}, {"1.", 1000, true}, {"0.", 0, true},
		{"1.001", 0, false}, {"0.1234", 0, false}, {"2", 0, false}, {"-1", 0, false},
		{"NaN", 0, false}, {".5", 0, false}, {"", 0, false}, {"0,5", 0, false}, {"0.x", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseQValue(tt.in)
		assert.Equal(t, tt.ok, ok, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

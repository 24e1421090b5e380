package ratelimit

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseRateLimitItem(t *testing.T) {
	tests := []struct {
		in   string
		r, t int64
		ok   bool
	}{
		{`"a";r=1;t=2`, 1, 2, true},
		{`"a;r=9";t=2;r=1`, 1, 2, true},
		{`"a\";r=9";r=3;t=4, "b";r=0;t=1`, 3, 4, true},
		{`"a";r=1`, 0, 0, false},
		{`"a";r=-1;t=2`, 0, 0, false},
		{`"a";r=x;t=2`, 0, 0, false},
		{`a;r=1;t=2`, 0, 0, false},
		{`"a`, 0, 0, false},
		{`"a"x;r=1;t=1`, 0, 0, false},
		{``, 0, 0, false},
	}
	for _, tt := range tests {
		r, s, ok := parseRateLimitItem(tt.in)
		assert.Equal(t, tt.ok, ok, tt.in)
		if tt.ok {
			assert.Equal(t, []int64{tt.r, tt.t}, []int64{r, s}, tt.in)
		}
	}
}

func TestParseRateLimitItemAllocatesNothing(t *testing.T) {
	v := string(appendRateLimitItem(nil, `"outer"`, 7, 3*time.Second)) + ";x=1"
	allocs := testing.AllocsPerRun(100, func() {
		if _, _, ok := parseRateLimitItem(v); !ok {
			t.Fatal(v)
		}
	})
	assert.Zero(t, allocs)
}

func FuzzParseRateLimitItem(f *testing.F) {
	for _, s := range []string{`"a";r=1;t=2`, `"x\"y";r=0;t=30`, `"a";r=1`, `"`, `"a";;r=1;t=1`, `"a";r=99999999999999999999;t=1`} {
		f.Add(s, 5, int64(1500))
	}
	f.Fuzz(func(t *testing.T, s string, remaining int, waitMillis int64) {
		_, _, _ = parseRateLimitItem(s)
		if remaining < 0 || waitMillis < 0 || waitMillis > 1<<40 {
			return
		}
		wait := time.Duration(waitMillis) * time.Millisecond
		b := appendRateLimitItem(nil, `"name"`, remaining, wait)
		r, sec, ok := parseRateLimitItem(string(b))
		if !ok || r != int64(remaining) || sec != ceilSeconds(wait) {
			t.Fatalf("%s: got r=%d t=%d ok=%v", b, r, sec, ok)
		}
	})
}

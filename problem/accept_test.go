package problem

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNegotiate(t *testing.T) {
	tests := []struct {
		name   string
		accept []string
		want   format
	}{
		{"missing", nil, formatJSON},
		{"empty", []string{""}, formatJSON},
		{"any", []string{"*/*"}, formatJSON},
		{"lone star", []string{"*"}, formatJSON},
		{"json", []string{"application/json"}, formatJSON},
		{"problem json", []string{"application/problem+json"}, formatJSON},
		{"html", []string{"text/html"}, formatHTML},
		{"html upper case", []string{"TEXT/HTML"}, formatHTML},
		{"plain", []string{"text/plain"}, formatText},
		{"text wildcard prefers html", []string{"text/*"}, formatHTML},
		{"browser", []string{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, formatHTML},
		{"curl", []string{"*/*"}, formatJSON},
		{"weights", []string{"application/json;q=0.5, text/plain;q=0.9"}, formatText},
		{"specific beats wildcard", []string{"text/*;q=0.1, text/plain;q=1, */*;q=0.5"}, formatText},
		{"specific q=0 refuses", []string{"text/html;q=0, */*"}, formatJSON},
		{"all refused", []string{"application/json;q=0, text/*;q=0"}, formatJSON},
		{"unsupported only", []string{"image/png"}, formatJSON},
		{"garbage", []string{"%%%,;;;,=,/"}, formatJSON},
		{"invalid q ignored", []string{"text/html;q=NaN, text/plain;q=0.5"}, formatText},
		{"q above one ignored", []string{"text/html;q=1.0001, text/plain;q=0.1"}, formatText},
		{"negative q ignored", []string{"text/html;q=-1, text/plain;q=0.1"}, formatText},
		{"quoted comma", []string{`application/json;foo="a,text/plain;q=1,b", text/html;q=0.5`}, formatHTML},
		{"parameter after q narrows the range", []string{"text/plain;q=0.5;format=flowed, text/html;q=0.1"}, formatHTML},
		{"charset parameter matches", []string{"text/plain;charset=UTF-8, text/html;q=0.5"}, formatText},
		{"other charset does not", []string{"text/plain;charset=iso-8859-1, text/html;q=0.5"}, formatHTML},
		{"repeated lines form one list", []string{"application/json;q=0.1", "text/plain"}, formatText},
		{"spaces", []string{"  text/plain ;  q=1 ,application/json ; q=0.2"}, formatText},
		{"type wildcard with subtype", []string{"*/html"}, formatJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, negotiate(tt.accept))
		})
	}
}

// TestChooseFormatKeepsTheLastAccept checks that the Accept field kept
// by chooseFormat answers only for itself.
func TestChooseFormatKeepsTheLastAccept(t *testing.T) {
	browser := "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	long := strings.Repeat("image/png;q=0.1,", 40) + "text/plain"
	for _, accept := range []string{browser, browser, "text/plain;q=0.9, application/json;q=0.1", browser, long, long, "*/*;q=0.5, text/html"} {
		assert.Equal(t, negotiate([]string{accept}), chooseFormat([]string{accept}), accept)
	}
}

// TestChooseFormatKeepsOnlyRepeatedAccept checks that clients taking turns
// with two Accept lines cost no allocation: a line is kept only when it
// comes twice in a row.
func TestChooseFormatKeepsOnlyRepeatedAccept(t *testing.T) {
	chrome := []string{"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"}
	curl := []string{"text/plain;q=0.9, application/json;q=0.5"}
	allocs := testing.AllocsPerRun(100, func() {
		assert.Equal(t, formatHTML, chooseFormat(chrome))
		assert.Equal(t, formatText, chooseFormat(curl))
	})
	assert.Zero(t, allocs)
	chooseFormat(curl)
	assert.Equal(t, curl[0], lastAccept.Load().accept, "kept when repeated")
}

func BenchmarkNegotiate(b *testing.B) {
	b.Run("browser", func(b *testing.B) {
		accept := []string{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
		for b.Loop() {
			negotiate(accept)
		}
	})
	b.Run("browser, kept", func(b *testing.B) {
		accept := []string{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
		b.ReportAllocs()
		for b.Loop() {
			chooseFormat(accept)
		}
	})
	b.Run("hundreds of ranges", func(b *testing.B) {
		accept := []string{strings.Repeat("image/png;q=0.1,", 500) + "text/plain"}
		b.SetBytes(int64(len(accept[0])))
		for b.Loop() {
			negotiate(accept)
		}
	})
}

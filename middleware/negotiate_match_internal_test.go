package middleware

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsLanguageRange(t *testing.T) {
	for s, want := range map[string]bool{
		"*": true, "en": true, "en-GB": true, "zh-Hant-TW": true, "de-CH-1996": true, "x-klingon": true,
		"": false, "en-": false, "-en": false, "en--GB": false, "1en": false, "toolonglang": false, "en_GB": false, "é": false,
	} {
		assert.Equal(t, want, isLanguageRange(s), s)
	}
}

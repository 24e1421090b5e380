// Package varytest holds the header fields a middleware in front of a
// refusal may have set, for the tests that check the refusal's Vary: an
// earlier Vary is extended with Accept, other fields leave it Accept alone.
package varytest

// Earlier is one set of fields set before a refusal, and the Vary values
// the refusal must then send.
type Earlier struct {
	Name     string
	Fields   map[string]string
	WantVary []string
}

// Cases are the sets of fields every refusal is checked behind.
var Cases = []Earlier{
	{"none", nil, []string{"Accept"}},
	{"other field", map[string]string{"X-Request-Id": "1"}, []string{"Accept"}},
	{"Vary", map[string]string{"Vary": "Origin"}, []string{"Origin", "Accept"}},
	{"Vary and other field", map[string]string{"Vary": "Origin", "X-Request-Id": "1"}, []string{"Origin", "Accept"}},
	{"Vary naming Accept", map[string]string{"Vary": "Accept-Encoding, accept"}, []string{"Accept-Encoding, accept"}},
}

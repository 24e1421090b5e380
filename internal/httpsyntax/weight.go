package httpsyntax

import "strings"

// parseQValue parses a qvalue (RFC 9110 §12.4.2) into thousandths:
// "0" to "0.999", "1", "1.000". Anything else ("1.0001", "-1", "NaN",
// "0.1234", "1.5") is not ok.
func parseQValue(s string) (int, bool) {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	whole := int(s[0]-'0') * 1000
	if len(s) == 1 {
		return whole, true
	}
	if s[1] != '.' {
		return 0, false
	}
	frac, scale := 0, 100
	for i := 2; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		frac += int(c-'0') * scale
		scale /= 10
	}
	if whole == 1000 && frac != 0 {
		return 0, false
	}
	return whole + frac, true
}

// SplitWeight separates the weight from an element of Accept-Charset or
// Accept-Language (RFC 9110 §12.4.2): it returns the element's value with
// the parameters that precede the "q" parameter, and the weight in
// thousandths (1000 when absent). Parameters after q are ignored. It is
// not ok when a parameter is malformed or q is not a valid qvalue. Accept
// elements, whose parameters narrow the range wherever q stands, are read
// by [ChooseMediaType] instead.
func SplitWeight(elem string) (value string, weight int, ok bool) {
	_, params, found := strings.Cut(elem, ";")
	if !found {
		return elem, 1000, true
	}
	rest := params
	for TrimOWS(rest) != "" {
		before := rest
		var name, v string
		if name, v, rest, ok = NextMediaParam(rest); !ok {
			return "", 0, false
		}
		if isWeightParam(name) {
			if weight, ok = parseQValue(v); !ok {
				return "", 0, false
			}
			cut := len(elem) - len(before) - 1
			return TrimOWS(elem[:cut]), weight, true
		}
	}
	return elem, 1000, true
}

// isWeightParam reports whether a parameter name is "q", the weight.
func isWeightParam(name string) bool {
	return len(name) == 1 && (name[0] == 'q' || name[0] == 'Q')
}

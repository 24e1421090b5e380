package middleware

import "strings"

// This file holds the zero-allocation scanners for media types (RFC 9110
// §8.3.1), their parameters (§5.6.6) and comma-separated field lists
// (§5.6.1) that AllowContentTypes, Negotiate and DecodeJSON share. They
// exist because mime.ParseMediaType allocates a map per call, which a
// pass path must not; constructors still validate their configuration with
// mime.ParseMediaType, and FuzzMediaTypeScan checks that both agree.

// splitMediaType splits a media type or range, "type/subtype;params", into
// its type, subtype and the unparsed parameter text after the first ';'.
// It is not ok when type or subtype is not a token or a parameter is
// malformed. It allocates nothing.
func splitMediaType(s string) (typ, sub, params string, ok bool) {
	mt, params, _ := strings.Cut(s, ";")
	typ, sub, found := strings.Cut(trimOWS(mt), "/")
	if !found || !isToken(typ) || !isToken(sub) {
		return "", "", "", false
	}
	for rest := params; trimOWS(rest) != ""; {
		if _, _, rest, ok = nextMediaParam(rest); !ok {
			return "", "", "", false
		}
	}
	return typ, sub, params, true
}

// splitMediaRange splits an Accept element (RFC 9110 §12.5.1) into its
// media range, the parameter text after the first ';', the number of
// parameters other than the weight, and the weight in thousandths (1000
// when absent). A parameter named "q" is the weight wherever it stands;
// every other parameter narrows the range, before or after it. A lone "*",
// sent by some old clients, means "*/*". It is not ok when the range is
// not "type/subtype", "type/*" or "*/*", a parameter is malformed or the
// weight is not a qvalue. It allocates nothing.
func splitMediaRange(elem string) (typ, sub, params string, nparams, weight int, ok bool) {
	if mt, rest, _ := strings.Cut(elem, ";"); trimOWS(mt) == "*" {
		typ, sub, params = "*", "*", rest
	} else if typ, sub, params, ok = splitMediaType(elem); !ok || (typ == "*" && sub != "*") {
		return "", "", "", 0, 0, false
	}
	weight, weighted := 1000, false
	for rest := params; trimOWS(rest) != ""; {
		var name, value string
		if name, value, rest, ok = nextMediaParam(rest); !ok {
			return "", "", "", 0, 0, false
		}
		switch {
		case !isWeightParam(name):
			nparams++
		case !weighted:
			if weight, ok = parseAcceptWeight(value); !ok {
				return "", "", "", 0, 0, false
			}
			weighted = true
		}
	}
	return typ, sub, params, nparams, weight, true
}

// isWeightParam reports whether a parameter name is "q", the weight.
func isWeightParam(name string) bool {
	return len(name) == 1 && (name[0] == 'q' || name[0] == 'Q')
}

// nextMediaParam reads the first parameter, name=value, of the parameter
// text s and returns the text after the ';' that follows it. A quoted value
// is returned with its quotes; see [unquoteMediaValue]. Whitespace around
// "=" is tolerated, as mime.ParseMediaType does, although RFC 9110 §5.6.6
// has none.
func nextMediaParam(s string) (name, value, rest string, ok bool) {
	s = trimOWSLeft(s)
	i := 0
	for i < len(s) && isTokenByte(s[i]) {
		i++
	}
	name, s = s[:i], trimOWSLeft(s[i:])
	if name == "" || s == "" || s[0] != '=' {
		return "", "", "", false
	}
	s = trimOWSLeft(s[1:])
	if s != "" && s[0] == '"' {
		i = 1
		for i < len(s) && s[i] != '"' {
			if s[i] == '\\' && i+1 < len(s) {
				i++
			}
			if c := s[i]; (c < ' ' && c != '\t') || c == 0x7f {
				return "", "", "", false
			}
			i++
		}
		if i >= len(s) {
			return "", "", "", false
		}
		value, s = s[:i+1], s[i+1:]
	} else {
		i = 0
		for i < len(s) && isTokenByte(s[i]) {
			i++
		}
		value, s = s[:i], s[i:]
		if value == "" {
			return "", "", "", false
		}
	}
	s = trimOWSLeft(s)
	if s == "" {
		return name, value, "", true
	}
	if s[0] != ';' {
		return "", "", "", false
	}
	return name, value, s[1:], true
}

// unquoteMediaValue returns a parameter value without its quotes and
// backslash escapes. Only a value with escapes allocates.
func unquoteMediaValue(v string) string {
	if len(v) < 2 || v[0] != '"' {
		return v
	}
	v = v[1 : len(v)-1]
	if strings.IndexByte(v, '\\') < 0 {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) {
			i++
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

// parseAcceptWeight parses a qvalue (RFC 9110 §12.4.2) into thousandths:
// "0" to "0.999", "1", "1.000". Anything else ("1.0001", "-1", "NaN",
// "0.1234", "1.5") is not ok.
func parseAcceptWeight(s string) (int, bool) {
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

// splitAcceptWeight separates the weight from an Accept-* element: it
// returns the element's value with the parameters that precede the "q"
// parameter, and the weight in thousandths (1000 when absent). Parameters
// after q are extensions and ignored. It is not ok when a parameter is
// malformed or q is not a valid qvalue.
func splitAcceptWeight(elem string) (value string, weight int, ok bool) {
	_, params, found := strings.Cut(elem, ";")
	if !found {
		return elem, 1000, true
	}
	rest := params
	for trimOWS(rest) != "" {
		before := rest
		var name, v string
		if name, v, rest, ok = nextMediaParam(rest); !ok {
			return "", 0, false
		}
		if isWeightParam(name) {
			if weight, ok = parseAcceptWeight(v); !ok {
				return "", 0, false
			}
			cut := len(elem) - len(before) - 1
			return trimOWS(elem[:cut]), weight, true
		}
	}
	return elem, 1000, true
}

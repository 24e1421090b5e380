package httpsyntax

import "strings"

// This file holds the zero-allocation scanners for media types (RFC 9110
// §8.3.1) and their parameters (§5.6.6). They exist because
// mime.ParseMediaType allocates a map per call, which a pass path must
// not; constructors still validate their configuration with
// mime.ParseMediaType, and FuzzMediaTypeScan checks that both agree.

// SplitMediaType splits a media type or range, "type/subtype;params", into
// its type, subtype and the unparsed parameter text after the first ';'.
// It is not ok when type or subtype is not a token or a parameter is
// malformed. It allocates nothing.
func SplitMediaType(s string) (typ, sub, params string, ok bool) {
	mt, params, _ := strings.Cut(s, ";")
	typ, sub, found := strings.Cut(TrimOWS(mt), "/")
	if !found || !IsToken(typ) || !IsToken(sub) {
		return "", "", "", false
	}
	for rest := params; TrimOWS(rest) != ""; {
		if _, _, rest, ok = NextMediaParam(rest); !ok {
			return "", "", "", false
		}
	}
	return typ, sub, params, true
}

// NextMediaParam reads the first parameter, name=value, of the parameter
// text s and returns the text after the ';' that follows it. A quoted value
// is returned with its quotes; see [UnquoteMediaValue]. Whitespace around
// "=" is tolerated, as mime.ParseMediaType does, although RFC 9110 §5.6.6
// has none.
func NextMediaParam(s string) (name, value, rest string, ok bool) {
	s = TrimOWSLeft(s)
	i := 0
	for i < len(s) && isTokenByte(s[i]) {
		i++
	}
	name, s = s[:i], TrimOWSLeft(s[i:])
	if name == "" || s == "" || s[0] != '=' {
		return "", "", "", false
	}
	s = TrimOWSLeft(s[1:])
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
	s = TrimOWSLeft(s)
	if s == "" {
		return name, value, "", true
	}
	if s[0] != ';' {
		return "", "", "", false
	}
	return name, value, s[1:], true
}

// UnquoteMediaValue returns a parameter value without its quotes and
// backslash escapes. Only a value with escapes allocates.
func UnquoteMediaValue(v string) string {
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

// ParamValuesEqual reports whether two values of the media type parameter
// name, unquoted, are equal: charset values compare case-insensitively
// (RFC 9110 §8.3.2), other values exactly. name is in lower case.
func ParamValuesEqual(name, a, b string) bool {
	return a == b || (name == "charset" && strings.EqualFold(a, b))
}

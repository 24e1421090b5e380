package problem

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// appendJSON appends p as one JSON object (RFC 9457 §3): the standard
// members that are set (§3.1), then the extension members (§3.2) in key
// order. The bytes are those encoding/json writes for the same members.
// It fails only when an extension member cannot be encoded as JSON.
func appendJSON(b []byte, p *Details) ([]byte, error) {
	b = append(b, '{')
	if p.Type != "" {
		b = appendJSONString(append(b, `"type":`...), p.Type)
	}
	if p.Title != "" {
		b = appendJSONString(appendComma(b, `"title":`), p.Title)
	}
	if p.Status != 0 {
		b = strconv.AppendInt(appendComma(b, `"status":`), int64(p.Status), 10)
	}
	if p.Detail != "" {
		b = appendJSONString(appendComma(b, `"detail":`), p.Detail)
	}
	if p.Instance != "" {
		b = appendJSONString(appendComma(b, `"instance":`), p.Instance)
	}
	var stack [maxStackMembers]member
	for _, m := range p.extensionMembers(stack[:0]) {
		b = append(appendJSONString(appendComma(b, ""), m.name), ':')
		var err error
		if b, err = appendJSONValue(b, m.value); err != nil {
			return nil, fmt.Errorf("problem: extension member %q: %w", m.name, err)
		}
	}
	return append(b, '}'), nil
}

// appendComma appends a comma unless b is the object's opening brace, and
// then name.
func appendComma(b []byte, name string) []byte {
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	return append(b, name...)
}

// appendJSONValue appends v as encoding/json encodes it. The types that
// fourxx's middlewares send are written here; any other goes through
// encoding/json.
func appendJSONValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendJSONString(b, v), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case int32:
		return strconv.AppendInt(b, int64(v), 10), nil
	case uint:
		return strconv.AppendUint(b, uint64(v), 10), nil
	case uint64:
		return strconv.AppendUint(b, v, 10), nil
	case []string:
		if v == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, s)
		}
		return append(b, ']'), nil
	}
	enc, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, enc...), nil
}

// appendJSONString appends s as a JSON string exactly as encoding/json
// writes it by default: `"` and `\` escaped, the control characters as
// \b, \f, \n, \r, \t or \u00XX, the HTML-sensitive <, > and & as
// \u003c, \u003e and \u0026, the line separators U+2028 and U+2029 as
// \u2028 and \u2029, and each byte of invalid UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonPlain[c] {
				i++
				continue
			}
			b = append(b, s[done:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			done = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[done:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[done:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		done = i
	}
	b = append(b, s[done:]...)
	return append(b, '"')
}

// jsonPlain marks the ASCII bytes that appendJSONString copies unescaped.
var jsonPlain = func() (plain [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		plain[c] = true
	}
	for _, c := range `"\<>&` {
		plain[c] = false
	}
	return plain
}()

package middleware

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/fourxx/fourxx/internal/echo"
)

// decodeIJSON decodes the next JSON value of dec into v, refusing what
// I-JSON (RFC 7493) forbids and encoding/json accepts: duplicate member
// names, which encoding/json resolves by keeping the last, and strings
// that are not Unicode text, which it turns into U+FFFD. It reads the
// value as dec.Decode does, so the body limit, the syntax errors and their
// offsets are the same; the value is then checked and decoded from a copy
// of its bytes by a decoder of its own, which holds the value three times
// in memory (dec's buffer, the copy, the inner decoder's buffer), each
// within the limit.
func decodeIJSON(dec *json.Decoder, v any, disallowUnknownFields bool) error {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	base := dec.InputOffset() - int64(len(raw))
	if err := checkIJSON(raw); err != nil {
		err.offset += base
		return err
	}
	inner := json.NewDecoder(bytes.NewReader(raw))
	if disallowUnknownFields {
		inner.DisallowUnknownFields()
	}
	err := inner.Decode(v)
	var mismatch *json.UnmarshalTypeError
	if errors.As(err, &mismatch) {
		mismatch.Offset += base
	}
	return err
}

// ijsonError reports a JSON value that is valid JSON but not I-JSON.
type ijsonError struct {
	// offset is the number of bytes before the offending name, byte or
	// escape.
	offset int64
	// repeated is set for a repeated member name, and field is its
	// dotted path, as json.UnmarshalTypeError's Field.
	repeated bool
	field    string
	// problem says what is wrong, for the client.
	problem string
}

func (e *ijsonError) Error() string {
	return fmt.Sprintf("json: the value %s at byte %d", e.problem, e.offset)
}

// maxJSONNameEcho and maxJSONFieldEcho bound how much of a repeated member
// name the 400 repeats, in its detail and in its member "field" (the
// name's dotted path), so a hostile body cannot inflate the answer.
const (
	maxJSONNameEcho  = 64
	maxJSONFieldEcho = 256
)

// ijsonObject is an open object of the value checkIJSON scans.
type ijsonObject struct {
	// wantName is set where the next string is a member name.
	wantName bool
	// first is the index of the object's first member name in the names
	// of the open objects.
	first int
	// set holds the object's names once it has more than
	// ijsonLinearNames, so that a large object is checked in linear time.
	set map[string]struct{}
}

// ijsonLinearNames is how many member names an object may have before
// checkIJSON looks them up in a map rather than comparing each.
const ijsonLinearNames = 16

// ijsonScan is the state of checkIJSON over raw: per open level whether
// it is an object, the open objects, and their member names, innermost
// last.
type ijsonScan struct {
	raw      []byte
	inObject []bool
	objects  []ijsonObject
	names    []ijsonName
	// folded is the buffer of foldName.
	folded []byte
}

// ijsonName is a member name: its text is raw[start:end], or, when the
// name has escapes, unescaped. Names without escapes cost no allocation
// until a large object needs them as keys of its set.
type ijsonName struct {
	start, end int
	escaped    bool
	unescaped  []byte
}

// text returns the name's text.
func (s *ijsonScan) text(n ijsonName) string {
	return string(s.textBytes(n))
}

// same reports whether a and b name the same struct field for
// encoding/json, which matches names to fields with bytes.EqualFold.
func (s *ijsonScan) same(a, b ijsonName) bool {
	return bytes.EqualFold(s.textBytes(a), s.textBytes(b))
}

// textBytes returns the name's text without allocating.
func (s *ijsonScan) textBytes(n ijsonName) []byte {
	if n.escaped {
		return n.unescaped
	}
	return s.raw[n.start:n.end]
}

// inSet reports whether n's folded text is in set.
func (s *ijsonScan) inSet(set map[string]struct{}, n ijsonName) bool {
	_, found := set[string(s.fold(n))]
	return found
}

// fold returns the key under which a set holds n, in a buffer the next
// call reuses: two names have the same key exactly when bytes.EqualFold
// reports them equal, as encoding/json folds them. The text is UTF-8,
// checked by checkIJSONString.
func (s *ijsonScan) fold(n ijsonName) []byte {
	name := s.textBytes(n)
	folded := s.folded[:0]
	for i := 0; i < len(name); {
		if c := name[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			folded = append(folded, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(name[i:])
		folded = utf8.AppendRune(folded, foldRune(r))
		i += size
	}
	s.folded = folded
	return folded
}

// foldRune returns the smallest rune of r's case-folding orbit.
func foldRune(r rune) rune {
	for {
		next := unicode.SimpleFold(r)
		if next <= r {
			return next
		}
		r = next
	}
}

// checkIJSON scans raw, a JSON value encoding/json has accepted (so at
// most 10000 levels deep), for the first repeated member name or string
// that is not Unicode text. It keeps one byte per open array and, per open
// object, a small entry and its member names: memory bounded by the depth
// limit and len(raw).
func checkIJSON(raw []byte) *ijsonError {
	s := ijsonScan{raw: raw}
	for i := 0; i < len(raw); {
		switch raw[i] {
		case '{':
			s.inObject = append(s.inObject, true)
			s.objects = append(s.objects, ijsonObject{wantName: true, first: len(s.names)})
		case '[':
			s.inObject = append(s.inObject, false)
		case '}':
			s.inObject = s.inObject[:len(s.inObject)-1]
			top := s.objects[len(s.objects)-1]
			s.names = s.names[:top.first]
			s.objects = s.objects[:len(s.objects)-1]
		case ']':
			s.inObject = s.inObject[:len(s.inObject)-1]
		case ',':
			if s.inObject[len(s.inObject)-1] {
				s.objects[len(s.objects)-1].wantName = true
			}
		case '"':
			end, err := checkIJSONString(raw, i)
			if err != nil {
				return err
			}
			if len(s.inObject) > 0 && s.inObject[len(s.inObject)-1] && s.objects[len(s.objects)-1].wantName {
				if err := s.addName(raw, i, end); err != nil {
					return err
				}
			}
			i = end
			continue
		}
		i++
	}
	return nil
}

// addName records the member name raw[start:end], a JSON string, in the
// innermost open object, or reports it repeated.
func (s *ijsonScan) addName(raw []byte, start, end int) *ijsonError {
	top := &s.objects[len(s.objects)-1]
	top.wantName = false
	name := ijsonName{start: start + 1, end: end - 1}
	if quoted := raw[start:end]; bytes.IndexByte(quoted, '\\') >= 0 {
		// Checked by checkIJSONString, the escapes decode to text.
		var unescaped string
		_ = json.Unmarshal(quoted, &unescaped)
		name.escaped, name.unescaped = true, []byte(unescaped)
	}
	own := s.names[top.first:]
	seen := top.set != nil && s.inSet(top.set, name)
	for i := 0; top.set == nil && !seen && i < len(own); i++ {
		seen = s.same(own[i], name)
	}
	if seen {
		path := make([]string, 0, len(s.objects))
		for _, o := range s.objects[1:] {
			path = append(path, s.text(s.names[o.first-1])) // the name of the member o is the value of
		}
		text := s.text(name)
		return &ijsonError{
			offset:   int64(start),
			repeated: true,
			field:    echo.Cut(strings.Join(append(path, text), "."), maxJSONFieldEcho, "…"),
			problem:  fmt.Sprintf("repeats the member name %q", echo.Cut(text, maxJSONNameEcho, "…")),
		}
	}
	if top.set == nil && len(own) == ijsonLinearNames {
		top.set = make(map[string]struct{}, 2*ijsonLinearNames)
		for _, n := range own {
			top.set[string(s.fold(n))] = struct{}{}
		}
	}
	if top.set != nil {
		top.set[string(s.fold(name))] = struct{}{}
	}
	s.names = append(s.names, name)
	return nil
}

// checkIJSONString checks the JSON string that starts at raw[start] and
// returns the index after it. Its bytes must be UTF-8 (RFC 7493 §2.1),
// its escapes must not leave a surrogate unpaired, and no character may
// be a Unicode noncharacter.
func checkIJSONString(raw []byte, start int) (int, *ijsonError) {
	i := start + 1
	for {
		c := raw[i]
		switch {
		case c == '"':
			return i + 1, nil
		case c == '\\' && raw[i+1] == 'u':
			r, n := decodeIJSONEscape(raw[i:])
			if r < 0 {
				return 0, &ijsonError{offset: int64(i), problem: fmt.Sprintf("escapes an unpaired surrogate (%s)", raw[i:i+6])}
			}
			if isNoncharacter(r) {
				return 0, &ijsonError{offset: int64(i), problem: fmt.Sprintf("escapes the Unicode noncharacter %U", r)}
			}
			i += n
		case c == '\\':
			i += 2
		case c < utf8.RuneSelf:
			i++
		default:
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n == 1 {
				return 0, &ijsonError{offset: int64(i), problem: fmt.Sprintf("has a byte that is not UTF-8 (0x%02x)", c)}
			}
			if isNoncharacter(r) {
				return 0, &ijsonError{offset: int64(i), problem: fmt.Sprintf("has the Unicode noncharacter %U", r)}
			}
			i += n
		}
	}
}

// decodeIJSONEscape decodes the \u escape (four hex digits) at the start of b, with the
// low surrogate that must follow a high one, and returns the code point
// and the bytes it took; the code point is -1 for an unpaired surrogate.
func decodeIJSONEscape(b []byte) (rune, int) {
	r := hex4(b[2:6])
	if !utf16.IsSurrogate(r) {
		return r, 6
	}
	if len(b) < 12 || b[6] != '\\' || b[7] != 'u' {
		return -1, 6
	}
	if pair := utf16.DecodeRune(r, hex4(b[8:12])); pair != utf8.RuneError {
		return pair, 12
	}
	return -1, 6
}

// hex4 decodes the four hexadecimal digits of an escape, which
// encoding/json has checked.
func hex4(b []byte) rune {
	n, _ := strconv.ParseUint(string(b), 16, 32)
	return rune(n)
}

// isNoncharacter reports whether r is one of Unicode's 66 noncharacters,
// which I-JSON strings must not contain (RFC 7493 §2.1).
func isNoncharacter(r rune) bool {
	return r >= 0xFDD0 && r <= 0xFDEF || r&0xFFFE == 0xFFFE
}

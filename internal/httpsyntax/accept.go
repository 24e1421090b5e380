package httpsyntax

import (
	"mime"
	"strings"
)

// A MediaOffer is a media type offered in proactive negotiation (RFC 9110
// §12.5.1), parsed once by [ParseMediaOffer].
type MediaOffer struct {
	typ, sub string
	// params holds the parameters, names in lower case and values
	// unquoted, as mime.ParseMediaType reads them.
	params []mediaParam
}

type mediaParam struct{ name, value string }

// ParseMediaOffer parses an offered media type and its parameters. It is
// not ok for a media range such as "text/*" or for text that
// mime.ParseMediaType does not read as a media type.
func ParseMediaOffer(s string) (MediaOffer, bool) {
	mt, params, err := mime.ParseMediaType(s)
	typ, sub, _ := strings.Cut(mt, "/")
	if err != nil || sub == "" || strings.Contains(mt, "*") {
		return MediaOffer{}, false
	}
	o := MediaOffer{typ: typ, sub: sub}
	for name, value := range params {
		o.params = append(o.params, mediaParam{name, value})
	}
	return o, true
}

// ChooseMediaType weighs offers against the lines of an Accept field
// (RFC 9110 §12.5.1) and returns the index of the chosen offer. Each offer
// gets the weight of the most specific range that matches it
// ("text/html;level=1" over "text/html" over "text/*" over "*/*"), and the
// offer with the highest weight above zero wins, the earlier on a tie. A
// parameter named "q" is the weight wherever it stands; every other
// parameter of a range must be carried by the offer with the same value.
// Elements that cannot be parsed, such as "q=1.0001", are ignored, and a
// field without a valid element accepts every offer and yields 0. ok is
// false when the field accepts none of the offers.
//
// The cost is linear in the length of the lines, and nothing is allocated
// for up to 8 offers.
func ChooseMediaType(offers []MediaOffer, lines []string) (int, bool) {
	var stack [8]score
	scores := scoresFor(&stack, len(offers))
	valid := false
	for _, line := range lines {
		for line != "" {
			var typ, sub, params string
			var ok bool
			if typ, sub, params, line, ok = nextMediaRange(line); !ok {
				continue
			}
			// Once the field has a valid element, one that matches no
			// offer changes nothing: its parameters need no scan.
			if valid && !matchesAny(offers, typ, sub) {
				continue
			}
			if weigh(offers, scores, typ, sub, params) {
				valid = true
			}
		}
	}
	if !valid {
		return 0, true
	}
	return best(scores)
}

// weigh raises the score of each offer that the media range typ/sub with
// the parameter text params names more specifically than before. It
// reports false, and changes nothing, when a parameter is malformed or
// the weight is not a qvalue.
func weigh(offers []MediaOffer, scores []score, typ, sub, params string) bool {
	nparams, weight, ok := scanRangeParams(params)
	if !ok {
		return false
	}
	for i := range offers {
		if s := offers[i].specificity(typ, sub, params, nparams); s > scores[i].specificity {
			scores[i] = score{s, weight}
		}
	}
	return true
}

// nextMediaRange splits the first element off the Accept field value
// line, as [NextListElement] does, and its media range into type and
// subtype; params is the unparsed parameter text. ok is false when the
// element has no valid media range. The common element, a range followed
// by ',', ';' or the end, is read in one pass.
func nextMediaRange(line string) (typ, sub, params, rest string, ok bool) {
	if typ, sub, rest, ok = mediaRangeHead(line); ok {
		if rest == "" || rest[0] == ',' {
			if rest != "" {
				rest = rest[1:]
			}
			return typ, sub, "", rest, true
		}
		params, rest = NextListElement(rest[1:])
		return typ, sub, params, rest, true
	}
	var elem string
	elem, rest = NextListElement(line)
	mt, params, _ := strings.Cut(elem, ";")
	typ, sub, ok = splitMediaRange(mt)
	return typ, sub, params, rest, ok
}

// mediaRangeHead reads "type/subtype" after optional whitespace at the
// start of line and returns the text after it and the whitespace that
// follows. ok is false unless that text is empty or starts with ',' or
// ';', or when the range is "*/subtype".
func mediaRangeHead(line string) (typ, sub, rest string, ok bool) {
	s := TrimOWSLeft(line)
	i := 0
	for i < len(s) && isTokenByte(s[i]) {
		i++
	}
	if i == 0 || i == len(s) || s[i] != '/' {
		return "", "", "", false
	}
	typ, s = s[:i], s[i+1:]
	i = 0
	for i < len(s) && isTokenByte(s[i]) {
		i++
	}
	sub, rest = s[:i], TrimOWSLeft(s[i:])
	if sub == "" || (rest != "" && rest[0] != ',' && rest[0] != ';') || (typ == "*" && sub != "*") {
		return "", "", "", false
	}
	return typ, sub, rest, true
}

// splitMediaRange splits the media range of an Accept element, the text
// before its first ';', into type and subtype: "type/subtype", "type/*"
// or "*/*"; a lone "*", sent by some old clients, means "*/*".
func splitMediaRange(mt string) (typ, sub string, ok bool) {
	mt = TrimOWS(mt)
	if mt == "*" {
		return "*", "*", true
	}
	typ, sub, found := strings.Cut(mt, "/")
	if !found || !IsToken(typ) || !IsToken(sub) || (typ == "*" && sub != "*") {
		return "", "", false
	}
	return typ, sub, true
}

// scanRangeParams checks the parameter text of an Accept element and
// returns the number of parameters other than the weight, and the weight
// in thousandths (1000 when absent). A parameter named "q" is the weight
// wherever it stands; a second one is ignored. It is not ok when a
// parameter is malformed or the weight is not a qvalue.
func scanRangeParams(params string) (nparams, weight int, ok bool) {
	weight, weighted := 1000, false
	for rest := params; TrimOWS(rest) != ""; {
		var name, value string
		if name, value, rest, ok = NextMediaParam(rest); !ok {
			return 0, 0, false
		}
		switch {
		case !isWeightParam(name):
			nparams++
		case !weighted:
			if weight, ok = parseQValue(value); !ok {
				return 0, 0, false
			}
			weighted = true
		}
	}
	return nparams, weight, true
}

// matchesAny reports whether the range typ/sub names some offer, ignoring
// parameters.
func matchesAny(offers []MediaOffer, typ, sub string) bool {
	if typ == "*" {
		return true
	}
	for i := range offers {
		if equalLower(typ, offers[i].typ) && (sub == "*" || equalLower(sub, offers[i].sub)) {
			return true
		}
	}
	return false
}

// specificity tells how closely a media range names the offer: 1 for
// "*/*", 2 for "type/*", 3 for "type/subtype" and one more per parameter
// of the range other than the weight, which the offer must carry with the
// same value; 0 for no match. nparams counts those parameters.
func (o *MediaOffer) specificity(typ, sub, params string, nparams int) int {
	switch {
	case typ == "*":
		if nparams != 0 {
			return 0
		}
		return 1
	case !equalLower(typ, o.typ):
		return 0
	case sub == "*":
		if nparams != 0 {
			return 0
		}
		return 2
	case !equalLower(sub, o.sub):
		return 0
	}
	for rest := params; TrimOWS(rest) != ""; {
		var name, value string
		name, value, rest, _ = NextMediaParam(rest)
		if !isWeightParam(name) && !o.hasParam(name, UnquoteMediaValue(value)) {
			return 0
		}
	}
	return 3 + nparams
}

// equalLower reports whether s equals lower, which is in lower case,
// ignoring the case of ASCII letters in s, as media types and parameter
// names compare (RFC 9110 §8.3.1).
func equalLower(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	if s == lower {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// hasParam reports whether the offer carries the parameter name=value
// (names and charset values case-insensitively).
func (o *MediaOffer) hasParam(name, value string) bool {
	for _, p := range o.params {
		if equalLower(name, p.name) {
			return ParamValuesEqual(p.name, p.value, value)
		}
	}
	return false
}

// ChooseCharset weighs charset offers against the lines of an
// Accept-Charset field (RFC 9110 §12.5.2) as [ChooseMediaType] weighs
// media types: an exact name, compared case-insensitively, beats "*".
func ChooseCharset(offers []string, lines []string) (int, bool) {
	var stack [8]score
	scores := scoresFor(&stack, len(offers))
	valid := false
	for _, line := range lines {
		for line != "" {
			var elem string
			elem, line = NextListElement(line)
			rng, weight, ok := SplitWeight(elem)
			if !ok || !IsToken(rng) {
				continue
			}
			valid = true
			for i, c := range offers {
				s := 0
				switch {
				case strings.EqualFold(rng, c):
					s = 2
				case rng == "*":
					s = 1
				}
				if s > scores[i].specificity {
					scores[i] = score{s, weight}
				}
			}
		}
	}
	if !valid {
		return 0, true
	}
	return best(scores)
}

// score is the weight an offer received and the specificity of the range
// that gave it.
type score struct {
	specificity int
	weight      int
}

// scoresFor returns a zeroed score per offer, on the stack for up to
// eight offers.
func scoresFor(stack *[8]score, n int) []score {
	if n <= len(stack) {
		return stack[:n]
	}
	return make([]score, n)
}

// best returns the offer with the highest weight above zero, the earlier
// on a tie, and false when every offer has weight zero.
func best(scores []score) (int, bool) {
	b := -1
	for i, s := range scores {
		if s.weight > 0 && (b < 0 || s.weight > scores[b].weight) {
			b = i
		}
	}
	if b < 0 {
		return 0, false
	}
	return b, true
}

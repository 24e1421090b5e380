package problem

import "strings"

// format is a representation of problem details that [Standard] writes.
type format int

const (
	formatJSON format = iota
	formatHTML
	formatText
	formatCount
)

// mediaTypes are the Content-Type values of the formats.
var mediaTypes = [formatCount]string{
	formatJSON: "application/problem+json",
	formatHTML: "text/html; charset=utf-8",
	formatText: "text/plain; charset=utf-8",
}

// acceptedAs lists, per format, the media types in an Accept field that
// name it exactly. JSON clients that ask for application/json get problem
// details too: they are JSON.
var acceptedAs = [formatCount][]string{
	formatJSON: {"application/problem+json", "application/json"},
	formatHTML: {"text/html"},
	formatText: {"text/plain"},
}

// negotiate chooses the format for the Accept field lines of a request
// (RFC 9110 §12.5.1). Each format gets the weight of the most specific media
// range that matches it; the heaviest format wins, and ties go to the order
// JSON, HTML, text. Without an Accept field, when it cannot be parsed, or
// when it refuses every format, the answer is JSON: an explanation in the
// default format is more useful than none (RFC 9110 §15.5.7).
//
// The cost is linear in the length of the field, whatever it holds.
func negotiate(lines []string) format {
	var best [formatCount]struct {
		specificity int
		weight      int
	}
	for _, line := range lines {
		for len(line) > 0 {
			var elem string
			elem, line = nextElement(line)
			rng, weight, ok := parseMediaRange(elem)
			if !ok {
				continue
			}
			for f := range formatCount {
				s := matchSpecificity(rng, f)
				if s > best[f].specificity {
					best[f].specificity = s
					best[f].weight = weight
				}
			}
		}
	}
	chosen, weight := formatJSON, 0
	for f := range formatCount {
		if best[f].weight > weight {
			chosen, weight = f, best[f].weight
		}
	}
	return chosen
}

// nextElement splits the first comma-separated element off an Accept
// field value, honouring quoted strings in parameters.
func nextElement(s string) (elem, rest string) {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// parseMediaRange reads one Accept element: the media range and its weight
// in thousandths. An element without a type/subtype or with an invalid q
// is not ok. A lone "*", sent by some old clients, means "*/*".
func parseMediaRange(elem string) (rng string, weight int, ok bool) {
	rng, params, _ := strings.Cut(elem, ";")
	rng = strings.TrimSpace(rng)
	if rng == "*" {
		rng = "*/*"
	}
	typ, sub, found := strings.Cut(rng, "/")
	if !found || typ == "" || sub == "" || (typ == "*" && sub != "*") {
		return "", 0, false
	}
	weight = 1000
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(strings.TrimSpace(name), "q") {
			if weight, ok = parseQValue(strings.TrimSpace(value)); !ok {
				return "", 0, false
			}
			break
		}
	}
	return rng, weight, true
}

// parseQValue parses a weight (RFC 9110 §12.4.2) into thousandths:
// "0", "0.5", "1.000". Anything else, such as "1.5", "-1" or "NaN", is not ok.
func parseQValue(s string) (int, bool) {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	whole := int(s[0] - '0')
	if len(s) == 1 {
		return whole * 1000, true
	}
	if s[1] != '.' {
		return 0, false
	}
	frac, scale := 0, 100
	for _, c := range []byte(s[2:]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		frac += int(c-'0') * scale
		scale /= 10
	}
	if whole == 1 && frac != 0 {
		return 0, false
	}
	return whole*1000 + frac, true
}

// matchSpecificity tells how closely a media range names format f:
// 3 for the exact type, 2 for "type/*", 1 for "*/*", 0 for no match.
func matchSpecificity(rng string, f format) int {
	for _, t := range acceptedAs[f] {
		if strings.EqualFold(rng, t) {
			return 3
		}
	}
	if rng == "*/*" {
		return 1
	}
	typ, sub, _ := strings.Cut(rng, "/")
	want, _, _ := strings.Cut(acceptedAs[f][0], "/")
	if sub == "*" && strings.EqualFold(typ, want) {
		return 2
	}
	return 0
}

package middleware

import (
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/fourxx/fourxx/internal/httpsyntax"
)

// negotiateMaxLanguages is how many valid Accept-Language ranges [Negotiate]
// considers, q=0 and "*" included; later ones are ignored. Browsers send fewer
// than ten, and the bound keeps matching cheap whatever a client sends.
const negotiateMaxLanguages = 32

// negotiateLanguageRange is one parsed Accept-Language element.
type negotiateLanguageRange struct {
	text   string
	tag    language.Tag
	weight int
}

// negotiateMaxCachedSubsets bounds the offers for which [Negotiate] keeps
// a language matcher per subset of offers left by q=0 exclusions: with
// at most 8 offers, at most 255 matchers, each built once on first use.
// With more offers a request that excludes some builds its own.
const negotiateMaxCachedSubsets = 8

// subsetMatcher returns the matcher of the offers whose indexes are
// listed (a strict, non-empty subset of all offers, in order).
func (n *negotiator) subsetMatcher(offers []int) language.Matcher {
	build := func() language.Matcher {
		supported := make([]language.Tag, len(offers))
		for i, o := range offers {
			supported[i] = n.langTags[o]
		}
		return language.NewMatcher(supported)
	}
	if n.subsetMatchers == nil {
		return build()
	}
	mask := 0
	for _, o := range offers {
		mask |= 1 << o
	}
	if m := n.subsetMatchers[mask].Load(); m != nil {
		return *m
	}
	m := build()
	n.subsetMatchers[mask].Store(&m)
	return m
}

// chooseLanguage matches the language offers against the Accept-Language
// lines (RFC 9110 §12.5.4) with golang.org/x/text/language: ranges in order
// of weight, the best match wins. Ranges with q=0 exclude the offers they
// prefix-match (RFC 4647 §3.3.1 basic filtering). "*" with a weight above
// zero accepts the first offer not excluded when nothing else matches.
func (n *negotiator) chooseLanguage(lines []string) (int, bool) {
	var wantedStack [8]negotiateLanguageRange
	wanted := wantedStack[:0]
	var excluded []string
	wildcard, valid, considered := false, false, 0
	for _, line := range lines {
		for line != "" && considered < negotiateMaxLanguages {
			var elem string
			elem, line = httpsyntax.NextListElement(line)
			rng, weight, ok := httpsyntax.SplitWeight(elem)
			if !ok || !isLanguageRange(rng) {
				continue
			}
			valid = true
			considered++
			switch {
			case weight == 0 && rng == "*":
			case weight == 0:
				excluded = append(excluded, rng)
			case rng == "*":
				wildcard = true
			default:
				if i := languageRangeIndex(wanted, rng); i >= 0 {
					// A repeated range is matched once, with its highest weight.
					wanted[i].weight = max(wanted[i].weight, weight)
					continue
				}
				if tag, err := language.Parse(rng); err == nil {
					wanted = append(wanted, negotiateLanguageRange{rng, tag, weight})
				}
			}
		}
	}
	if !valid {
		return 0, true
	}
	offers := make([]int, 0, len(n.languages))
	for i, l := range n.languages {
		if !languageExcluded(l, excluded) {
			offers = append(offers, i)
		}
	}
	if len(offers) == 0 {
		return 0, false
	}
	if len(wanted) > 0 {
		slices.SortStableFunc(wanted, func(a, b negotiateLanguageRange) int { return b.weight - a.weight })
		tags := make([]language.Tag, len(wanted))
		for i, w := range wanted {
			tags[i] = w.tag
		}
		matcher := n.matcher
		if len(offers) < len(n.languages) {
			matcher = n.subsetMatcher(offers)
		}
		if _, i, confidence := matcher.Match(tags...); confidence != language.No {
			return offers[i], true
		}
	}
	if wildcard {
		return offers[0], true
	}
	return 0, false
}

// isLanguageRange reports whether s is a language-range (RFC 4647 §2.1):
// "*" or subtags of 1 to 8 letters and digits joined by "-", the first of
// letters only.
func isLanguageRange(s string) bool {
	if s == "*" {
		return true
	}
	for i, sub := 0, s; ; i++ {
		var tag string
		tag, sub, _ = strings.Cut(sub, "-")
		if tag == "" || len(tag) > 8 {
			return false
		}
		for j := 0; j < len(tag); j++ {
			c := tag[j] | 0x20
			if !('a' <= c && c <= 'z') && (i == 0 || !('0' <= tag[j] && tag[j] <= '9')) {
				return false
			}
		}
		if sub == "" {
			return !strings.HasSuffix(s, "-")
		}
	}
}

// languageExcluded reports whether one of the q=0 ranges names the offer
// tag or a prefix of it ending at a "-".
func languageExcluded(tag string, excluded []string) bool {
	for _, e := range excluded {
		if strings.EqualFold(tag, e) ||
			(len(tag) > len(e) && tag[len(e)] == '-' && strings.EqualFold(tag[:len(e)], e)) {
			return true
		}
	}
	return false
}

// languageRangeIndex returns the index of rng in wanted, or -1.
func languageRangeIndex(wanted []negotiateLanguageRange, rng string) int {
	for i, w := range wanted {
		if w.text == rng {
			return i
		}
	}
	return -1
}

package conditional

import "net/textproto"

// etagListMatch evaluates an If-Match or If-None-Match field (RFC 9110
// §13.1.1, §13.1.2) given as its field lines, which form one
// comma-separated list (RFC 9110 §5.3). present is false when there is no
// line or every line is empty. matched reports whether "*" or a listed
// entity-tag matches current: "*" matches when exists, a tag matches by
// strong comparison when strong and by weak comparison otherwise (RFC 9110
// §8.8.3.2). Empty list elements are skipped. Scanning stops at the first
// element that is not an entity-tag (a lowercase "w/", a missing quote, a
// control character), exactly as [net/http.ServeContent] does; what was
// matched before it counts. The time is linear in the length of the lines.
func etagListMatch(lines []string, current string, exists, strong bool) (present, matched bool) {
	for _, line := range lines {
		if line == "" {
			continue
		}
		present = true
		s := line
		for {
			s = textproto.TrimString(s)
			if s == "" {
				break
			}
			if s[0] == ',' {
				s = s[1:]
				continue
			}
			if s[0] == '*' {
				if exists {
					return true, true
				}
				s = s[1:]
				continue
			}
			tag, rest := scanEntityTag(s)
			if tag == "" {
				return present, false
			}
			if exists && current != "" && entityTagsMatch(tag, current, strong) {
				return true, true
			}
			s = rest
		}
	}
	return present, false
}

// scanEntityTag reads one entity-tag, `"opaque"` or `W/"opaque"` (RFC 9110
// §8.8.3), from the start of s and returns it and the rest of s. The
// opaque part may hold any of %x21 / %x23-7E / %x80-FF, commas included.
// It returns "", "" when s does not start with an entity-tag.
func scanEntityTag(s string) (tag, rest string) {
	start := 0
	if len(s) >= 2 && s[0] == 'W' && s[1] == '/' {
		start = 2
	}
	if len(s) < start+2 || s[start] != '"' {
		return "", ""
	}
	for i := start + 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return s[:i+1], s[i+1:]
		case c == 0x21 || c >= 0x23 && c <= 0x7E || c >= 0x80:
		default:
			return "", ""
		}
	}
	return "", ""
}

// validEntityTag reports whether s is exactly one entity-tag.
func validEntityTag(s string) bool {
	tag, rest := scanEntityTag(s)
	return tag != "" && rest == ""
}

// entityTagsMatch compares two entity-tags (RFC 9110 §8.8.3.2). Strong
// comparison needs both to be strong and equal; weak comparison ignores
// the W/ prefixes.
func entityTagsMatch(a, b string, strong bool) bool {
	if strong {
		return a == b && a[0] == '"'
	}
	return trimWeakPrefix(a) == trimWeakPrefix(b)
}

// trimWeakPrefix removes the W/ of a weak entity-tag.
func trimWeakPrefix(tag string) string {
	if len(tag) >= 2 && tag[0] == 'W' && tag[1] == '/' {
		return tag[2:]
	}
	return tag
}

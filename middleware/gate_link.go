package middleware

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// gateLinkValue formats a Link field value (RFC 8288 §3) naming target
// with the relation rel. It panics, naming constructor, unless target is a
// URI reference (RFC 3986 §4.1) that needs no escaping inside "<>".
func gateLinkValue(constructor, target, rel string) string {
	bad := strings.ContainsFunc(target, func(r rune) bool { return r <= ' ' || r >= 0x7f || strings.ContainsRune(`<>"{}|\^`+"`", r) })
	if _, err := url.Parse(target); target == "" || bad || err != nil {
		panic(fmt.Sprintf("middleware: %s: %q is not a URI reference (for rel=%q)", constructor, target, rel))
	}
	return "<" + target + `>; rel="` + rel + `"`
}

// addLink adds link, a Link field value shared by every response (one
// element with no spare capacity, so a later Add copies it), after the
// Link lines already set, as Header.Add would.
func addLink(h http.Header, link []string) {
	if lines, set := h["Link"]; set {
		h["Link"] = append(lines, link[0])
		return
	}
	h["Link"] = link
}

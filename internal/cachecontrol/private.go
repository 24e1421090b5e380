// Package cachecontrol edits the Cache-Control field of a response (RFC
// 9111 §5.2) for the fourxx middlewares that decide whether a shared cache
// may store it.
package cachecontrol

import (
	"net/http"
	"strings"

	"github.com/fourxx/fourxx/internal/httpsyntax"
)

// privateLine is the Cache-Control field line of [MarkPrivate], shared by
// every response it is set on; it has no spare capacity, so a handler that
// adds a line gets a copy.
var privateLine = []string{"private"}

// MarkPrivate makes the response in h private to its client (RFC 9111
// §5.2.2.7): a shared cache must not store it. A Cache-Control that says
// no-store, which is stricter, is left alone; "public", which would
// contradict private, is dropped; private is added unless already there.
// It allocates only when h has a Cache-Control to change, and looks for
// one only in an h that holds a field.
func MarkPrivate(h http.Header) {
	var existing []string
	if len(h) > 0 {
		existing = h["Cache-Control"]
	}
	switch {
	case len(existing) == 0:
		h["Cache-Control"] = privateLine
	case httpsyntax.ListHas(existing, "no-store"):
	case httpsyntax.ListHas(existing, "public"):
		lines := withoutPublic(existing)
		if !httpsyntax.ListHas(lines, "private") {
			lines = append(lines, "private")
		}
		h["Cache-Control"] = lines
	case !httpsyntax.ListHas(existing, "private"):
		h["Cache-Control"] = append(existing[:len(existing):len(existing)], "private")
	}
}

// withoutPublic returns the field lines without their "public" elements,
// and without lines left empty.
func withoutPublic(lines []string) []string {
	kept := make([]string, 0, len(lines)+1)
	for _, line := range lines {
		var elems []string
		for rest := line; rest != ""; {
			var elem string
			elem, rest = httpsyntax.NextListElement(rest)
			if elem != "" && !strings.EqualFold(elem, "public") {
				elems = append(elems, elem)
			}
		}
		if len(elems) > 0 {
			kept = append(kept, strings.Join(elems, ", "))
		}
	}
	return kept
}

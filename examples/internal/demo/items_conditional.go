package demo

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/conditional"
	"github.com/fourxx/fourxx/middleware"
)

// state is the conditional.State of the item named by the route's {id}:
// its version as a strong entity-tag and its modification time.
func (s *store) state(r *http.Request) (conditional.State, error) {
	s.mu.Lock()
	it, ok := s.items[chi.URLParam(r, "id")]
	s.mu.Unlock()
	if !ok {
		return conditional.State{}, nil
	}
	n, _ := middleware.NegotiatedFrom(r.Context())
	return conditional.State{Exists: true, ETag: itemETag(it, n.MediaType), LastModified: it.Modified}, nil
}

// currentETag is the entity-tag of the item named by {id}, "" if none.
func (s *store) currentETag(r *http.Request) string {
	st, _ := s.state(r)
	return st.ETag
}

// itemETag is the strong entity-tag of one representation of an item
// version: "vN" for JSON, the representation writes use, and "vN-html" or
// "vN-text" for the others, since different representations must not
// share a strong tag (RFC 9110 §8.8.3).
func itemETag(it item, mediaType string) string {
	tag := `"v` + strconv.Itoa(it.Version)
	switch mediaType {
	case "text/html":
		tag += "-html"
	case "text/plain":
		tag += "-text"
	}
	return tag + `"`
}

// itemKey names the item a request writes, for conditional.SingleWriter.
func itemKey(r *http.Request) string {
	return chi.URLParam(r, "id")
}

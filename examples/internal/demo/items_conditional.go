package demo

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/conditional"
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
	return conditional.State{Exists: true, ETag: itemETag(it), LastModified: it.Modified}, nil
}

// currentETag is the entity-tag of the item named by {id}, "" if none.
func (s *store) currentETag(r *http.Request) string {
	st, _ := s.state(r)
	return st.ETag
}

// itemETag is the entity-tag of an item version.
func itemETag(it item) string {
	return `"v` + strconv.Itoa(it.Version) + `"`
}

// itemKey names the item a request writes, for conditional.SingleWriter.
func itemKey(r *http.Request) string {
	return chi.URLParam(r, "id")
}

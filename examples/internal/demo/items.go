package demo

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/problem"
)

// item is one resource of the demo collection.
type item struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Modified time.Time `json:"modified"`
	Version  int       `json:"version"`
}

// store is the in-memory item collection.
type store struct {
	mu     sync.Mutex
	items  map[string]item
	nextID int
	// changed is closed, and replaced, whenever an item changes.
	changed chan struct{}
}

// newStore returns a store seeded with two items.
func newStore() *store {
	s := &store{items: make(map[string]item), nextID: 1, changed: make(chan struct{})}
	for _, name := range []string{"teapot", "kettle"} {
		s.add(name)
	}
	return s
}

// add stores a new item; the caller holds no lock.
func (s *store) add(name string) item {
	s.mu.Lock()
	defer s.mu.Unlock()
	it := item{ID: strconv.Itoa(s.nextID), Name: name, Modified: time.Now().UTC().Truncate(time.Second), Version: 1}
	s.items[it.ID] = it
	s.nextID++
	s.notifyLocked()
	return it
}

// notifyLocked wakes everyone waiting for a change; s.mu is held.
func (s *store) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *store) list(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	all := make([]item, 0, len(s.items))
	for _, it := range s.items {
		all = append(all, it)
	}
	s.mu.Unlock()
	slices.SortFunc(all, func(a, b item) int {
		return cmp.Or(cmp.Compare(len(a.ID), len(b.ID)), cmp.Compare(a.ID, b.ID))
	})
	writeJSON(w, http.StatusOK, all)
}

func (s *store) get(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	it, ok := s.items[chi.URLParam(r, "id")]
	s.mu.Unlock()
	if !ok {
		notFound(w, r)
		return
	}
	writeItem(w, r, it)
}

func (s *store) create(w http.ResponseWriter, r *http.Request) {
	name, ok := decodeName(w, r)
	if !ok {
		return
	}
	it := s.add(name)
	w.Header().Set("Location", "/items/"+it.ID)
	writeJSON(w, http.StatusCreated, it)
}

// put stores the item named by {id}, creating it (201) or replacing it
// (200), and answers with the stored item.
func (s *store) put(w http.ResponseWriter, r *http.Request) {
	name, ok := decodeName(w, r)
	if !ok {
		return
	}
	id := chi.URLParam(r, "id")
	s.mu.Lock()
	prev, existed := s.items[id]
	it := item{ID: id, Name: name, Modified: time.Now().UTC().Truncate(time.Second), Version: prev.Version + 1}
	s.items[id] = it
	s.notifyLocked()
	s.mu.Unlock()
	// No ETag or Last-Modified: the stored item is not the request's
	// content (id, modified and version are added), and a successful PUT
	// must then carry no validator (RFC 9110 §9.3.4). The client GETs the
	// item for its new ETag.
	status := http.StatusOK
	if !existed {
		status = http.StatusCreated
	}
	writeJSON(w, status, it)
}

func (s *store) delete(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	s.mu.Lock()
	_, ok := s.items[id]
	delete(s.items, id)
	s.notifyLocked()
	s.mu.Unlock()
	if !ok {
		notFound(w, r)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// decodeName reads {"name": "..."} from the body. The decoder answers
// 400, 413 or 415 for a body it cannot read; an empty name gets 400 here.
func decodeName(w http.ResponseWriter, r *http.Request) (string, bool) {
	var in struct {
		Name string `json:"name"`
	}
	if err := itemDecoder.Decode(w, r, &in); err != nil {
		return "", false
	}
	if in.Name == "" {
		problem.Write(w, r, &problem.Details{
			Status: http.StatusBadRequest,
			Detail: `Send a JSON object with a non-empty "name", e.g. {"name":"mug"}.`,
		})
		return "", false
	}
	return in.Name, true
}

func notFound(w http.ResponseWriter, r *http.Request) {
	problem.Write(w, r, &problem.Details{
		Status: http.StatusNotFound,
		Detail: fmt.Sprintf("There is no item at %s.", r.URL.Path),
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

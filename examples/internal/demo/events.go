package demo

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/go-chi/chi/v5"
)

// events streams an item as server-sent events: its current state, then
// every change, until the client leaves. A client that leaves is what
// middleware.AccessLog records as 499 Client Closed Request.
func (s *store) events(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	for {
		s.mu.Lock()
		it, ok := s.items[id]
		changed := s.changed
		s.mu.Unlock()
		if ok {
			data, _ := json.Marshal(it)
			fmt.Fprintf(w, "event: item\ndata: %s\n\n", data)
		} else {
			fmt.Fprintf(w, "event: gone\ndata: {\"id\":%q}\n\n", id)
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-changed:
		case <-r.Context().Done():
			return
		}
	}
}

package demo

import (
	"fmt"
	"html"
	"net/http"
	"time"

	"github.com/fourxx/fourxx/middleware"
)

// itemMediaTypes are the representations of one item, JSON first: the
// default for clients that accept anything.
var itemMediaTypes = []string{"application/json", "text/html", "text/plain"}

// itemDecoder reads item bodies strictly: unknown fields and trailing data
// are refused, so a typo in a field name is an error rather than a no-op,
// and so are repeated names and text that is not UTF-8 (I-JSON).
var itemDecoder = middleware.JSONDecoder{IJSON: true, DisallowUnknownFields: true, DisallowTrailingData: true}

// writeItem sends it in the media type Negotiate chose.
func writeItem(w http.ResponseWriter, r *http.Request, it item) {
	n, _ := middleware.NegotiatedFrom(r.Context())
	switch n.MediaType {
	case "text/html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html>\n<title>%[1]s</title>\n<h1>%[1]s</h1>\n<p>Item %[2]s, modified %[3]s.</p>\n",
			html.EscapeString(it.Name), html.EscapeString(it.ID), it.Modified.Format(time.RFC3339))
	case "text/plain":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "%s: %s (modified %s)\n", it.ID, it.Name, it.Modified.Format(time.RFC3339))
	default:
		writeJSON(w, http.StatusOK, it)
	}
}

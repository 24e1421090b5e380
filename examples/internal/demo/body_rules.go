package demo

import (
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/middleware"
)

// bodyReadTimeout is how long a client may take to send a request's
// content once its headers have arrived (main sets ReadHeaderTimeout for
// the headers themselves).
const bodyReadTimeout = 5 * time.Second

// maxItemBody is the largest item document the demo accepts.
const maxItemBody = 1 << 10

// itemBody returns the rules for requests that carry an item document:
// a declared length (411 otherwise) of at most maxItemBody bytes (413),
// as JSON without a content coding (415).
func itemBody() chi.Middlewares {
	return chi.Middlewares{
		middleware.RequireContentLength(),
		middleware.MaxBodySize(maxItemBody),
		middleware.AllowContentTypes("application/json"),
		middleware.AllowContentEncodings(),
	}
}

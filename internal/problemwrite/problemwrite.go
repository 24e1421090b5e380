// Package problemwrite lets a fourxx refusal that sets a header field of
// its own (the Allow of a 405, the Cache-Control of a 404, the Retry-After
// and RateLimit fields of a 429 or 503, the Connection of a 413 or 408)
// tell package problem what only the refusal knows: that the response
// header held no field before it set its own, none of them Vary.
// problem.Write then sets "Vary: Accept" without looking for a Vary to
// extend (RFC 9110 §12.5.5): one map lookup fewer per refusal.
//
// Package problem sets [Write] when it is initialised, so any package that
// imports problem may call it; problem's own API stays as it is.
package problemwrite

import "net/http"

// Write writes d, a *problem.Details, as problem.Write does. noVary tells
// that w's header holds no Vary field: the caller found it empty and set
// in it only fields other than Vary.
var Write func(w http.ResponseWriter, r *http.Request, d any, noVary bool)

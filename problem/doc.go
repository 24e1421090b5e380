// Package problem is the one renderer behind every fourxx rejection.
//
// Middlewares describe a rejection as [Details], the problem details object
// of RFC 9457, and hand it to [Write]. Write finds the [Renderer] installed
// for the request with [WithRenderer], or uses [Standard] when there is none.
// Standard negotiates on the request's Accept field between
// application/problem+json (the default), text/html and text/plain, and sends
// the headers a GET would get but no content to HEAD requests (RFC 9110
// §9.3.2).
//
// Replacing the renderer once, for a router or a single route, changes the
// look of every fourxx error beneath it.
//
// Mount [WithRenderer] and [WithHook] outermost, before every middleware
// that can reject a request: they act through the request context, so a
// middleware mounted before them rejects with the zero [Standard] and its
// rejections are not reported to the hook.
package problem

// Package methods answers requests whose method the target cannot serve:
// 405 Method Not Allowed with an Allow field listing what it can serve
// (RFC 9110 §15.5.6, §10.2.1), 501 Not Implemented for methods the whole
// server does not recognise (RFC 9110 §15.6.2, §9.1), automatic OPTIONS
// (§9.3.7) and HEAD served by the GET handler (§9.3.2), and 404 Not Found
// (§15.5.5). Every rejection is written by [problem.Write].
//
// Methods are case-sensitive tokens (RFC 9110 §9.1): "get" is not GET.
// Allow fields list methods in byte order, with HEAD whenever GET is allowed
// and OPTIONS whenever it is answered.
//
// Per route, [Allow] guards one handler. For a whole server, [Implemented]
// answers 501; [Chi] installs 404, 405, 501, OPTIONS and HEAD on a chi
// router and computes Allow from its route tree; [ServeMux] does the same
// around an [http.ServeMux].
//
// Chi adds a middleware with Use, so call it on the root router before the
// first route, after any middleware that rewrites the routing path (chi's
// StripSlashes, CleanPath). Rules a route attaches with With run only once
// chi has routed the request, so a method the route does not serve gets
// 405, and OPTIONS gets 204, before any of them. Rules a subrouter adds
// with Use (r.Route) run for every method on its paths before that.
package methods

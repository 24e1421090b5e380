package problem

// reportOnlySources are the rules that can run under WithReportOnly: each
// decides before the handler runs, from the request alone, and the
// handler can serve a request it would have refused.
var reportOnlySources = []string{
	"middleware.AllowContentEncodings",
	"middleware.AllowContentTypes",
	"middleware.AllowHosts",
	"middleware.Expect",
	"middleware.Forbid",
	"middleware.Gone",
	"middleware.LegalBlocks",
	"middleware.MaxURILength",
	"middleware.Negotiate",
	"middleware.PaymentGate",
	"middleware.RequireContentLength",
	"middleware.SingletonHeaders",
	"middleware.ValidQuery",
	"ratelimit.Limit",
	"ratelimit.Quota",
}

// reportOnlyRefused are the rules WithReportOnly refuses, with the reason.
var reportOnlyRefused = map[string]string{
	"middleware.Authenticate":      "a request without valid credentials would reach the handler with no identity",
	"middleware.ProxyAuthenticate": "a request without valid proxy credentials would reach the handler with no identity",
	"middleware.BodyReadTimeout":   "its deadline acts while the handler reads; the read fails whether or not the 408 is sent",
	"middleware.MaxBodySize":       "it cuts the body while the handler reads; the handler would see a truncated body",
	"middleware.JSONDecoder":       "the handler calls it and gets no decoded value when it refuses",
	"conditional.Check":            "a write whose precondition fails would overwrite a state the client has not seen",
	"conditional.SingleWriter":     "a conflicting write would run beside the one in progress",
	"conditional.Conflict":         "the handler calls it after deciding the conflict itself",
	"ratelimit.Concurrency":        "it holds a slot while the handler runs; a request over the limit would run holding none",
	"methods.Allow":                "the handler behind it serves only the methods listed",
	"methods.Chi":                  "no route serves the request",
	"methods.ServeMux":             "no route serves the request",
	"methods.Implemented":          "no route serves an unknown method",
	"methods.NotFound":             "no route serves the request",
}

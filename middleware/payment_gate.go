package middleware

import (
	"net/http"

	"github.com/fourxx/fourxx/internal/lastrefusal"
	"github.com/fourxx/fourxx/problem"
)

// PaymentGateOption configures [PaymentGate] (RFC 9110 §15.5.3).
type PaymentGateOption func(*paymentGateConfig)

type paymentGateConfig struct {
	link, uri string
}

// PaymentGateLink names where to pay: every 402 carries Link: <uri>;
// rel="payment" (the IANA link relation for a resource where payment is
// accepted, RFC 8288) and the member "payment". It panics unless uri is a
// URI reference.
func PaymentGateLink(uri string) PaymentGateOption {
	link := gateLinkValue("PaymentGateLink", uri, "payment")
	return func(c *paymentGateConfig) { c.link, c.uri = link, uri }
}

// PaymentGate returns a middleware that answers 402 Payment Required
// (RFC 9110 §15.5.3) when due reports that the request must be paid for
// first (quota used up, subscription lapsed), with due's explanation, and
// otherwise passes the request on. RFC 9110 reserves 402 without defining
// its semantics; the explanation and the optional [PaymentGateLink] tell the
// client what to do. The 402 carries Cache-Control: no-store, since it
// depends on the client's account, not on the resource; so do the
// responses that pass, which the handler must declare (Vary naming the
// fields due reads, or Cache-Control: private).
//
// It panics when due is nil.
func PaymentGate(due func(r *http.Request) (owed bool, detail string), opts ...PaymentGateOption) func(http.Handler) http.Handler {
	if due == nil {
		panic("middleware: PaymentGate: the due function is nil")
	}
	var cfg paymentGateConfig
	applyOptions("PaymentGate", &cfg, opts)
	answers := &paymentAnswers{cfg: cfg}
	if cfg.uri != "" {
		answers.link = []string{cfg.link}
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			owed, detail := due(r)
			if !owed {
				next.ServeHTTP(w, r)
				return
			}
			d := answers.of(detail)
			if !problem.Enforce(r, d) {
				next.ServeHTTP(w, r)
				return
			}
			h := w.Header()
			h["Cache-Control"] = noStore
			if answers.link != nil {
				addLink(h, answers.link)
			}
			problem.Write(w, r, d)
		})
	}
}

// noStore is the Cache-Control value of every 402, shared: one element
// with no spare capacity, so an Add copies it.
var noStore = []string{"no-store"}

// paymentAnswers keeps the last 402 that one [PaymentGate] sent, by due's
// explanation (lastrefusal.Cache): due's explanation is most often the same for
// every request, and may share the memory of the request.
type paymentAnswers struct {
	cfg  paymentGateConfig
	link []string // the Link field value, shared; nil for none
	last lastrefusal.Cache
}

// of returns the 402 explained by detail, "" for the standard explanation.
func (a *paymentAnswers) of(detail string) *problem.Details {
	return a.last.Of(detail, a.build)
}

// build builds the 402 explained by detail.
func (a *paymentAnswers) build(detail string) problem.Details {
	d := problem.Details{Status: http.StatusPaymentRequired, Source: "middleware.PaymentGate", Detail: detail}
	if d.Detail == "" {
		d.Detail = "Payment is required before this request can be served."
	}
	if a.cfg.uri != "" {
		d.Extensions = map[string]any{"payment": a.cfg.uri}
	}
	return d
}

package middleware

import (
	"fmt"
	"net/http"
	"sync/atomic"

	"github.com/fourxx/fourxx/problem"
)

// uriLengthAnswers keeps the last 414 that one [MaxURILength] sent, so
// that a flood repeating one long target builds and encodes its answer
// once (problem.Prepare). Hooks and renderers must not modify a Details
// (problem.Hook), so the requests share it.
type uriLengthAnswers struct {
	last atomic.Pointer[uriLengthAnswer]
}

// uriLengthAnswer is the 414 for one length of the request-target.
type uriLengthAnswer struct {
	length  int
	details *problem.Details
}

// of returns the 414 for a request-target of length bytes under limit,
// the limit of the MaxURILength that a owns.
func (a *uriLengthAnswers) of(length, limit int) *problem.Details {
	if last := a.last.Load(); last != nil && last.length == length {
		return last.details
	}
	answer := &uriLengthAnswer{length: length, details: problem.Prepare(problem.Details{
		Status: http.StatusRequestURITooLong,
		Source: "middleware.MaxURILength",
		Detail: fmt.Sprintf("The request-target is %d bytes long; this server accepts at most %d bytes.", length, limit),
		Extensions: map[string]any{
			"limit":  limit,
			"length": length,
		},
	})}
	a.last.Store(answer)
	return answer.details
}

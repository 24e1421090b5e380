package middleware

import (
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/fourxx/fourxx/internal/secondmiss"
	"github.com/fourxx/fourxx/problem"
)

// uriLengthAnswers keeps the last 414 that one [MaxURILength] sent, so
// that a flood repeating one long target builds and encodes its answer
// once (problem.Prepare). Hooks and renderers must not modify a Details
// (problem.Hook), so the requests share it. As lastrefusal.Cache does, it keeps
// an answer only when two misses in a row are for the same length.
type uriLengthAnswers struct {
	last   atomic.Pointer[uriLengthAnswer]
	missed secondmiss.Gate
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
	d := uriLengthProblem(length, limit)
	if !a.missed.Repeats(uint64(length)) {
		return &d
	}
	answer := &uriLengthAnswer{length: length, details: problem.Prepare(d)}
	a.last.Store(answer)
	return answer.details
}

// uriLengthProblem builds the 414 for a request-target of length bytes
// under limit.
func uriLengthProblem(length, limit int) problem.Details {
	// The explanation is built in one allocation, as fmt.Sprintf would
	// write it.
	var buf [128]byte
	detail := append(buf[:0], "The request-target is "...)
	detail = strconv.AppendInt(detail, int64(length), 10)
	detail = append(detail, " bytes long; this server accepts at most "...)
	detail = strconv.AppendInt(detail, int64(limit), 10)
	detail = append(detail, " bytes."...)
	return problem.Details{
		Status: http.StatusRequestURITooLong,
		Source: "middleware.MaxURILength",
		Detail: string(detail),
		Extensions: map[string]any{
			"limit":  limit,
			"length": length,
		},
	}
}

package ratelimit

import (
	"errors"
	"net/http"
	"strings"

	"github.com/fourxx/fourxx/problem"
)

// keyRefusal describes the refusal of a request whose key could not be
// found: 400 with missing and the reason when it does not carry the key
// ([ErrNoKey]), otherwise 500 with internal, which hides err.
func keyRefusal(err error, source, internal, missing string) *problem.Details {
	if !errors.Is(err, ErrNoKey) {
		return &problem.Details{Status: http.StatusInternalServerError, Source: source, Detail: internal}
	}
	why, found := strings.CutPrefix(err.Error(), ErrNoKey.Error())
	if !found {
		why = ": " + err.Error()
	}
	return &problem.Details{Status: http.StatusBadRequest, Source: source, Detail: missing + why + "."}
}

package testserver

import (
	"encoding/json"
	"testing"

	"github.com/fourxx/fourxx/problem"
)

// DecodeProblem decodes a problem+json body (RFC 9457 §3), failing the
// test when it is not one.
func DecodeProblem(t testing.TB, body []byte) problem.Details {
	t.Helper()
	var d problem.Details
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatalf("testserver: body is not problem+json: %v\n%s", err, body)
	}
	return d
}

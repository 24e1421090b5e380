package middleware_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if goroutines outlive them, such as
// a server's connection handler blocked on a body it never finishes
// reading. It checks once at the end, so that tests may run in parallel.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

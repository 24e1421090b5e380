package redisstore_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/ratelimit/redisstore"
)

// OpenTelemetry's semconv.ErrorType reads ErrorType: the sentinels name
// themselves in error.type rather than as *errors.errorString.
func TestSentinelErrorsNameTheirType(t *testing.T) {
	for want, err := range map[string]error{
		"redisstore.ErrBreakerOpen": redisstore.ErrBreakerOpen,
		"redisstore.ErrPolicy":      redisstore.ErrPolicy,
	} {
		var named interface{ ErrorType() string }
		require.ErrorAs(t, fmt.Errorf("wrapped: %w", err), &named, want)
		assert.Equal(t, want, named.ErrorType())
		assert.ErrorIs(t, fmt.Errorf("wrapped: %w", err), err)
	}
}

package redisstore

// namedError is a sentinel error whose ErrorType names it for
// OpenTelemetry's error.type (semconv.ErrorType reads the method), as
// "redisstore.ErrBreakerOpen" rather than the type every errors.New
// shares.
type namedError struct{ msg, errorType string }

func (e *namedError) Error() string { return e.msg }

// ErrorType returns the sentinel's name, such as "redisstore.ErrPolicy".
func (e *namedError) ErrorType() string { return e.errorType }

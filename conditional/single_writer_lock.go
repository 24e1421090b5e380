package conditional

import (
	"context"
	"time"
)

// Holder is the request that holds a resource under [SingleWriter]: its
// method, its path and when it took the resource. The 409 Conflict (RFC
// 9110 §15.5.10) of a refused request names it.
type Holder struct {
	Method string
	Path   string
	Since  time.Time
}

// A Lock lets one request at a time hold a resource for [SingleWriter],
// which answers 409 Conflict (RFC 9110 §15.5.10) to the others. Without
// [SingleWriterLock], SingleWriter holds resources in process: enough for
// one instance of an application, not for several behind a load balancer,
// which need a Lock they share (such as redisstore.NewLock's lease in
// Redis, in the module github.com/fourxx/fourxx/ratelimit/redisstore).
type Lock interface {
	// Acquire makes h the holder of key, unless another request holds
	// it: then release is nil and current is that request. SingleWriter
	// calls release exactly once, after the handler returned or
	// panicked. An error means the lock could not tell; ctx is the
	// request's context.
	Acquire(ctx context.Context, key string, h Holder) (release func(), current Holder, err error)
}

// SingleWriterLock makes [SingleWriter] hold resources with l instead of
// its own in-process lock, so that one unsafe request at a time runs for
// each resource across every instance sharing l; the others get 409
// Conflict (RFC 9110 §15.5.10). When l fails, SingleWriter answers 503
// Service Unavailable (RFC 9110 §15.6.4) without calling the handler.
func SingleWriterLock(l Lock) SingleWriterOption {
	if l == nil {
		panic("conditional: SingleWriterLock: needs a non-nil Lock")
	}
	return func(c *singleWriterConfig) { c.lock = l }
}

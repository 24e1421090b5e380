package conditional

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/fourxx/fourxx/problem"
)

// A SingleWriterOption configures [SingleWriter], which answers 409
// Conflict (RFC 9110 §15.5.10).
type SingleWriterOption func(*singleWriterConfig)

// singleWriterConfig is the configuration [SingleWriter] builds from its
// options.
type singleWriterConfig struct {
	now  func() time.Time
	etag func(r *http.Request) string
	lock Lock // nil: the in-process map of SingleWriter
	// conflicts keeps the last 409, for the middleware these options
	// build.
	conflicts *singleWriterConflicts
}

// SingleWriterClock makes [SingleWriter] read the time from now instead of
// [time.Now], for tests; that time dates the "since" member of its 409
// Conflict (RFC 9110 §15.5.10).
func SingleWriterClock(now func() time.Time) SingleWriterOption {
	if now == nil {
		panic("conditional: SingleWriterClock: needs a non-nil function")
	}
	return func(c *singleWriterConfig) { c.now = now }
}

// SingleWriterCurrentETag makes [SingleWriter] report the entity-tag that etag
// returns for the refused request's resource in its 409 answers (RFC 9110
// §15.5.10: enough information for the client to resolve the conflict; ""
// when unknown).
func SingleWriterCurrentETag(etag func(r *http.Request) string) SingleWriterOption {
	if etag == nil {
		panic("conditional: SingleWriterCurrentETag: needs a non-nil function")
	}
	return func(c *singleWriterConfig) { c.etag = etag }
}

// SingleWriter returns a middleware that lets one unsafe request (any
// method but GET, HEAD, OPTIONS and TRACE, RFC 9110 §9.2.1) at a time run
// for each resource, named by key(r). An unsafe request for a resource
// that another unsafe request holds gets 409 Conflict (RFC 9110 §15.5.10)
// without waiting: the explanation and the members "holder" (method and
// path of the holding request), "since" (when it started, RFC 3339) and,
// with [SingleWriterCurrentETag], "etag" identify the conflict, and the
// client is told to retry once the other change is done, with If-Match.
// Safe requests and requests whose key is "" are not serialized.
//
// The resource is held until the handler returns, or panics. Keys are
// held only while their request runs, so memory grows with concurrent
// writes, not with the number of resources. The lock is local to this
// middleware value and this process, unless [SingleWriterLock] gives one
// that instances share.
func SingleWriter(key func(r *http.Request) string, opts ...SingleWriterOption) func(http.Handler) http.Handler {
	if key == nil {
		panic("conditional: SingleWriter: needs a non-nil key function")
	}
	c := singleWriterConfig{now: time.Now, conflicts: new(singleWriterConflicts)}
	for i, opt := range opts {
		if opt == nil {
			panic(fmt.Sprintf("conditional: SingleWriter: option %d is nil", i))
		}
		opt(&c)
	}
	if c.lock != nil {
		return func(next http.Handler) http.Handler { return sharedSingleWriter(key, c, next) }
	}
	var (
		mu      sync.Mutex
		holders = make(map[string]Holder)
	)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
				next.ServeHTTP(w, r)
				return
			}
			k := key(r)
			if k == "" {
				next.ServeHTTP(w, r)
				return
			}
			mu.Lock()
			holder, busy := holders[k]
			if !busy {
				holders[k] = Holder{Method: r.Method, Path: r.URL.Path, Since: c.now()}
			}
			mu.Unlock()
			if busy {
				c.writeConflict(w, r, holder)
				return
			}
			defer func() {
				mu.Lock()
				delete(holders, k)
				mu.Unlock()
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// sharedSingleWriter is [SingleWriter] on the lock of [SingleWriterLock].
func sharedSingleWriter(key func(r *http.Request) string, c singleWriterConfig, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			next.ServeHTTP(w, r)
			return
		}
		k := key(r)
		if k == "" {
			next.ServeHTTP(w, r)
			return
		}
		release, holder, err := c.lock.Acquire(r.Context(), k, Holder{Method: r.Method, Path: r.URL.Path, Since: c.now()})
		switch {
		case err != nil:
			problem.Write(w, r, singleWriterUnavailable)
			return
		case release == nil:
			c.writeConflict(w, r, holder)
			return
		}
		defer release()
		next.ServeHTTP(w, r)
	})
}

// singleWriterUnavailable is the 503 of a SingleWriter whose lock failed.
var singleWriterUnavailable = problem.Prepare(problem.Details{
	Status: http.StatusServiceUnavailable,
	Source: "conditional.SingleWriter",
	Detail: "The lock that lets one request at a time change this resource is unavailable. Retry later.",
})

// writeConflict answers 409 Conflict to a request for a resource that
// holder holds.
func (c *singleWriterConfig) writeConflict(w http.ResponseWriter, r *http.Request, holder Holder) {
	var tag string
	if c.etag != nil {
		tag = c.etag(r)
	}
	problem.Write(w, r, c.conflicts.of(holder, tag))
}

package conditional

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/fourxx/fourxx/internal/secondmiss"
	"github.com/fourxx/fourxx/problem"
)

// singleWriterConflicts keeps the last 409 of one SingleWriter, prepared
// (problem.Prepare), by the hold it reports and the entity-tag it names:
// the requests that meet one hold, as a client retrying in a loop sends,
// share one answer. A 409 is kept when two misses in a row are for the
// same hold and tag (secondmiss), so conflicts that take turns build
// their answers alone and keep nothing.
type singleWriterConflicts struct {
	last   atomic.Pointer[singleWriterConflict]
	missed secondmiss.Gate
}

// singleWriterConflict is the 409 kept for one hold and tag.
type singleWriterConflict struct {
	holder  Holder
	tag     string
	details *problem.Details
}

// of returns the 409 for a request meeting holder's hold, naming tag as
// the resource's current entity-tag ("" for none).
func (c *singleWriterConflicts) of(holder Holder, tag string) *problem.Details {
	if k := c.last.Load(); k != nil && k.tag == tag && k.holder.Method == holder.Method &&
		k.holder.Path == holder.Path && k.holder.Since.Equal(holder.Since) {
		return k.details
	}
	h := secondmiss.Hash(holder.Method) ^ secondmiss.Hash(holder.Path)*3 ^ secondmiss.Hash(tag)*5 ^
		uint64(holder.Since.UnixNano())*0x9e3779b97f4a7c15
	if !c.missed.Repeats(h) {
		d := singleWriterConflict409(holder, tag)
		return &d
	}
	// Copies, so that a kept 409 holds none of the requests' memory.
	holder.Method, holder.Path, tag = strings.Clone(holder.Method), strings.Clone(holder.Path), strings.Clone(tag)
	k := &singleWriterConflict{holder: holder, tag: tag}
	k.details = problem.Prepare(singleWriterConflict409(holder, tag))
	c.last.Store(k)
	return k.details
}

// singleWriterConflict409 builds the 409 Conflict to a request for a
// resource that holder holds, whose current entity-tag is tag.
func singleWriterConflict409(holder Holder, tag string) problem.Details {
	since := holder.Since.UTC().Format(time.RFC3339)
	ext := map[string]any{
		"holder": holder.Method + " " + holder.Path,
		"since":  since,
	}
	if tag != "" {
		ext["etag"] = tag
	}
	return problem.Details{
		Status: http.StatusConflict,
		Source: "conditional.SingleWriter",
		Detail: fmt.Sprintf("Another request (%s %s) has been changing this resource since %s. Retry when it is done: fetch the resource again and resend with If-Match set to its new ETag.",
			holder.Method, holder.Path, since),
		Extensions: ext,
	}
}

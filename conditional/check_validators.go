package conditional

import (
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/fourxx/fourxx/internal/secondmiss"
	"github.com/fourxx/fourxx/problem"
)

// checkValidators builds the ETag and Last-Modified field values one
// [Check] sets, and keeps the last of each, so the responses that carry
// the same validators share one value instead of allocating it. A value
// is a slice of length and capacity 1 that is never changed: Header.Set
// and Header.Add on the response replace it rather than write into it.
type checkValidators struct {
	etag         atomic.Pointer[checkETagValue]
	lastModified atomic.Pointer[checkLastModifiedValue]
	refused      atomic.Pointer[checkRefusal]
	// lastRequired is the last 428 kept, and missedRequired a hash of
	// the method and validators of the last 428 that was not: a 428 is
	// kept only when two misses in a row are for the same ones, so that
	// requests that take turns cost an unprepared 428 each, no more.
	lastRequired   atomic.Pointer[checkRequired]
	missedRequired secondmiss.Gate
}

// checkRefusal is what the 412s for one pair of validators repeat: the
// explanations that name the validators and the 412s already answered,
// per failed field and per existence of the resource, prepared
// (problem.Prepare). Hooks and renderers must not modify a Details
// (problem.Hook), so the requests share them.
type checkRefusal struct {
	tag            string
	dated          bool
	unix           int64
	lastModified   string
	ifMatchDetail  string
	modifiedDetail string
	answers        [len(preconditionFields)][2]atomic.Pointer[problem.Details]
}

// checkRequired is the 428 for one method and pair of validators.
type checkRequired struct {
	method string
	tag    string
	dated  bool
	unix   int64
	// details is prepared from the kept tag, a copy of the state's.
	details *problem.Details
}

// required returns the 428 for a request of method, a configured string,
// to the resource in state st.
func (v *checkValidators) required(method string, st State) *problem.Details {
	dated := !st.LastModified.IsZero()
	var unix int64
	if dated {
		unix = st.LastModified.Unix()
	}
	if last := v.lastRequired.Load(); last != nil && last.method == method && last.tag == st.ETag && last.dated == dated && last.unix == unix {
		return last.details
	}
	// A collision of the hashes only keeps a 428: the kept one is
	// compared field by field.
	h := secondmiss.Hash(method) ^ secondmiss.Hash(st.ETag)*3 ^ uint64(unix)*0x9e3779b97f4a7c15
	if !v.missedRequired.Repeats(h) {
		d := preconditionRequired(method, st)
		return &d
	}
	st.ETag = strings.Clone(st.ETag)
	kept := &checkRequired{method: method, tag: st.ETag, dated: dated, unix: unix}
	kept.details = problem.Prepare(preconditionRequired(method, st))
	v.lastRequired.Store(kept)
	return kept.details
}

// preconditionFields are the fields whose failed condition a 412 names.
var preconditionFields = [...]string{"If-Match", "If-None-Match", "If-Unmodified-Since"}

// answer returns the 412 naming failed, for a resource that exists or not.
func (c *checkRefusal) answer(failed string, exists bool) *problem.Details {
	i := slices.Index(preconditionFields[:], failed)
	if i < 0 {
		return c.preconditionFailed(failed, exists)
	}
	slot := &c.answers[i][0]
	if exists {
		slot = &c.answers[i][1]
	}
	if d := slot.Load(); d != nil {
		return d
	}
	d := problem.Prepare(*c.preconditionFailed(failed, exists))
	slot.Store(d)
	return d
}

// refusal returns the parts of a 412 for st, built once for the last
// validators refused.
func (v *checkValidators) refusal(st State) *checkRefusal {
	dated := !st.LastModified.IsZero()
	var unix int64
	if dated {
		unix = st.LastModified.Unix()
	}
	if last := v.refused.Load(); last != nil && last.tag == st.ETag && last.dated == dated && last.unix == unix {
		return last
	}
	// The tag is copied: the state function may have cut it out of
	// larger memory, which a kept refusal must not keep.
	c := &checkRefusal{tag: strings.Clone(st.ETag), dated: dated, unix: unix}
	if c.tag != "" {
		c.ifMatchDetail = "The resource's current entity-tag is " + c.tag +
			", which If-Match does not list; fetch it again, reapply your change and resend with If-Match: " + c.tag + "."
	}
	if date := httpDate(st.LastModified); date != "" {
		c.lastModified = date
		c.modifiedDetail = "The resource was modified at " + date +
			", after the If-Unmodified-Since date; fetch it again, reapply your change and resend."
	}
	v.refused.Store(c)
	return c
}

// checkETagValue is the ETag field value of one entity-tag.
type checkETagValue struct {
	tag   string
	value []string
}

// checkLastModifiedValue is the Last-Modified field value of one date, at
// the one-second resolution of HTTP-dates.
type checkLastModifiedValue struct {
	unix  int64
	value []string
}

// etagValue returns the field value for tag.
func (v *checkValidators) etagValue(tag string) []string {
	if last := v.etag.Load(); last != nil && last.tag == tag {
		return last.value
	}
	last := &checkETagValue{tag: tag, value: []string{tag}}
	v.etag.Store(last)
	return last.value
}

// lastModifiedValue returns the field value for t, formatted as an
// IMF-fixdate.
func (v *checkValidators) lastModifiedValue(t time.Time) []string {
	unix := t.Unix()
	if last := v.lastModified.Load(); last != nil && last.unix == unix {
		return last.value
	}
	last := &checkLastModifiedValue{unix: unix, value: []string{httpDate(t)}}
	v.lastModified.Store(last)
	return last.value
}

// set sets ETag and Last-Modified from st on a response that has neither
// set yet.
func (v *checkValidators) set(h http.Header, st State) {
	if _, has := h["Etag"]; !has && st.ETag != "" {
		h["Etag"] = v.etagValue(st.ETag)
	}
	if _, has := h["Last-Modified"]; !has && !st.LastModified.IsZero() {
		h["Last-Modified"] = v.lastModifiedValue(st.LastModified)
	}
}

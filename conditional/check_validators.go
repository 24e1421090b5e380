package conditional

import (
	"net/http"
	"sync/atomic"
	"time"
)

// checkValidators builds the ETag and Last-Modified field values one
// [Check] sets, and keeps the last of each, so the responses that carry
// the same validators share one value instead of allocating it. A value
// is a slice of length and capacity 1 that is never changed: Header.Set
// and Header.Add on the response replace it rather than write into it.
type checkValidators struct {
	etag         atomic.Pointer[checkETagValue]
	lastModified atomic.Pointer[checkLastModifiedValue]
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

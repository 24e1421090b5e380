package conditional

import (
	"net/http"
	"time"
)

// singleHTTPDate returns the one HTTP-date (RFC 9110 §5.6.7) of a date
// field given as its field lines, in any of the three formats
// [http.ParseTime] accepts. ok is false when there is no non-empty line,
// more than one (a list of dates is invalid, RFC 9110 §13.1.3, §13.1.4) or
// the value is not a date; the field is then ignored.
func singleHTTPDate(lines []string) (t time.Time, ok bool) {
	value, ok := singleFieldValue(lines)
	if !ok {
		return time.Time{}, false
	}
	t, err := http.ParseTime(value)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// singleFieldValue returns the one non-empty line of a field that takes a
// single value, given as its field lines; ok is false when there is none
// or more than one.
func singleFieldValue(lines []string) (value string, ok bool) {
	for _, line := range lines {
		if line == "" {
			continue
		}
		if value != "" {
			return "", false
		}
		value = line
	}
	return value, value != ""
}

// modifiedAfter reports whether lastModified, at the one-second resolution
// of HTTP-dates, is later than t (RFC 9110 §13.1.3, §13.1.4).
func modifiedAfter(lastModified, t time.Time) bool {
	return lastModified.Truncate(time.Second).After(t)
}

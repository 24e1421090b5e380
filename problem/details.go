package problem

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// StatusClientClosedRequest is nginx's 499: the client closed the connection
// before the server answered. It is not an RFC status code (outside RFC 9110
// §15); it is recorded in logs and metrics, never sent.
const StatusClientClosedRequest = 499

// Details is a problem details object (RFC 9457 §3). The five standard
// members are fields; Extensions holds extension members (RFC 9457 §3.2),
// which are encoded at the top level of the JSON object beside them.
//
// Type and Title may be left empty: [Standard] fills in "about:blank" and the
// status phrase (RFC 9457 §3.1 and §4.2.1). A Details handed to many
// requests is best built once with [Prepare], which also encodes it once.
type Details struct {
	// Type is a URI reference that identifies the problem type.
	Type string
	// Title is a short, human-readable summary of the problem type.
	Title string
	// Status is the HTTP status code of the response.
	Status int
	// Detail explains this occurrence of the problem to the client.
	Detail string
	// Instance is a URI reference that identifies this occurrence.
	Instance string
	// Extensions are additional members. A key that names a standard
	// member is ignored when encoding.
	Extensions map[string]any
	// Source names the fourxx constructor that refused the request, such
	// as "middleware.MaxURILength", for logs and metrics. It is never sent.
	Source string
	// ReportOnly marks a would-be rejection that [Enforce] reported to the
	// hooks instead of sending, under [WithReportOnly]. It is never sent.
	ReportOnly bool

	// enc holds the encodings of a Details that Prepare returned.
	enc *encodings
}

// MarshalJSON encodes d as one JSON object (RFC 9457 §3): the standard
// members that are set (§3.1), followed by the extension members (§3.2) in
// key order.
func (d Details) MarshalJSON() ([]byte, error) {
	return appendJSON(nil, &d)
}

// UnmarshalJSON decodes a problem details object. Members that are not
// standard go to Extensions; a standard member of the wrong JSON type is
// ignored, as RFC 9457 §3.1 asks of consumers.
func (d *Details) UnmarshalJSON(data []byte) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		return err
	}
	*d = Details{}
	for name, raw := range members {
		switch name {
		case "type":
			_ = json.Unmarshal(raw, &d.Type)
		case "title":
			_ = json.Unmarshal(raw, &d.Title)
		case "status":
			_ = json.Unmarshal(raw, &d.Status)
		case "detail":
			_ = json.Unmarshal(raw, &d.Detail)
		case "instance":
			_ = json.Unmarshal(raw, &d.Instance)
		default:
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				return err
			}
			if d.Extensions == nil {
				d.Extensions = make(map[string]any)
			}
			d.Extensions[name] = v
		}
	}
	return nil
}

// maxStackMembers is the number of extension members that the encoders
// gather and sort without allocating.
const maxStackMembers = 16

// member is one extension member to encode.
type member struct {
	name  string
	value any
}

// extensionMembers appends the extension members to encode to ms, sorted
// by name, and returns the result.
func (d *Details) extensionMembers(ms []member) []member {
	for k, v := range d.Extensions {
		if !isStandardMember(k) {
			ms = append(ms, member{k, v})
		}
	}
	if len(ms) > maxStackMembers {
		slices.SortFunc(ms, func(a, b member) int { return strings.Compare(a.name, b.name) })
		return ms
	}
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].name < ms[j-1].name; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
	return ms
}

// isStandardMember reports whether name is one of the members of RFC 9457
// §3.1, which extensions may not take.
func isStandardMember(name string) bool {
	switch name {
	case "type", "title", "status", "detail", "instance":
		return true
	}
	return false
}

// rfc9110Phrases are the RFC 9110 §15 reason phrases that differ from the
// older ones [http.StatusText] returns, and nginx's 499.
var rfc9110Phrases = map[int]string{
	http.StatusRequestEntityTooLarge:        "Content Too Large",
	http.StatusRequestURITooLong:            "URI Too Long",
	http.StatusRequestedRangeNotSatisfiable: "Range Not Satisfiable",
	http.StatusUnprocessableEntity:          "Unprocessable Content",
	StatusClientClosedRequest:               "Client Closed Request",
}

// Title returns the reason phrase for an HTTP status code: the phrase of
// RFC 9110 §15 (where it renamed 413, 414, 416 and 422, the new name),
// "Client Closed Request" for nginx's 499, and "Status N" for a code
// without a phrase.
func Title(status int) string {
	if t, ok := rfc9110Phrases[status]; ok {
		return t
	}
	if t := http.StatusText(status); t != "" {
		return t
	}
	return fmt.Sprintf("Status %d", status)
}

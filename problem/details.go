package problem

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
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
// status phrase (RFC 9457 §3.1 and §4.2.1).
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
}

// standardMembers are the member names that extensions may not take.
var standardMembers = []string{"type", "title", "status", "detail", "instance"}

// MarshalJSON encodes d as one JSON object (RFC 9457 §3): the standard
// members that are set (§3.1), followed by the extension members (§3.2) in
// key order.
func (d Details) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	member := func(name string, value any) error {
		v, err := json.Marshal(value)
		if err != nil {
			return fmt.Errorf("problem: extension member %q: %w", name, err)
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(name)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
		return nil
	}
	if d.Type != "" {
		_ = member("type", d.Type)
	}
	if d.Title != "" {
		_ = member("title", d.Title)
	}
	if d.Status != 0 {
		_ = member("status", d.Status)
	}
	if d.Detail != "" {
		_ = member("detail", d.Detail)
	}
	if d.Instance != "" {
		_ = member("instance", d.Instance)
	}
	for _, k := range d.extensionKeys() {
		if err := member(k, d.Extensions[k]); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
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

// extensionKeys returns the extension member names to encode, sorted.
func (d *Details) extensionKeys() []string {
	keys := make([]string, 0, len(d.Extensions))
	for k := range d.Extensions {
		if !slices.Contains(standardMembers, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
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

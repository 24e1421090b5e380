package middleware

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"

	"github.com/fourxx/fourxx/internal/httpsyntax"
	"github.com/fourxx/fourxx/problem"
)

// acceptJSON is the Accept-Post or Accept-Patch value of a 415 from
// JSONDecoder, shared by every response.
var acceptJSON = []string{"application/json"}

// JSONDecoder decodes JSON request bodies (RFC 8259) in handlers and answers
// every failure with the status RFC 9110 §15.5 gives it. The zero JSONDecoder
// decodes as encoding/json does: unknown object members are ignored, data
// after the first JSON value is not read, the last of repeated member names
// wins and text that is not UTF-8 becomes U+FFFD. The strict decoder, for
// new APIs, sets DisallowUnknownFields, DisallowTrailingData and IJSON.
type JSONDecoder struct {
	// DisallowUnknownFields refuses an object member that matches no field
	// of the destination struct.
	DisallowUnknownFields bool
	// DisallowTrailingData refuses anything but whitespace after the JSON
	// value; this reads on past the value up to the next token or the end
	// of the body.
	DisallowTrailingData bool
	// IJSON refuses what I-JSON (RFC 7493) forbids and encoding/json
	// accepts: an object that repeats a member name (§2.3), which
	// encoding/json resolves by keeping the last value, so that two
	// parsers of one request may disagree on it; and a string that is not
	// Unicode text (§2.1): bytes that are not UTF-8, an escaped unpaired
	// surrogate (both of which encoding/json turns into U+FFFD) or a
	// noncharacter. Names are compared case-folded, as encoding/json
	// matches them to struct fields, so {"role":"user","Role":"admin"} is
	// refused: stricter than §2.3, which compares them exactly. Numbers
	// beyond a float64's range or precision (§2.2, a SHOULD) are left to
	// the destination's types. The check holds the value's bytes twice
	// more in memory, each within MaxBytes, and costs a second pass over
	// them.
	// Recommended for new APIs, with the two options above.
	IJSON bool
	// MaxBytes bounds the body read, with [http.MaxBytesReader]: a longer
	// body is answered 413 (RFC 9110 §15.5.14). Zero or less means
	// [DefaultJSONMaxBytes]. A tighter limit already on the body, such as
	// [MaxBodySize]'s, still applies.
	MaxBytes int64
}

// DefaultJSONMaxBytes is the body limit of a [JSONDecoder] whose MaxBytes
// is not set: 1 MiB. A larger body gets 413 Content Too Large (RFC 9110
// §15.5.14).
const DefaultJSONMaxBytes = 1 << 20

// DecodeJSON decodes the body of r into v with the zero [JSONDecoder],
// answering 400, 413 or 415 (RFC 9110 §15.5.1, §15.5.14, §15.5.16) as
// [JSONDecoder.Decode] describes when it fails.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	return JSONDecoder{}.Decode(w, r, v)
}

// Decode reads one JSON value from the body of r into v. On success it
// returns nil and writes nothing. On failure it answers r through
// [problem.Write] and returns the error, and the handler should return:
//
//   - 415 Unsupported Media Type (RFC 9110 §15.5.16) when the Content-Type
//     is missing or is not application/json or a "+json" type (RFC 6839
//     §3.1), with Accept-Post for POST or Accept-Patch for PATCH naming
//     application/json, as the member "accepted" does.
//   - 413 Content Too Large (RFC 9110 §15.5.14) when the body is longer
//     than MaxBytes, or reading stops with an *http.MaxBytesError from
//     http.MaxBytesReader installed by MaxBodySize or any other
//     middleware; the member "limit" is the limit passed.
//   - 400 Bad Request (RFC 9110 §15.5.1) for an empty body; for a syntax
//     error, with the byte "offset" where it was found; for a value of the
//     wrong JSON type, naming the "field" (a dotted path) and the type
//     expected; for an unknown field, trailing data or, with IJSON, a
//     repeated member name (the "field" and its "offset") or a string that
//     is not Unicode text (its "offset") when refused; and when the body
//     cannot be read.
//
// Decode panics when v is not a non-nil pointer, a bug in the caller.
func (d JSONDecoder) Decode(w http.ResponseWriter, r *http.Request, v any) error {
	if rv := reflect.ValueOf(v); rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic(fmt.Sprintf("middleware: JSONDecoder.Decode: v must be a non-nil pointer, not %T", v))
	}
	if detail := jsonContentTypeProblem(r); detail != "" {
		setAcceptPostPatch(w.Header(), r.Method, acceptJSON)
		writeJSONProblem(w, r, http.StatusUnsupportedMediaType, detail+" Send the body as application/json.",
			map[string]any{"accepted": []string{"application/json"}})
		return fmt.Errorf("middleware: Content-Type %q is not JSON", r.Header.Get("Content-Type"))
	}
	limit := d.MaxBytes
	if limit <= 0 {
		limit = DefaultJSONMaxBytes
	}
	body := &jsonCountingReader{r: http.MaxBytesReader(w, r.Body, limit)}
	dec := json.NewDecoder(body)
	var err error
	if d.IJSON {
		err = decodeIJSON(dec, v, d.DisallowUnknownFields)
	} else {
		if d.DisallowUnknownFields {
			dec.DisallowUnknownFields()
		}
		err = dec.Decode(v)
	}
	if err == nil && d.DisallowTrailingData {
		err = checkJSONTrailingData(dec)
	}
	if err != nil {
		answerJSONError(w, r, body.n, err)
	}
	return err
}

// jsonContentTypeProblem explains why a request with content does not
// declare JSON, or returns "" when it does or has no content.
func jsonContentTypeProblem(r *http.Request) string {
	if !requestHasContent(r) {
		return ""
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return "The request has content but no Content-Type."
	}
	if typ, sub, params, ok := httpsyntax.SplitMediaType(ct); ok {
		for i := range jsonContentTypes {
			if jsonContentTypes[i].matches(typ, sub, params) {
				return ""
			}
		}
	}
	return fmt.Sprintf("The Content-Type %q is not JSON.", ct)
}

// jsonContentTypes are the media types [DecodeJSON] reads: application/json
// and the structured suffix +json (RFC 6839 §3.1).
var jsonContentTypes = [...]contentTypeRule{
	{typ: "application", sub: "json"},
	{typ: "application", sub: "*", suffix: "+json"},
}

// jsonCountingReader counts the bytes read through it.
type jsonCountingReader struct {
	r io.Reader
	n int64
}

func (c *jsonCountingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// jsonTrailingDataError reports data after the JSON value.
type jsonTrailingDataError struct{ offset int64 }

func (e *jsonTrailingDataError) Error() string {
	return fmt.Sprintf("json: data after the value at byte %d", e.offset)
}

// checkJSONTrailingData reads the rest of the body and fails unless it is
// whitespace. A read error, such as *http.MaxBytesError, is returned as is.
func checkJSONTrailingData(dec *json.Decoder) error {
	offset := dec.InputOffset()
	_, err := dec.Token()
	switch {
	case errors.Is(err, io.EOF):
		return nil
	case err != nil && !isJSONDecodeError(err):
		return err
	}
	return &jsonTrailingDataError{offset}
}

// isJSONDecodeError reports whether err is about the JSON text rather than
// reading it.
func isJSONDecodeError(err error) bool {
	var syntax *json.SyntaxError
	return errors.As(err, &syntax)
}

// answerJSONError answers a decoding failure.
// read is how many bytes of the body were read.
func answerJSONError(w http.ResponseWriter, r *http.Request, read int64, err error) {
	var (
		maxBytes *http.MaxBytesError
		syntax   *json.SyntaxError
		mismatch *json.UnmarshalTypeError
		trailing *jsonTrailingDataError
		ijson    *ijsonError
	)
	switch {
	case errors.As(err, &maxBytes):
		writeJSONProblem(w, r, http.StatusRequestEntityTooLarge,
			fmt.Sprintf("The request body is larger than this resource accepts: at most %d bytes.", maxBytes.Limit),
			map[string]any{"limit": maxBytes.Limit})
	case errors.Is(err, io.EOF):
		writeJSONProblem(w, r, http.StatusBadRequest, "The request body is empty. Send a JSON value.", nil)
	case errors.Is(err, io.ErrUnexpectedEOF):
		writeJSONProblem(w, r, http.StatusBadRequest,
			fmt.Sprintf("The JSON body ends early, after %d bytes. Send a complete JSON value.", read),
			map[string]any{"offset": read})
	case errors.As(err, &syntax):
		writeJSONProblem(w, r, http.StatusBadRequest,
			fmt.Sprintf("The JSON body is malformed at byte %d: %s.", syntax.Offset, strings.TrimPrefix(syntax.Error(), "json: ")),
			map[string]any{"offset": syntax.Offset})
	case errors.As(err, &mismatch):
		field := mismatch.Field
		if field == "" {
			field = "(the whole value)"
		}
		writeJSONProblem(w, r, http.StatusBadRequest,
			fmt.Sprintf("The field %q must be %s, not a JSON %s.", field, jsonKindOf(mismatch.Type), mismatch.Value),
			map[string]any{"field": mismatch.Field, "offset": mismatch.Offset, "expected": jsonKindOf(mismatch.Type)})
	case errors.As(err, &trailing):
		writeJSONProblem(w, r, http.StatusBadRequest,
			fmt.Sprintf("The body has data after the JSON value, from byte %d. Send exactly one JSON value.", trailing.offset),
			map[string]any{"offset": trailing.offset})
	case errors.As(err, &ijson) && ijson.repeated:
		writeJSONProblem(w, r, http.StatusBadRequest,
			fmt.Sprintf("The JSON body %s at byte %d. Send each member name of an object once.", ijson.problem, ijson.offset),
			map[string]any{"field": ijson.field, "offset": ijson.offset})
	case errors.As(err, &ijson):
		writeJSONProblem(w, r, http.StatusBadRequest,
			fmt.Sprintf("The JSON body %s at byte %d. Send strings of Unicode text in UTF-8.", ijson.problem, ijson.offset),
			map[string]any{"offset": ijson.offset})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		writeJSONProblem(w, r, http.StatusBadRequest,
			fmt.Sprintf("The field %q is not one this resource knows. Remove it.", field),
			map[string]any{"field": field})
	default:
		// The error comes from the body's reader or a json.Unmarshaler;
		// its text may describe the server, so the client gets none of it.
		writeJSONProblem(w, r, http.StatusBadRequest, "The request body could not be read as JSON. Send one complete JSON value.", nil)
	}
}

// jsonKindOf names the JSON value a Go type decodes from, with an article.
func jsonKindOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a " + t.String()
}

// writeJSONProblem answers r for JSONDecoder.Decode.
func writeJSONProblem(w http.ResponseWriter, r *http.Request, status int, detail string, ext map[string]any) {
	problem.Write(w, r, &problem.Details{
		Status:     status,
		Source:     "middleware.JSONDecoder",
		Detail:     detail,
		Extensions: ext,
	})
}

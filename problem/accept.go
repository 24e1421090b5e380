package problem

import "github.com/fourxx/fourxx/internal/httpsyntax"

// format is a representation of problem details that [Standard] writes.
type format int

const (
	formatJSON format = iota
	formatHTML
	formatText
	formatCount
)

// mediaTypes are the Content-Type values of the formats.
var mediaTypes = [formatCount]string{
	formatJSON: "application/problem+json",
	formatHTML: "text/html; charset=utf-8",
	formatText: "text/plain; charset=utf-8",
}

// offers are the media types negotiation weighs, in the order that breaks
// ties, and offerFormats the format of each. JSON clients that ask for
// application/json get problem details too: they are JSON.
var offers, offerFormats = func() ([]httpsyntax.MediaOffer, []format) {
	var offers []httpsyntax.MediaOffer
	var formats []format
	for _, o := range []struct {
		mediaType string
		f         format
	}{
		{mediaTypes[formatJSON], formatJSON},
		{"application/json", formatJSON},
		{mediaTypes[formatHTML], formatHTML},
		{mediaTypes[formatText], formatText},
	} {
		offer, _ := httpsyntax.ParseMediaOffer(o.mediaType)
		offers, formats = append(offers, offer), append(formats, o.f)
	}
	return offers, formats
}()

// negotiate chooses the format for the Accept field lines of a request
// (RFC 9110 §12.5.1) with [httpsyntax.ChooseMediaType]: the most specific
// matching range weighs each format, parameters such as format=flowed
// narrow a range, the heaviest format wins and ties go to the order JSON,
// HTML, text. Without an Accept field, when it cannot be parsed, or when
// it refuses every format, the answer is JSON: an explanation in the
// default format is more useful than none (RFC 9110 §15.5.7).
//
// The cost is linear in the length of the field, whatever it holds.
func negotiate(lines []string) format {
	i, ok := httpsyntax.ChooseMediaType(offers, lines)
	if !ok {
		return formatJSON
	}
	return offerFormats[i]
}

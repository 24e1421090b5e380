// Package httpsyntax holds the one implementation of each piece of HTTP
// field syntax (RFC 9110 §5.6) that fourxx reads: optional whitespace,
// tokens, comma-separated lists, media types and their parameters,
// weights, and the proactive negotiation of Accept and Accept-Charset
// (§12.5). Every scanner allocates nothing, so pass paths stay free, and
// has a fuzz target.
package httpsyntax

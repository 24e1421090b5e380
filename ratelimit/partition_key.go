package ratelimit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
)

// partitionKeyMinSecret is the shortest secret LimitPartitionKey accepts.
const partitionKeyMinSecret = 16

// LimitPartitionKey adds to the RateLimit field the partition key of the
// request's bucket, the pk parameter
// (draft-ietf-httpapi-ratelimit-headers-11 §4.1.3): a Byte Sequence that
// tells a client which of its requests share a quota. It is the first 16
// bytes of HMAC-SHA256 under secret of the policy name and the key, so it
// is stable per bucket and opaque: it never reveals the key (an IP
// address, an API key) to anyone without secret. It costs allocations on
// every response that carries the field. It panics when secret is shorter
// than 16 bytes.
func LimitPartitionKey(secret []byte) LimitOption {
	if len(secret) < partitionKeyMinSecret {
		panic("ratelimit: LimitPartitionKey: the secret must be at least 16 bytes")
	}
	secret = append([]byte(nil), secret...)
	return func(l *limiter) { l.pkSecret = secret }
}

// addPartitionKey appends the pk parameter for key to the RateLimit field
// on h, when the field is l's own (a tighter Limit further out may have
// written it).
func (l *limiter) addPartitionKey(h http.Header, key string) {
	if l.pkSecret == nil {
		return
	}
	v := h[headerRateLimit]
	if len(v) != 1 || !strings.HasPrefix(v[0], l.quotedName+";") {
		return
	}
	mac := hmac.New(sha256.New, l.pkSecret)
	mac.Write([]byte(l.policy.Name))
	mac.Write([]byte{0})
	mac.Write([]byte(key))
	sum := mac.Sum(nil)
	h[headerRateLimit] = []string{v[0] + ";pk=:" + base64.StdEncoding.EncodeToString(sum[:16]) + ":"}
}

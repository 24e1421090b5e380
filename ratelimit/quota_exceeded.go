package ratelimit

// QuotaExceeded is the problem type of every 429 Too Many Requests that
// [Limit], [LimitChargeAfter], [Concurrency] and [Quota] send: the one
// draft-ietf-httpapi-ratelimit-headers-11 §5.1 registers for requests over
// a quota policy. The body carries it as "type" with the draft's title, and
// the extension member "violated-policies", an array holding the name of
// the policy that refused, beside the members each limiter documents. A
// client matches this type rather than the status code to tell a rate
// limit from other 429s. Being set on the problem, it takes precedence
// over the 429 entry of [problem.Standard]'s Types and Titles.
const QuotaExceeded = "https://iana.org/assignments/http-problem-types#quota-exceeded"

// quotaExceededTitle is the title the draft gives the QuotaExceeded type.
const quotaExceededTitle = "Request cannot be satisfied as assigned quota has been exceeded"

// violatedPolicies is the name of the extension member that lists the
// policies a refused request exceeded.
const violatedPolicies = "violated-policies"

// violatedMember returns the boxed violated-policies value of a refusal
// under the policy name, built once per limiter.
func violatedMember(name string) any {
	return []string{name}
}

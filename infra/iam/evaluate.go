package iam

import (
	"fmt"
	"strconv"
	"strings"
)

// Request is what one AWS API call asks for: one action on one resource, with the request
// context's condition keys (aws:SecureTransport, ses:FromAddress, ...). A call that needs
// several actions or resources (a transaction, a copy) is several requests, all of which must
// be allowed.
type Request struct {
	Action   string // service:Action, for example dynamodb:Query
	Resource string // an ARN
	// Context maps condition keys to their values in this request; keys are case-insensitive.
	Context map[string][]string
}

// Decision is the outcome of an evaluation.
type Decision int

// The three outcomes of IAM's evaluation logic for one account.
const (
	ImplicitDeny Decision = iota // no statement allows it
	Allowed
	ExplicitDeny // a Deny statement matches; nothing can allow it
)

func (d Decision) String() string {
	switch d {
	case Allowed:
		return "allowed"
	case ExplicitDeny:
		return "explicitly denied"
	default:
		return "implicitly denied"
	}
}

// Evaluate decides req against the identity-based policies of one principal: an explicit
// Deny in any statement wins; otherwise an Allow in any statement allows; otherwise the
// request is implicitly denied.
func Evaluate(policies []Policy, req Request) Decision {
	allowed := false
	for _, p := range policies {
		for _, s := range p.Statements {
			if !s.applies(req) {
				continue
			}
			if s.Effect == Deny {
				return ExplicitDeny
			}
			allowed = true
		}
	}
	if allowed {
		return Allowed
	}
	return ImplicitDeny
}

// applies tells whether the statement's action, resource and condition all match req.
func (s Statement) applies(req Request) bool {
	if s.Actions != nil && !anyMatch(s.Actions, req.Action, ActionMatches) {
		return false
	}
	if s.NotActions != nil && anyMatch(s.NotActions, req.Action, ActionMatches) {
		return false
	}
	if s.Resources != nil && !anyMatch(s.Resources, req.Resource, ResourceMatches) {
		return false
	}
	if s.NotResources != nil && anyMatch(s.NotResources, req.Resource, ResourceMatches) {
		return false
	}
	for op, keys := range s.Conditions {
		for key, values := range keys {
			if !conditionHolds(op, key, values, req.Context) {
				return false
			}
		}
	}
	return true
}

func anyMatch(patterns []string, s string, match func(string, string) bool) bool {
	for _, p := range patterns {
		if match(p, s) {
			return true
		}
	}
	return false
}

// ResourceMatches tells whether the ARN pattern covers arn. "*" alone matches everything.
// Otherwise * and ? work within the colon-separated segments of an ARN, except that a * that
// ends a segment may also match past its colons (IAM's rule); matching is case-sensitive.
func ResourceMatches(pattern, arn string) bool {
	if pattern == "*" {
		return true
	}
	return arnGlob(pattern, arn)
}

// arnGlob matches p against s: ? is one character other than a colon; * is any run of
// characters, without colons unless the * ends a segment of the pattern.
func arnGlob(p, s string) bool { return match(p, s, true) }

// glob matches p against s with * (any run) and ? (one character).
func glob(p, s string) bool { return match(p, s, false) }

// match is the wildcard matcher of both: with segments, ':' separates ARN segments as above.
func match(p, s string, segments bool) bool {
	for len(p) > 0 {
		switch p[0] {
		case '*':
			rest := p[1:]
			spans := !segments || len(rest) == 0 || rest[0] == ':'
			for i := 0; i <= len(s); i++ {
				if match(rest, s[i:], segments) {
					return true
				}
				if i < len(s) && s[i] == ':' && !spans {
					return false
				}
			}
			return false
		case '?':
			if len(s) == 0 || (segments && s[0] == ':') {
				return false
			}
		default:
			if len(s) == 0 || s[0] != p[0] {
				return false
			}
		}
		p, s = p[1:], s[1:]
	}
	return len(s) == 0
}

// op is a parsed condition operator.
type op struct {
	base     string // StringEquals, Bool, Null, ...
	ifExists bool
	set      string // "", "ForAnyValue" or "ForAllValues"
}

var operators = map[string]bool{
	"StringEquals": true, "StringNotEquals": true, "StringEqualsIgnoreCase": true, "StringNotEqualsIgnoreCase": true,
	"StringLike": true, "StringNotLike": true,
	"NumericEquals": true, "NumericNotEquals": true, "NumericLessThan": true, "NumericLessThanEquals": true,
	"NumericGreaterThan": true, "NumericGreaterThanEquals": true,
	"Bool": true, "Null": true, "ArnEquals": true, "ArnLike": true, "ArnNotEquals": true, "ArnNotLike": true,
}

// operator parses a condition operator; an operator this package does not know is an error,
// so a policy that relies on one fails loudly instead of being evaluated wrongly.
func operator(name string) (op, error) {
	o := op{base: name}
	if set, rest, ok := strings.Cut(name, ":"); ok {
		if set != "ForAnyValue" && set != "ForAllValues" {
			return op{}, fmt.Errorf("condition: unknown set operator %q", name)
		}
		o.set, o.base = set, rest
	}
	if b, ok := strings.CutSuffix(o.base, "IfExists"); ok {
		o.base, o.ifExists = b, true
	}
	if !operators[o.base] || (o.base == "Null" && (o.ifExists || o.set != "")) {
		return op{}, fmt.Errorf("condition: operator %q is not supported by the local evaluator", name)
	}
	return o, nil
}

// negated tells which operators hold when the key is absent (their positive twin fails).
func negated(base string) bool {
	switch base {
	case "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals", "ArnNotEquals", "ArnNotLike":
		return true
	}
	return false
}

// conditionHolds evaluates one operator and key against the request context, following IAM:
// several values of the policy are ORed; a missing key makes positive operators fail (true
// with IfExists) and negated ones hold; ForAnyValue/ForAllValues compare each request value.
func conditionHolds(name, key string, values []string, ctx map[string][]string) bool {
	o, err := operator(name)
	if err != nil {
		return false
	}
	got, present := lookup(ctx, key)
	if o.base == "Null" {
		want := len(values) > 0 && strings.EqualFold(values[0], "true")
		return want == !present
	}
	if !present {
		switch {
		case o.set == "ForAllValues":
			return true
		case o.set == "ForAnyValue":
			return false
		case o.ifExists:
			return true
		default:
			return negated(o.base)
		}
	}
	one := func(v string) bool { return matchValue(o.base, v, values) }
	switch o.set {
	case "ForAllValues":
		for _, v := range got {
			if !one(v) {
				return false
			}
		}
		return true
	case "ForAnyValue":
		for _, v := range got {
			if one(v) {
				return true
			}
		}
		return false
	}
	// A single-valued key: its (first) value decides.
	return one(got[0])
}

func lookup(ctx map[string][]string, key string) ([]string, bool) {
	for k, v := range ctx {
		if strings.EqualFold(k, key) && len(v) > 0 {
			return v, true
		}
	}
	return nil, false
}

// matchValue compares one request value with the policy's values for the operator base.
func matchValue(base, v string, values []string) bool {
	pos := base
	neg := false
	switch base {
	case "StringNotEquals":
		pos, neg = "StringEquals", true
	case "StringNotEqualsIgnoreCase":
		pos, neg = "StringEqualsIgnoreCase", true
	case "StringNotLike":
		pos, neg = "StringLike", true
	case "NumericNotEquals":
		pos, neg = "NumericEquals", true
	case "ArnNotEquals":
		pos, neg = "ArnEquals", true
	case "ArnNotLike":
		pos, neg = "ArnLike", true
	}
	any := false
	for _, want := range values {
		if matchOne(pos, v, want) {
			any = true
			break
		}
	}
	return any != neg
}

func matchOne(base, got, want string) bool {
	switch base {
	case "StringEquals":
		return got == want
	case "StringEqualsIgnoreCase":
		return strings.EqualFold(got, want)
	case "StringLike":
		return glob(want, got)
	case "Bool":
		return strings.EqualFold(got, want)
	case "ArnEquals", "ArnLike":
		return arnGlob(want, got)
	}
	g, err1 := strconv.ParseFloat(got, 64)
	w, err2 := strconv.ParseFloat(want, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	switch base {
	case "NumericEquals":
		return g == w
	case "NumericLessThan":
		return g < w
	case "NumericLessThanEquals":
		return g <= w
	case "NumericGreaterThan":
		return g > w
	case "NumericGreaterThanEquals":
		return g >= w
	}
	return false
}

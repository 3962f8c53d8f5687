package gateway

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Pattern is one of an event source mapping's FilterCriteria patterns, as Lambda applies it to
// a stream record (the record as the function receives it, in JSON: eventName, dynamodb.Keys,
// dynamodb.NewImage ...). Every key of the pattern must match; an object goes on into the
// record's object of that name; an array lists what the record's value may be (any one):
// a string, number, boolean or null to equal, or {"prefix": s}, {"suffix": s},
// {"equals-ignore-case": s}, {"anything-but": value or [values]} or {"exists": bool}. Other
// rules (numeric, cidr, wildcard) are refused by ParsePattern rather than half applied.
type Pattern struct {
	m map[string]any
}

// ParsePattern reads a pattern and checks that it uses only what Matches applies.
func ParsePattern(s string) (Pattern, error) {
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return Pattern{}, fmt.Errorf("filter pattern %s: %w", s, err)
	}
	if err := checkPattern(m, ""); err != nil {
		return Pattern{}, fmt.Errorf("filter pattern %s: %w", s, err)
	}
	return Pattern{m: m}, nil
}

func checkPattern(m map[string]any, at string) error {
	if len(m) == 0 {
		return fmt.Errorf("empty object at %q", at)
	}
	for k, v := range m {
		path := strings.TrimPrefix(at+"."+k, ".")
		switch v := v.(type) {
		case map[string]any:
			if err := checkPattern(v, path); err != nil {
				return err
			}
		case []any:
			if len(v) == 0 {
				return fmt.Errorf("empty list at %q", path)
			}
			for _, rule := range v {
				if err := checkRule(rule, path); err != nil {
					return err
				}
			}
		default:
			return fmt.Errorf("%q must be an object or a list of values", path)
		}
	}
	return nil
}

func checkRule(rule any, path string) error {
	r, ok := rule.(map[string]any)
	if !ok {
		return nil // a value to equal
	}
	if len(r) != 1 {
		return fmt.Errorf("a rule at %q must have one operator", path)
	}
	for op, arg := range r {
		switch op {
		case "prefix", "suffix", "equals-ignore-case":
			if _, ok := arg.(string); !ok {
				return fmt.Errorf("%s at %q needs a string", op, path)
			}
		case "exists":
			if _, ok := arg.(bool); !ok {
				return fmt.Errorf("exists at %q needs true or false", path)
			}
		case "anything-but":
			switch a := arg.(type) {
			case []any:
				for _, x := range a {
					if _, isObj := x.(map[string]any); isObj {
						return fmt.Errorf("anything-but at %q: only values are supported locally", path)
					}
				}
			case map[string]any:
				return fmt.Errorf("anything-but at %q: only values are supported locally", path)
			}
		default:
			return fmt.Errorf("the rule %q at %q is not supported by the local gateway", op, path)
		}
	}
	return nil
}

// Matches tells whether the event (a record decoded from its JSON) matches the pattern.
func (p Pattern) Matches(event map[string]any) bool { return matchObject(p.m, event) }

func matchObject(pattern, event map[string]any) bool {
	keys := make([]string, 0, len(pattern))
	for k := range pattern {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, present := event[k]
		switch want := pattern[k].(type) {
		case map[string]any:
			sub, ok := v.(map[string]any)
			if !present || !ok || !matchObject(want, sub) {
				return false
			}
		case []any:
			if !matchRules(want, v, present) {
				return false
			}
		}
	}
	return true
}

// matchRules tells whether the value v (present or not) satisfies one of rules. A list value
// matches when one of its elements does.
func matchRules(rules []any, v any, present bool) bool {
	for _, rule := range rules {
		if r, ok := rule.(map[string]any); ok {
			if ex, ok := r["exists"].(bool); ok {
				if ex == present {
					return true
				}
				continue
			}
		}
		if !present {
			continue
		}
		values := []any{v}
		if list, ok := v.([]any); ok {
			values = list
		}
		for _, x := range values {
			if matchRule(rule, x) {
				return true
			}
		}
	}
	return false
}

func matchRule(rule, v any) bool {
	r, ok := rule.(map[string]any)
	if !ok {
		return equalValues(rule, v)
	}
	s, isString := v.(string)
	for op, arg := range r {
		switch op {
		case "prefix":
			return isString && strings.HasPrefix(s, arg.(string))
		case "suffix":
			return isString && strings.HasSuffix(s, arg.(string))
		case "equals-ignore-case":
			return isString && strings.EqualFold(s, arg.(string))
		case "anything-but":
			list, ok := arg.([]any)
			if !ok {
				list = []any{arg}
			}
			for _, x := range list {
				if equalValues(x, v) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// equalValues compares JSON values: strings, numbers (as numbers), booleans and null.
func equalValues(a, b any) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case string:
		bs, ok := b.(string)
		return ok && a == bs
	case float64:
		bf, ok := b.(float64)
		return ok && a == bf
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb
	}
	return false
}

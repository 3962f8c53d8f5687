// Package iam evaluates identity-based IAM policies the way AWS does for one principal: an
// explicit Deny wins, then an Allow, else the request is implicitly denied. It knows the policy
// grammar (Action, NotAction, Resource, NotResource, Condition with the common operators) and
// nothing about any AWS service: callers say which action, resource and context keys a request
// has. The local stack uses it to hold every function to the policies template.yaml gives it.
package iam

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Policy is one policy document.
type Policy struct {
	Statements []Statement
}

// Effect of a statement.
type Effect string

// The two effects.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Statement is one statement of a policy. Exactly one of Actions and NotActions is set, and
// exactly one of Resources and NotResources.
type Statement struct {
	Sid          string
	Effect       Effect
	Actions      []string
	NotActions   []string
	Resources    []string
	NotResources []string
	// Conditions maps an operator (StringEquals, BoolIfExists, ForAnyValue:StringLike, ...) to
	// condition keys and their values.
	Conditions map[string]map[string][]string
}

// ParseDocument reads a policy document decoded from JSON (a map with Statement, which is one
// statement or a list of them). Every value must already be resolved: an intrinsic function
// left in it is an error.
func ParseDocument(doc any) (Policy, error) {
	m, ok := doc.(map[string]any)
	if !ok {
		return Policy{}, fmt.Errorf("policy document: want an object, got %T", doc)
	}
	raw, ok := m["Statement"]
	if !ok {
		return Policy{}, fmt.Errorf("policy document: no Statement")
	}
	var list []any
	switch s := raw.(type) {
	case []any:
		list = s
	case map[string]any:
		list = []any{s}
	default:
		return Policy{}, fmt.Errorf("policy document: Statement must be an object or a list, got %T", raw)
	}
	var p Policy
	for i, item := range list {
		st, err := parseStatement(item)
		if err != nil {
			return Policy{}, fmt.Errorf("policy document: statement %d: %w", i, err)
		}
		p.Statements = append(p.Statements, st)
	}
	return p, nil
}

// ParseJSON reads a policy document from its JSON text.
func ParseJSON(text string) (Policy, error) {
	var doc any
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		return Policy{}, fmt.Errorf("policy document: %w", err)
	}
	return ParseDocument(doc)
}

func parseStatement(item any) (Statement, error) {
	m, ok := item.(map[string]any)
	if !ok {
		return Statement{}, fmt.Errorf("want an object, got %T", item)
	}
	var st Statement
	var err error
	for k := range m {
		switch k {
		case "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition":
		case "Principal", "NotPrincipal":
			return Statement{}, fmt.Errorf("%s belongs in resource-based policies, not in a function's policy", k)
		default:
			return Statement{}, fmt.Errorf("unknown element %q", k)
		}
	}
	if s, ok := m["Sid"].(string); ok {
		st.Sid = s
	}
	switch e, _ := m["Effect"].(string); Effect(e) {
	case Allow, Deny:
		st.Effect = Effect(e)
	default:
		return Statement{}, fmt.Errorf("effect must be Allow or Deny, got %v", m["Effect"])
	}
	if st.Actions, err = strings1(m, "Action"); err != nil {
		return Statement{}, err
	}
	if st.NotActions, err = strings1(m, "NotAction"); err != nil {
		return Statement{}, err
	}
	if (st.Actions == nil) == (st.NotActions == nil) {
		return Statement{}, fmt.Errorf("exactly one of Action and NotAction is required")
	}
	if st.Resources, err = strings1(m, "Resource"); err != nil {
		return Statement{}, err
	}
	if st.NotResources, err = strings1(m, "NotResource"); err != nil {
		return Statement{}, err
	}
	if (st.Resources == nil) == (st.NotResources == nil) {
		return Statement{}, fmt.Errorf("exactly one of Resource and NotResource is required")
	}
	if c, ok := m["Condition"]; ok {
		if st.Conditions, err = parseConditions(c); err != nil {
			return Statement{}, err
		}
	}
	return st, nil
}

// strings1 reads an element that is one string or a list of strings; nil when absent.
func strings1(m map[string]any, key string) ([]string, error) {
	v, ok := m[key]
	if !ok {
		return nil, nil
	}
	switch x := v.(type) {
	case string:
		if x == "" {
			return nil, fmt.Errorf("%s: empty value (an unresolved reference?)", key)
		}
		return []string{x}, nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok || s == "" {
				return nil, fmt.Errorf("%s: every value must be a non-empty string, got %v (an unresolved intrinsic?)", key, e)
			}
			out = append(out, s)
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("%s: empty list", key)
		}
		return out, nil
	default:
		return nil, fmt.Errorf("%s: want a string or a list of strings, got %T (an unresolved intrinsic?)", key, v)
	}
}

func parseConditions(v any) (map[string]map[string][]string, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("condition: want an object, got %T", v)
	}
	out := map[string]map[string][]string{}
	for op, keys := range m {
		if _, err := operator(op); err != nil {
			return nil, err
		}
		km, ok := keys.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("condition %s: want an object of keys, got %T", op, keys)
		}
		out[op] = map[string][]string{}
		for k, vals := range km {
			var list []string
			switch x := vals.(type) {
			case string:
				list = []string{x}
			case bool:
				list = []string{fmt.Sprint(x)}
			case float64:
				list = []string{fmt.Sprint(x)}
			case []any:
				for _, e := range x {
					switch y := e.(type) {
					case string:
						list = append(list, y)
					case bool, float64:
						list = append(list, fmt.Sprint(y))
					default:
						return nil, fmt.Errorf("condition %s %s: value %v is not a string (an unresolved intrinsic?)", op, k, e)
					}
				}
			default:
				return nil, fmt.Errorf("condition %s %s: value %v is not a string (an unresolved intrinsic?)", op, k, vals)
			}
			out[op][k] = list
		}
	}
	return out, nil
}

// AllowedActions lists the actions the policies' Allow statements name (as written, wildcards
// kept), sorted and without duplicates.
func AllowedActions(policies []Policy) []string {
	seen := map[string]bool{}
	for _, p := range policies {
		for _, s := range p.Statements {
			if s.Effect != Allow {
				continue
			}
			for _, a := range s.Actions {
				seen[a] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for a := range seen {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// ActionMatches tells whether the action pattern (with * and ?) covers action; service prefixes
// and action names are case-insensitive.
func ActionMatches(pattern, action string) bool {
	return glob(strings.ToLower(pattern), strings.ToLower(action))
}

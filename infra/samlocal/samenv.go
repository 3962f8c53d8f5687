package samlocal

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Declared is what template.yaml declares for one function's environment, read as `sam local`
// reads it: Globals' variables merged with the function's own.
type Declared struct {
	// Values holds the variables `sam local` can give a value without an environment file: a
	// literal, or !Ref of a parameter (its default).
	Values map[string]string
	// Unresolved names the variables it cannot (a resource's name, !Sub, !If, !GetAtt, a
	// dynamic reference such as {{resolve:secretsmanager:...}}): SAM passes "" or the
	// reference's text, so the environment file must set them.
	Unresolved map[string]string // name -> why
}

// Names is every declared variable, sorted.
func (d Declared) Names() []string {
	var out []string
	for k := range d.Values {
		out = append(out, k)
	}
	for k := range d.Unresolved {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Environment is what `sam local` gives the function: the declared values, "" for the
// unresolved ones, then the file's values for declared variables (SAM drops the others).
func (d Declared) Environment(file map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range d.Values {
		out[k] = v
	}
	for k := range d.Unresolved {
		out[k] = ""
	}
	for k, v := range file {
		if _, ok := out[k]; ok {
			out[k] = v
		}
	}
	return out
}

// ReadDeclared reads the declared environment of every AWS::Serverless::Function of the
// template at file and of the nested stacks it includes (AWS::Serverless::Application with a
// local Location, which sam local follows), by logical id. A child's parameter has the value
// sam local gives it: what the including template passes, when that is a literal or !Ref of a
// parameter with a default, else none.
func ReadDeclared(file string) (map[string]Declared, error) {
	out := map[string]Declared{}
	if err := readDeclared(file, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// readDeclared adds file's functions to out; given are the values its including template
// passes its parameters (nil for the root: their defaults).
func readDeclared(file string, given map[string]*yaml.Node, out map[string]Declared) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("read template: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("parse template %s: %w", file, err)
	}
	if len(doc.Content) == 0 {
		return fmt.Errorf("parse template %s: empty", file)
	}
	root := doc.Content[0]
	params := map[string]*string{} // parameter -> default (nil: none)
	for name, p := range pairs(get(root, "Parameters")) {
		if d := get(p, "Default"); d != nil && d.Kind == yaml.ScalarNode {
			v := d.Value
			params[name] = &v
		} else {
			params[name] = nil
		}
	}
	for name, v := range given {
		params[name] = nil
		if val, why := resolve(v, params); why == "" {
			params[name] = &val
		}
	}
	globals := get(root, "Globals", "Function", "Environment", "Variables")
	for id, r := range pairs(get(root, "Resources")) {
		t := get(r, "Type")
		if t != nil && t.Value == "AWS::Serverless::Application" {
			loc := get(r, "Properties", "Location")
			if loc == nil || loc.Kind != yaml.ScalarNode || strings.Contains(loc.Value, "://") {
				return fmt.Errorf("template %s: application %s: Location must be a local template file", file, id)
			}
			// The child's parameters take the values this template resolves for them.
			passed := map[string]*yaml.Node{}
			for name, v := range pairs(get(r, "Properties", "Parameters")) {
				passed[name] = v
			}
			if err := readDeclared(filepath.Join(filepath.Dir(file), loc.Value), resolvedHere(passed, params), out); err != nil {
				return err
			}
			continue
		}
		if t == nil || t.Value != "AWS::Serverless::Function" {
			continue
		}
		if _, dup := out[id]; dup {
			return fmt.Errorf("template %s: function %s is also in another stack", file, id)
		}
		d := Declared{Values: map[string]string{}, Unresolved: map[string]string{}}
		for _, vars := range []*yaml.Node{globals, get(r, "Properties", "Environment", "Variables")} {
			for name, v := range pairs(vars) {
				delete(d.Values, name)
				delete(d.Unresolved, name)
				if val, why := resolve(v, params); why == "" {
					d.Values[name] = val
				} else {
					d.Unresolved[name] = why
				}
			}
		}
		out[id] = d
	}
	return nil
}

// resolvedHere turns the values an application passes into literal nodes where this
// template resolves them (a literal, !Ref of a parameter with a value), and an intrinsic
// node left as it is otherwise (the child's parameter then has no value).
func resolvedHere(passed map[string]*yaml.Node, params map[string]*string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	for name, v := range passed {
		val, why := resolve(v, params)
		switch {
		case why != "":
			out[name] = v
		case val == "" && refOf(v) != "":
			// The SAM CLI takes an empty parameter passed on for unresolved and gives the child
			// the parameter's name instead (sam_env.py shows it).
			out[name] = &yaml.Node{Kind: yaml.ScalarNode, Value: refOf(v)}
		default:
			out[name] = &yaml.Node{Kind: yaml.ScalarNode, Value: val}
		}
	}
	return out
}

// refOf is the name v refers to when it is !Ref, else "".
func refOf(v *yaml.Node) string {
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag == "!Ref":
		return v.Value
	case v.Kind == yaml.MappingNode && len(v.Content) == 2 && v.Content[0].Value == "Ref":
		return v.Content[1].Value
	}
	return ""
}

// resolve is the value sam local gives v, or why it has none.
func resolve(v *yaml.Node, params map[string]*string) (string, string) {
	ref := ""
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag == "!Ref":
		ref = v.Value
	case v.Kind == yaml.MappingNode && len(v.Content) == 2 && v.Content[0].Value == "Ref":
		ref = v.Content[1].Value
	case v.Kind == yaml.ScalarNode && (v.Tag == "" || strings.HasPrefix(v.Tag, "!!")):
		if strings.Contains(v.Value, "{{resolve:") {
			return "", "a dynamic reference, resolved by CloudFormation only"
		}
		return v.Value, ""
	default:
		tag := v.Tag
		if v.Kind == yaml.MappingNode && len(v.Content) > 0 {
			tag = v.Content[0].Value
		}
		return "", "an intrinsic function (" + tag + ")"
	}
	if strings.HasPrefix(ref, "AWS::") {
		return "", "a pseudo parameter (" + ref + ")"
	}
	def, isParam := params[ref]
	switch {
	case !isParam:
		return "", "the name of the resource " + ref
	case def == nil:
		return "", "the parameter " + ref + ", which has no default"
	}
	return *def, ""
}

// get walks mapping keys from n; nil when one is missing.
func get(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
				break
			}
		}
		n = next
	}
	return n
}

// pairs is a mapping node's entries.
func pairs(n *yaml.Node) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n == nil || n.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		out[n.Content[i].Value] = n.Content[i+1]
	}
	return out
}

package samlocal

import (
	"fmt"
	"os"
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
// template at file, by logical id.
func ReadDeclared(file string) (map[string]Declared, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("parse template %s: %w", file, err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("parse template %s: empty", file)
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
	globals := get(root, "Globals", "Function", "Environment", "Variables")
	out := map[string]Declared{}
	for id, r := range pairs(get(root, "Resources")) {
		if t := get(r, "Type"); t == nil || t.Value != "AWS::Serverless::Function" {
			continue
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
	return out, nil
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

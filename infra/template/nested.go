package template

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/awslabs/goformation/v7/intrinsics"
)

// ApplicationType is the SAM resource that includes a nested stack (a child template).
const ApplicationType = "AWS::Serverless::Application"

// rootStack is what Function.Stack says of a function of the root template.
const rootStack = ""

// source reads the template at file as JSON, its short-form intrinsics (!Ref, !Sub, ...) in
// their long form and none of them resolved, with every nested application whose Location is a
// local file merged in (flatten): the one document the local tools read, whatever the number
// of stacks CloudFormation makes of it.
func source(file string) (map[string]any, error) {
	return sourceWith(file, decodeTemplate)
}

// sourceWith is source with decode turning one template file's text into data.
func sourceWith(file string, decode func([]byte) (map[string]any, error)) (map[string]any, error) {
	return sourceOf(file, filepath.Dir(file), map[string]bool{}, decode)
}

// decodeTemplate turns a template's text into data with goformation, which spells out the
// short-form intrinsics and resolves nothing.
func decodeTemplate(data []byte) (map[string]any, error) {
	raw, err := intrinsics.ProcessYAML(data, &intrinsics.ProcessorOptions{NoProcess: true})
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	return doc, nil
}

func sourceOf(file, rootDir string, seen map[string]bool, decode func([]byte) (map[string]any, error)) (map[string]any, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", file, err)
	}
	if seen[abs] {
		return nil, fmt.Errorf("template %s includes itself", file)
	}
	seen[abs] = true
	defer delete(seen, abs)
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	doc, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("parse template %s: %w", file, err)
	}
	resources, _ := doc["Resources"].(map[string]any)
	var apps []string
	for id, r := range resources {
		if m, ok := r.(map[string]any); ok && m["Type"] == ApplicationType {
			apps = append(apps, id)
		}
	}
	if len(apps) == 0 {
		return doc, nil
	}
	sort.Strings(apps)
	// Globals apply per template: each template's own are folded into its functions, so that
	// the merged document's functions carry what SAM would give them.
	foldGlobals(doc)
	outputs := map[string]any{} // "App.Outputs.Name" -> the child's output value
	for _, app := range apps {
		child, err := includeChild(file, rootDir, app, resources[app].(map[string]any), seen, decode)
		if err != nil {
			return nil, err
		}
		delete(resources, app)
		if err := merge(doc, child, app); err != nil {
			return nil, fmt.Errorf("template %s: application %s: %w", file, app, err)
		}
		childOutputs, _ := child["Outputs"].(map[string]any)
		for name, o := range childOutputs {
			if m, ok := o.(map[string]any); ok {
				outputs[app+".Outputs."+name] = m["Value"]
			}
		}
	}
	// The root's references to a child's outputs become the outputs' values.
	for k, v := range doc {
		if k == "Resources" || k == "Outputs" || k == "Conditions" {
			doc[k] = replaceOutputs(v, outputs)
		}
	}
	return doc, nil
}

// includeChild reads the child template of the application app (its local Location, relative to
// the including template's folder) with the application's Parameters put in place of the
// child's parameters, its resources' Stack set to its path and its functions' CodeUri made
// relative to the root template's folder, as sam build resolves them.
func includeChild(file, rootDir, app string, res map[string]any, seen map[string]bool, decode func([]byte) (map[string]any, error)) (map[string]any, error) {
	if _, ok := res["Condition"]; ok {
		return nil, fmt.Errorf("template %s: application %s has a Condition, which the local tools do not follow", file, app)
	}
	props, _ := res["Properties"].(map[string]any)
	loc, ok := props["Location"].(string)
	if !ok || loc == "" || strings.Contains(loc, "://") {
		return nil, fmt.Errorf("template %s: application %s: Location must be a local template file (such as stacks/staff.yaml), got %v", file, app, props["Location"])
	}
	childFile := filepath.Join(filepath.Dir(file), filepath.FromSlash(loc))
	if _, err := os.Stat(childFile); err != nil {
		return nil, fmt.Errorf("template %s: application %s: Location %s: no such template", file, app, loc)
	}
	child, err := sourceOf(childFile, rootDir, seen, decode)
	if err != nil {
		return nil, err
	}
	foldGlobals(child)
	// The values the child's parameters take: what the application passes, else their defaults.
	given, _ := props["Parameters"].(map[string]any)
	declared, _ := child["Parameters"].(map[string]any)
	values := map[string]any{}
	for name := range given {
		if _, ok := declared[name]; !ok {
			return nil, fmt.Errorf("template %s: application %s passes parameter %s, which %s does not declare", file, app, name, loc)
		}
	}
	for name, p := range declared {
		if v, ok := given[name]; ok {
			values[name] = v
			continue
		}
		m, _ := p.(map[string]any)
		d, ok := m["Default"]
		if !ok {
			return nil, fmt.Errorf("template %s: application %s does not pass %s's parameter %s, which has no default", file, app, loc, name)
		}
		values[name] = d
	}
	rel, err := filepath.Rel(rootDir, filepath.Dir(childFile))
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", childFile, err)
	}
	stack, err := filepath.Rel(rootDir, childFile)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", childFile, err)
	}
	out := map[string]any{}
	for _, k := range []string{"Conditions", "Resources", "Outputs"} {
		if v, ok := child[k]; ok {
			out[k] = substituteParameters(v, values)
		}
	}
	resources, _ := out["Resources"].(map[string]any)
	for _, r := range resources {
		m, ok := r.(map[string]any)
		if !ok {
			continue
		}
		if _, nested := m[stackKey]; !nested {
			m[stackKey] = filepath.ToSlash(stack)
		}
		if m["Type"] != "AWS::Serverless::Function" {
			continue
		}
		if p, ok := m["Properties"].(map[string]any); ok {
			if c, ok := p["CodeUri"].(string); ok && !strings.Contains(c, "://") && m[rebasedKey] == nil {
				p["CodeUri"] = path.Join(filepath.ToSlash(rel), c)
			}
		}
		m[rebasedKey] = true
	}
	return out, nil
}

// stackKey and rebasedKey are what source adds to a merged child's resources: the child's path
// (relative to the root template's folder) and that its CodeUri is relative to the root's folder.
const (
	stackKey   = "x-stack"
	rebasedKey = "x-codeuri-rebased"
)

// merge adds child's conditions and resources to doc. A condition both define differently, and a
// resource id both define, are renamed app+id in the child, unless the resource is a function
// (say each area's HttpApi is): a function's logical id is its name in the local tools, so it
// must be unique over all the stacks.
func merge(doc, child map[string]any, app string) error {
	renameConditions(doc, child, app)
	resources, _ := doc["Resources"].(map[string]any)
	childResources, _ := child["Resources"].(map[string]any)
	renames := map[string]string{}
	for id, r := range childResources {
		if _, clash := resources[id]; !clash {
			continue
		}
		m, _ := r.(map[string]any)
		if m["Type"] == "AWS::Serverless::Function" {
			return fmt.Errorf("function %s is defined in two stacks (its logical id must be unique over all of them)", id)
		}
		renames[id] = app + id
	}
	if len(renames) > 0 {
		childResources = renameResources(childResources, renames).(map[string]any)
		if o, ok := child["Outputs"]; ok {
			child["Outputs"] = renameResources(o, renames)
		}
	}
	for id, r := range childResources {
		if n, ok := renames[id]; ok {
			id = n
		}
		if _, clash := resources[id]; clash {
			return fmt.Errorf("resource %s is defined twice", id)
		}
		resources[id] = r
	}
	conds, _ := doc["Conditions"].(map[string]any)
	if conds == nil {
		conds = map[string]any{}
		doc["Conditions"] = conds
	}
	childConds, _ := child["Conditions"].(map[string]any)
	for name, c := range childConds {
		if have, ok := conds[name]; ok && !reflect.DeepEqual(have, c) {
			return fmt.Errorf("condition %s differs from the including template's", name)
		}
		conds[name] = c
	}
	return nil
}

// renameConditions gives the child's conditions that the including template also defines,
// differently, the name app+name, in their definitions and where the child uses them
// (a resource's Condition, Fn::If, a condition's {"Condition": name}): each stack has its own.
func renameConditions(doc, child map[string]any, app string) {
	conds, _ := doc["Conditions"].(map[string]any)
	childConds, _ := child["Conditions"].(map[string]any)
	renames := map[string]string{}
	for name, c := range childConds {
		if have, ok := conds[name]; ok && !reflect.DeepEqual(have, c) {
			renames[name] = app + name
		}
	}
	if len(renames) == 0 {
		return
	}
	for k, v := range child {
		child[k] = renameConditionUses(v, renames)
	}
	renamed := map[string]any{}
	for name, c := range child["Conditions"].(map[string]any) {
		if n, ok := renames[name]; ok {
			name = n
		}
		renamed[name] = c
	}
	child["Conditions"] = renamed
}

func renameConditionUses(v any, renames map[string]string) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			switch k {
			case "Condition":
				if s, ok := e.(string); ok && renames[s] != "" {
					e = renames[s]
				}
			case "Fn::If":
				if l, ok := e.([]any); ok && len(l) == 3 {
					if s, ok := l[0].(string); ok && renames[s] != "" {
						e = []any{renames[s], l[1], l[2]}
					}
				}
			}
			out[k] = renameConditionUses(e, renames)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = renameConditionUses(e, renames)
		}
		return out
	}
	return v
}

// foldGlobals merges the template's Globals.Function into each of its functions as SAM does
// (a function's own scalar wins, maps merge, lists add up) and removes it.
func foldGlobals(doc map[string]any) {
	g, _ := doc["Globals"].(map[string]any)
	fn, ok := g["Function"].(map[string]any)
	if !ok {
		return
	}
	resources, _ := doc["Resources"].(map[string]any)
	for _, r := range resources {
		m, ok := r.(map[string]any)
		if !ok || m["Type"] != "AWS::Serverless::Function" {
			continue
		}
		props, _ := m["Properties"].(map[string]any)
		m["Properties"] = mergeGlobal(fn, props)
	}
	delete(g, "Function")
	if len(g) == 0 {
		delete(doc, "Globals")
	}
}

// mergeGlobal is SAM's rule for a global value and a function's own.
func mergeGlobal(global, local any) any {
	if local == nil {
		return global
	}
	gm, ok1 := global.(map[string]any)
	lm, ok2 := local.(map[string]any)
	if ok1 && ok2 && !isIntrinsic(gm) && !isIntrinsic(lm) {
		out := map[string]any{}
		for k, v := range gm {
			out[k] = v
		}
		for k, v := range lm {
			out[k] = mergeGlobal(gm[k], v)
		}
		return out
	}
	gl, ok1 := global.([]any)
	ll, ok2 := local.([]any)
	if ok1 && ok2 {
		return append(append([]any{}, gl...), ll...)
	}
	return local
}

func isIntrinsic(m map[string]any) bool {
	if len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

var subName = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

// substituteParameters puts values[P] where v refers to the parameter P: {"Ref": P}, and ${P}
// in Fn::Sub, which becomes Fn::Sub's variable P (the value may be an intrinsic of the including
// template, which a Fn::Sub variable takes as it is).
func substituteParameters(v any, values map[string]any) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			if name, ok := x["Ref"].(string); ok {
				if val, ok := values[name]; ok {
					return val
				}
				return x
			}
			if sub, ok := x["Fn::Sub"]; ok {
				return map[string]any{"Fn::Sub": substituteInSub(sub, values)}
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = substituteParameters(e, values)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = substituteParameters(e, values)
		}
		return out
	}
	return v
}

func substituteInSub(sub any, values map[string]any) any {
	var text string
	vars := map[string]any{}
	switch s := sub.(type) {
	case string:
		text = s
	case []any:
		if len(s) != 2 {
			return substituteParameters(s, values)
		}
		text, _ = s[0].(string)
		if m, ok := s[1].(map[string]any); ok {
			for k, e := range m {
				vars[k] = substituteParameters(e, values)
			}
		}
	default:
		return substituteParameters(sub, values)
	}
	for _, m := range subName.FindAllStringSubmatch(text, -1) {
		name := m[1]
		if _, own := vars[name]; own {
			continue
		}
		if val, ok := values[name]; ok {
			vars[name] = val
		}
	}
	if len(vars) == 0 {
		return text
	}
	return []any{text, vars}
}

// renameResources rewrites the references to the resources in renames (Ref, Fn::GetAtt, ${X}
// and ${X.Attr} in Fn::Sub, DependsOn) and the keys of the top-level map v.
func renameResources(v any, renames map[string]string) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			switch k {
			case "Ref":
				if s, ok := e.(string); ok && renames[s] != "" {
					e = renames[s]
				}
			case "Fn::GetAtt":
				e = renameGetAtt(e, renames)
			case "DependsOn":
				e = renameNames(e, renames)
			case "Fn::Sub":
				e = renameInSub(e, renames)
			}
			out[k] = renameResources(e, renames)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = renameResources(e, renames)
		}
		return out
	}
	return v
}

func renameGetAtt(v any, renames map[string]string) any {
	switch x := v.(type) {
	case []any:
		if len(x) > 0 {
			if s, ok := x[0].(string); ok && renames[s] != "" {
				return append([]any{renames[s]}, x[1:]...)
			}
		}
	case string:
		id, attr, _ := strings.Cut(x, ".")
		if n := renames[id]; n != "" {
			return n + "." + attr
		}
	}
	return v
}

func renameNames(v any, renames map[string]string) any {
	switch x := v.(type) {
	case string:
		if n := renames[x]; n != "" {
			return n
		}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = renameNames(e, renames)
		}
		return out
	}
	return v
}

func renameInSub(v any, renames map[string]string) any {
	rename := func(text string) string {
		return subName.ReplaceAllStringFunc(text, func(m string) string {
			name := m[2 : len(m)-1]
			id, attr, dotted := strings.Cut(name, ".")
			n := renames[id]
			if n == "" {
				return m
			}
			if dotted {
				return "${" + n + "." + attr + "}"
			}
			return "${" + n + "}"
		})
	}
	switch x := v.(type) {
	case string:
		return rename(x)
	case []any:
		if len(x) == 2 {
			if s, ok := x[0].(string); ok {
				return []any{rename(s), x[1]}
			}
		}
	}
	return v
}

// replaceOutputs puts a child's output values where the including template reads them:
// !GetAtt App.Outputs.Name, and ${App.Outputs.Name} in Fn::Sub (as a Fn::Sub variable).
func replaceOutputs(v any, outputs map[string]any) any {
	if len(outputs) == 0 {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			if ga, ok := x["Fn::GetAtt"]; ok {
				var key string
				switch a := ga.(type) {
				case string:
					key = a
				case []any:
					if len(a) == 2 {
						s0, _ := a[0].(string)
						s1, _ := a[1].(string)
						key = s0 + "." + s1
					}
				}
				if val, ok := outputs[key]; ok {
					return val
				}
			}
			if sub, ok := x["Fn::Sub"]; ok {
				return map[string]any{"Fn::Sub": substituteInSub(replaceOutputs(sub, outputs), outputs)}
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = replaceOutputs(e, outputs)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = replaceOutputs(e, outputs)
		}
		return out
	}
	return v
}

// sourceJSON is source as JSON text, for goformation's intrinsics processor.
func sourceJSON(file string) ([]byte, error) {
	doc, err := source(file)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", file, err)
	}
	return b, nil
}

// Area is one child stack's part of the API: the routes whose paths start with Prefix, the
// longest prefix of the Areas winning. Each child has its own HTTP API and the distribution an
// origin and a cache behavior per child API, so a route in the wrong child would be served by
// an API CloudFront never sends its path to.
type Area struct {
	Stack  string // the child template, relative to the root's folder
	Prefix string
}

// APIAreas are the project's: staff administration under /api/admin/, everything else the
// portal's (template.yaml's StaffApi and PortalApi applications, and the distribution's
// /api/admin/* and /api/* cache behaviors).
var APIAreas = []Area{
	{Stack: "stacks/staff.yaml", Prefix: "/api/admin/"},
	{Stack: "stacks/portal.yaml", Prefix: "/api/"},
}

// AreaOf is the area of a route's path: the area with the longest prefix of path.
func AreaOf(areas []Area, p string) (Area, bool) {
	var best Area
	found := false
	for _, a := range areas {
		if strings.HasPrefix(p, a.Prefix) && (!found || len(a.Prefix) > len(best.Prefix)) {
			best, found = a, true
		}
	}
	return best, found
}

// AreaProblems lists, sorted, each route of t that is not in its area's stack: a route of the
// root template, a route no area takes, a route of another area's stack. Each area's stack
// has its own $default route (its API's), and no other stack has one.
func (t *Template) AreaProblems(areas []Area) []string {
	var out []string
	defaults := map[string]int{}
	for _, f := range t.Functions {
		for _, r := range f.Routes {
			if r.Path == DefaultRoute {
				defaults[f.Stack]++
				continue
			}
			a, ok := AreaOf(areas, r.Path)
			switch {
			case !ok:
				out = append(out, fmt.Sprintf("route %s (%s) is in no area: its path starts with none of the areas' prefixes", r.Key(), f.LogicalID))
			case f.Stack == rootStack:
				out = append(out, fmt.Sprintf("route %s (%s) is in the root template; it belongs in %s", r.Key(), f.LogicalID, a.Stack))
			case f.Stack != a.Stack:
				out = append(out, fmt.Sprintf("route %s (%s) is in %s; it belongs in %s (paths under %s)", r.Key(), f.LogicalID, f.Stack, a.Stack, a.Prefix))
			}
		}
	}
	seen := map[string]bool{}
	for _, a := range areas {
		if seen[a.Stack] {
			continue
		}
		seen[a.Stack] = true
		if defaults[a.Stack] != 1 {
			out = append(out, fmt.Sprintf("%s has %d $default routes, want 1 (its API's)", a.Stack, defaults[a.Stack]))
		}
	}
	for stack, n := range defaults {
		if !seen[stack] {
			where := stack
			if where == rootStack {
				where = "the root template"
			}
			out = append(out, fmt.Sprintf("%s has %d $default route(s) but is no area's stack", where, n))
		}
	}
	sort.Strings(out)
	return out
}

package mail

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"text/template/parse"
)

// This file runs the parse trees of text/template/parse for the subset checkTree allows,
// with the semantics of Go's templates for it (text/template's exec.go and funcs.go): fields
// of structs and keys of maps (a missing key is an error, as with missingkey=error),
// variables, if/else/with, and the functions and, or, not, len, eq, ne, lt, le, gt, ge.
//
// It exists instead of text/template and html/template because their executor looks methods
// up by a name only known at run time (reflect.Value.MethodByName): the linker then keeps
// every exported method of every type in the program, which makes each function that sends
// email several MiB larger. This one never looks up, and so never calls, a method: a value is
// read only as a struct field, a map entry or a plain string, number or boolean.

// execError is an error of a running template at a node, named by its byte position.
type execError struct {
	pos parse.Pos
	msg string
}

func (e *execError) Error() string { return "at " + pos(e.pos) + ": " + e.msg }

func errorAt(n parse.Node, format string, args ...any) error {
	return &execError{pos: n.Position(), msg: fmt.Sprintf(format, args...)}
}

// escaper turns a printed value into what is written at its place in the output.
type escaper func(string) string

// variable is a template variable ($ or $name) in scope.
type variable struct {
	name  string
	value reflect.Value
}

// state is one execution of one part.
type state struct {
	w    io.Writer
	vars []variable
	// html: the part is HTML; esc holds the escaper of every printing action (contextual,
	// see analyzeHTML), and a missing or nil value prints as "" (as with html/template),
	// not as "<no value>" (text/template).
	html bool
	esc  map[*parse.ActionNode]escaper
}

// execute runs root with data as dot and $, writing to w.
func execute(w io.Writer, root *parse.ListNode, data any, html bool, esc map[*parse.ActionNode]escaper) error {
	v := reflect.ValueOf(data)
	s := &state{w: w, vars: []variable{{"$", v}}, html: html, esc: esc}
	return s.walkList(v, root)
}

func (s *state) walkList(dot reflect.Value, l *parse.ListNode) error {
	if l == nil {
		return nil
	}
	for _, n := range l.Nodes {
		if err := s.walk(dot, n); err != nil {
			return err
		}
	}
	return nil
}

func (s *state) walk(dot reflect.Value, n parse.Node) error {
	switch n := n.(type) {
	case *parse.TextNode:
		_, err := s.w.Write(n.Text)
		return err
	case *parse.CommentNode:
		return nil
	case *parse.ActionNode:
		v, err := s.evalPipeline(dot, n.Pipe)
		if err != nil || len(n.Pipe.Decl) > 0 {
			return err // an action that declares or assigns a variable prints nothing
		}
		return s.print(n, v)
	case *parse.IfNode:
		return s.walkIfOrWith(parse.NodeIf, dot, n.Pipe, n.List, n.ElseList)
	case *parse.WithNode:
		return s.walkIfOrWith(parse.NodeWith, dot, n.Pipe, n.List, n.ElseList)
	case *parse.ListNode:
		return s.walkList(dot, n)
	default:
		// checkTree refuses everything else before a template runs.
		return errorAt(n, "unexpected %s", n)
	}
}

// walkIfOrWith runs list when the pipeline's value is true (with: as dot), else elseList.
// Variables declared inside go out of scope at the end.
func (s *state) walkIfOrWith(typ parse.NodeType, dot reflect.Value, pipe *parse.PipeNode, list, elseList *parse.ListNode) error {
	mark := len(s.vars)
	defer func() { s.vars = s.vars[:mark] }()
	v, err := s.evalPipeline(dot, pipe)
	if err != nil {
		return err
	}
	truth, ok := isTrue(indirectInterface(v))
	if !ok {
		return errorAt(pipe, "if/with can't use %v", v)
	}
	if truth {
		if typ == parse.NodeWith {
			return s.walkList(v, list)
		}
		return s.walkList(dot, list)
	}
	return s.walkList(dot, elseList)
}

// print writes v where action n stands: as text, or in the HTML part through the action's
// escaper.
func (s *state) print(n *parse.ActionNode, v reflect.Value) error {
	str, err := s.printable(n, v)
	if err != nil {
		return err
	}
	if s.html {
		esc := s.esc[n]
		if esc == nil {
			return errorAt(n, "an action whose place in the HTML is unknown")
		}
		str = esc(str)
	}
	_, err = io.WriteString(s.w, str)
	return err
}

// printable is v as text: strings, booleans and numbers only, as fmt prints them. A missing
// or nil value is "<no value>" in text and "" in HTML, as with Go's templates.
func (s *state) printable(n parse.Node, v reflect.Value) (string, error) {
	v, _ = indirect(v)
	if !v.IsValid() {
		if s.html {
			return "", nil
		}
		return "<no value>", nil
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), nil
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10), nil
	case reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'g', -1, 32), nil
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64), nil
	case reflect.Complex64:
		return strconv.FormatComplex(v.Complex(), 'g', -1, 64), nil
	case reflect.Complex128:
		return strconv.FormatComplex(v.Complex(), 'g', -1, 128), nil
	}
	return "", errorAt(n, "can't print a value of type %s; an email template prints only strings, numbers and booleans", v.Type())
}

// evalPipeline is the value of pipe; it declares or assigns pipe's variables.
func (s *state) evalPipeline(dot reflect.Value, pipe *parse.PipeNode) (reflect.Value, error) {
	if pipe == nil {
		return reflect.Value{}, nil
	}
	var (
		value    reflect.Value
		hasFinal bool
	)
	for _, cmd := range pipe.Cmds {
		v, err := s.evalCommand(dot, cmd, value, hasFinal)
		if err != nil {
			return reflect.Value{}, err
		}
		// A value of type interface{} is the thing inside it.
		if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			v = reflect.ValueOf(v.Interface())
		}
		value, hasFinal = v, true
	}
	for _, variable := range pipe.Decl {
		if pipe.IsAssign {
			if err := s.setVar(variable, value); err != nil {
				return reflect.Value{}, err
			}
		} else {
			s.push(variable.Ident[0], value)
		}
	}
	return value, nil
}

func (s *state) push(name string, v reflect.Value) { s.vars = append(s.vars, variable{name, v}) }

// setVar assigns the innermost variable of n's name.
func (s *state) setVar(n *parse.VariableNode, v reflect.Value) error {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == n.Ident[0] {
			s.vars[i].value = v
			return nil
		}
	}
	return errorAt(n, "undefined variable: %s", n.Ident[0])
}

func (s *state) varValue(n *parse.VariableNode) (reflect.Value, error) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == n.Ident[0] {
			return s.vars[i].value, nil
		}
	}
	return reflect.Value{}, errorAt(n, "undefined variable: %s", n.Ident[0])
}

// evalCommand is the value of cmd; final, when hasFinal, is the value of the previous
// command of the pipeline, the last argument of this one.
func (s *state) evalCommand(dot reflect.Value, cmd *parse.CommandNode, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return s.fieldChain(dot, n, n.Ident, cmd.Args, hasFinal)
	case *parse.ChainNode:
		return s.evalChainNode(dot, n, cmd.Args, hasFinal)
	case *parse.IdentifierNode:
		return s.evalFunction(dot, n, cmd.Args[1:], final, hasFinal)
	case *parse.VariableNode:
		return s.evalVariableNode(dot, n, cmd.Args, hasFinal)
	}
	if len(cmd.Args) > 1 || hasFinal {
		return reflect.Value{}, errorAt(cmd, "can't give argument to non-function %s", cmd.Args[0])
	}
	switch n := cmd.Args[0].(type) {
	case *parse.PipeNode:
		return s.evalPipeline(dot, n)
	case *parse.DotNode:
		return dot, nil
	case *parse.NilNode:
		return reflect.Value{}, errorAt(n, "nil is not a command")
	default:
		return s.evalConstant(n)
	}
}

// evalConstant is the value of a literal: a number is an int, or a float64 when written
// with a point or an exponent, or a complex128, as Go's templates read untyped constants.
func (s *state) evalConstant(n parse.Node) (reflect.Value, error) {
	switch n := n.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(n.True), nil
	case *parse.StringNode:
		return reflect.ValueOf(n.Text), nil
	case *parse.NumberNode:
		switch {
		case n.IsComplex:
			return reflect.ValueOf(n.Complex128), nil
		case n.IsFloat && !isHexInt(n.Text) && !isRuneInt(n.Text) && strings.ContainsAny(n.Text, ".eEpP"):
			return reflect.ValueOf(n.Float64), nil
		case n.IsInt:
			i := int(n.Int64)
			if int64(i) != n.Int64 {
				return reflect.Value{}, errorAt(n, "%s overflows int", n.Text)
			}
			return reflect.ValueOf(i), nil
		case n.IsUint:
			return reflect.Value{}, errorAt(n, "%s overflows int", n.Text)
		}
		return reflect.Value{}, errorAt(n, "%s is not a number a template can use", n.Text)
	}
	return reflect.Value{}, errorAt(n, "can't evaluate command %s", n)
}

func isRuneInt(s string) bool { return len(s) > 0 && s[0] == '\'' }

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

// evalArg is the value of n as an argument of a function.
func (s *state) evalArg(dot reflect.Value, n parse.Node) (reflect.Value, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot, nil
	case *parse.NilNode:
		return reflect.Value{}, errorAt(n, "cannot use nil as an argument")
	case *parse.FieldNode:
		return s.fieldChain(dot, n, n.Ident, nil, false)
	case *parse.VariableNode:
		return s.evalVariableNode(dot, n, nil, false)
	case *parse.PipeNode:
		return s.evalPipeline(dot, n)
	case *parse.IdentifierNode:
		return s.evalFunction(dot, n, nil, reflect.Value{}, false)
	case *parse.ChainNode:
		return s.evalChainNode(dot, n, nil, false)
	}
	return s.evalConstant(n)
}

func (s *state) evalVariableNode(dot reflect.Value, n *parse.VariableNode, args []parse.Node, hasFinal bool) (reflect.Value, error) {
	v, err := s.varValue(n)
	if err != nil {
		return reflect.Value{}, err
	}
	if len(n.Ident) == 1 {
		if len(args) > 1 || hasFinal {
			return reflect.Value{}, errorAt(n, "can't give argument to non-function %s", n)
		}
		return v, nil
	}
	return s.fieldChain(v, n, n.Ident[1:], args, hasFinal)
}

func (s *state) evalChainNode(dot reflect.Value, n *parse.ChainNode, args []parse.Node, hasFinal bool) (reflect.Value, error) {
	if _, ok := n.Node.(*parse.NilNode); ok {
		return reflect.Value{}, errorAt(n, "indirection through explicit nil in %s", n)
	}
	v, err := s.evalArg(dot, n.Node)
	if err != nil {
		return reflect.Value{}, err
	}
	return s.fieldChain(v, n, n.Field, args, hasFinal)
}

// fieldChain is receiver.ident[0].ident[1]...; args and hasFinal belong to the last field,
// which, not being a function, may take none.
func (s *state) fieldChain(receiver reflect.Value, n parse.Node, ident []string, args []parse.Node, hasFinal bool) (reflect.Value, error) {
	for i, name := range ident {
		last := i == len(ident)-1
		v, err := field(n, receiver, name, last && (len(args) > 1 || hasFinal))
		if err != nil {
			return reflect.Value{}, err
		}
		receiver = v
	}
	return receiver, nil
}

// field is receiver's field or map entry name: a struct's exported field, a map's entry (a
// missing one is an error). Methods are never looked up.
func field(n parse.Node, receiver reflect.Value, name string, hasArgs bool) (reflect.Value, error) {
	if !receiver.IsValid() {
		return reflect.Value{}, errorAt(n, "nil data; no entry for key %q", name)
	}
	typ := receiver.Type()
	receiver, isNil := indirect(receiver)
	if receiver.Kind() == reflect.Interface && isNil {
		return reflect.Value{}, errorAt(n, "nil pointer evaluating %s.%s", typ, name)
	}
	switch receiver.Kind() {
	case reflect.Struct:
		if f, ok := receiver.Type().FieldByName(name); ok {
			if !f.IsExported() {
				return reflect.Value{}, errorAt(n, "%s is an unexported field of struct type %s", name, typ)
			}
			v, err := receiver.FieldByIndexErr(f.Index)
			if err != nil {
				return reflect.Value{}, errorAt(n, "%v", err)
			}
			if hasArgs {
				return reflect.Value{}, errorAt(n, "%s has arguments but cannot be invoked as function", name)
			}
			return v, nil
		}
	case reflect.Map:
		key := reflect.ValueOf(name)
		if key.Type().AssignableTo(receiver.Type().Key()) {
			if hasArgs {
				return reflect.Value{}, errorAt(n, "%s is not a method but has arguments", name)
			}
			v := receiver.MapIndex(key)
			if !v.IsValid() {
				return reflect.Value{}, errorAt(n, "map has no entry for key %q", name)
			}
			return v, nil
		}
	case reflect.Pointer:
		if et := receiver.Type().Elem(); et.Kind() == reflect.Struct {
			if _, ok := et.FieldByName(name); !ok {
				break
			}
		}
		if isNil {
			return reflect.Value{}, errorAt(n, "nil pointer evaluating %s.%s", typ, name)
		}
	}
	return reflect.Value{}, errorAt(n, "can't evaluate field %s in type %s", name, typ)
}

// indirect is v through its pointers and interfaces, and whether it stopped at a nil one.
func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// indirectInterface is the value inside an interface, or v itself.
func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// isTrue is Go templates' truth: false, 0, nil and empty strings, maps and slices are false.
func isTrue(v reflect.Value) (truth, ok bool) {
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0, true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0, true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0, true
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// evalFunction calls the function n with the arguments args and, when hasFinal, final.
// and and or evaluate their arguments only until the result is known and return the
// deciding value, as Go's templates do.
func (s *state) evalFunction(dot reflect.Value, n *parse.IdentifierNode, args []parse.Node, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	name := n.Ident
	count := len(args)
	if hasFinal {
		count++
	}
	want, variadic := 2, false
	switch name {
	case "and", "or", "eq":
		want, variadic = 1, true
	case "not", "len":
		want = 1
	case "ne", "lt", "le", "gt", "ge":
	default:
		return reflect.Value{}, errorAt(n, "%q is not a function an email template may call", name)
	}
	if variadic && count < want {
		return reflect.Value{}, errorAt(n, "wrong number of args for %s: want at least %d got %d", name, want, count)
	}
	if !variadic && count != want {
		return reflect.Value{}, errorAt(n, "wrong number of args for %s: want %d got %d", name, want, count)
	}
	if name == "and" || name == "or" {
		var v reflect.Value
		for _, a := range args {
			var err error
			if v, err = s.evalArg(dot, a); err != nil {
				return reflect.Value{}, err
			}
			if truth(v) == (name == "or") {
				return v, nil
			}
		}
		if hasFinal {
			v = final
		}
		return v, nil
	}
	vals := make([]reflect.Value, 0, count)
	for _, a := range args {
		v, err := s.evalArg(dot, a)
		if err != nil {
			return reflect.Value{}, err
		}
		vals = append(vals, v)
	}
	if hasFinal {
		vals = append(vals, final)
	}
	var (
		result bool
		err    error
	)
	switch name {
	case "not":
		return reflect.ValueOf(!truth(vals[0])), nil
	case "len":
		l, err := length(vals[0])
		if err != nil {
			return reflect.Value{}, errorAt(n, "error calling len: %v", err)
		}
		return reflect.ValueOf(l), nil
	case "eq":
		result, err = eq(vals[0], vals[1:]...)
	case "ne":
		result, err = eq(vals[0], vals[1])
		result = !result
	case "lt":
		result, err = lt(vals[0], vals[1])
	case "le":
		result, err = le(vals[0], vals[1])
	case "gt":
		result, err = le(vals[0], vals[1])
		result = !result
	case "ge":
		result, err = lt(vals[0], vals[1])
		result = !result
	}
	if err != nil {
		return reflect.Value{}, errorAt(n, "error calling %s: %v", name, err)
	}
	return reflect.ValueOf(result), nil
}

func length(v reflect.Value) (int, error) {
	v, isNil := indirect(v)
	if isNil {
		return 0, fmt.Errorf("len of nil pointer")
	}
	switch v.Kind() {
	case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
		return v.Len(), nil
	case reflect.Invalid:
		return 0, fmt.Errorf("len of untyped nil")
	}
	return 0, fmt.Errorf("len of type %s", v.Type())
}

type kind int

const (
	invalidKind kind = iota
	boolKind
	complexKind
	intKind
	floatKind
	stringKind
	uintKind
)

var (
	errBadComparisonType = fmt.Errorf("invalid type for comparison")
	errNoComparison      = fmt.Errorf("missing argument for comparison")
)

func basicKind(v reflect.Value) (kind, error) {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind, nil
	case reflect.Float32, reflect.Float64:
		return floatKind, nil
	case reflect.Complex64, reflect.Complex128:
		return complexKind, nil
	case reflect.String:
		return stringKind, nil
	}
	return invalidKind, errBadComparisonType
}

func isNil(v reflect.Value) bool {
	if !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return v.IsNil()
	}
	return false
}

// eq is whether arg1 equals any of arg2: basic kinds by value (integers of either sign
// compared as numbers), other comparable values with ==, nil with nil.
func eq(arg1 reflect.Value, arg2 ...reflect.Value) (bool, error) {
	arg1 = indirectInterface(arg1)
	if len(arg2) == 0 {
		return false, errNoComparison
	}
	k1, _ := basicKind(arg1)
	for _, arg := range arg2 {
		arg = indirectInterface(arg)
		k2, _ := basicKind(arg)
		truth := false
		if k1 != k2 {
			switch {
			case k1 == intKind && k2 == uintKind:
				truth = arg1.Int() >= 0 && uint64(arg1.Int()) == arg.Uint()
			case k1 == uintKind && k2 == intKind:
				truth = arg.Int() >= 0 && arg1.Uint() == uint64(arg.Int())
			default:
				if arg1.IsValid() && arg.IsValid() {
					return false, fmt.Errorf("incompatible types for comparison: %v and %v", arg1.Type(), arg.Type())
				}
			}
		} else {
			switch k1 {
			case boolKind:
				truth = arg1.Bool() == arg.Bool()
			case complexKind:
				truth = arg1.Complex() == arg.Complex()
			case floatKind:
				truth = arg1.Float() == arg.Float()
			case intKind:
				truth = arg1.Int() == arg.Int()
			case stringKind:
				truth = arg1.String() == arg.String()
			case uintKind:
				truth = arg1.Uint() == arg.Uint()
			default:
				if !canCompare(arg1, arg) {
					return false, fmt.Errorf("non-comparable types %v and %v", typeOf(arg1), typeOf(arg))
				}
				if isNil(arg1) || isNil(arg) {
					truth = isNil(arg) == isNil(arg1)
				} else {
					if !arg.Type().Comparable() {
						return false, fmt.Errorf("non-comparable type %v", arg.Type())
					}
					truth = arg1.Interface() == arg.Interface()
				}
			}
		}
		if truth {
			return true, nil
		}
	}
	return false, nil
}

func typeOf(v reflect.Value) any {
	if !v.IsValid() {
		return "nil"
	}
	return v.Type()
}

// canCompare is whether v1 and v2 are of the same kind, or one of them is nil.
func canCompare(v1, v2 reflect.Value) bool {
	k1, k2 := v1.Kind(), v2.Kind()
	if k1 == reflect.Invalid || k2 == reflect.Invalid {
		return true
	}
	return k1 == k2
}

// lt is arg1 < arg2 for numbers and strings.
func lt(arg1, arg2 reflect.Value) (bool, error) {
	arg1 = indirectInterface(arg1)
	k1, err := basicKind(arg1)
	if err != nil {
		return false, err
	}
	arg2 = indirectInterface(arg2)
	k2, err := basicKind(arg2)
	if err != nil {
		return false, err
	}
	if k1 != k2 {
		switch {
		case k1 == intKind && k2 == uintKind:
			return arg1.Int() < 0 || uint64(arg1.Int()) < arg2.Uint(), nil
		case k1 == uintKind && k2 == intKind:
			return arg2.Int() >= 0 && arg1.Uint() < uint64(arg2.Int()), nil
		}
		return false, fmt.Errorf("incompatible types for comparison: %v and %v", arg1.Type(), arg2.Type())
	}
	switch k1 {
	case floatKind:
		return arg1.Float() < arg2.Float(), nil
	case intKind:
		return arg1.Int() < arg2.Int(), nil
	case stringKind:
		return arg1.String() < arg2.String(), nil
	case uintKind:
		return arg1.Uint() < arg2.Uint(), nil
	}
	return false, errBadComparisonType
}

// le is arg1 <= arg2.
func le(arg1, arg2 reflect.Value) (bool, error) {
	less, err := lt(arg1, arg2)
	if less || err != nil {
		return less, err
	}
	return eq(arg1, arg2)
}

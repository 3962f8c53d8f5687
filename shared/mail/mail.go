// Package mail renders the portal's emails from per-language templates with an HTML and a
// text part. It links no AWS client: the functions that send (package sesmail) link SES,
// and the others, which only name mail.Message in their interfaces, do not.
package mail

import (
	"bytes"
	"embed"
	"fmt"
	"strconv"
	"strings"
	"text/template/parse"
)

//go:embed templates
var files embed.FS

// Message is a rendered email.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Languages the templates exist in; others fall back to English.
var Languages = []string{"en", "pt-BR", "es"}

// Editable are the emails an organization may rewrite per language.
var Editable = []string{"invitation", "portal-reset", "notification"}

// Template is one email in one language: Go templates of the subject, the text part and the
// HTML part, in the subset checkTree allows. In the HTML part each value is escaped for its
// place, and a value where no escaping is certain is refused (analyzeHTML).
type Template struct {
	Subject, Text, HTML string
}

// Standard returns the portal's own template name in lang (or its fallback language),
// from files <name>.<lang>.subject.txt, .txt and .html.
func Standard(name, lang string) (Template, error) {
	lang = Pick(lang)
	var t Template
	for _, part := range []struct {
		suffix string
		dst    *string
	}{{"subject.txt", &t.Subject}, {"txt", &t.Text}, {"html", &t.HTML}} {
		file := fmt.Sprintf("templates/%s.%s.%s", name, lang, part.suffix)
		src, err := files.ReadFile(file)
		if err != nil {
			return Template{}, fmt.Errorf("template %s: %w", file, err)
		}
		*part.dst = string(src)
	}
	return t, nil
}

// Render renders the standard template name (e.g. "staff-reset") in lang with data.
func Render(name, lang string, data any) (Message, error) {
	t, err := Standard(name, lang)
	if err != nil {
		return Message{}, err
	}
	m, err := t.Render(data)
	if err != nil {
		return Message{}, fmt.Errorf("render %s.%s: %w", name, Pick(lang), err)
	}
	return m, nil
}

// TemplateError is a part of a template that does not parse or render.
type TemplateError struct {
	Part string // "subject", "text" or "html"
	Err  error
}

func (e *TemplateError) Error() string { return e.Part + ": " + e.Err.Error() }
func (e *TemplateError) Unwrap() error { return e.Err }

// Limits of a rendered part, in bytes. An organization edits its templates, so their output
// is bounded like any other input: no email part grows past these, whatever the values.
const (
	MaxSubjectBytes = 8 << 10   // a subject is one line; this is far more than any mail client shows
	MaxBodyBytes    = 256 << 10 // each of the text and HTML parts
)

// TooLargeError is a part whose output would pass its limit; rendering stopped there.
type TooLargeError struct {
	Limit int // bytes
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("renders more than %d KiB (%d bytes), the limit of this part", e.Limit>>10, e.Limit)
}

// boundedWriter keeps what a template writes up to max bytes and fails the write that would
// pass it, which stops the execution: the output never grows past max.
type boundedWriter struct {
	buf bytes.Buffer
	max int
}

func (w *boundedWriter) Write(p []byte) (int, error) {
	if w.buf.Len()+len(p) > w.max {
		return 0, &TooLargeError{Limit: w.max}
	}
	return w.buf.Write(p)
}

// allowedFuncs are the functions a template may call: tests and comparisons, whose results
// are booleans or numbers. The string-making ones (print, printf, println, html, js,
// urlquery, slice, index, call) are left out: chained in one pipeline they multiply a value
// in memory before anything is written, where no writer can bound it.
var allowedFuncs = map[string]bool{"and": true, "or": true, "not": true, "len": true,
	"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true}

const allowedSummary = "values ({{.Name}}), variables, if, else, with, comments and the functions and, or, not, len, eq, ne, lt, le, gt, ge"

// checkTree refuses what could make a template's execution take longer than one pass over
// it: range (a loop, even over a number: {{range 1000000000}}), template, block and define
// (calls, and so recursion), and any function but allowedFuncs. What is left runs each node
// at most once, so the work is bounded by the template's size; the values it writes are the
// data's own, so the output is bounded by the size times the longest value, and by the
// bounded writer in any case.
func checkTree(n parse.Node) error {
	switch n := n.(type) {
	case nil:
		return nil
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := checkTree(c); err != nil {
				return err
			}
		}
		return nil
	case *parse.TextNode, *parse.CommentNode:
		return nil
	case *parse.ActionNode:
		return checkPipe(n.Pipe)
	case *parse.IfNode:
		return checkBranch(n.Pipe, n.List, n.ElseList)
	case *parse.WithNode:
		return checkBranch(n.Pipe, n.List, n.ElseList)
	case *parse.RangeNode:
		return fmt.Errorf("uses range at %s; an email template may use only %s", pos(n.Position()), allowedSummary)
	case *parse.TemplateNode:
		return fmt.Errorf("uses template or block at %s; an email template may use only %s", pos(n.Position()), allowedSummary)
	default:
		return fmt.Errorf("uses %s at %s; an email template may use only %s", n, pos(n.Position()), allowedSummary)
	}
}

func checkBranch(p *parse.PipeNode, list, elseList *parse.ListNode) error {
	if err := checkPipe(p); err != nil {
		return err
	}
	if err := checkTree(list); err != nil {
		return err
	}
	return checkTree(elseList)
}

func checkPipe(p *parse.PipeNode) error {
	if p == nil {
		return nil
	}
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			if err := checkArg(a); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkArg(a parse.Node) error {
	switch a := a.(type) {
	case *parse.IdentifierNode:
		if !allowedFuncs[a.Ident] {
			return fmt.Errorf("calls %s at %s; an email template may use only %s", a.Ident, pos(a.Position()), allowedSummary)
		}
		return nil
	case *parse.PipeNode:
		return checkPipe(a)
	case *parse.ChainNode:
		return checkArg(a.Node)
	case *parse.FieldNode, *parse.VariableNode, *parse.DotNode, *parse.StringNode, *parse.NumberNode,
		*parse.BoolNode, *parse.NilNode:
		return nil
	default:
		return fmt.Errorf("uses %s at %s; an email template may use only %s", a, pos(a.Position()), allowedSummary)
	}
}

// pos is a node's position as a byte offset, for the admin who wrote the template.
func pos(p parse.Pos) string { return "byte " + strconv.Itoa(int(p)+1) }

// parseFuncs are the functions Go's templates know. The parser accepts them all, so that
// checkTree, not the parser, refuses those outside allowedFuncs, with its message.
var parseFuncs = map[string]any{"and": true, "call": true, "html": true, "index": true, "slice": true, "js": true,
	"len": true, "not": true, "or": true, "print": true, "printf": true, "println": true, "urlquery": true,
	"eq": true, "ge": true, "gt": true, "le": true, "lt": true, "ne": true}

// part is one part of a template, parsed and checked, ready to run.
type part struct {
	root *parse.ListNode
	html bool
	esc  map[*parse.ActionNode]escaper // the HTML part's escapers (analyzeHTML)
}

func parsePart(name, src string, html bool) (*part, error) {
	trees, err := parse.Parse(name, src, "", "", parseFuncs)
	if err != nil {
		return nil, err
	}
	t := trees[name]
	if len(trees) > 1 || t == nil {
		return nil, fmt.Errorf("defines a template; an email template may use only %s", allowedSummary)
	}
	if err := checkTree(t.Root); err != nil {
		return nil, err
	}
	p := &part{root: t.Root, html: html}
	if html {
		if p.esc, err = analyzeHTML(t.Root); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Render renders t with data. A key missing from data is an error in every part; the
// error is a *TemplateError naming the part. The parts may use only a subset of Go's
// templates (see checkTree) and each part's output is bounded (MaxSubjectBytes,
// MaxBodyBytes): past it, the error wraps a *TooLargeError. data is read as maps and
// structs of strings, numbers and booleans (exec.go): no method of a value is ever called,
// and a value of another kind is an error where it is printed.
func (t Template) Render(data any) (Message, error) {
	var m Message
	for _, part := range []struct {
		name, src string
		dst       *string
		html      bool
		max       int
	}{{"subject", t.Subject, &m.Subject, false, MaxSubjectBytes}, {"text", t.Text, &m.Text, false, MaxBodyBytes},
		{"html", t.HTML, &m.HTML, true, MaxBodyBytes}} {
		p, err := parsePart(part.name, part.src, part.html)
		if err != nil {
			return Message{}, &TemplateError{Part: part.name, Err: err}
		}
		w := &boundedWriter{max: part.max}
		if err := execute(w, p.root, data, p.html, p.esc); err != nil {
			return Message{}, &TemplateError{Part: part.name, Err: err}
		}
		*part.dst = strings.TrimSpace(w.buf.String())
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return Message{}, &TemplateError{Part: "subject", Err: fmt.Errorf("must be one line")}
	}
	return m, nil
}

// Pick is the template language used for lang: itself when there are templates in it, else
// Portuguese for any pt tag, Spanish for any es tag (es-419, es-MX), else English.
func Pick(lang string) string {
	for _, l := range Languages {
		if strings.EqualFold(l, lang) {
			return l
		}
	}
	if strings.HasPrefix(strings.ToLower(lang), "pt") {
		return "pt-BR"
	}
	if l := strings.ToLower(lang); l == "es" || strings.HasPrefix(l, "es-") {
		return "es"
	}
	return "en"
}

package mail

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/template/parse"

	"golang.org/x/net/html"
)

// The HTML part of an email is written by an organization's admin and carries values that
// customers typed (names), so each value is escaped for the place it lands in, as
// html/template does, and a template that puts a value where no escaping is certain is
// refused when it is parsed. analyzeHTML finds each action's place with an HTML tokenizer
// (golang.org/x/net/html): the template's text is tokenized with a marker of letters at each
// action, and where each marker ends up (text, a tag's name, a quoted or unquoted attribute
// value, a comment, <script>...) is the action's place. The rules (htmlRules says them to the
// admin):
//
//   - in text (also in <title> and <textarea>): HTML-escaped;
//   - in a quoted attribute value of an element of attrTags: HTML-escaped; in a URL attribute
//     (href, src, ...), a value that starts the address must be relative or http, https or
//     mailto (else it is replaced with "#ZgotmplZ", as html/template does) and is
//     percent-encoded where an address cannot hold a character; in a style attribute, only
//     as a declaration's value made of letters, digits, spaces and # % . , + - (else
//     "ZgotmplZ");
//   - anywhere else (a tag's or attribute's name, an unquoted value, an event handler on*,
//     srcset, <script>, <style>, a comment, the attributes of other elements...): refused;
//   - if, else, with and end lie in text, so every branch starts and ends in text and the
//     place of everything after a branch is the same whichever ran.
//
// The marker's letters make the analysis conservative: where a letter would continue a tag's
// or an attribute's name, the marker does too and the action is refused, whatever the value.

const htmlRules = "a value may go in text, or in a quoted attribute value (not in on... event handlers or srcset; " +
	"in style only as a property's value), and if, else, with and end must lie in text, outside tags"

// attrTags are the elements whose attributes may hold a value: those of an email's layout.
var attrTags = setOf("a", "abbr", "address", "area", "article", "aside", "b", "bdi", "bdo", "big", "blockquote", "body",
	"br", "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em",
	"figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "i", "img",
	"ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span",
	"strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var")

// urlAttrs are the attributes that hold an address (html/template's list); any attribute
// whose name holds "src", "uri" or "url" is one too.
var urlAttrs = setOf("action", "archive", "background", "cite", "classid", "codebase", "data", "formaction", "href",
	"icon", "longdesc", "manifest", "ping", "poster", "profile", "src", "usemap", "xmlns")

// rawTags are the elements whose content the tokenizer reads as raw text; in rcdataTags of
// them it is text that entities escape.
var (
	rawTags    = setOf("iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp")
	rcdataTags = setOf("title", "textarea")
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// marked is a place in the template the analysis tracks: a printing action, or the start,
// else or end of an if or with.
type marked struct {
	node   parse.Node
	action *parse.ActionNode // nil for a branch boundary
	what   string            // a boundary's keyword
	seen   bool
}

type analysis struct {
	prefix string // the markers' letters, found nowhere in the template's text
	marks  []*marked
	skel   strings.Builder
	esc    map[*parse.ActionNode]escaper
}

// analyzeHTML returns the escaper of every printing action of root, an HTML part, or an error
// naming the byte position of the first action or boundary in a place it may not be.
func analyzeHTML(root *parse.ListNode) (map[*parse.ActionNode]escaper, error) {
	a := &analysis{esc: map[*parse.ActionNode]escaper{}}
	var text strings.Builder
	collectText(root, &text)
	a.prefix = "zq"
	for lower := strings.ToLower(text.String()); strings.Contains(lower, a.prefix); {
		a.prefix += "q"
	}
	if err := a.flatten(root); err != nil {
		return nil, err
	}
	if err := a.tokenize(); err != nil {
		return nil, err
	}
	for _, m := range a.marks {
		if !m.seen {
			return nil, a.refuse(m, "its place in the HTML cannot be told (an unfinished tag?)")
		}
	}
	return a.esc, nil
}

func collectText(n parse.Node, b *strings.Builder) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				collectText(c, b)
			}
		}
	case *parse.TextNode:
		b.Write(n.Text)
	case *parse.IfNode:
		collectText(n.List, b)
		collectText(n.ElseList, b)
	case *parse.WithNode:
		collectText(n.List, b)
		collectText(n.ElseList, b)
	}
}

// flatten writes the template's text with a marker at each printing action and branch
// boundary, each branch's text after the other's: as every boundary must lie in text, where
// the tokenizer's state is the same whatever came before, each branch is tokenized as it
// would be alone.
func (a *analysis) flatten(n parse.Node) error {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := a.flatten(c); err != nil {
				return err
			}
		}
	case *parse.TextNode:
		a.skel.Write(n.Text)
	case *parse.ActionNode:
		if len(n.Pipe.Decl) == 0 { // a declaration prints nothing, so it may go anywhere
			a.mark(&marked{node: n, action: n})
		}
	case *parse.IfNode:
		return a.flattenBranch("if", n, n.List, n.ElseList)
	case *parse.WithNode:
		return a.flattenBranch("with", n, n.List, n.ElseList)
	}
	return nil
}

func (a *analysis) flattenBranch(what string, n parse.Node, list, elseList *parse.ListNode) error {
	a.mark(&marked{node: n, what: what})
	if err := a.flatten(list); err != nil {
		return err
	}
	if elseList != nil {
		a.mark(&marked{node: elseList, what: "else"})
		if err := a.flatten(elseList); err != nil {
			return err
		}
	}
	a.mark(&marked{node: n, what: "end of " + what})
	return nil
}

// mark writes m's marker: prefix, "a" (action) or "b" (boundary), its number, a space and
// prefix "e". The space tells a quoted attribute value (which keeps it) from an unquoted one
// (which it ends, so that the value holds the marker without its tail).
func (a *analysis) mark(m *marked) {
	kind := "a"
	if m.action == nil {
		kind = "b"
	}
	a.marks = append(a.marks, m)
	fmt.Fprintf(&a.skel, "%s%s%d %se", a.prefix, kind, len(a.marks)-1, a.prefix)
}

// markersIn returns the marks whose markers s holds, and whether each has its tail.
func (a *analysis) markersIn(s string) (ms []*marked, whole []bool) {
	for {
		i := strings.Index(s, a.prefix)
		if i < 0 {
			return ms, whole
		}
		s = s[i+len(a.prefix):]
		if s == "" || (s[0] != 'a' && s[0] != 'b') {
			continue
		}
		j := 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		k, err := strconv.Atoi(s[1:j])
		if err != nil || k >= len(a.marks) {
			continue
		}
		ms = append(ms, a.marks[k])
		whole = append(whole, strings.HasPrefix(s[j:], " "+a.prefix+"e"))
		s = s[j:]
	}
}

func (a *analysis) refuse(m *marked, why string) error {
	what := "a value"
	if m.action == nil {
		what = m.what
	}
	return fmt.Errorf("has %s at %s %s; in the HTML part %s", what, pos(m.node.Position()), why, htmlRules)
}

func (a *analysis) tokenize() error {
	z := html.NewTokenizer(strings.NewReader(a.skel.String()))
	rawTag := "" // the raw-text element the text tokens are in
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if errors.Is(z.Err(), io.EOF) {
				return nil
			}
			return fmt.Errorf("does not tokenize as HTML: %w", z.Err())
		case html.TextToken:
			ms, _ := a.markersIn(string(z.Raw()))
			for _, m := range ms {
				switch {
				case rawTag != "" && (m.action == nil || !rcdataTags[rawTag]):
					return a.refuse(m, "inside <"+rawTag+">")
				case m.action != nil:
					a.esc[m.action] = escapeHTML
				}
				m.seen = true
			}
			// rawTag stays until the next tag: the raw text ends only at its end tag.
		case html.StartTagToken, html.SelfClosingTagToken:
			name, err := a.tag(z)
			if err != nil {
				return err
			}
			// These start raw text (or, title and textarea, text without tags) whether the
			// tag closes itself or not, as in a browser.
			rawTag = ""
			if rawTags[name] {
				rawTag = name
			}
		case html.EndTagToken:
			rawTag = ""
			if ms, _ := a.markersIn(string(z.Raw())); len(ms) > 0 {
				return a.refuse(ms[0], "inside an end tag")
			}
		case html.CommentToken, html.DoctypeToken:
			rawTag = ""
			if ms, _ := a.markersIn(string(z.Raw())); len(ms) > 0 {
				return a.refuse(ms[0], "inside a comment, a doctype or a <!...> or <?...> declaration")
			}
		}
	}
}

// tag checks the markers in the current start tag and gives the actions in its attribute
// values their escapers. It returns the tag's name.
func (a *analysis) tag(z *html.Tokenizer) (string, error) {
	raw := string(z.Raw())
	nameBytes, more := z.TagName()
	name := string(nameBytes)
	if ms, _ := a.markersIn(name); len(ms) > 0 {
		return "", a.refuse(ms[0], "inside a tag's name")
	}
	type attr struct{ key, val string }
	var attrs []attr
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		attrs = append(attrs, attr{string(k), string(v)})
	}
	// Values first: an unquoted value holds a marker without its tail, which then names an
	// attribute of its own.
	for _, at := range attrs {
		ms, whole := a.markersIn(at.val)
		if len(ms) == 0 {
			continue
		}
		for i, m := range ms {
			if m.action == nil {
				return "", a.refuse(m, "inside a tag")
			}
			if !whole[i] {
				return "", a.refuse(m, "in an unquoted attribute value")
			}
		}
		if err := a.attr(name, at.key, a.split(at.val)); err != nil {
			return "", err
		}
	}
	for _, at := range attrs {
		if ms, _ := a.markersIn(at.key); len(ms) > 0 {
			return "", a.refuse(ms[0], "inside a tag, outside a quoted attribute value")
		}
	}
	ms, _ := a.markersIn(raw)
	for _, m := range ms {
		if !m.seen {
			return "", a.refuse(m, "inside a tag, outside a quoted attribute value")
		}
	}
	return name, nil
}

// segment is a piece of an attribute value: text, or a printing action.
type segment struct {
	text string
	m    *marked
}

// split cuts an attribute value into its text and its actions' (whole) markers.
func (a *analysis) split(val string) []segment {
	var segs []segment
	for {
		i := strings.Index(val, a.prefix+"a")
		if i < 0 {
			break
		}
		j := i + len(a.prefix) + 1
		for j < len(val) && val[j] >= '0' && val[j] <= '9' {
			j++
		}
		k, err := strconv.Atoi(val[i+len(a.prefix)+1 : j])
		tail := " " + a.prefix + "e"
		if err != nil || k >= len(a.marks) || !strings.HasPrefix(val[j:], tail) {
			segs = append(segs, segment{text: val[:j]})
			val = val[j:]
			continue
		}
		segs = append(segs, segment{text: val[:i]}, segment{m: a.marks[k]})
		val = val[j+len(tail):]
	}
	return append(segs, segment{text: val})
}

// attr gives the actions in the value of attribute key of element tag their escapers.
func (a *analysis) attr(tag, key string, segs []segment) error {
	var first *marked
	for _, sg := range segs {
		if sg.m != nil {
			first = sg.m
			break
		}
	}
	if first == nil {
		return nil
	}
	if !attrTags[tag] {
		return a.refuse(first, "in an attribute of <"+tag+">, an element whose attributes may not hold values")
	}
	if strings.Contains(key, ":") {
		return a.refuse(first, "in "+key+", an attribute with a namespace")
	}
	name := strings.TrimPrefix(key, "data-")
	switch {
	case strings.HasPrefix(name, "on"):
		return a.refuse(first, "in "+key+", an event handler")
	case name == "srcset" || name == "srcdoc":
		return a.refuse(first, "in "+key)
	case name == "style":
		return a.styleAttr(segs)
	case urlAttrs[name] || strings.Contains(name, "src") || strings.Contains(name, "uri") || strings.Contains(name, "url"):
		return a.urlAttr(segs)
	}
	for _, sg := range segs {
		if sg.m != nil {
			a.esc[sg.m.action], sg.m.seen = escapeHTML, true
		}
	}
	return nil
}

// urlAttr gives the actions in an address their escapers: one that may start the address
// (nothing before it fixed the scheme or made the address relative) is filtered
// (escapeURLStart); one in the path is normalized, one in the query or fragment
// percent-encoded. The scheme is never made of a value and a text: a ':' after a value that
// may start the address is refused, and so is a value in an address whose written scheme is
// not http, https or mailto.
func (a *analysis) urlAttr(segs []segment) error {
	const (
		start = iota // no scheme, /, ? or # yet
		path
		query
	)
	st, afterValue := start, (*marked)(nil)
	var scheme strings.Builder
	for i, sg := range segs {
		if sg.m != nil {
			switch st {
			case start:
				a.esc[sg.m.action], afterValue = escapeURLStart, sg.m
			case path:
				a.esc[sg.m.action] = escapeURLPath
			default:
				a.esc[sg.m.action] = escapeURLQuery
			}
			sg.m.seen = true
			continue
		}
		for _, c := range []byte(sg.text) {
			switch {
			case st == start && c == ':':
				if afterValue != nil {
					return a.refuse(afterValue, "followed by a ':' in an address: the value would become part of its scheme")
				}
				if !isSafeURL(scheme.String() + ":") {
					for _, later := range segs[i+1:] {
						if later.m != nil {
							return a.refuse(later.m, "in an address whose scheme is not http, https or mailto")
						}
					}
				}
				st = path
			case st == start && c == '/':
				st = path
			case st != query && (c == '?' || c == '#'):
				st = query
			case st == start:
				scheme.WriteByte(c)
			}
		}
	}
	return nil
}

// styleAttr gives the actions in a style attribute escapeCSSValue: each must be (part of) a
// declaration's value, outside strings, comments and parentheses, and not followed by "(";
// an attribute with a CSS escape (\) holds no value.
func (a *analysis) styleAttr(segs []segment) error {
	var (
		inComment bool
		quote     byte
		depth     int
		inValue   bool // after the ':' of the current declaration
	)
	for i, sg := range segs {
		if sg.m != nil {
			if inComment || quote != 0 || depth > 0 || !inValue {
				return a.refuse(sg.m, "in a style attribute other than as a property's value")
			}
			if i+1 < len(segs) {
				next, _, _ := strings.Cut(segs[i+1].text, ";")
				if strings.Contains(next, "(") {
					return a.refuse(sg.m, "followed by '(' in a style attribute")
				}
			}
			a.esc[sg.m.action], sg.m.seen = escapeCSSValue, true
			continue
		}
		t := sg.text
		for j := 0; j < len(t); j++ {
			c := t[j]
			switch {
			case inComment:
				if c == '*' && j+1 < len(t) && t[j+1] == '/' {
					inComment = false
					j++
				}
			case c == '\\':
				for _, later := range segs {
					if later.m != nil {
						return a.refuse(later.m, "in a style attribute that uses a CSS escape (\\)")
					}
				}
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '/' && j+1 < len(t) && t[j+1] == '*':
				inComment = true
				j++
			case c == '"' || c == '\'':
				quote = c
			case c == '(':
				depth++
			case c == ')':
				if depth > 0 {
					depth--
				}
			case c == ';' && depth == 0:
				inValue = false
			case c == ':' && depth == 0:
				inValue = true
			}
		}
	}
	return nil
}

// escapeHTML escapes s for HTML text and quoted attribute values, as html/template does.
func escapeHTML(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(r)
		last = i + 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// isSafeURL is whether s is an address with no scheme (relative) or an http, https or
// mailto one (html/template's rule).
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		return strings.EqualFold(protocol, "http") || strings.EqualFold(protocol, "https") || strings.EqualFold(protocol, "mailto")
	}
	return true
}

// escapeURLStart is a value that may start an address: "#ZgotmplZ" in place of an unsafe
// one (isSafeURL), normalized, HTML-escaped.
func escapeURLStart(s string) string {
	if !isSafeURL(s) {
		s = "#ZgotmplZ"
	}
	return escapeHTML(processURL(s, true))
}

// escapeURLPath is a value in an address's path: normalized, HTML-escaped.
func escapeURLPath(s string) string { return escapeHTML(processURL(s, true)) }

// escapeURLQuery is a value in an address's query or fragment: percent-encoded but for
// unreserved characters, HTML-escaped.
func escapeURLQuery(s string) string { return escapeHTML(processURL(s, false)) }

// processURL percent-encodes the bytes of s that an address cannot hold (UTF-8 bytes
// included); with norm, the reserved characters and valid escapes are kept, which normalizes
// an address without changing its meaning (html/template's processURLOnto).
func processURL(s string, norm bool) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", c)
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// escapeCSSValue is a value in a style declaration: itself when made only of letters,
// digits, spaces and # % . , + - (a colour, a length, a font's name), with no "--" and
// neither "expression" nor "mozbinding" in its letters; else "ZgotmplZ", html/template's
// marker. HTML-escaped.
func escapeCSSValue(s string) string {
	var letters strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			letters.WriteByte(c)
		case 'A' <= c && c <= 'Z':
			letters.WriteByte(c + 'a' - 'A')
		case c == '-':
			if i > 0 && s[i-1] == '-' {
				return "ZgotmplZ"
			}
		case c == ' ' || c == '#' || c == '%' || c == '.' || c == ',' || c == '+':
		default:
			return "ZgotmplZ"
		}
	}
	if l := letters.String(); strings.Contains(l, "expression") || strings.Contains(l, "mozbinding") {
		return "ZgotmplZ"
	}
	return escapeHTML(s)
}

package httpapi

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// Lambda answers a synchronous invocation (every route behind API Gateway) with at most
// 6,291,556 bytes of response JSON; a function whose answer is larger fails and API Gateway
// answers its bare 500. The body travels in that JSON as a string, escaped again: WireSize
// counts what a body costs there.
const (
	// LambdaResponseLimit is Lambda's limit on a function's response JSON, in bytes.
	LambdaResponseLimit = 6<<20 + 100
	// ResponseBudget is what the items of one answer (a list page, an export, a CSV file)
	// may cost in the response JSON (WireSize): 5 MiB, which leaves about 1 MB of the
	// limit to the status, headers, cursor and the answer's other fields.
	ResponseBudget = 5 << 20
)

// WireSize is the length of b once written as a JSON string in the Lambda response (without
// its quotes), as the Lambda runtime encodes it (encoding/json with HTML escaping): `"` and
// `\` take 2 bytes, `<`, `>`, `&`, U+2028, U+2029, control characters other than \b \f \n \r
// \t and every byte of invalid UTF-8 6 bytes, other characters their UTF-8 length.
func WireSize(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t':
				n += 2
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				n += 6
			default:
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			n += 6 // \ufffd
		case r == '\u2028' || r == '\u2029':
			n += 6
		default:
			n += size
		}
		i += size
	}
	return n
}

// Budget counts what the items of one answer cost against Max. The first item is always
// taken (one item is far under the limit: a DynamoDB item is at most 400 KB), so a list
// always moves on.
type Budget struct {
	Max  int
	Used int
	n    int
}

// Take adds an item that costs cost bytes and reports true, unless the budget already holds
// an item and cost would take it over Max: then it adds nothing and reports false.
func (b *Budget) Take(cost int) bool {
	if b.n > 0 && b.Used+cost > b.Max {
		return false
	}
	b.Used += cost
	b.n++
	return true
}

// ItemCost is what v costs as an item of a JSON list in the response: its JSON (as the
// adapter encodes a body, without HTML escaping) measured with WireSize, and its comma.
func ItemCost(v any) (int, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return 0, err
	}
	return WireSize(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))) + 1, nil
}

// FillPage is the page builder of the list answers: it converts the items of a page read
// from the store with conv (which may leave an item out by answering false) and keeps them
// while their cost (ItemCost) fits budget (zero means ResponseBudget), stopping before the
// item that would take the answer over it. It answers the items kept and the cursor of the
// rest: next when every item of src was used, else after(i) of the last item used, so a
// client that follows cursors still gets every item. after(i) must be the cursor that
// resumes the list right after src[i].
func FillPage[S, T any](budget int, src []S, next string, after func(i int) string, conv func(S) (T, bool)) ([]T, string, error) {
	max := budget
	if max <= 0 {
		max = ResponseBudget
	}
	b := Budget{Max: max}
	out := make([]T, 0, len(src))
	for i, s := range src {
		v, ok := conv(s)
		if !ok {
			continue
		}
		cost, err := ItemCost(v)
		if err != nil {
			return nil, "", err
		}
		if !b.Take(cost) {
			return out, after(i - 1), nil
		}
		out = append(out, v)
	}
	return out, next, nil
}

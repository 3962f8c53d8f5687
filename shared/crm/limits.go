package crm

import (
	"encoding/json"
	"fmt"

	"crmportal/shared/itemsize"
)

// MaxCustomizationBytes bounds a module customization: the JSON of its fields and layouts,
// which the store keeps as one string attribute of one item. The item also holds its keys and
// version (under 100 bytes), so 384 KiB leaves 16 KiB under DynamoDB's 400 KB item limit.
const MaxCustomizationBytes = 384 * 1024

// CustomizationSizeErrors checks that c, as stored, stays within [MaxCustomizationBytes]. Over
// it, the largest parts ("fields", "layouts") that push it over are named, with their size and
// their largest element.
func CustomizationSizeErrors(c Customization) []FieldError {
	doc, err := json.Marshal(c)
	if err != nil || itemsize.String(string(doc)) <= MaxCustomizationBytes {
		return nil
	}
	type part struct {
		name        string
		size        int
		largest     string
		largestSize int
	}
	measure := func(name string, elems []any) part {
		p := part{name: name, size: 2}
		for i, e := range elems {
			b, _ := json.Marshal(e)
			p.size += len(b) + 1
			if len(b) > p.largestSize {
				p.largest, p.largestSize = fmt.Sprintf("%s[%d]", name, i), len(b)
			}
		}
		return p
	}
	fields := make([]any, len(c.Fields))
	for i, f := range c.Fields {
		fields[i] = f
	}
	layouts := make([]any, len(c.Layouts))
	for i, l := range c.Layouts {
		layouts[i] = l
	}
	parts := []part{measure("fields", fields), measure("layouts", layouts)}
	if parts[1].size > parts[0].size {
		parts[0], parts[1] = parts[1], parts[0]
	}
	over := len(doc) - MaxCustomizationBytes
	var errs []FieldError
	for _, p := range parts {
		if over <= 0 {
			break
		}
		over -= p.size
		msg := fmt.Sprintf("is too large: the module's customization would take %d bytes, over its bound of %d (DynamoDB stores at most %d bytes in one item); this part takes %d",
			len(doc), MaxCustomizationBytes, itemsize.MaxItemBytes, p.size)
		if p.largest != "" {
			msg += fmt.Sprintf(", the largest of it, %s, %d", p.largest, p.largestSize)
		}
		errs = append(errs, FieldError{Field: p.name, Message: msg})
	}
	return sortErrors(errs)
}

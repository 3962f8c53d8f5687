package crm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"net/mail"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Values are the clean, typed field values of a record write, ready to store.
//
// Fields maps a field's API name to its value; a nil value (only on update) means "remove the
// field". Lookups lists every record id the values point to, so the caller can check that
// each exists in its module (and then replace a lookup's id with {id, name}); it is sorted by
// Field.
type Values struct {
	Fields  map[string]any
	Lookups []LookupRef
}

// LookupRef is one record id a write points to: Field is the path of the value ("Account_Name",
// or "Product_Details[3].Product" for a line item), Module the module the id must belong to.
type LookupRef struct {
	Field  string
	Module string
	ID     string
}

// Limits of values.
const (
	TextMaxLength     = 255
	TextareaMaxLength = 32000
	EmailMaxLength    = 254
	URLMaxLength      = 2000
	MultiMaxValues    = 50
	LineItemsMax      = 200
	NumberMaxAbs      = 1e15 // exclusive
	CurrencyMaxAbs    = 1e13 // inclusive
)

var (
	currencyMaxRat  = new(big.Rat).SetInt64(int64(CurrencyMaxAbs))
	hundred         = big.NewInt(100)
	currencyMessage = "must be an amount: a number with at most 2 decimals"
)

// Validate checks a record write against the module's fields and returns the values to store.
// in maps field API names to the JSON the client sent; create says whether the record is new.
//
// Rules, per field:
//   - a name that is not a field of the module is refused ("is not a field of Contacts"), and
//     so is a system field (the server sets those);
//   - on create, every required field must be present with a value; on update, a required
//     field that is present must not be null, "", or an empty list;
//   - null (and "", or an empty list) clears an optional field: on update Fields holds nil for
//     it, on create it is left out.
//
// Accepted input and stored form, per type:
//   - text, textarea: a string, trimmed, at most MaxLength characters (default 255 for text,
//     32000 for textarea), no control characters other than tab and line breaks; stored as
//     string.
//   - email: a bare address (net/mail, no display name), at most 254 characters; string.
//   - phone: `^\+?[0-9 ()\-.]{6,30}$` after trimming; string.
//   - url: an absolute http or https URL with a host, at most 2000 characters; string.
//   - number: a JSON number with |x| < 1e15; float64.
//   - currency: a JSON number or a decimal string ("1234.5"), at most 2 decimals, between
//     -1e13 and 1e13; stored as a string with exactly 2 decimals ("1234.50"), never a float.
//   - percent: a JSON number from 0 to 100; float64.
//   - date: "YYYY-MM-DD", a real calendar date; string.
//   - datetime: RFC 3339 with a time zone offset; stored as UTC RFC 3339 to the second
//     ("2026-01-02T15:04:05Z"), so stored values compare correctly as strings.
//   - boolean: a JSON true or false; bool.
//   - picklist: one of the option values, exactly; string.
//   - multipicklist: a list of distinct option values, at most 50; []string in the order sent.
//   - lookup: a record id (`^[a-z0-9]{8,40}$`) or an object {"id": ...} (a "name" key is
//     allowed and ignored, so a value read from the API can be sent back); stored as the id
//     string and listed in Lookups.
//   - lineitems: a list of at most 200 objects {"Product": lookup to Products, "Quantity":
//     number > 0, "Unit_Price": currency >= 0, "Discount": optional currency from 0 to
//     Quantity × Unit_Price, "Tax": optional percent from 0 to 100}; a "Total" key is allowed
//     and ignored. Stored as []map[string]any with keys Product (id string), Quantity
//     (float64), Unit_Price and Total (currency strings), and Discount (currency string) and
//     Tax (float64) when given, where Total is (Quantity × Unit_Price − Discount) × (1 +
//     Tax/100), each product rounded half away from zero to cents. Each line's Product is
//     listed in Lookups.
//
// The errors are sorted by field path, then message. When there are errors the returned
// Values are empty.
func (m Module) Validate(in map[string]json.RawMessage, create bool) (Values, []FieldError) {
	byName := make(map[string]Field, len(m.Fields))
	for _, f := range m.Fields {
		byName[f.APIName] = f
	}
	out := Values{Fields: make(map[string]any, len(in))}
	var errs []FieldError
	for name, raw := range in {
		f, ok := byName[name]
		if !ok {
			errs = append(errs, FieldError{name, "is not a field of " + m.APIName})
			continue
		}
		if f.System {
			errs = append(errs, FieldError{name, "is set by the server"})
			continue
		}
		v, refs, ferrs := parseValue(f, name, raw)
		if len(ferrs) > 0 {
			errs = append(errs, ferrs...)
			continue
		}
		if v == nil {
			if f.Required {
				errs = append(errs, FieldError{name, "is required"})
			} else if !create {
				out.Fields[name] = nil
			}
			continue
		}
		out.Fields[name] = v
		out.Lookups = append(out.Lookups, refs...)
	}
	if create {
		for _, f := range m.Fields {
			if _, sent := in[f.APIName]; f.Required && !sent {
				errs = append(errs, FieldError{f.APIName, "is required"})
			}
		}
	}
	if len(errs) > 0 {
		return Values{}, sortErrors(errs)
	}
	sort.SliceStable(out.Lookups, func(i, j int) bool { return out.Lookups[i].Field < out.Lookups[j].Field })
	return out, nil
}

// RawFromText turns text (a CSV cell, a query parameter) into the JSON that [Module.Validate]
// expects for f: empty text is null; a number, currency or percent field takes the text as a
// JSON number when it is one, with a decimal comma or thousands separators too ("1.234,50",
// "1,234.50"); a boolean takes true/false, yes/no, sim/não and 1/0; a multipicklist splits
// the text on ";"; every other field takes it as a JSON string. Text that does not fit the
// type becomes a JSON string, so Validate reports the type's usual error.
func (f Field) RawFromText(s string) json.RawMessage {
	t := strings.TrimSpace(s)
	if t == "" {
		return json.RawMessage("null")
	}
	switch f.Type {
	case TypeNumber, TypePercent, TypeCurrency:
		if n := normalizeNumber(t); len(n) <= 64 && jsonNumber().MatchString(n) {
			return json.RawMessage(n)
		}
	case TypeBoolean:
		switch strings.ToLower(t) {
		case "true", "yes", "sim", "1":
			return json.RawMessage("true")
		case "false", "no", "não", "nao", "0":
			return json.RawMessage("false")
		}
	case TypeMultipicklist:
		parts := strings.Split(t, ";")
		vals := make([]string, 0, len(parts))
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				vals = append(vals, p)
			}
		}
		return mustJSON(vals)
	case TypeText, TypeTextarea:
		return mustJSON(s)
	}
	return mustJSON(t)
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		// Only strings and string slices reach here, which always marshal.
		panic(err)
	}
	return b
}

// jsonKind classifies a JSON value by its first byte: 'n' null, 'b' boolean, 's' string,
// 'a' array, 'o' object, '0' number; 0 when raw is not valid JSON.
func jsonKind(raw []byte) byte {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || !json.Valid(raw) {
		return 0
	}
	switch raw[0] {
	case 'n':
		return 'n'
	case 't', 'f':
		return 'b'
	case '"':
		return 's'
	case '[':
		return 'a'
	case '{':
		return 'o'
	}
	return '0'
}

// parseValue checks one value of field f, at path, and returns its stored form (nil for an
// empty value: null, a blank string or an empty list) and the lookups it holds.
func parseValue(f Field, path string, raw json.RawMessage) (any, []LookupRef, []FieldError) {
	kind := jsonKind(raw)
	if kind == 0 {
		return nil, nil, []FieldError{{path, "must be valid JSON"}}
	}
	if kind == 'n' {
		return nil, nil, nil
	}
	fail := func(msg string) (any, []LookupRef, []FieldError) {
		return nil, nil, []FieldError{{path, msg}}
	}
	switch f.Type {
	case TypeText, TypeTextarea:
		s, ok := stringOf(raw, kind)
		if !ok {
			return fail("must be text")
		}
		if s == "" {
			return nil, nil, nil
		}
		if msg := checkText(f, s); msg != "" {
			return fail(msg)
		}
		return s, nil, nil
	case TypeEmail:
		s, ok := stringOf(raw, kind)
		if !ok {
			return fail("must be a valid email address")
		}
		if s == "" {
			return nil, nil, nil
		}
		if len(s) > EmailMaxLength {
			return fail(fmt.Sprintf("must be at most %d characters", EmailMaxLength))
		}
		if a, err := mail.ParseAddress(s); err != nil || a.Name != "" || a.Address != s {
			return fail("must be a valid email address")
		}
		return s, nil, nil
	case TypePhone:
		s, ok := stringOf(raw, kind)
		if !ok {
			return fail("must be a phone number")
		}
		if s == "" {
			return nil, nil, nil
		}
		if !isPhone(s) {
			return fail("must be a phone number: digits, spaces, ( ) - . and an optional leading +, 6 to 30 characters")
		}
		return s, nil, nil
	case TypeURL:
		s, ok := stringOf(raw, kind)
		if !ok {
			return fail("must be an http or https URL")
		}
		if s == "" {
			return nil, nil, nil
		}
		if len(s) > URLMaxLength {
			return fail(fmt.Sprintf("must be at most %d characters", URLMaxLength))
		}
		if !validURL(s) {
			return fail("must be an http or https URL")
		}
		return s, nil, nil
	case TypeNumber, TypePercent:
		x, msg := parseNumber(raw, kind)
		if msg != "" {
			return fail(msg)
		}
		if f.Type == TypePercent && (x < 0 || x > 100) {
			return fail("must be between 0 and 100")
		}
		return x, nil, nil
	case TypeCurrency:
		if kind == 's' {
			if s, _ := stringOf(raw, kind); s == "" {
				return nil, nil, nil
			}
		}
		c, msg := parseCurrency(raw, kind)
		if msg != "" {
			return fail(msg)
		}
		return formatCents(c), nil, nil
	case TypeDate:
		s, ok := stringOf(raw, kind)
		if !ok {
			return fail("must be a date YYYY-MM-DD")
		}
		if s == "" {
			return nil, nil, nil
		}
		if !isDateShape(s) {
			return fail("must be a date YYYY-MM-DD")
		}
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return fail("must be a date YYYY-MM-DD")
		}
		return s, nil, nil
	case TypeDatetime:
		s, ok := stringOf(raw, kind)
		if !ok {
			return fail(datetimeMessage)
		}
		if s == "" {
			return nil, nil, nil
		}
		v, msg := parseDatetime(s)
		if msg != "" {
			return fail(msg)
		}
		return v, nil, nil
	case TypeBoolean:
		if kind != 'b' {
			return fail("must be true or false")
		}
		return bytes.HasPrefix(bytes.TrimSpace(raw), []byte("true")), nil, nil
	case TypePicklist:
		if kind != 's' {
			return fail(oneOf(f))
		}
		var s string
		_ = json.Unmarshal(raw, &s)
		if s == "" {
			return nil, nil, nil
		}
		if !hasOption(f, s) {
			return fail(oneOf(f))
		}
		return s, nil, nil
	case TypeMultipicklist:
		return parseMulti(f, path, raw, kind)
	case TypeLookup:
		id, empty, ok := parseLookupID(raw, kind)
		if empty {
			return nil, nil, nil
		}
		if !ok {
			return fail("must be a record id")
		}
		return id, []LookupRef{{Field: path, Module: f.LookupModule, ID: id}}, nil
	case TypeLineItems:
		return parseLineItems(path, raw, kind)
	}
	return fail("has an unknown type")
}

// stringOf decodes a JSON string and trims it; ok is false for any other kind.
func stringOf(raw json.RawMessage, kind byte) (string, bool) {
	if kind != 's' {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return strings.TrimSpace(s), true
}

// checkText applies the length and character rules of text and textarea fields.
func checkText(f Field, s string) string {
	max := f.MaxLength
	if max <= 0 {
		max = TextMaxLength
		if f.Type == TypeTextarea {
			max = TextareaMaxLength
		}
	}
	if utf8.RuneCountInString(s) > max {
		return fmt.Sprintf("must be at most %d characters", max)
	}
	for _, r := range s {
		if r != '\t' && r != '\n' && r != '\r' && unicode.IsControl(r) {
			return "must not contain control characters"
		}
	}
	return ""
}

func validURL(s string) bool {
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || u.Opaque != "" {
		return false
	}
	return (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != ""
}

// parseNumber reads a JSON number as a finite float64 with |x| < 1e15 (negative zero becomes
// zero).
func parseNumber(raw json.RawMessage, kind byte) (float64, string) {
	if kind != '0' {
		return 0, "must be a number"
	}
	x, err := strconv.ParseFloat(string(bytes.TrimSpace(raw)), 64)
	if (err != nil && !math.IsInf(x, 0) && x != 0) || math.IsNaN(x) {
		return 0, "must be a number"
	}
	if math.IsInf(x, 0) || math.Abs(x) >= NumberMaxAbs {
		return 0, "must be less than 1e15 in absolute value"
	}
	if x == 0 {
		x = 0 // no negative zero
	}
	return x, ""
}

// parseCurrency reads a JSON number or decimal string as a whole number of cents.
func parseCurrency(raw json.RawMessage, kind byte) (int64, string) {
	var lit string
	switch kind {
	case '0':
		lit = string(bytes.TrimSpace(raw))
	case 's':
		s, _ := stringOf(raw, kind)
		if !isDecimalString(s) {
			return 0, currencyMessage
		}
		lit = s
	default:
		return 0, currencyMessage
	}
	r, ok := parseDecimal(lit)
	if !ok {
		return 0, currencyMessage
	}
	if new(big.Rat).Abs(r).Cmp(currencyMaxRat) > 0 {
		return 0, "must be between -10000000000000 and 10000000000000"
	}
	cents := new(big.Rat).Mul(r, new(big.Rat).SetInt(hundred))
	if !cents.IsInt() {
		return 0, "must have at most 2 decimals"
	}
	return cents.Num().Int64(), ""
}

// parseDecimal reads a JSON number literal exactly. Literals longer than 64 bytes or with an
// exponent beyond ±40 are refused, which keeps the arithmetic cheap.
func parseDecimal(lit string) (*big.Rat, bool) {
	if len(lit) > 64 || !jsonNumber().MatchString(lit) {
		return nil, false
	}
	if i := strings.IndexAny(lit, "eE"); i >= 0 {
		exp, err := strconv.Atoi(strings.TrimPrefix(lit[i+1:], "+"))
		if err != nil || exp > 40 || exp < -40 {
			return nil, false
		}
	}
	r, ok := new(big.Rat).SetString(lit)
	return r, ok
}

// formatCents writes cents as a decimal string with exactly two decimals.
func formatCents(c int64) string {
	sign := ""
	u := uint64(c)
	if c < 0 {
		sign = "-"
		u = uint64(-c)
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}

const datetimeMessage = "must be a date and time in RFC 3339 with an offset, e.g. 2026-01-02T15:04:05Z"

// parseDatetime reads an RFC 3339 time with an offset and writes it in UTC to the second.
func parseDatetime(s string) (string, string) {
	if len(s) > 64 {
		return "", datetimeMessage
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return "", datetimeMessage
	}
	t = t.UTC()
	if y := t.Year(); y < 0 || y > 9999 {
		return "", "must be between years 0000 and 9999 in UTC"
	}
	return t.Format(time.RFC3339), ""
}

func hasOption(f Field, v string) bool {
	for _, o := range f.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

func parseMulti(f Field, path string, raw json.RawMessage, kind byte) (any, []LookupRef, []FieldError) {
	if kind != 'a' {
		return nil, nil, []FieldError{{path, "must be a list of the field's options"}}
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, nil, []FieldError{{path, "must be a list of the field's options"}}
	}
	if len(items) == 0 {
		return nil, nil, nil
	}
	if len(items) > MultiMaxValues {
		return nil, nil, []FieldError{{path, fmt.Sprintf("must have at most %d values", MultiMaxValues)}}
	}
	var errs []FieldError
	vals := make([]string, 0, len(items))
	seen := make(map[string]bool, len(items))
	for i, item := range items {
		p := fmt.Sprintf("%s[%d]", path, i)
		var s string
		if jsonKind(item) != 's' || json.Unmarshal(item, &s) != nil || !hasOption(f, s) {
			errs = append(errs, FieldError{p, oneOf(f)})
			continue
		}
		if seen[s] {
			errs = append(errs, FieldError{p, "repeats a value"})
			continue
		}
		seen[s] = true
		vals = append(vals, s)
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return vals, nil, nil
}

// parseLookupID reads a record id sent alone or as {"id": ..., "name": ...}. empty reports
// "" (which clears the field).
func parseLookupID(raw json.RawMessage, kind byte) (id string, empty, ok bool) {
	switch kind {
	case 's':
		if err := json.Unmarshal(raw, &id); err != nil {
			return "", false, false
		}
		if id == "" {
			return "", true, false
		}
	case 'o':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return "", false, false
		}
		for k := range obj {
			if k != "id" && k != "name" {
				return "", false, false
			}
		}
		v, has := obj["id"]
		if !has || jsonKind(v) != 's' || json.Unmarshal(v, &id) != nil {
			return "", false, false
		}
	default:
		return "", false, false
	}
	return id, false, isRecordID(id)
}

// parseLineItems checks a lineitems value and computes each line's total.
func parseLineItems(path string, raw json.RawMessage, kind byte) (any, []LookupRef, []FieldError) {
	if kind != 'a' {
		return nil, nil, []FieldError{{path, "must be a list of line items"}}
	}
	var lines []json.RawMessage
	if err := json.Unmarshal(raw, &lines); err != nil {
		return nil, nil, []FieldError{{path, "must be a list of line items"}}
	}
	if len(lines) == 0 {
		return nil, nil, nil
	}
	if len(lines) > LineItemsMax {
		return nil, nil, []FieldError{{path, fmt.Sprintf("must have at most %d line items", LineItemsMax)}}
	}
	var (
		errs  []FieldError
		refs  []LookupRef
		items = make([]map[string]any, 0, len(lines))
	)
	for i, line := range lines {
		p := fmt.Sprintf("%s[%d]", path, i)
		var obj map[string]json.RawMessage
		if jsonKind(line) != 'o' || json.Unmarshal(line, &obj) != nil {
			errs = append(errs, FieldError{p, "must be an object with Product, Quantity and Unit_Price"})
			continue
		}
		lineErrs := len(errs)
		for k := range obj {
			switch k {
			case LineProduct, LineQuantity, LineUnitPrice, LineTotal, LineDiscount, LineTax:
			default:
				errs = append(errs, FieldError{p + "." + k, "is not a line item field"})
			}
		}
		var (
			id    string
			qty   float64
			cents int64
		)
		if v, has := obj[LineProduct]; !has || jsonKind(v) == 'n' {
			errs = append(errs, FieldError{p + "." + LineProduct, "is required"})
		} else if got, empty, ok := parseLookupID(v, jsonKind(v)); empty {
			errs = append(errs, FieldError{p + "." + LineProduct, "is required"})
		} else if !ok {
			errs = append(errs, FieldError{p + "." + LineProduct, "must be a record id"})
		} else {
			id = got
		}
		if v, has := obj[LineQuantity]; !has || jsonKind(v) == 'n' {
			errs = append(errs, FieldError{p + "." + LineQuantity, "is required"})
		} else if x, msg := parseNumber(v, jsonKind(v)); msg != "" {
			errs = append(errs, FieldError{p + "." + LineQuantity, msg})
		} else if x <= 0 {
			errs = append(errs, FieldError{p + "." + LineQuantity, "must be greater than 0"})
		} else {
			qty = x
		}
		if v, has := obj[LineUnitPrice]; !has || jsonKind(v) == 'n' {
			errs = append(errs, FieldError{p + "." + LineUnitPrice, "is required"})
		} else if c, msg := parseCurrency(v, jsonKind(v)); msg != "" {
			errs = append(errs, FieldError{p + "." + LineUnitPrice, msg})
		} else if c < 0 {
			errs = append(errs, FieldError{p + "." + LineUnitPrice, "must not be negative"})
		} else {
			cents = c
		}
		var (
			discount int64
			tax      float64
			hasDisc  bool
			hasTax   bool
		)
		if v, has := obj[LineDiscount]; has && jsonKind(v) != 'n' {
			if c, msg := parseCurrency(v, jsonKind(v)); msg != "" {
				errs = append(errs, FieldError{p + "." + LineDiscount, msg})
			} else if c < 0 {
				errs = append(errs, FieldError{p + "." + LineDiscount, "must not be negative"})
			} else {
				discount, hasDisc = c, true
			}
		}
		if v, has := obj[LineTax]; has && jsonKind(v) != 'n' {
			if x, msg := parseNumber(v, jsonKind(v)); msg != "" {
				errs = append(errs, FieldError{p + "." + LineTax, msg})
			} else if x < 0 || x > 100 {
				errs = append(errs, FieldError{p + "." + LineTax, "must be between 0 and 100"})
			} else {
				tax, hasTax = x, true
			}
		}
		if len(errs) > lineErrs {
			continue
		}
		gross, ok := lineTotal(qty, cents)
		if !ok {
			errs = append(errs, FieldError{p, "must have a total of at most 10000000000000"})
			continue
		}
		if discount > gross {
			errs = append(errs, FieldError{p + "." + LineDiscount, "must not be more than Quantity × Unit_Price"})
			continue
		}
		total, ok := gross-discount, true
		if hasTax {
			total, ok = taxed(gross-discount, tax)
		}
		if !ok {
			errs = append(errs, FieldError{p, "must have a total of at most 10000000000000"})
			continue
		}
		refs = append(refs, LookupRef{Field: p + "." + LineProduct, Module: Products, ID: id})
		line := map[string]any{
			LineProduct:   id,
			LineQuantity:  qty,
			LineUnitPrice: formatCents(cents),
			LineTotal:     formatCents(total),
		}
		if hasDisc {
			line[LineDiscount] = formatCents(discount)
		}
		if hasTax {
			line[LineTax] = tax
		}
		items = append(items, line)
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return items, refs, nil
}

// lineTotal is qty × cents, rounded half away from zero to a whole cent. The quantity is taken
// as its shortest decimal form ("0.1", not the binary fraction), so totals match what people
// compute by hand and are the same when a stored line is validated again.
func lineTotal(qty float64, cents int64) (int64, bool) {
	q, ok := new(big.Rat).SetString(strconv.FormatFloat(qty, 'g', -1, 64))
	if !ok {
		return 0, false
	}
	return roundCents(new(big.Rat).Mul(q, new(big.Rat).SetInt64(cents)))
}

// taxed is cents plus tax percent of it, rounded like lineTotal; the percent is taken as its
// shortest decimal form, so 7.5% of 100.00 is exactly 7.50.
func taxed(cents int64, tax float64) (int64, bool) {
	t, ok := new(big.Rat).SetString(strconv.FormatFloat(tax, 'g', -1, 64))
	if !ok {
		return 0, false
	}
	factor := new(big.Rat).Add(big.NewRat(1, 1), new(big.Rat).Quo(t, big.NewRat(100, 1)))
	return roundCents(new(big.Rat).Mul(factor, new(big.Rat).SetInt64(cents)))
}

// roundCents rounds prod (≥ 0, in cents) half away from zero to a whole cent; false past
// CurrencyMaxAbs.
func roundCents(prod *big.Rat) (int64, bool) {
	num, den := prod.Num(), prod.Denom() // prod >= 0
	rounded := new(big.Int).Mul(num, big.NewInt(2))
	rounded.Add(rounded, den)
	rounded.Quo(rounded, new(big.Int).Mul(den, big.NewInt(2)))
	if rounded.Cmp(big.NewInt(int64(CurrencyMaxAbs)*100)) > 0 {
		return 0, false
	}
	return rounded.Int64(), true
}

// normalizeNumber rewrites "1.234,50", "1234,5" and "1,234.50" as "1234.50", "1234.5" and
// "1234.50"; other text is returned without spaces.
func normalizeNumber(s string) string {
	s = strings.ReplaceAll(s, " ", "")
	lastComma, lastDot := strings.LastIndex(s, ","), strings.LastIndex(s, ".")
	switch {
	case lastComma > lastDot: // decimal comma, dots group thousands
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	case lastComma >= 0: // commas group thousands
		s = strings.ReplaceAll(s, ",", "")
	}
	return s
}

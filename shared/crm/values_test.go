package crm

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"crmportal/shared/problemcode"
)

// testModule has one field of every type.
func testModule() Module {
	return Module{
		APIName:   "Tests",
		NameField: "Name",
		Fields: []Field{
			{APIName: "Name", Type: TypeText, Required: true},
			{APIName: "Text", Type: TypeText},
			{APIName: "Short", Type: TypeText, MaxLength: 5},
			{APIName: "Area", Type: TypeTextarea},
			{APIName: "Email", Type: TypeEmail},
			{APIName: "Phone", Type: TypePhone},
			{APIName: "Site", Type: TypeURL},
			{APIName: "Number", Type: TypeNumber},
			{APIName: "Money", Type: TypeCurrency},
			{APIName: "Share", Type: TypePercent},
			{APIName: "Day", Type: TypeDate},
			{APIName: "At", Type: TypeDatetime},
			{APIName: "Flag", Type: TypeBoolean},
			{APIName: "Stage", Type: TypePicklist, Options: []Option{{Value: "Draft"}, {Value: "Sent"}}},
			{APIName: "Tags", Type: TypeMultipicklist, Options: []Option{{Value: "a"}, {Value: "b"}, {Value: "c"}}},
			{APIName: "Account", Type: TypeLookup, LookupModule: Accounts},
			{APIName: "Items", Type: TypeLineItems},
			{APIName: "Secret", Type: TypeText, System: true},
		},
	}
}

const (
	id1 = "abcdefgh12"
	id2 = "0123456789abcdef"
)

func TestValidateTypes(t *testing.T) {
	long := func(n int) string { return `"` + strings.Repeat("x", n) + `"` }
	tests := []struct {
		name    string
		field   string
		raw     string
		want    any    // the stored value, when accepted
		wantErr string // the message, when refused
	}{
		// text
		{"text plain", "Text", `"hello"`, "hello", ""},
		{"text trimmed", "Text", `"  hello world \n"`, "hello world", ""},
		{"text accents", "Text", `"João Ação"`, "João Ação", ""},
		{"text 255 chars", "Text", long(255), strings.Repeat("x", 255), ""},
		{"text 255 runes of 2 bytes", "Text", `"` + strings.Repeat("ç", 255) + `"`, strings.Repeat("ç", 255), ""},
		{"text 256 chars", "Text", long(256), nil, "must be at most 255 characters"},
		{"text max length", "Short", `"abcde"`, "abcde", ""},
		{"text over max length", "Short", `"abcdef"`, nil, "must be at most 5 characters"},
		{"text tab and newline", "Text", `"a\tb\nc"`, "a\tb\nc", ""},
		{"text control char", "Text", `"a\u0000b"`, nil, "must not contain control characters"},
		{"text number", "Text", `12`, nil, "must be text"},
		{"text bool", "Text", `true`, nil, "must be text"},
		{"text array", "Text", `["a"]`, nil, "must be text"},
		{"text object", "Text", `{"a":1}`, nil, "must be text"},
		{"text blank clears", "Text", `"   "`, nil, ""},
		{"textarea long", "Area", long(32000), strings.Repeat("x", 32000), ""},
		{"textarea too long", "Area", long(32001), nil, "must be at most 32000 characters"},
		{"textarea number", "Area", `1`, nil, "must be text"},

		// email
		{"email plain", "Email", `"ana@cliente.example"`, "ana@cliente.example", ""},
		{"email trimmed", "Email", `" ana@cliente.example "`, "ana@cliente.example", ""},
		{"email plus", "Email", `"ana+tag@sub.cliente.example"`, "ana+tag@sub.cliente.example", ""},
		{"email display name", "Email", `"Ana <ana@cliente.example>"`, nil, "must be a valid email address"},
		{"email angle brackets", "Email", `"<ana@cliente.example>"`, nil, "must be a valid email address"},
		{"email no at", "Email", `"ana.cliente.example"`, nil, "must be a valid email address"},
		{"email two", "Email", `"a@x.example, b@x.example"`, nil, "must be a valid email address"},
		{"email spaces", "Email", `"a b@x.example"`, nil, "must be a valid email address"},
		{"email too long", "Email", `"` + strings.Repeat("a", 64) + "@" + strings.Repeat("b", 186) + `.com"`, nil, "must be at most 254 characters"},
		{"email number", "Email", `5`, nil, "must be a valid email address"},

		// phone
		{"phone international", "Phone", `"+55 (11) 98765-4321"`, "+55 (11) 98765-4321", ""},
		{"phone dots", "Phone", `"555.123.4567"`, "555.123.4567", ""},
		{"phone six", "Phone", `"123456"`, "123456", ""},
		{"phone five", "Phone", `"12345"`, nil, "must be a phone number: digits, spaces, ( ) - . and an optional leading +, 6 to 30 characters"},
		{"phone 31", "Phone", `"` + strings.Repeat("1", 31) + `"`, nil, "must be a phone number: digits, spaces, ( ) - . and an optional leading +, 6 to 30 characters"},
		{"phone letters", "Phone", `"555-CALL-NOW"`, nil, "must be a phone number: digits, spaces, ( ) - . and an optional leading +, 6 to 30 characters"},
		{"phone plus inside", "Phone", `"55+11987654"`, nil, "must be a phone number: digits, spaces, ( ) - . and an optional leading +, 6 to 30 characters"},
		{"phone number", "Phone", `11987654321`, nil, "must be a phone number"},

		// url
		{"url https", "Site", `"https://acme.example/path?q=1#x"`, "https://acme.example/path?q=1#x", ""},
		{"url http port", "Site", `"http://acme.example:8080"`, "http://acme.example:8080", ""},
		{"url upper scheme", "Site", `"HTTPS://acme.example"`, "HTTPS://acme.example", ""},
		{"url relative", "Site", `"/path"`, nil, "must be an http or https URL"},
		{"url no scheme", "Site", `"acme.example"`, nil, "must be an http or https URL"},
		{"url javascript", "Site", `"javascript:alert(1)"`, nil, "must be an http or https URL"},
		{"url ftp", "Site", `"ftp://acme.example"`, nil, "must be an http or https URL"},
		{"url no host", "Site", `"https://"`, nil, "must be an http or https URL"},
		{"url space", "Site", `"https://acme.example/a b"`, nil, "must be an http or https URL"},
		{"url too long", "Site", `"https://acme.example/` + strings.Repeat("a", 1980) + `"`, nil, "must be at most 2000 characters"},
		{"url number", "Site", `1`, nil, "must be an http or https URL"},

		// number
		{"number int", "Number", `42`, 42.0, ""},
		{"number negative fraction", "Number", `-3.25`, -3.25, ""},
		{"number exponent", "Number", `1.5e3`, 1500.0, ""},
		{"number negative zero", "Number", `-0`, 0.0, ""},
		{"number underflow", "Number", `1e-400`, 0.0, ""},
		{"number just below limit", "Number", `999999999999999`, 999999999999999.0, ""},
		{"number at limit", "Number", `1e15`, nil, "must be less than 1e15 in absolute value"},
		{"number negative limit", "Number", `-1e15`, nil, "must be less than 1e15 in absolute value"},
		{"number overflow", "Number", `1e400`, nil, "must be less than 1e15 in absolute value"},
		{"number string", "Number", `"42"`, nil, "must be a number"},
		{"number bool", "Number", `true`, nil, "must be a number"},

		// currency
		{"currency int", "Money", `1234`, "1234.00", ""},
		{"currency one decimal", "Money", `1234.5`, "1234.50", ""},
		{"currency two decimals", "Money", `0.1`, "0.10", ""},
		{"currency negative", "Money", `-12.34`, "-12.34", ""},
		{"currency negative cents", "Money", `-0.05`, "-0.05", ""},
		{"currency trailing zeros", "Money", `1.500`, "1.50", ""},
		{"currency exponent", "Money", `1.5e2`, "150.00", ""},
		{"currency string", "Money", `"1234.56"`, "1234.56", ""},
		{"currency string trimmed", "Money", `" 7 "`, "7.00", ""},
		{"currency max", "Money", `10000000000000`, "10000000000000.00", ""},
		{"currency min", "Money", `"-10000000000000.00"`, "-10000000000000.00", ""},
		{"currency float drift", "Money", `0.30000000000000004`, nil, "must have at most 2 decimals"},
		{"currency three decimals", "Money", `1.005`, nil, "must have at most 2 decimals"},
		{"currency string three decimals", "Money", `"1.005"`, nil, "must have at most 2 decimals"},
		{"currency over max", "Money", `10000000000000.01`, nil, "must be between -10000000000000 and 10000000000000"},
		{"currency under min", "Money", `-1e14`, nil, "must be between -10000000000000 and 10000000000000"},
		{"currency huge exponent", "Money", `1e999999999`, nil, currencyMessage},
		{"currency tiny exponent", "Money", `1e-999999999`, nil, currencyMessage},
		{"currency string comma", "Money", `"1,234.50"`, nil, currencyMessage},
		{"currency string exponent", "Money", `"1e3"`, nil, currencyMessage},
		{"currency string symbol", "Money", `"R$ 10"`, nil, currencyMessage},
		{"currency bool", "Money", `false`, nil, currencyMessage},
		{"currency blank clears", "Money", `""`, nil, ""},

		// percent
		{"percent zero", "Share", `0`, 0.0, ""},
		{"percent hundred", "Share", `100`, 100.0, ""},
		{"percent fraction", "Share", `12.5`, 12.5, ""},
		{"percent negative", "Share", `-0.1`, nil, "must be between 0 and 100"},
		{"percent over", "Share", `100.01`, nil, "must be between 0 and 100"},
		{"percent string", "Share", `"50"`, nil, "must be a number"},

		// date
		{"date", "Day", `"2026-02-28"`, "2026-02-28", ""},
		{"date leap day", "Day", `"2028-02-29"`, "2028-02-29", ""},
		{"date not leap", "Day", `"2026-02-29"`, nil, "must be a date YYYY-MM-DD"},
		{"date month 13", "Day", `"2026-13-01"`, nil, "must be a date YYYY-MM-DD"},
		{"date short", "Day", `"2026-1-5"`, nil, "must be a date YYYY-MM-DD"},
		{"date with time", "Day", `"2026-01-05T00:00:00Z"`, nil, "must be a date YYYY-MM-DD"},
		{"date slashes", "Day", `"05/01/2026"`, nil, "must be a date YYYY-MM-DD"},
		{"date number", "Day", `20260105`, nil, "must be a date YYYY-MM-DD"},

		// datetime
		{"datetime utc", "At", `"2026-01-02T15:04:05Z"`, "2026-01-02T15:04:05Z", ""},
		{"datetime offset", "At", `"2026-01-02T12:04:05-03:00"`, "2026-01-02T15:04:05Z", ""},
		{"datetime fraction dropped", "At", `"2026-01-02T15:04:05.999+00:00"`, "2026-01-02T15:04:05Z", ""},
		{"datetime crosses day", "At", `"2026-01-01T23:30:00-03:00"`, "2026-01-02T02:30:00Z", ""},
		{"datetime no offset", "At", `"2026-01-02T15:04:05"`, nil, datetimeMessage},
		{"datetime date only", "At", `"2026-01-02"`, nil, datetimeMessage},
		{"datetime bad hour", "At", `"2026-01-02T25:04:05Z"`, nil, datetimeMessage},
		{"datetime space", "At", `"2026-01-02 15:04:05Z"`, nil, datetimeMessage},
		{"datetime beyond 9999", "At", `"9999-12-31T23:00:00-02:00"`, nil, "must be between years 0000 and 9999 in UTC"},
		{"datetime number", "At", `1767366245`, nil, datetimeMessage},

		// boolean
		{"boolean true", "Flag", `true`, true, ""},
		{"boolean false", "Flag", `false`, false, ""},
		{"boolean string", "Flag", `"true"`, nil, "must be true or false"},
		{"boolean number", "Flag", `1`, nil, "must be true or false"},

		// picklist
		{"picklist option", "Stage", `"Sent"`, "Sent", ""},
		{"picklist case differs", "Stage", `"sent"`, nil, "must be one of: Draft, Sent"},
		{"picklist padded", "Stage", `" Sent"`, nil, "must be one of: Draft, Sent"},
		{"picklist unknown", "Stage", `"Paid"`, nil, "must be one of: Draft, Sent"},
		{"picklist number", "Stage", `1`, nil, "must be one of: Draft, Sent"},
		{"picklist blank clears", "Stage", `""`, nil, ""},

		// multipicklist
		{"multipicklist one", "Tags", `["b"]`, []string{"b"}, ""},
		{"multipicklist order kept", "Tags", `["c","a"]`, []string{"c", "a"}, ""},
		{"multipicklist empty clears", "Tags", `[]`, nil, ""},
		{"multipicklist repeat", "Tags", `["a","a"]`, nil, "repeats a value"},
		{"multipicklist unknown", "Tags", `["a","d"]`, nil, "must be one of: a, b, c"},
		{"multipicklist not strings", "Tags", `[1]`, nil, "must be one of: a, b, c"},
		{"multipicklist string", "Tags", `"a"`, nil, "must be a list of the field's options"},
		{"multipicklist too many", "Tags", `[` + strings.Repeat(`"a",`, 50) + `"b"]`, nil, "must have at most 50 values"},

		// lookup
		{"lookup id", "Account", `"` + id1 + `"`, id1, ""},
		{"lookup object", "Account", `{"id":"` + id2 + `"}`, id2, ""},
		{"lookup object with name", "Account", `{"id":"` + id1 + `","name":"Acme"}`, id1, ""},
		{"lookup blank clears", "Account", `""`, nil, ""},
		{"lookup short id", "Account", `"abc"`, nil, "must be a record id"},
		{"lookup upper case", "Account", `"ABCDEFGH12"`, nil, "must be a record id"},
		{"lookup 41 chars", "Account", `"` + strings.Repeat("a", 41) + `"`, nil, "must be a record id"},
		{"lookup other key", "Account", `{"id":"` + id1 + `","module":"Accounts"}`, nil, "must be a record id"},
		{"lookup object without id", "Account", `{"name":"Acme"}`, nil, "must be a record id"},
		{"lookup numeric id", "Account", `{"id":12345678}`, nil, "must be a record id"},
		{"lookup number", "Account", `12345678`, nil, "must be a record id"},

		// anything
		{"invalid JSON", "Text", `{`, nil, "must be valid JSON"},
		{"empty raw", "Text", ``, nil, "must be valid JSON"},
	}
	m := testModule()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals, errs := m.Validate(map[string]json.RawMessage{tt.field: json.RawMessage(tt.raw)}, false)
			if tt.wantErr != "" {
				if len(errs) == 0 {
					t.Fatalf("Validate(%s=%s): got %#v, want error %q", tt.field, tt.raw, vals.Fields[tt.field], tt.wantErr)
				}
				if got := errs[0]; !strings.HasPrefix(got.Field, tt.field) || got.Message != tt.wantErr {
					t.Errorf("Validate(%s=%s): got %v, want %s %q", tt.field, tt.raw, errs, tt.field, tt.wantErr)
				}
				// The record forms show each refusal in the user's language by its code.
				if _, _, ok := problemcode.Match(errs[0].Message); !ok {
					t.Errorf("Validate(%s=%s): %q matches no problem code (problemcode.Defs)", tt.field, tt.raw, errs[0].Message)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("Validate(%s=%s): got errors %v, want none", tt.field, tt.raw, errs)
			}
			got, present := vals.Fields[tt.field]
			if !present {
				t.Fatalf("Validate(%s=%s): got no entry, want %#v", tt.field, tt.raw, tt.want)
			}
			if !reflect.DeepEqual(got, tt.want) {
				if tt.want == nil && got == nil {
					return
				}
				t.Errorf("Validate(%s=%s): got %#v (%T), want %#v (%T)", tt.field, tt.raw, got, got, tt.want, tt.want)
			}
		})
	}
}

func TestValidateRequiredAndClearing(t *testing.T) {
	m := testModule()
	raw := func(kv ...string) map[string]json.RawMessage {
		in := map[string]json.RawMessage{}
		for i := 0; i+1 < len(kv); i += 2 {
			in[kv[i]] = json.RawMessage(kv[i+1])
		}
		return in
	}
	tests := []struct {
		name       string
		in         map[string]json.RawMessage
		create     bool
		wantFields map[string]any
		wantErrs   []FieldError
	}{
		{"create with required", raw("Name", `"Ana"`), true, map[string]any{"Name": "Ana"}, nil},
		{"create without required", raw("Text", `"x"`), true, nil, []FieldError{{"Name", "is required"}}},
		{"create empty body", raw(), true, nil, []FieldError{{"Name", "is required"}}},
		{"create required null", raw("Name", `null`), true, nil, []FieldError{{"Name", "is required"}}},
		{"create required blank", raw("Name", `"  "`), true, nil, []FieldError{{"Name", "is required"}}},
		{"create optional null left out", raw("Name", `"Ana"`, "Text", `null`, "Tags", `[]`), true, map[string]any{"Name": "Ana"}, nil},
		{"update without required", raw("Text", `"x"`), false, map[string]any{"Text": "x"}, nil},
		{"update empty body", raw(), false, map[string]any{}, nil},
		{"update required null", raw("Name", `null`), false, nil, []FieldError{{"Name", "is required"}}},
		{"update required blank", raw("Name", `""`), false, nil, []FieldError{{"Name", "is required"}}},
		{"update optional null clears", raw("Text", `null`, "Flag", `null`), false, map[string]any{"Text": nil, "Flag": nil}, nil},
		{"update optional blank clears", raw("Email", `""`, "Tags", `[]`, "Items", `[]`), false, map[string]any{"Email": nil, "Tags": nil, "Items": nil}, nil},
		{"unknown field", raw("Nope", `"x"`), false, nil, []FieldError{{"Nope", "is not a field of Tests"}}},
		{"system field", raw("Secret", `"x"`), false, nil, []FieldError{{"Secret", "is set by the server"}}},
		{"errors sorted", raw("Zeta", `1`, "Flag", `"no"`, "Alpha", `1`, "Name", `null`), true, nil, []FieldError{
			{"Alpha", "is not a field of Tests"},
			{"Flag", "must be true or false"},
			{"Name", "is required"},
			{"Zeta", "is not a field of Tests"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals, errs := m.Validate(tt.in, tt.create)
			if !reflect.DeepEqual(errs, tt.wantErrs) {
				t.Fatalf("errors: got %v, want %v", errs, tt.wantErrs)
			}
			if tt.wantErrs != nil {
				if vals.Fields != nil || vals.Lookups != nil {
					t.Errorf("values with errors: got %+v, want empty", vals)
				}
				return
			}
			if !reflect.DeepEqual(vals.Fields, tt.wantFields) {
				t.Errorf("fields: got %#v, want %#v", vals.Fields, tt.wantFields)
			}
		})
	}
}

func TestValidateStandardModules(t *testing.T) {
	contacts, _ := StandardModule(Contacts)
	in := map[string]json.RawMessage{
		"First_Name":   json.RawMessage(`"João"`),
		"Last_Name":    json.RawMessage(`"Silva"`),
		"Email":        json.RawMessage(`"joao@cliente.example"`),
		"Account_Name": json.RawMessage(`{"id":"` + id1 + `","name":"Acme"}`),
	}
	vals, errs := contacts.Validate(in, true)
	if errs != nil {
		t.Fatalf("Contacts create: got %v, want no errors", errs)
	}
	want := []LookupRef{{Field: "Account_Name", Module: Accounts, ID: id1}}
	if !reflect.DeepEqual(vals.Lookups, want) {
		t.Errorf("lookups: got %+v, want %+v", vals.Lookups, want)
	}

	leads, _ := StandardModule(Leads)
	_, errs = leads.Validate(map[string]json.RawMessage{"Last_Name": json.RawMessage(`"Souza"`)}, true)
	if want := []FieldError{{"Company", "is required"}}; !reflect.DeepEqual(errs, want) {
		t.Errorf("Leads create without Company: got %v, want %v", errs, want)
	}
	_, errs = leads.Validate(map[string]json.RawMessage{"Account_Name": json.RawMessage(`"x"`)}, false)
	if want := []FieldError{{"Account_Name", "is not a field of Leads"}}; !reflect.DeepEqual(errs, want) {
		t.Errorf("Leads with Account_Name: got %v, want %v", errs, want)
	}
}

func TestValidateLineItems(t *testing.T) {
	m := testModule()
	tests := []struct {
		name     string
		raw      string
		want     []map[string]any
		wantRefs []LookupRef
		wantErrs []FieldError
	}{
		{
			name: "two lines",
			raw:  `[{"Product":"` + id1 + `","Quantity":3,"Unit_Price":19.99},{"Product":{"id":"` + id2 + `","name":"Widget"},"Quantity":0.5,"Unit_Price":"0.05"}]`,
			want: []map[string]any{
				{"Product": id1, "Quantity": 3.0, "Unit_Price": "19.99", "Total": "59.97"},
				{"Product": id2, "Quantity": 0.5, "Unit_Price": "0.05", "Total": "0.03"},
			},
			wantRefs: []LookupRef{
				{Field: "Items[0].Product", Module: Products, ID: id1},
				{Field: "Items[1].Product", Module: Products, ID: id2},
			},
		},
		{
			name: "total sent is recomputed",
			raw:  `[{"Product":"` + id1 + `","Quantity":0.1,"Unit_Price":0.05,"Total":"999.00"}]`,
			want: []map[string]any{{"Product": id1, "Quantity": 0.1, "Unit_Price": "0.05", "Total": "0.01"}},
			wantRefs: []LookupRef{
				{Field: "Items[0].Product", Module: Products, ID: id1},
			},
		},
		{
			name: "free line",
			raw:  `[{"Product":"` + id1 + `","Quantity":2,"Unit_Price":0}]`,
			want: []map[string]any{{"Product": id1, "Quantity": 2.0, "Unit_Price": "0.00", "Total": "0.00"}},
			wantRefs: []LookupRef{
				{Field: "Items[0].Product", Module: Products, ID: id1},
			},
		},
		{
			name: "large total exact",
			raw:  `[{"Product":"` + id1 + `","Quantity":1000,"Unit_Price":"9999999999.99"}]`,
			want: []map[string]any{{"Product": id1, "Quantity": 1000.0, "Unit_Price": "9999999999.99", "Total": "9999999999990.00"}},
			wantRefs: []LookupRef{
				{Field: "Items[0].Product", Module: Products, ID: id1},
			},
		},
		{
			name: "discount and tax",
			raw: `[{"Product":"` + id1 + `","Quantity":4,"Unit_Price":"25.00","Discount":"10","Tax":7.5},` +
				`{"Product":"` + id2 + `","Quantity":3,"Unit_Price":"0.10","Tax":12.5},` +
				`{"Product":"` + id1 + `","Quantity":1,"Unit_Price":"9.99","Discount":null,"Tax":null}]`,
			want: []map[string]any{
				// (100.00 − 10.00) × 1.075 = 96.75
				{"Product": id1, "Quantity": 4.0, "Unit_Price": "25.00", "Discount": "10.00", "Tax": 7.5, "Total": "96.75"},
				// 0.30 × 1.125 = 0.3375, rounded half away from zero
				{"Product": id2, "Quantity": 3.0, "Unit_Price": "0.10", "Tax": 12.5, "Total": "0.34"},
				{"Product": id1, "Quantity": 1.0, "Unit_Price": "9.99", "Total": "9.99"},
			},
			wantRefs: []LookupRef{
				{Field: "Items[0].Product", Module: Products, ID: id1},
				{Field: "Items[1].Product", Module: Products, ID: id2},
				{Field: "Items[2].Product", Module: Products, ID: id1},
			},
		},
		{
			name: "whole line discounted",
			raw:  `[{"Product":"` + id1 + `","Quantity":2,"Unit_Price":"5","Discount":"10.00","Tax":20}]`,
			want: []map[string]any{{"Product": id1, "Quantity": 2.0, "Unit_Price": "5.00", "Discount": "10.00", "Tax": 20.0, "Total": "0.00"}},
			wantRefs: []LookupRef{
				{Field: "Items[0].Product", Module: Products, ID: id1},
			},
		},
		{
			name: "bad discount and tax",
			raw: `[{"Product":"` + id1 + `","Quantity":1,"Unit_Price":1,"Discount":-1,"Tax":101},` +
				`{"Product":"` + id1 + `","Quantity":1,"Unit_Price":1,"Discount":"1.001","Tax":"5"},` +
				`{"Product":"` + id1 + `","Quantity":2,"Unit_Price":1,"Discount":2.01}]`,
			wantErrs: []FieldError{
				{"Items[0].Discount", "must not be negative"},
				{"Items[0].Tax", "must be between 0 and 100"},
				{"Items[1].Discount", "must have at most 2 decimals"},
				{"Items[1].Tax", "must be a number"},
				{"Items[2].Discount", "must not be more than Quantity × Unit_Price"},
			},
		},
		{name: "not a list", raw: `{"Product":"` + id1 + `"}`, wantErrs: []FieldError{{"Items", "must be a list of line items"}}},
		{name: "line not an object", raw: `[1]`, wantErrs: []FieldError{{"Items[0]", "must be an object with Product, Quantity and Unit_Price"}}},
		{
			name: "missing parts",
			raw:  `[{}]`,
			wantErrs: []FieldError{
				{"Items[0].Product", "is required"},
				{"Items[0].Quantity", "is required"},
				{"Items[0].Unit_Price", "is required"},
			},
		},
		{
			name: "bad parts",
			raw:  `[{"Product":"` + id1 + `","Quantity":1,"Unit_Price":1},{"Product":"x","Quantity":0,"Unit_Price":-1,"Margin":5}]`,
			wantErrs: []FieldError{
				{"Items[1].Margin", "is not a line item field"},
				{"Items[1].Product", "must be a record id"},
				{"Items[1].Quantity", "must be greater than 0"},
				{"Items[1].Unit_Price", "must not be negative"},
			},
		},
		{
			name: "bad types",
			raw:  `[{"Product":"","Quantity":"2","Unit_Price":1.001}]`,
			wantErrs: []FieldError{
				{"Items[0].Product", "is required"},
				{"Items[0].Quantity", "must be a number"},
				{"Items[0].Unit_Price", "must have at most 2 decimals"},
			},
		},
		{
			name:     "total too large",
			raw:      `[{"Product":"` + id1 + `","Quantity":1000000,"Unit_Price":"10000000000"}]`,
			wantErrs: []FieldError{{"Items[0]", "must have a total of at most 10000000000000"}},
		},
		{
			name:     "too many lines",
			raw:      `[` + strings.Repeat(`{"Product":"`+id1+`","Quantity":1,"Unit_Price":1},`, 200) + `{"Product":"` + id1 + `","Quantity":1,"Unit_Price":1}]`,
			wantErrs: []FieldError{{"Items", "must have at most 200 line items"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals, errs := m.Validate(map[string]json.RawMessage{"Items": json.RawMessage(tt.raw)}, false)
			if !reflect.DeepEqual(errs, tt.wantErrs) {
				t.Fatalf("errors: got %v, want %v", errs, tt.wantErrs)
			}
			if tt.wantErrs != nil {
				return
			}
			if got := vals.Fields["Items"]; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("items: got %#v, want %#v", got, tt.want)
			}
			if !reflect.DeepEqual(vals.Lookups, tt.wantRefs) {
				t.Errorf("lookups: got %+v, want %+v", vals.Lookups, tt.wantRefs)
			}
		})
	}
}

func TestLineTotalRounding(t *testing.T) {
	tests := []struct {
		qty   float64
		cents int64
		want  int64
	}{
		{1, 1999, 1999},
		{3, 1999, 5997},
		{0.5, 5, 3},      // 2.5 cents rounds up
		{0.5, 3, 2},      // 1.5 cents rounds up
		{0.1, 5, 1},      // 0.5 cent, taken as decimal 0.1
		{1.15, 100, 115}, // 1.15 × 1.00, no binary drift
		{0.333, 300, 100},
		{0.335, 300, 101}, // 100.5 cents
		{2.675, 100, 268},
	}
	for _, tt := range tests {
		got, ok := lineTotal(tt.qty, tt.cents)
		if !ok || got != tt.want {
			t.Errorf("lineTotal(%v, %d): got %d, %v, want %d", tt.qty, tt.cents, got, ok, tt.want)
		}
	}
}

func TestValidateLookupsSorted(t *testing.T) {
	m := testModule()
	vals, errs := m.Validate(map[string]json.RawMessage{
		"Items":   json.RawMessage(`[{"Product":"` + id2 + `","Quantity":1,"Unit_Price":1}]`),
		"Account": json.RawMessage(`"` + id1 + `"`),
	}, false)
	if errs != nil {
		t.Fatalf("errors: got %v, want none", errs)
	}
	want := []LookupRef{
		{Field: "Account", Module: Accounts, ID: id1},
		{Field: "Items[0].Product", Module: Products, ID: id2},
	}
	if !reflect.DeepEqual(vals.Lookups, want) {
		t.Errorf("lookups: got %+v, want %+v", vals.Lookups, want)
	}
}

func TestRawFromText(t *testing.T) {
	m := testModule()
	tests := []struct {
		field, text, want string
	}{
		{"Text", " a b ", `" a b "`},
		{"Text", "", `null`},
		{"Number", "12.5", `12.5`},
		{"Number", "12,5", `12.5`}, {"Number", "1.234,50", `1234.50`}, {"Number", "1,234.50", `1234.50`}, {"Number", "12 abc", `"12 abc"`},
		{"Share", "-1", `-1`},
		{"Money", "1234.5", `1234.5`},
		{"Flag", "TRUE", `true`},
		{"Flag", "false", `false`},
		{"Flag", "yes", `true`}, {"Flag", "não", `false`}, {"Flag", "maybe", `"maybe"`},
		{"Tags", "a; b;;c", `["a","b","c"]`},
		{"Account", " " + id1 + " ", `"` + id1 + `"`},
		{"Day", "2026-01-02", `"2026-01-02"`},
	}
	for _, tt := range tests {
		t.Run(tt.field+"/"+tt.text, func(t *testing.T) {
			f, _ := m.Field(tt.field)
			if got := string(f.RawFromText(tt.text)); got != tt.want {
				t.Errorf("RawFromText(%q): got %s, want %s", tt.text, got, tt.want)
			}
		})
	}
}

func TestFieldTypeKnown(t *testing.T) {
	for _, ft := range FieldTypes {
		if !ft.Known() {
			t.Errorf("%q.Known(): got false, want true", ft)
		}
	}
	for _, ft := range []FieldType{"", "Text", "money", "lookup "} {
		if ft.Known() {
			t.Errorf("%q.Known(): got true, want false", ft)
		}
	}
	if got, want := len(FieldTypes), 15; got != want {
		t.Errorf("FieldTypes: got %d, want %d", got, want)
	}
}

func TestValidateLongOptionListMessage(t *testing.T) {
	f := Field{APIName: "Pick", Type: TypePicklist}
	for i := 0; i < 21; i++ {
		f.Options = append(f.Options, Option{Value: strings.Repeat("v", i+1)})
	}
	m := Module{APIName: "Tests", Fields: []Field{f}}
	_, errs := m.Validate(map[string]json.RawMessage{"Pick": json.RawMessage(`"nope"`)}, false)
	if want := []FieldError{{"Pick", "must be one of the field's options"}}; !reflect.DeepEqual(errs, want) {
		t.Errorf("got %v, want %v", errs, want)
	}
}

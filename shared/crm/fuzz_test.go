package crm

import (
	"encoding/json"
	"math"
	"reflect"
	"regexp"
	"sort"
	"testing"
)

var storedCurrency = regexp.MustCompile(`^-?(0|[1-9][0-9]*)\.[0-9]{2}$`)

// FuzzValidate checks that Validate never panics, that its errors are sorted and its values
// have the documented stored types, and that accepted values, sent back as JSON, validate to
// the same values. Each input is one field's raw JSON (the module and field are picked by the
// first two arguments); when the raw JSON is an object, it is also tried as a whole body.
func FuzzValidate(f *testing.F) {
	mods := append(Standard(), testModule())
	testIdx := uint8(len(mods) - 1)
	fieldIdx := func(name string) uint8 {
		for i, fl := range mods[testIdx].Fields {
			if fl.APIName == name {
				return uint8(i)
			}
		}
		panic(name)
	}
	seeds := map[string][]string{
		"Text":    {`"hello"`, `"  "`, `"a\u0000"`, `12`, `null`},
		"Area":    {`"line\nline"`},
		"Email":   {`"ana@cliente.example"`, `"Ana <a@b.example>"`},
		"Phone":   {`"+55 (11) 98765-4321"`, `"12"`},
		"Site":    {`"https://acme.example/x"`, `"javascript:x"`},
		"Number":  {`42`, `-0`, `1e400`, `1e-400`, `0.1`, `999999999999999.9`},
		"Money":   {`1234.5`, `"1234.50"`, `-0.05`, `0.30000000000000004`, `1e13`, `"-0"`},
		"Share":   {`12.5`, `101`},
		"Day":     {`"2028-02-29"`, `"2026-02-29"`},
		"At":      {`"2026-01-02T12:04:05.5-03:00"`, `"0000-01-01T00:30:00+01:00"`},
		"Flag":    {`true`, `"true"`},
		"Stage":   {`"Sent"`, `"sent"`},
		"Tags":    {`["a","c"]`, `["a","a"]`, `[]`},
		"Account": {`"abcdefgh12"`, `{"id":"abcdefgh12","name":"Acme"}`},
		"Items": {
			`[{"Product":"abcdefgh12","Quantity":3,"Unit_Price":19.99}]`,
			`[{"Product":{"id":"abcdefgh12"},"Quantity":0.005,"Unit_Price":"0.05","Total":"1"}]`,
			`[{"Product":"abcdefgh12","Quantity":1e-300,"Unit_Price":"9999999999999.99"}]`,
		},
		"Secret": {`"x"`},
	}
	for name, raws := range seeds {
		for _, raw := range raws {
			f.Add(testIdx, fieldIdx(name), []byte(raw), false)
			f.Add(testIdx, fieldIdx(name), []byte(raw), true)
		}
	}
	f.Add(uint8(0), uint8(0), []byte(`{"":""}`), false)
	f.Add(uint8(0), uint8(0), []byte(`{"First_Name":"João","Last_Name":"Silva","Account_Name":"abcdefgh12"}`), true)
	f.Add(uint8(4), uint8(0), []byte(`{"Subject":"Q","Product_Details":[{"Product":"abcdefgh12","Quantity":2,"Unit_Price":"1.10"}]}`), true)

	f.Fuzz(func(t *testing.T, mi, fi uint8, raw []byte, create bool) {
		m := mods[int(mi)%len(mods)]
		fl := m.Fields[int(fi)%len(m.Fields)]
		checkValidate(t, m, map[string]json.RawMessage{fl.APIName: raw}, create)
		var body map[string]json.RawMessage
		if json.Unmarshal(raw, &body) == nil {
			checkValidate(t, m, body, create)
		}
	})
}

// checkValidate validates in (with the required fields filled in on create) and checks the
// invariants of the result.
func checkValidate(t *testing.T, m Module, in map[string]json.RawMessage, create bool) {
	t.Helper()
	filled := make(map[string]json.RawMessage, len(in))
	for k, v := range in {
		filled[k] = v
	}
	in = filled
	if create {
		for _, f := range m.Fields {
			if _, ok := in[f.APIName]; f.Required && !ok {
				in[f.APIName] = json.RawMessage(`"x"`)
			}
		}
	}
	vals, errs := m.Validate(in, create)
	if len(errs) > 0 {
		if vals.Fields != nil || vals.Lookups != nil {
			t.Fatalf("Validate(%s): got values %+v with errors, want none", in, vals)
		}
		if !sort.SliceIsSorted(errs, func(i, j int) bool { return errs[i].Field < errs[j].Field }) {
			t.Fatalf("Validate(%s): got unsorted errors %v", in, errs)
		}
		for _, e := range errs {
			if _, sent := in[e.Field]; e.Field == "" && !sent || e.Message == "" {
				t.Fatalf("Validate(%s): got a blank error %+v", in, e)
			}
		}
		return
	}
	for name, v := range vals.Fields {
		f, _ := m.Field(name)
		checkStoredType(t, f, v)
	}

	again := make(map[string]json.RawMessage, len(vals.Fields))
	for name, v := range vals.Fields {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("Marshal(%#v): %v", v, err)
		}
		again[name] = b
	}
	vals2, errs2 := m.Validate(again, create)
	if len(errs2) > 0 {
		t.Fatalf("Validate(%s) accepted, its result %s: got errors %v, want none", in, again, errs2)
	}
	if !reflect.DeepEqual(vals2, vals) {
		t.Fatalf("Validate(%s) then again: got %#v, want %#v", in, vals2, vals)
	}
}

// checkStoredType checks a stored value against the documented stored type of its field.
func checkStoredType(t *testing.T, f Field, v any) {
	t.Helper()
	if v == nil {
		return
	}
	bad := func() { t.Fatalf("field %s (%s): got stored %#v (%T)", f.APIName, f.Type, v, v) }
	switch f.Type {
	case TypeNumber, TypePercent:
		x, ok := v.(float64)
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) >= NumberMaxAbs || math.Signbit(x) && x == 0 {
			bad()
		}
	case TypeCurrency:
		if s, ok := v.(string); !ok || !storedCurrency.MatchString(s) || s == "-0.00" {
			bad()
		}
	case TypeBoolean:
		if _, ok := v.(bool); !ok {
			bad()
		}
	case TypeMultipicklist:
		if s, ok := v.([]string); !ok || len(s) == 0 {
			bad()
		}
	case TypeLineItems:
		lines, ok := v.([]map[string]any)
		if !ok || len(lines) == 0 {
			bad()
		}
		for _, l := range lines {
			total, _ := l[LineTotal].(string)
			price, _ := l[LineUnitPrice].(string)
			if !storedCurrency.MatchString(total) || !storedCurrency.MatchString(price) {
				bad()
			}
		}
	default:
		if s, ok := v.(string); !ok || s == "" {
			bad()
		}
	}
}

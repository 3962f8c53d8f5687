package crm

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParseListQuery(t *testing.T) {
	def := func(mod func(*ListQuery)) ListQuery {
		q := ListQuery{Sort: ModifiedTime, Desc: true, Limit: DefaultListLimit}
		if mod != nil {
			mod(&q)
		}
		return q
	}
	withFilters := func(fs ...Filter) ListQuery {
		return def(func(q *ListQuery) { q.Filters = fs })
	}
	eleven := map[string]string{}
	for i := 0; i < 11; i++ {
		eleven[fmt.Sprintf("filter.Field%d", i)] = "x"
	}
	tests := []struct {
		name   string
		module string
		q      map[string]string
		want   ListQuery
		errs   []FieldError
	}{
		{"defaults", Contacts, nil, def(nil), nil},
		{"unrelated parameters ignored", Contacts, map[string]string{"page": "2", "filters": "x", "q": "ana"}, def(nil), nil},

		// limit
		{"limit", Contacts, map[string]string{"limit": "100"}, def(func(q *ListQuery) { q.Limit = 100 }), nil},
		{"limit one", Contacts, map[string]string{"limit": "1"}, def(func(q *ListQuery) { q.Limit = 1 }), nil},
		{"limit zero", Contacts, map[string]string{"limit": "0"}, ListQuery{}, []FieldError{{"limit", "must be a whole number from 1 to 100"}}},
		{"limit over", Contacts, map[string]string{"limit": "101"}, ListQuery{}, []FieldError{{"limit", "must be a whole number from 1 to 100"}}},
		{"limit text", Contacts, map[string]string{"limit": "ten"}, ListQuery{}, []FieldError{{"limit", "must be a whole number from 1 to 100"}}},
		{"limit empty", Contacts, map[string]string{"limit": ""}, ListQuery{}, []FieldError{{"limit", "must be a whole number from 1 to 100"}}},

		// cursor
		{"cursor passed through", Contacts, map[string]string{"cursor": "eyJwayI6IngifQ"}, def(func(q *ListQuery) { q.Cursor = "eyJwayI6IngifQ" }), nil},
		{"cursor 2048", Contacts, map[string]string{"cursor": strings.Repeat("a", 2048)}, def(func(q *ListQuery) { q.Cursor = strings.Repeat("a", 2048) }), nil},
		{"cursor too long", Contacts, map[string]string{"cursor": strings.Repeat("a", 2049)}, ListQuery{}, []FieldError{{"cursor", "must be at most 2048 characters"}}},

		// sort
		{"sort modified ascending", Contacts, map[string]string{"sort": "Modified_Time"}, def(func(q *ListQuery) { q.Desc = false }), nil},
		{"sort modified descending", Contacts, map[string]string{"sort": "-Modified_Time"}, def(nil), nil},
		{"sort name", Contacts, map[string]string{"sort": "Last_Name"}, def(func(q *ListQuery) { q.Sort, q.Desc = "Last_Name", false }), nil},
		{"sort name descending", Invoices, map[string]string{"sort": "-Subject"}, def(func(q *ListQuery) { q.Sort = "Subject" }), nil},
		{"sort empty is default", Contacts, map[string]string{"sort": ""}, def(nil), nil},
		{"sort other field", Contacts, map[string]string{"sort": "Email"}, ListQuery{}, []FieldError{{"sort", "Email cannot be sorted: sortable fields are Modified_Time, Last_Name (prefix - for descending)"}}},
		{"sort other module's name", Accounts, map[string]string{"sort": "Last_Name"}, ListQuery{}, []FieldError{{"sort", "Last_Name cannot be sorted: sortable fields are Modified_Time, Account_Name (prefix - for descending)"}}},
		{"sort dash only", Contacts, map[string]string{"sort": "-"}, ListQuery{}, []FieldError{{"sort", `"" cannot be sorted: sortable fields are Modified_Time, Last_Name (prefix - for descending)`}}},
		{"sort case differs", Contacts, map[string]string{"sort": "modified_time"}, ListQuery{}, []FieldError{{"sort", "modified_time cannot be sorted: sortable fields are Modified_Time, Last_Name (prefix - for descending)"}}},

		// eq filters, by type
		{"eq text", Contacts, map[string]string{"filter.Last_Name": " Silva "}, withFilters(Filter{"Last_Name", OpEq, "Silva"}), nil},
		{"eq email", Contacts, map[string]string{"filter.Email": "ana@cliente.example"}, withFilters(Filter{"Email", OpEq, "ana@cliente.example"}), nil},
		{"eq picklist", Invoices, map[string]string{"filter.Status": "Paid"}, withFilters(Filter{"Status", OpEq, "Paid"}), nil},
		{"eq picklist unknown", Invoices, map[string]string{"filter.Status": "Lost"}, ListQuery{},
			[]FieldError{{"filter.Status", "must be one of: Draft, Created, Approved, Sent, Paid, Cancelled, Overdue"}}},
		{"eq boolean true", Products, map[string]string{"filter.Product_Active": "true"}, withFilters(Filter{"Product_Active", OpEq, true}), nil},
		{"eq boolean false", Products, map[string]string{"filter.Product_Active": "false"}, withFilters(Filter{"Product_Active", OpEq, false}), nil},
		{"eq boolean other", Products, map[string]string{"filter.Product_Active": "maybe"}, ListQuery{}, []FieldError{{"filter.Product_Active", "must be true or false"}}},
		{"eq lookup", Contacts, map[string]string{"filter.Account_Name": id1}, withFilters(Filter{"Account_Name", OpEq, id1}), nil},
		{"eq lookup bad id", Contacts, map[string]string{"filter.Account_Name": "Acme"}, ListQuery{}, []FieldError{{"filter.Account_Name", "must be a record id"}}},
		{"eq number", Accounts, map[string]string{"filter.Employees": "50"}, withFilters(Filter{"Employees", OpEq, 50.0}), nil},
		{"eq number text", Accounts, map[string]string{"filter.Employees": "fifty"}, ListQuery{}, []FieldError{{"filter.Employees", "must be a number"}}},
		{"eq currency", Products, map[string]string{"filter.Unit_Price": "10.5"}, withFilters(Filter{"Unit_Price", OpEq, "10.50"}), nil},
		{"eq date", Invoices, map[string]string{"filter.Due_Date": "2026-03-31"}, withFilters(Filter{"Due_Date", OpEq, "2026-03-31"}), nil},
		{"eq datetime normalized", Cases, map[string]string{"filter.Reported_At": "2026-03-31T09:00:00-03:00"}, withFilters(Filter{"Reported_At", OpEq, "2026-03-31T12:00:00Z"}), nil},
		{"eq empty value", Contacts, map[string]string{"filter.Last_Name": " "}, ListQuery{}, []FieldError{{"filter.Last_Name", "needs a value"}}},
		{"eq line items", Quotes, map[string]string{"filter.Product_Details": id1}, ListQuery{}, []FieldError{{"filter.Product_Details", "cannot filter on line items"}}},
		{"eq unknown field", Contacts, map[string]string{"filter.Company": "Acme"}, ListQuery{}, []FieldError{{"filter.Company", "is not a field of Contacts"}}},
		{"eq no field", Contacts, map[string]string{"filter.": "x"}, ListQuery{}, []FieldError{{"filter.", "is not a field of Contacts"}}},

		// contains
		{"contains text", Contacts, map[string]string{"filter.Last_Name.contains": "sil"}, withFilters(Filter{"Last_Name", OpContains, "sil"}), nil},
		{"contains email part", Contacts, map[string]string{"filter.Email.contains": "@cliente"}, withFilters(Filter{"Email", OpContains, "@cliente"}), nil},
		{"contains phone part", Contacts, map[string]string{"filter.Phone.contains": "9876"}, withFilters(Filter{"Phone", OpContains, "9876"}), nil},
		{"contains url part", Accounts, map[string]string{"filter.Website.contains": "acme"}, withFilters(Filter{"Website", OpContains, "acme"}), nil},
		{"contains textarea", Cases, map[string]string{"filter.Description.contains": "printer"}, withFilters(Filter{"Description", OpContains, "printer"}), nil},
		{"contains too long", Contacts, map[string]string{"filter.Last_Name.contains": strings.Repeat("a", 256)}, ListQuery{}, []FieldError{{"filter.Last_Name.contains", "must be at most 255 characters"}}},
		{"contains empty", Contacts, map[string]string{"filter.Last_Name.contains": ""}, ListQuery{}, []FieldError{{"filter.Last_Name.contains", "needs a value"}}},
		{"contains on picklist", Invoices, map[string]string{"filter.Status.contains": "Pa"}, ListQuery{},
			[]FieldError{{"filter.Status.contains", "contains works only on text, textarea, email, phone and url fields"}}},
		{"contains on number", Accounts, map[string]string{"filter.Employees.contains": "5"}, ListQuery{},
			[]FieldError{{"filter.Employees.contains", "contains works only on text, textarea, email, phone and url fields"}}},

		// ranges
		{"range dates", Invoices, map[string]string{"filter.Due_Date.gte": "2026-01-01", "filter.Due_Date.lte": "2026-01-31"},
			withFilters(Filter{"Due_Date", OpGte, "2026-01-01"}, Filter{"Due_Date", OpLte, "2026-01-31"}), nil},
		{"range currency", Invoices, map[string]string{"filter.Grand_Total.gte": "1000"}, withFilters(Filter{"Grand_Total", OpGte, "1000.00"}), nil},
		{"range number", Accounts, map[string]string{"filter.Employees.lte": "10"}, withFilters(Filter{"Employees", OpLte, 10.0}), nil},
		{"range percent", Products, map[string]string{"filter.Tax.gte": "5"}, withFilters(Filter{"Tax", OpGte, 5.0}), nil},
		{"range percent over", Products, map[string]string{"filter.Tax.gte": "500"}, ListQuery{}, []FieldError{{"filter.Tax.gte", "must be between 0 and 100"}}},
		{"range datetime", Cases, map[string]string{"filter.Reported_At.gte": "2026-01-01T00:00:00Z"}, withFilters(Filter{"Reported_At", OpGte, "2026-01-01T00:00:00Z"}), nil},
		{"range bad date", Invoices, map[string]string{"filter.Due_Date.gte": "2026-02-30"}, ListQuery{}, []FieldError{{"filter.Due_Date.gte", "must be a date YYYY-MM-DD"}}},
		{"range on text", Contacts, map[string]string{"filter.Last_Name.gte": "M"}, ListQuery{},
			[]FieldError{{"filter.Last_Name.gte", "gte works only on number, currency, percent, date and datetime fields"}}},
		{"range on boolean", Products, map[string]string{"filter.Product_Active.lte": "true"}, ListQuery{},
			[]FieldError{{"filter.Product_Active.lte", "lte works only on number, currency, percent, date and datetime fields"}}},
		{"unknown operator", Contacts, map[string]string{"filter.Last_Name.starts": "Si"}, ListQuery{},
			[]FieldError{{"filter.Last_Name.starts", "has an unknown operator: use filter.<field>, filter.<field>.contains, .gte or .lte"}}},
		{"explicit eq", Contacts, map[string]string{"filter.Last_Name.eq": "Silva"}, withFilters(Filter{"Last_Name", OpEq, "Silva"}), nil},

		// several
		{"filters sorted", Cases, map[string]string{"filter.Status": "Open", "filter.Priority": "High", "filter.Account_Name": id2},
			withFilters(Filter{"Account_Name", OpEq, id2}, Filter{"Priority", OpEq, "High"}, Filter{"Status", OpEq, "Open"}), nil},
		{"eleven filters", Contacts, eleven, ListQuery{}, func() []FieldError {
			errs := []FieldError{{"filter", "must have at most 10 filters"}}
			for i := 0; i < 11; i++ {
				errs = append(errs, FieldError{fmt.Sprintf("filter.Field%d", i), "is not a field of Contacts"})
			}
			return sortErrors(errs)
		}()},
		{"errors sorted", Contacts, map[string]string{"sort": "Email", "limit": "0", "filter.Nope": "x"}, ListQuery{}, []FieldError{
			{"filter.Nope", "is not a field of Contacts"},
			{"limit", "must be a whole number from 1 to 100"},
			{"sort", "Email cannot be sorted: sortable fields are Modified_Time, Last_Name (prefix - for descending)"},
		}},
		{"everything", Invoices, map[string]string{"limit": "50", "cursor": "abc", "sort": "Subject", "filter.Status": "Paid"},
			ListQuery{Sort: "Subject", Limit: 50, Cursor: "abc", Filters: []Filter{{"Status", OpEq, "Paid"}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := StandardModule(tt.module)
			got, errs := m.ParseListQuery(tt.q)
			if !reflect.DeepEqual(errs, tt.errs) {
				t.Fatalf("errors: got %v, want %v", errs, tt.errs)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("query: got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseListQueryMultipicklist(t *testing.T) {
	m := Module{APIName: "Tests", NameField: "Name", Fields: []Field{
		{APIName: "Name", Type: TypeText, Required: true},
		{APIName: "Tags", Type: TypeMultipicklist, Options: []Option{{Value: "a"}, {Value: "b;c"}}},
	}}
	tests := []struct {
		name  string
		value string
		want  []Filter
		errs  []FieldError
	}{
		{"one option", "a", []Filter{{"Tags", OpEq, "a"}}, nil},
		{"option with separator", "b;c", []Filter{{"Tags", OpEq, "b;c"}}, nil},
		{"not an option", "z", nil, []FieldError{{"filter.Tags", "must be one of: a, b;c"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := m.ParseListQuery(map[string]string{"filter.Tags": tt.value})
			if !reflect.DeepEqual(errs, tt.errs) {
				t.Fatalf("errors: got %v, want %v", errs, tt.errs)
			}
			if !reflect.DeepEqual(got.Filters, tt.want) {
				t.Errorf("filters: got %+v, want %+v", got.Filters, tt.want)
			}
		})
	}
}

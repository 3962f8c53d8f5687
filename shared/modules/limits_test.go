package modules

import (
	"fmt"
	"strings"
	"testing"

	"crmportal/shared/crm"
	"crmportal/shared/itemsize"
	"crmportal/shared/store"
)

func lookupNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("Ref_%02d", i)
	}
	return out
}

func TestLimitErrors(t *testing.T) {
	const kb = 1024
	six := map[string]int{"Subject": 100}
	for i := 1; i <= 6; i++ {
		six[fmt.Sprintf("Notes_%d", i)] = 128_000 + 20 // a 32,000-character textarea of 4-byte characters
	}
	sixItem := 6*128_020 + 100 + 400
	many := map[string]int{"Subject": 100}
	for _, f := range lookupNames(61) {
		many[f] = 40
	}
	cases := []struct {
		name string
		w    store.RecordWrite
		// want maps each field named to a piece of its message; nil means no error.
		want map[string]string
	}{
		{"a small record with two lookups passes",
			store.RecordWrite{Item: 2 * kb, Fields: map[string]int{"Subject": 100}, Lookups: []string{"Account_Name", "Contact_Name"}, TxItems: 3, TxBytes: 6 * kb},
			nil},
		{"a record of exactly 400 KiB without lookups passes",
			store.RecordWrite{Item: itemsize.MaxItemBytes, Fields: map[string]int{"Description": 409_000}, TxItems: 1, TxBytes: itemsize.MaxItemBytes},
			nil},
		{"one byte over 400 KiB names the largest field",
			store.RecordWrite{Item: itemsize.MaxItemBytes + 1, Fields: map[string]int{"Description": 409_000, "Subject": 500}, TxItems: 1, TxBytes: itemsize.MaxItemBytes + 1},
			map[string]string{"Description": "over the 409600 bytes DynamoDB stores in one item"}},
		{"six long text areas (768 KB): the fewest largest fields that bring it under",
			// 768,620 - 409,600 = 359,020 bytes over: three fields of 128,020 are needed
			store.RecordWrite{Item: sixItem, Fields: six, TxItems: 1, TxBytes: sixItem},
			map[string]string{"Notes_1": "would take 768620 bytes", "Notes_2": "(this field takes 128020)", "Notes_3": "over the 409600"}},
		{"34 lookups is the most",
			store.RecordWrite{Item: 4 * kb, Fields: many, Lookups: lookupNames(34), TxItems: 35, TxBytes: 140 * kb},
			nil},
		{"35 lookups name every lookup field",
			store.RecordWrite{Item: 4 * kb, Fields: many, Lookups: lookupNames(35), TxItems: 36, TxBytes: 144 * kb},
			func() map[string]string {
				out := map[string]string{}
				for _, f := range lookupNames(35) {
					out[f] = "is one of 35 lookups with a value; a record may have at most 34"
				}
				return out
			}()},
		{"an edit of a stored record with 61 lookups (123 actions) names the lookups",
			store.RecordWrite{Item: 5 * kb, Fields: many, Lookups: lookupNames(61), TxItems: 123, TxBytes: 615 * kb},
			func() map[string]string {
				out := map[string]string{}
				for _, f := range lookupNames(61) {
					out[f] = "of at most 100 items"
				}
				return out
			}()},
		{"an edit that clears lookups of an old record but still needs 101 actions",
			store.RecordWrite{Item: 4 * kb, Fields: many, Lookups: lookupNames(40), TxItems: 101, TxBytes: 404 * kb},
			func() map[string]string {
				out := map[string]string{}
				for _, f := range lookupNames(40) {
					out[f] = "is one of 40 lookups"
				}
				return out
			}()},
		{"30 lookups and a 128 KB description: over 4 MiB per edit, names the description",
			// bound = 4 MiB / 61 = 68,759 bytes; the record is 133,072
			store.RecordWrite{Item: 133_072, Fields: map[string]int{"Description": 131_072, "Subject": 200}, Lookups: lookupNames(30),
				TxItems: 31, TxBytes: 31 * 133_072},
			map[string]string{"Description": "is too long for a record with 30 lookups: the record is copied once per lookup and an edit must fit in 4194304 bytes, so the record may take 68759 bytes, not 133072"}},
		{"a record with 2 lookups may take 400 KiB: 5 copies fit 4 MiB",
			store.RecordWrite{Item: itemsize.MaxItemBytes, Fields: map[string]int{"Description": 400_000}, Lookups: lookupNames(2),
				TxItems: 3, TxBytes: 3 * itemsize.MaxItemBytes},
			nil},
		{"a record with 5 lookups is bound to 4 MiB / 11",
			store.RecordWrite{Item: 381_302, Fields: map[string]int{"Description": 380_000, "Subject": 1_000}, Lookups: lookupNames(5),
				TxItems: 6, TxBytes: 6 * 381_302},
			map[string]string{"Description": "may take 381300 bytes, not 381302"}},
		{"a legacy edit whose transaction alone is over 4 MiB",
			store.RecordWrite{Item: 40_000, Fields: map[string]int{"Description": 39_000, "Subject": 500}, Lookups: lookupNames(10),
				TxItems: 71, TxBytes: 4_300_000},
			map[string]string{"Description": "this write's transaction would carry 4300000 bytes"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := LimitErrors(c.w)
			got := map[string]string{}
			for i, e := range errs {
				if _, dup := got[e.Field]; dup {
					t.Errorf("%s named twice", e.Field)
				}
				got[e.Field] = e.Message
				if i > 0 && errs[i-1].Field > e.Field {
					t.Errorf("errors not sorted: %s before %s", errs[i-1].Field, e.Field)
				}
			}
			if len(got) != len(c.want) {
				t.Errorf("named %d fields %v, want %d", len(got), errs, len(c.want))
			}
			for f, piece := range c.want {
				msg, ok := got[f]
				if !ok {
					t.Errorf("%s not named; errors: %v", f, errs)
					continue
				}
				if !strings.Contains(msg, piece) {
					t.Errorf("%s: %q does not say %q", f, msg, piece)
				}
			}
		})
	}
}

func TestMaxRecordLookups(t *testing.T) {
	// An edit: the record, the old and new links, the old and new search keys, the old and new
	// sort-index keys.
	keys := 2*crm.MaxSearchTerms + 2*crm.MaxSortIndexes
	if got := 1 + 2*MaxRecordLookups + keys; got > itemsize.MaxTransactItems {
		t.Errorf("an edit of a record with %d lookups takes %d actions, over %d", MaxRecordLookups, got, itemsize.MaxTransactItems)
	}
	if got := 1 + 2*(MaxRecordLookups+1) + keys; got <= itemsize.MaxTransactItems {
		t.Errorf("MaxRecordLookups could be %d", MaxRecordLookups+1)
	}
}

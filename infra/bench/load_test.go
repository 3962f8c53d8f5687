package bench

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/crm"
	"crmportal/shared/modules"
	"crmportal/shared/store"
)

func TestChunks(t *testing.T) {
	tests := []struct {
		name    string
		n, size int
		want    [][2]int
	}{
		{"exact", 50, 25, [][2]int{{0, 25}, {25, 50}}},
		{"short last", 7, 3, [][2]int{{0, 3}, {3, 6}, {6, 7}}},
		{"fewer than one chunk", 2, 25, [][2]int{{0, 2}}},
		{"nothing", 0, 25, nil},
		{"size below one counts as one", 2, 0, [][2]int{{0, 1}, {1, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Chunks(tt.n, tt.size); !slices.Equal(got, tt.want) {
				t.Errorf("Chunks(%d, %d) = %v, want %v", tt.n, tt.size, got, tt.want)
			}
		})
	}
}

func items(n int) []map[string]types.AttributeValue {
	out := make([]map[string]types.AttributeValue, n)
	for i := range out {
		out[i] = map[string]types.AttributeValue{"PK": str(fmt.Sprint(i))}
	}
	return out
}

func TestWriteItemsBatchesAndResendsUnprocessed(t *testing.T) {
	tests := []struct {
		name string
		n    int
		// unprocessed is how many items of each call's request the fake leaves unprocessed,
		// call by call (then none).
		unprocessed []int
		wantCalls   []int // the request sizes, call by call
	}{
		{"one batch", 3, nil, []int{3}},
		{"batches of 25", 60, nil, []int{25, 25, 10}},
		{"unprocessed items are resent", 30, []int{5, 2}, []int{25, 5, 2, 5}},
		{"nothing to write", 0, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sizes []int
			written := map[string]int{}
			db := &fakeDB{batchWrite: func(in *dynamodb.BatchWriteItemInput) (*dynamodb.BatchWriteItemOutput, error) {
				reqs := in.RequestItems["tbl"]
				if len(in.RequestItems) != 1 || len(reqs) == 0 {
					return nil, fmt.Errorf("request for %d tables with %d items", len(in.RequestItems), len(reqs))
				}
				sizes = append(sizes, len(reqs))
				left := 0
				if k := len(sizes) - 1; k < len(tt.unprocessed) {
					left = tt.unprocessed[k]
				}
				for _, r := range reqs[left:] {
					written[r.PutRequest.Item["PK"].(*types.AttributeValueMemberS).Value]++
				}
				out := &dynamodb.BatchWriteItemOutput{}
				if left > 0 {
					out.UnprocessedItems = map[string][]types.WriteRequest{"tbl": reqs[:left]}
				}
				return out, nil
			}}
			if err := WriteItems(t.Context(), db, "tbl", items(tt.n)); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(sizes, tt.wantCalls) {
				t.Errorf("request sizes = %v, want %v", sizes, tt.wantCalls)
			}
			if len(written) != tt.n {
				t.Errorf("wrote %d distinct items, want %d", len(written), tt.n)
			}
			for k, c := range written {
				if c != 1 {
					t.Errorf("item %s written %d times", k, c)
				}
			}
		})
	}
}

func TestWriteItemsGivesUpAndFails(t *testing.T) {
	boom := errors.New("boom")
	failing := &fakeDB{batchWrite: func(*dynamodb.BatchWriteItemInput) (*dynamodb.BatchWriteItemOutput, error) { return nil, boom }}
	if err := WriteItems(t.Context(), failing, "tbl", items(30)); !errors.Is(err, boom) {
		t.Errorf("WriteItems = %v, want %v", err, boom)
	}
	if got := len(failing.ops); got != 1 {
		t.Errorf("calls after a failure = %d, want 1", got)
	}
	stuck := &fakeDB{batchWrite: func(in *dynamodb.BatchWriteItemInput) (*dynamodb.BatchWriteItemOutput, error) {
		return &dynamodb.BatchWriteItemOutput{UnprocessedItems: in.RequestItems}, nil
	}}
	if err := WriteItems(t.Context(), stuck, "tbl", items(1)); err == nil || !strings.Contains(err.Error(), "unprocessed") {
		t.Errorf("WriteItems that never gets through = %v, want an unprocessed error", err)
	}
	if got := len(stuck.ops); got != writeRounds {
		t.Errorf("calls = %d, want %d", got, writeRounds)
	}
}

func TestForChunksCoversEveryChunkOnce(t *testing.T) {
	for _, conc := range []int{0, 1, 3, 16} {
		t.Run(fmt.Sprint("conc ", conc), func(t *testing.T) {
			var mu sync.Mutex
			seen := make([]int, 103)
			err := ForChunks(t.Context(), len(seen), 10, conc, func(_ context.Context, lo, hi int) error {
				mu.Lock()
				defer mu.Unlock()
				for i := lo; i < hi; i++ {
					seen[i]++
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("index %d covered %d times", i, c)
				}
			}
		})
	}
}

func TestForChunksStopsAtTheFirstError(t *testing.T) {
	boom := errors.New("boom")
	var calls int
	err := ForChunks(t.Context(), 100, 10, 1, func(_ context.Context, lo, _ int) error {
		calls++
		if lo == 20 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("ForChunks = %v, want %v", err, boom)
	}
	if calls != 3 {
		t.Errorf("calls = %d, want 3 (none after the failing chunk)", calls)
	}
}

// builder builds records the way the bench does, with a fixed clock and a store that
// writes nothing.
func builder(t *testing.T) (crm.Module, func(int) store.Record) {
	t.Helper()
	m, ok := crm.StandardModule(crm.Invoices)
	if !ok {
		t.Fatal("no Invoices module")
	}
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	svc := modules.New(store.New(&CallLog{}, "tbl", func() time.Time { return at }))
	return m, func(i int) store.Record {
		r, err := svc.Build(t.Context(), m, "org1", store.Ref{ID: "u1", Name: "User"}, "", InvoiceFields(i))
		if err != nil {
			t.Fatalf("Build(InvoiceFields(%d)) = %v", i, err)
		}
		return r
	}
}

func TestInvoiceFieldsAreValidInvoices(t *testing.T) {
	m, build := builder(t)
	names := map[string]bool{}
	for _, i := range []int{0, 1, 6, 7, 364, 365, 9999, 99999} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			r := build(i)
			if names[r.Name] {
				t.Errorf("name %q repeats", r.Name)
			}
			names[r.Name] = true
			if got, want := len(r.Fields), len(InvoiceFields(i)); got != want {
				t.Errorf("record keeps %d fields, want all %d", got, want)
			}
			if _, errs := m.Validate(InvoiceFields(i), true); len(errs) > 0 {
				t.Errorf("Validate = %v", errs)
			}
		})
	}
}

func TestRecordItemsAreTheStoresItems(t *testing.T) {
	m, build := builder(t)
	recs := []store.Record{build(7), build(8)}
	all, err := RecordItems(t.Context(), m, recs)
	if err != nil {
		t.Fatal(err)
	}
	got, keys := withoutSearchKeys(all)
	if len(got) != len(recs) {
		t.Fatalf("items = %d, want one per record without lookups (%d)", len(got), len(recs))
	}
	// "Invoice 000007 - Padaria São João": five words, five search keys per record.
	if keys != 5*len(recs) {
		t.Errorf("search keys = %d, want 5 per record", keys)
	}
	s := func(it map[string]types.AttributeValue, k string) string {
		v, _ := it[k].(*types.AttributeValueMemberS)
		if v == nil {
			t.Fatalf("item lacks string attribute %s: %v", k, it)
		}
		return v.Value
	}
	for i, it := range got {
		id := recs[i].ID
		// The keys of docs/data-model.md's record item.
		want := map[string]string{"PK": "ORG#org1#MOD#Invoices", "SK": "REC#" + id, "GSI1PK": "ORG#org1#MOD#Invoices",
			"GSI2PK": "ORG#org1#MOD#Invoices", "id": id, "module": "Invoices"}
		for k, v := range want {
			if g := s(it, k); g != v {
				t.Errorf("item %d %s = %q, want %q", i, k, g, v)
			}
		}
		if g := s(it, "GSI1SK"); !strings.HasPrefix(g, "2026-03-04T05:06:07") || !strings.HasSuffix(g, "#"+id) {
			t.Errorf("item %d GSI1SK = %q, want the modified time and the id", i, g)
		}
		if g, want := s(it, "GSI2SK"), fmt.Sprintf("invoice %06d - padaria sao joao#%s", 7+i, id); g != want {
			t.Errorf("item %d GSI2SK = %q, want %q", i, g, want)
		}
		if f, ok := it["f"].(*types.AttributeValueMemberM); !ok || f.Value["Subject"] == nil {
			t.Errorf("item %d has no typed fields: %v", i, it["f"])
		}
	}

	// A record with a lookup gets its link item too, as CreateRecord writes it.
	linked := build(9)
	linked.Fields["Account_Name"] = map[string]any{"id": "acct1", "name": "Padaria"}
	all, err = RecordItems(t.Context(), m, []store.Record{linked})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ = withoutSearchKeys(all); len(got) != 2 || s(got[1], "PK") != "ORG#org1#REF#acct1" {
		t.Errorf("items of a record with a lookup = %v, want the record and its link item", got)
	}
}

// withoutSearchKeys are items less the search keys among them, and how many those were.
func withoutSearchKeys(items []map[string]types.AttributeValue) (out []map[string]types.AttributeValue, keys int) {
	for _, it := range items {
		if pk, _ := it["PK"].(*types.AttributeValueMemberS); pk != nil && strings.Contains(pk.Value, "#SRCH#") {
			keys++
			continue
		}
		out = append(out, it)
	}
	return out, keys
}

func TestCreateRecordsMakesOneTransactionPerRecord(t *testing.T) {
	m, build := builder(t)
	log := &CallLog{}
	st := store.New(log, "tbl", nil)
	err := CreateRecords(t.Context(), st, m, 40, 16, func(i int) (store.Record, error) { return build(i), nil })
	if err != nil {
		t.Fatal(err)
	}
	calls := log.Calls()
	if len(calls) != 40 {
		t.Fatalf("calls = %d, want 40", len(calls))
	}
	for _, c := range calls {
		if c.Op != "TransactWriteItems" {
			t.Errorf("call %s, want TransactWriteItems", c.Op)
		}
	}
}

func TestLoadRecordsWritesEveryRecordOnce(t *testing.T) {
	m, build := builder(t)
	var mu sync.Mutex
	ids := map[string]int{}
	db := &fakeDB{batchWrite: func(in *dynamodb.BatchWriteItemInput) (*dynamodb.BatchWriteItemOutput, error) {
		mu.Lock()
		defer mu.Unlock()
		for _, r := range in.RequestItems["tbl"] {
			if id, ok := r.PutRequest.Item["id"].(*types.AttributeValueMemberS); ok { // not a search key
				ids[id.Value]++
			}
		}
		return &dynamodb.BatchWriteItemOutput{}, nil
	}}
	err := LoadRecords(t.Context(), db, "tbl", m, 60, 3, func(i int) (store.Record, error) { return build(i), nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 60 {
		t.Errorf("wrote %d records, want 60", len(ids))
	}
	for id, c := range ids {
		if c != 1 {
			t.Errorf("record %s written %d times", id, c)
		}
	}
	boom := errors.New("boom")
	err = LoadRecords(t.Context(), db, "tbl", m, 60, 3, func(i int) (store.Record, error) { return store.Record{}, boom })
	if !errors.Is(err, boom) {
		t.Errorf("LoadRecords with a failing build = %v, want %v", err, boom)
	}
}

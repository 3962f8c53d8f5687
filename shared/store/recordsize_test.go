package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/crm"
)

// txRecorder is a DB that keeps the transactions it is sent and answers them with success.
type txRecorder struct {
	DB
	sent []*dynamodb.TransactWriteItemsInput
}

func (r *txRecorder) TransactWriteItems(_ context.Context, in *dynamodb.TransactWriteItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	r.sent = append(r.sent, in)
	return &dynamodb.TransactWriteItemsOutput{}, nil
}

// searchKeySize is the size of rec's search-key item with key k (0: none).
func searchKeySize(m crm.Module, rec Record, k map[string]types.AttributeValue) int {
	for _, it := range searchItems(m, rec) {
		if str(it["PK"]) == str(k["PK"]) && str(it["SK"]) == str(k["SK"]) {
			return ItemSize(it)
		}
	}
	return 0
}

// TestMeasureRecordWriteMatchesTheTransaction: the measure counts the actions CreateRecord and
// UpdateRecord send and the bytes of every item they put.
func TestMeasureRecordWriteMatchesTheTransaction(t *testing.T) {
	m, _ := crm.StandardModule(crm.Contacts)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	rec := Record{OrgID: "org1", Module: m.APIName, ID: "rec00001", LayoutID: "default", Version: 1, Name: "Ana Souza",
		ExternalID: "ext-1", CreatedAt: at, ModifiedAt: at,
		Fields: map[string]any{"First_Name": "Ana", "Last_Name": "Souza", "Description": strings.Repeat("ação ", 1000),
			"Account_Name": map[string]any{"id": "acct0001", "name": "Acme"}}}
	next := rec
	next.Version, next.ModifiedAt = 2, at.Add(time.Second)
	next.Fields = map[string]any{"Last_Name": "Souza", "Description": "short"}

	db := &txRecorder{}
	s := New(db, "t", nil)
	if err := s.CreateRecord(context.Background(), m, rec); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateRecord(context.Background(), m, rec, next); err != nil {
		t.Fatal(err)
	}
	create, err := MeasureRecordWrite(m, nil, rec)
	if err != nil {
		t.Fatal(err)
	}
	update, err := MeasureRecordWrite(m, &rec, next)
	if err != nil {
		t.Fatal(err)
	}
	oldItem, err := marshalRecord(m, rec)
	if err != nil {
		t.Fatal(err)
	}
	oldLink := ItemSize(linkItems(m, rec, oldItem)[0])
	for i, c := range []struct {
		name string
		w    RecordWrite
		// deleted is the size the measure gives each Delete: the item it deletes.
		deleted int
	}{{"create", create, 0}, {"update", update, oldLink}} {
		t.Run(c.name, func(t *testing.T) {
			tx := db.sent[i].TransactItems
			if c.w.TxItems != len(tx) {
				t.Errorf("TxItems = %d, the transaction has %d", c.w.TxItems, len(tx))
			}
			bytes := 0
			for _, it := range tx {
				switch {
				case it.Put != nil:
					bytes += ItemSize(it.Put.Item)
				case it.Delete != nil && strings.Contains(str(it.Delete.Key["PK"]), "#SRCH#"):
					bytes += searchKeySize(m, rec, it.Delete.Key)
				case it.Delete != nil:
					bytes += c.deleted
				}
			}
			if c.w.TxBytes != bytes {
				t.Errorf("TxBytes = %d, the transaction's items are %d bytes", c.w.TxBytes, bytes)
			}
			put := tx[0].Put.Item
			if c.w.Item < ItemSize(put) {
				t.Errorf("Item = %d, less than the record item's %d", c.w.Item, ItemSize(put))
			}
		})
	}
	t.Run("a field's share holds its value and its folded copy", func(t *testing.T) {
		// f.Description: 1 + the name + the value's 6000 bytes ("ação " is 6 bytes);
		// s.Description: 1 + the name + its sort key (at most 100 bytes).
		desc := strings.Repeat("ação ", 1000)
		want := (1 + len("Description") + len(desc)) + (1 + len("Description") + len(crm.SortKey(desc)))
		if got := create.Fields["Description"]; got != want {
			t.Errorf("Fields[Description] = %d, want %d", got, want)
		}
		if len(create.Lookups) != 1 || create.Lookups[0] != "Account_Name" {
			t.Errorf("Lookups = %v", create.Lookups)
		}
	})
	t.Run("attribute sizes", func(t *testing.T) {
		for _, c := range []struct {
			name string
			av   types.AttributeValue
			want int
		}{
			{"string", s1("Ação"), 6},
			{"number", n(12345), 4},
			{"map {id, name}", &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"id": s1("a"), "name": s1("bc")}}, 3 + (1 + 2 + 1) + (1 + 4 + 2)},
			{"list of a bool and a null", &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberBOOL{Value: true}, &types.AttributeValueMemberNULL{Value: true}}}, 3 + 2 + 2},
			{"string set", &types.AttributeValueMemberSS{Value: []string{"x", "yz"}}, 8},
			{"binary", &types.AttributeValueMemberB{Value: []byte("abc")}, 3},
		} {
			t.Run(c.name, func(t *testing.T) {
				if got := AttributeSize(c.av); got != c.want {
					t.Errorf("AttributeSize = %d, want %d", got, c.want)
				}
			})
		}
	})
}

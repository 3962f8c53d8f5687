package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// countingDB answers BatchGetItem and GetItem from items (by PK and SK) and counts each call.
type countingDB struct {
	DB
	items   map[ItemKey]map[string]types.AttributeValue
	batches []*dynamodb.BatchGetItemInput
	gets    int
	updates int
}

func (c *countingDB) BatchGetItem(_ context.Context, in *dynamodb.BatchGetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	c.batches = append(c.batches, in)
	out := &dynamodb.BatchGetItemOutput{Responses: map[string][]map[string]types.AttributeValue{}}
	for table, ka := range in.RequestItems {
		for _, k := range ka.Keys {
			ik, _ := itemKeyOf(k)
			if it, ok := c.items[ik]; ok {
				out.Responses[table] = append(out.Responses[table], it)
			}
		}
	}
	return out, nil
}

func (c *countingDB) GetItem(_ context.Context, in *dynamodb.GetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	c.gets++
	ik, _ := itemKeyOf(in.Key)
	return &dynamodb.GetItemOutput{Item: c.items[ik]}, nil
}

func (c *countingDB) UpdateItem(_ context.Context, in *dynamodb.UpdateItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	c.updates++
	return &dynamodb.UpdateItemOutput{}, nil
}

func (c *countingDB) TransactWriteItems(_ context.Context, _ *dynamodb.TransactWriteItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	return &dynamodb.TransactWriteItemsOutput{}, nil
}

func TestPrefetchAnswersReadsUntilTheRequestWrites(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	sess := map[string]types.AttributeValue{"PK": s1(sessionPK("h")), "SK": s1("SESSION"), "orgId": s1("o"), "userId": s1("u"),
		"kind": s1("portal"), "idleExpiresAt": s1(now.Add(time.Hour).Format(time.RFC3339Nano)), "expiresAt": n(now.Add(2 * time.Hour).Unix())}
	org := map[string]types.AttributeValue{"PK": s1(orgPK("o")), "SK": s1("ORG"), "id": s1("o"), "name": s1("Acme")}
	db := &countingDB{items: map[ItemKey]map[string]types.AttributeValue{SessionKey("h"): sess, OrgKey("o"): org}}
	st := New(db, "t", func() time.Time { return now })

	ctx, err := st.Prefetch(context.Background(), SessionKey("h"), OrgKey("o"), SessionKey("h"), PortalKey("o"))
	if err != nil {
		t.Fatal(err)
	}
	if len(db.batches) != 1 {
		t.Fatalf("%d BatchGetItems, want 1", len(db.batches))
	}
	ka := db.batches[0].RequestItems["t"]
	if got, want := len(ka.Keys), 3; got != want {
		t.Errorf("the batch named %d keys, want %d (duplicates dropped)", got, want)
	}
	if ka.ConsistentRead == nil || !*ka.ConsistentRead {
		t.Error("the batch is not strongly consistent")
	}

	t.Run("prefetched items cost no call", func(t *testing.T) {
		if s, err := st.GetSession(ctx, "h"); err != nil || s.UserID != "u" {
			t.Errorf("GetSession = %+v, %v", s, err)
		}
		if o, err := st.GetOrg(ctx, "o"); err != nil || o.Name != "Acme" {
			t.Errorf("GetOrg = %+v, %v", o, err)
		}
		if _, err := st.GetPortal(ctx, "o"); !errors.Is(err, ErrNotFound) {
			t.Errorf("GetPortal of a missing portal: %v, want ErrNotFound", err)
		}
		if db.gets != 0 {
			t.Errorf("%d GetItems, want 0", db.gets)
		}
	})
	t.Run("an item not prefetched is read", func(t *testing.T) {
		before := db.gets
		_, _ = st.GetUserType(ctx, "o", "ut")
		if got := db.gets - before; got != 1 {
			t.Errorf("%d GetItems, want 1", got)
		}
	})
	t.Run("without a prefetch every read is a call", func(t *testing.T) {
		before := db.gets
		_, _ = st.GetSession(context.Background(), "h")
		if got := db.gets - before; got != 1 {
			t.Errorf("%d GetItems, want 1", got)
		}
	})
	t.Run("a written item is read again", func(t *testing.T) {
		if err := st.TouchSession(ctx, "h", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		before := db.gets
		_, _ = st.GetSession(ctx, "h")
		_, _ = st.GetOrg(ctx, "o")
		if got := db.gets - before; got != 1 {
			t.Errorf("%d GetItems after the session's update, want 1 (the session; the organization is still prefetched)", got)
		}
	})
}

func TestPrefetchWithoutKeysReadsNothing(t *testing.T) {
	db := &countingDB{}
	st := New(db, "t", nil)
	ctx, err := st.Prefetch(context.Background(), ItemKey{})
	if err != nil || ctx != context.Background() || len(db.batches) != 0 {
		t.Errorf("Prefetch of no key: %v, %d batches", err, len(db.batches))
	}
	keys := make([]ItemKey, MaxPrefetch+1)
	for i := range keys {
		keys[i] = RecordKey("o", "Cases", string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	if _, err := st.Prefetch(context.Background(), keys...); err == nil {
		t.Errorf("Prefetch of %d keys succeeded, want an error", len(keys))
	}
}

// TestPortalUsersByRecordsReadsInBatches: an account's customers are read through their
// records' claims in batches of at most 100 keys (claims, then users), in the order of the
// records asked for, leaving out records without a user and users of another organization.
func TestPortalUsersByRecordsReadsInBatches(t *testing.T) {
	items := map[ItemKey]map[string]types.AttributeValue{}
	var records []string
	for i := range 150 {
		rec, user := fmt.Sprintf("c%03d", i), fmt.Sprintf("u%03d", i)
		records = append(records, rec)
		if i%3 == 2 {
			continue // a Contact without a portal user
		}
		claimOrg := "o"
		if i == 4 {
			claimOrg = "other" // a claim that names another organization's user
		}
		items[ItemKey{PK: portalRecordPK("o", rec), SK: "PREC"}] = map[string]types.AttributeValue{
			"PK": s1(portalRecordPK("o", rec)), "SK": s1("PREC"), "orgId": s1(claimOrg), "userId": s1(user)}
		items[ItemKey{PK: orgPK("o"), SK: portalUserSK(user)}] = map[string]types.AttributeValue{
			"PK": s1(orgPK("o")), "SK": s1(portalUserSK(user)), "orgId": s1("o"), "id": s1(user), "recordId": s1(rec), "status": s1("active")}
	}
	db := &countingDB{items: items}
	st := New(db, "t", nil)
	got, err := st.PortalUsersByRecords(context.Background(), "o", append(records, records[0]))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 150 {
		if i%3 != 2 && i != 4 {
			want = append(want, fmt.Sprintf("u%03d", i))
		}
	}
	var ids []string
	for _, u := range got {
		ids = append(ids, u.ID)
	}
	if !slices.Equal(ids, want) {
		t.Errorf("users = %v, want %v", ids, want)
	}
	// 150 claims: 100 + 50; 99 users: one batch.
	var sizes []int
	for _, b := range db.batches {
		if !aws.ToBool(b.RequestItems["t"].ConsistentRead) {
			t.Error("a batch read eventually consistently")
		}
		sizes = append(sizes, len(b.RequestItems["t"].Keys))
	}
	if !slices.Equal(sizes, []int{100, 50, 99}) || db.gets != 0 {
		t.Errorf("batches of %v keys and %d GetItems, want batches of [100 50 99] and none", sizes, db.gets)
	}
}

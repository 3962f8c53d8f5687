package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/access"
)

// recordingDB records the calls the store makes and answers them empty; a call it does not
// implement panics through the nil DB it embeds.
type recordingDB struct {
	DB
	gets    []*dynamodb.GetItemInput
	queries []*dynamodb.QueryInput
	deletes []*dynamodb.DeleteItemInput
	txs     []*dynamodb.TransactWriteItemsInput
	// items answers GetItem by PK, and Query by the partition its key condition names.
	items map[string][]map[string]types.AttributeValue
}

func (r *recordingDB) GetItem(_ context.Context, in *dynamodb.GetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	r.gets = append(r.gets, in)
	pk := in.Key["PK"].(*types.AttributeValueMemberS).Value
	if its := r.items[pk]; len(its) > 0 {
		return &dynamodb.GetItemOutput{Item: its[0]}, nil
	}
	return &dynamodb.GetItemOutput{}, nil
}

func (r *recordingDB) Query(_ context.Context, in *dynamodb.QueryInput, _ ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	r.queries = append(r.queries, in)
	pk := in.ExpressionAttributeValues[":p"].(*types.AttributeValueMemberS).Value
	return &dynamodb.QueryOutput{Items: r.items[pk]}, nil
}

func (r *recordingDB) DeleteItem(_ context.Context, in *dynamodb.DeleteItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	r.deletes = append(r.deletes, in)
	return &dynamodb.DeleteItemOutput{}, nil
}

func (r *recordingDB) TransactWriteItems(_ context.Context, in *dynamodb.TransactWriteItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	r.txs = append(r.txs, in)
	return &dynamodb.TransactWriteItemsOutput{}, nil
}

func str(av types.AttributeValue) string {
	if s, ok := av.(*types.AttributeValueMemberS); ok {
		return s.Value
	}
	return ""
}

func TestSessionReadsAreConsistent(t *testing.T) {
	db := &recordingDB{}
	st := New(db, "t", nil)
	ctx := context.Background()
	_, _ = st.GetSession(ctx, "h")
	_, _ = st.GetAPIToken(ctx, "o", "tok")
	_, _ = st.StaffByEmail(ctx, "a@b.example")
	if len(db.gets) != 3 {
		t.Fatalf("%d GetItems, want 3", len(db.gets))
	}
	for _, g := range db.gets {
		if g.ConsistentRead == nil || !*g.ConsistentRead {
			t.Errorf("GetItem of %s is not strongly consistent", str(g.Key["PK"]))
		}
	}
}

func TestCreateSessionListsItUnderTheUser(t *testing.T) {
	db := &recordingDB{}
	st := New(db, "t", nil)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	ss := Session{Hash: "h1", OrgID: "o", UserID: "u", Kind: "portal", CreatedAt: now, LastSeenAt: now,
		IdleExpiresAt: now.Add(time.Hour), ExpiresAt: now.Add(12 * time.Hour)}
	if err := st.CreateSession(context.Background(), ss, st.PortalSessionGuard(PortalUser{OrgID: "o", ID: "u", Version: 3})); err != nil {
		t.Fatal(err)
	}
	if len(db.txs) != 1 || len(db.txs[0].TransactItems) != 3 {
		t.Fatalf("want one transaction of 3 items, got %+v", db.txs)
	}
	items := db.txs[0].TransactItems
	if pk := str(items[0].Put.Item["PK"]); pk != "SESSION#h1" {
		t.Errorf("session PK = %q", pk)
	}
	if _, ok := items[0].Put.Item["GSI1PK"]; ok {
		t.Error("the session is still written to GSI1")
	}
	entry := items[1].Put.Item
	if str(entry["PK"]) != "ORG#o#USER#u" || str(entry["SK"]) != "SESSION#h1" || str(entry["hash"]) != "h1" {
		t.Errorf("user entry = %v", entry)
	}
	if _, ok := entry["expiresAt"].(*types.AttributeValueMemberN); !ok {
		t.Error("the user entry has no TTL")
	}
	cc := items[2].ConditionCheck
	if cc == nil || str(cc.Key["SK"]) != "PUSER#u" || !strings.Contains(*cc.ConditionExpression, "version = :v") {
		t.Errorf("condition check = %+v", cc)
	}
}

func TestDeleteUserSessionsQueriesTheTableConsistently(t *testing.T) {
	db := &recordingDB{items: map[string][]map[string]types.AttributeValue{
		"ORG#o#USER#u": {
			{"PK": s1("ORG#o#USER#u"), "SK": s1("SESSION#h1"), "hash": s1("h1")},
			{"PK": s1("ORG#o#USER#u"), "SK": s1("SESSION#h2"), "hash": s1("h2")},
		}}}
	st := New(db, "t", nil)
	if err := st.DeleteUserSessions(context.Background(), "o", "u"); err != nil {
		t.Fatal(err)
	}
	if len(db.queries) != 1 {
		t.Fatalf("%d queries, want 1", len(db.queries))
	}
	q := db.queries[0]
	if q.IndexName != nil {
		t.Errorf("the revocation queries index %s, which lags", *q.IndexName)
	}
	if q.ConsistentRead == nil || !*q.ConsistentRead {
		t.Error("the revocation's Query is not strongly consistent")
	}
	var deleted []string
	for _, d := range db.deletes {
		deleted = append(deleted, str(d.Key["PK"])+"/"+str(d.Key["SK"]))
	}
	want := "SESSION#h1/SESSION ORG#o#USER#u/SESSION#h1 SESSION#h2/SESSION ORG#o#USER#u/SESSION#h2"
	if got := strings.Join(deleted, " "); got != want {
		t.Errorf("deleted %s, want %s", got, want)
	}
}

// userCounterWrites fails the test for any write of tx that sets a counter from a value read
// (users, userTypeCount, seatsAllocated) instead of moving it with ADD.
func userCounterWrites(t *testing.T, tx *dynamodb.TransactWriteItemsInput) {
	t.Helper()
	for i, it := range tx.TransactItems {
		if it.Put != nil && *it.Put.ConditionExpression != "attribute_not_exists(PK)" { // a new type starts at 0
			if sk := str(it.Put.Item["SK"]); strings.HasPrefix(sk, "UTYPE#") || sk == "ORG" {
				t.Errorf("item %d puts %s whole, counters included", i, sk)
			}
		}
		if it.Update == nil {
			continue
		}
		expr := *it.Update.UpdateExpression
		set, _, _ := strings.Cut(strings.TrimPrefix(expr, "SET "), "ADD ")
		if !strings.HasPrefix(expr, "SET ") {
			set = ""
		}
		for _, c := range []string{"#u", "users", "userTypeCount", "seatsAllocated"} {
			if strings.Contains(set, c) {
				t.Errorf("item %d sets %s: %s", i, c, expr)
			}
		}
	}
}

func TestUserTypeChangesMoveCountersOnlyByAdd(t *testing.T) {
	db := &recordingDB{}
	st := New(db, "t", nil)
	ctx := context.Background()
	org := Org{ID: "o", Limits: Limits{UserTypes: 5, FreeSeats: 100, LicensePool: 20}, UserTypeCount: 2, SeatsAllocated: 8}
	old := UserType{UserType: access.UserType{ID: "t1", Name: "Suppliers", Position: 1, BaseModule: "Contacts", Seats: 8}, OrgID: "o", Users: 7, Version: 4}
	next := old
	next.Name, next.Seats, next.Version = "Vendors", 10, 5
	if err := st.UpdateUserType(ctx, org, old, next); err != nil {
		t.Fatal(err)
	}
	if err := st.SetAllocations(ctx, org, []UserType{old}, map[string]int{"t1": 12}); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateUserType(ctx, org, UserType{UserType: access.UserType{ID: "t2", Name: "X", Position: 2, BaseModule: "Contacts", Seats: 3}}); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteUserType(ctx, org, old); err != nil {
		t.Fatal(err)
	}
	if len(db.txs) != 4 {
		t.Fatalf("%d transactions, want 4", len(db.txs))
	}
	for _, tx := range db.txs {
		userCounterWrites(t, tx)
	}
	// The type's update keeps its users and is conditioned on its version and on its users
	// fitting the new seats; the organization's allocation moves by the difference.
	up := db.txs[0].TransactItems[0].Update
	if got := *up.ConditionExpression; got != "version = :v AND #u <= :max" ||
		up.ExpressionAttributeValues[":v"].(*types.AttributeValueMemberN).Value != "4" ||
		up.ExpressionAttributeValues[":max"].(*types.AttributeValueMemberN).Value != "10" ||
		up.ExpressionAttributeValues[":next"].(*types.AttributeValueMemberN).Value != "5" {
		t.Errorf("type update: %s %v", got, up.ExpressionAttributeValues)
	}
	orgUp := db.txs[0].TransactItems[1].Update
	if *orgUp.UpdateExpression != "ADD seatsAllocated :da" || orgUp.ExpressionAttributeValues[":da"].(*types.AttributeValueMemberN).Value != "2" ||
		orgUp.ExpressionAttributeValues[":amax"].(*types.AttributeValueMemberN).Value != "18" {
		t.Errorf("org update: %s %v", *orgUp.UpdateExpression, orgUp.ExpressionAttributeValues)
	}
	// A new type is counted with ADD, conditioned on the count its position came from.
	create := db.txs[2].TransactItems[0].Update
	if !strings.Contains(*create.UpdateExpression, "userTypeCount :dc") || !strings.Contains(*create.ConditionExpression, "userTypeCount = :c") {
		t.Errorf("create: %s / %s", *create.UpdateExpression, *create.ConditionExpression)
	}
	// A deletion gives back with ADD of negative amounts, never below zero.
	del := db.txs[3].TransactItems[1].Update
	if !strings.Contains(*del.ConditionExpression, "seatsAllocated >= :amin") || del.ExpressionAttributeValues[":da"].(*types.AttributeValueMemberN).Value != "-8" {
		t.Errorf("delete: %s %v", *del.ConditionExpression, del.ExpressionAttributeValues)
	}
}

func TestOrgMoveNothing(t *testing.T) {
	st := New(&recordingDB{}, "t", nil)
	if _, ok := st.orgMove(Org{ID: "o"}, 0, 0); ok {
		t.Error("a move of nothing is an item")
	}
}

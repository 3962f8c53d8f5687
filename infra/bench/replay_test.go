package bench

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	sestypes "github.com/aws/aws-sdk-go-v2/service/ses/types"
)

// writeDB is a store.DB that keeps the items put, refusing a put conditioned on
// attribute_not_exists(PK) whose key it already holds, as DynamoDB does.
type writeDB struct {
	fakeDB
	items map[string]map[string]types.AttributeValue
}

func pkOf(item map[string]types.AttributeValue) string {
	s, _ := item["PK"].(*types.AttributeValueMemberS)
	if s == nil {
		return ""
	}
	return s.Value
}

var errCondition = errors.New("ConditionalCheckFailedException")

func (w *writeDB) PutItem(_ context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	w.op("PutItem")
	pk := pkOf(in.Item)
	if _, ok := w.items[pk]; ok && aws.ToString(in.ConditionExpression) == "attribute_not_exists(PK)" {
		return nil, errCondition
	}
	w.items[pk] = in.Item
	return &dynamodb.PutItemOutput{}, nil
}

func (w *writeDB) UpdateItem(_ context.Context, in *dynamodb.UpdateItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	w.op("UpdateItem")
	return &dynamodb.UpdateItemOutput{}, nil
}

func (w *writeDB) DeleteItem(_ context.Context, in *dynamodb.DeleteItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	w.op("DeleteItem")
	delete(w.items, pkOf(in.Key))
	return &dynamodb.DeleteItemOutput{}, nil
}

func (w *writeDB) TransactWriteItems(_ context.Context, in *dynamodb.TransactWriteItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	w.op("TransactWriteItems")
	for _, tw := range in.TransactItems {
		if tw.Put != nil {
			if _, ok := w.items[pkOf(tw.Put.Item)]; ok {
				return nil, errCondition
			}
		}
	}
	for _, tw := range in.TransactItems {
		if tw.Put != nil {
			w.items[pkOf(tw.Put.Item)] = tw.Put.Item
		}
	}
	return &dynamodb.TransactWriteItemsOutput{}, nil
}

// fakeSES keeps the emails sent.
type fakeSES struct{ sent []*ses.SendEmailInput }

func (f *fakeSES) SendEmail(_ context.Context, in *ses.SendEmailInput, _ ...func(*ses.Options)) (*ses.SendEmailOutput, error) {
	f.sent = append(f.sent, in)
	return &ses.SendEmailOutput{MessageId: aws.String("m-1")}, nil
}

func newWriteDB() *writeDB {
	return &writeDB{fakeDB: fakeDB{getItem: func(*dynamodb.GetItemInput) (*dynamodb.GetItemOutput, error) {
		return &dynamodb.GetItemOutput{}, nil
	}}, items: map[string]map[string]types.AttributeValue{}}
}

// sessionCalls are a login's calls as a store makes them: a read, the session's conditioned
// PutItem with the hash in its key and its item, an UpdateItem and an email.
func sessionCalls(hash string) []Call {
	return []Call{
		{"GetItem", &dynamodb.GetItemInput{TableName: aws.String("t"), Key: map[string]types.AttributeValue{"PK": str("USER#u1"), "SK": str("USER")}}},
		{"PutItem", &dynamodb.PutItemInput{TableName: aws.String("t"), ConditionExpression: aws.String("attribute_not_exists(PK)"),
			Item: map[string]types.AttributeValue{"PK": str("SESSION#" + hash), "SK": str("SESSION"), "hash": str(hash),
				"nested": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
					"list": &types.AttributeValueMemberL{Value: []types.AttributeValue{str("x" + hash), &types.AttributeValueMemberN{Value: "3"}}},
					"set":  &types.AttributeValueMemberSS{Value: []string{hash, "other"}}}}}}},
		{"UpdateItem", &dynamodb.UpdateItemInput{TableName: aws.String("t"), Key: map[string]types.AttributeValue{"PK": str("USER#u1"), "SK": str("USER")},
			UpdateExpression: aws.String("SET t = :t"), ExpressionAttributeValues: map[string]types.AttributeValue{":t": str("now")}}},
		{"SendEmail", &ses.SendEmailInput{Source: aws.String("from@x.example"), Destination: &sestypes.Destination{ToAddresses: []string{"a@x.example"}},
			Message: &sestypes.Message{Subject: &sestypes.Content{Data: aws.String("Hi " + hash)},
				Body: &sestypes.Body{Text: &sestypes.Content{Data: aws.String("link " + hash)}, Html: &sestypes.Content{Data: aws.String("<a>" + hash + "</a>")}}}}},
	}
}

func TestRewriteReplacesEveryStringValueInACopy(t *testing.T) {
	calls := sessionCalls("old")
	got, err := Rewrite(calls, strings.NewReplacer("old", "new", "a@x.example", "b@x.example"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(Ops(got), Ops(calls)) {
		t.Errorf("ops = %v, want %v", Ops(got), Ops(calls))
	}
	put := got[1].Input.(*dynamodb.PutItemInput)
	if pkOf(put.Item) != "SESSION#new" || put.Item["hash"].(*types.AttributeValueMemberS).Value != "new" {
		t.Errorf("put item = %v, want the new hash in its key and value", put.Item)
	}
	nested := put.Item["nested"].(*types.AttributeValueMemberM).Value
	if v := nested["list"].(*types.AttributeValueMemberL).Value[0].(*types.AttributeValueMemberS).Value; v != "xnew" {
		t.Errorf("string in a list in a map = %q, want xnew", v)
	}
	if v := nested["set"].(*types.AttributeValueMemberSS).Value; !slices.Equal(v, []string{"new", "other"}) {
		t.Errorf("string set = %v", v)
	}
	if aws.ToString(put.ConditionExpression) != "attribute_not_exists(PK)" || aws.ToString(put.TableName) != "t" {
		t.Errorf("condition or table changed: %q, %q", aws.ToString(put.ConditionExpression), aws.ToString(put.TableName))
	}
	mail := got[3].Input.(*ses.SendEmailInput)
	if to := mail.Destination.ToAddresses; !slices.Equal(to, []string{"b@x.example"}) ||
		aws.ToString(mail.Message.Subject.Data) != "Hi new" || aws.ToString(mail.Message.Body.Text.Data) != "link new" ||
		aws.ToString(mail.Message.Body.Html.Data) != "<a>new</a>" || aws.ToString(mail.Source) != "from@x.example" {
		t.Errorf("email = %+v, want the address, subject and parts rewritten and the source kept", mail)
	}

	// The recorded calls are untouched.
	orig := calls[1].Input.(*dynamodb.PutItemInput)
	if pkOf(orig.Item) != "SESSION#old" || orig.Item["nested"].(*types.AttributeValueMemberM).Value["set"].(*types.AttributeValueMemberSS).Value[0] != "old" {
		t.Errorf("Rewrite changed the recorded item: %v", orig.Item)
	}
	if aws.ToString(calls[3].Input.(*ses.SendEmailInput).Message.Subject.Data) != "Hi old" {
		t.Error("Rewrite changed the recorded email")
	}
}

func TestRewriteCopiesTransactionsAndBatches(t *testing.T) {
	calls := []Call{
		{"TransactWriteItems", &dynamodb.TransactWriteItemsInput{ClientRequestToken: aws.String("recorded-token"), TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{Item: map[string]types.AttributeValue{"PK": str("USER#old")}, ConditionExpression: aws.String("attribute_not_exists(PK)")}},
			{Update: &types.Update{Key: map[string]types.AttributeValue{"PK": str("TYPE")}, ExpressionAttributeValues: map[string]types.AttributeValue{":v": str("old")}}},
			{ConditionCheck: &types.ConditionCheck{Key: map[string]types.AttributeValue{"PK": str("ORG#old")}}},
			{Delete: &types.Delete{Key: map[string]types.AttributeValue{"PK": str("INVITE#old")}}},
		}}},
		{"BatchGetItem", &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
			"t": {Keys: []map[string]types.AttributeValue{{"PK": str("old")}}}}}},
		{"Query", &dynamodb.QueryInput{ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str("old")}}},
		{"DeleteItem", &dynamodb.DeleteItemInput{Key: map[string]types.AttributeValue{"PK": str("old")}}},
	}
	got, err := Rewrite(calls, strings.NewReplacer("old", "new"))
	if err != nil {
		t.Fatal(err)
	}
	if tok := got[0].Input.(*dynamodb.TransactWriteItemsInput).ClientRequestToken; tok != nil {
		t.Errorf("rewritten transaction keeps the idempotency token %q", *tok)
	}
	tx := got[0].Input.(*dynamodb.TransactWriteItemsInput).TransactItems
	if pkOf(tx[0].Put.Item) != "USER#new" || tx[1].Update.ExpressionAttributeValues[":v"].(*types.AttributeValueMemberS).Value != "new" ||
		pkOf(tx[2].ConditionCheck.Key) != "ORG#new" || pkOf(tx[3].Delete.Key) != "INVITE#new" {
		t.Errorf("transaction = %+v, want every part rewritten", tx)
	}
	if pkOf(got[1].Input.(*dynamodb.BatchGetItemInput).RequestItems["t"].Keys[0]) != "new" ||
		got[2].Input.(*dynamodb.QueryInput).ExpressionAttributeValues[":pk"].(*types.AttributeValueMemberS).Value != "new" ||
		pkOf(got[3].Input.(*dynamodb.DeleteItemInput).Key) != "new" {
		t.Error("batch get, query or delete not rewritten")
	}
	if pkOf(calls[0].Input.(*dynamodb.TransactWriteItemsInput).TransactItems[0].Put.Item) != "USER#old" ||
		pkOf(calls[1].Input.(*dynamodb.BatchGetItemInput).RequestItems["t"].Keys[0]) != "old" {
		t.Error("Rewrite changed the recorded calls")
	}
	if _, err := Rewrite([]Call{{"Scan", &dynamodb.ScanInput{}}}, strings.NewReplacer()); err == nil {
		t.Error("Rewrite of a Scan succeeded, want an error")
	}
}

func TestReplayAllNeedsFreshKeysForConditionedWrites(t *testing.T) {
	db, mailer := newWriteDB(), &fakeSES{}
	calls := sessionCalls("h0")
	// The recording made the session once.
	if _, err := db.PutItem(t.Context(), calls[1].Input.(*dynamodb.PutItemInput)); err != nil {
		t.Fatal(err)
	}
	db.ops = nil

	// As recorded, the session's condition fails.
	if _, err := ReplayAll(t.Context(), db, mailer, calls); err == nil || !errors.Is(err, errCondition) || !strings.Contains(err.Error(), "call 2 (PutItem)") {
		t.Errorf("ReplayAll of the recorded calls = %v, want the failed condition of call 2", err)
	}

	// Rewritten with a fresh hash each round, every round succeeds and makes its own session.
	for _, fresh := range []string{"h1", "h2"} {
		db.ops = nil
		round, err := Rewrite(calls, strings.NewReplacer("h0", fresh))
		if err != nil {
			t.Fatal(err)
		}
		d, err := ReplayAll(t.Context(), db, mailer, round)
		if err != nil || d <= 0 {
			t.Fatalf("ReplayAll with hash %s = %v, %v; want a positive duration", fresh, d, err)
		}
		if want := []string{"GetItem", "PutItem", "UpdateItem"}; !slices.Equal(db.ops, want) {
			t.Errorf("DynamoDB calls = %v, want %v", db.ops, want)
		}
		if _, ok := db.items["SESSION#"+fresh]; !ok {
			t.Errorf("no session %s after the round", fresh)
		}
	}
	if len(db.items) != 3 || len(mailer.sent) != 2 || aws.ToString(mailer.sent[1].Message.Subject.Data) != "Hi h2" {
		t.Errorf("items %d, emails %d; want 3 sessions and 2 emails, the last about h2", len(db.items), len(mailer.sent))
	}
}

func TestReplayAllWithoutSESRefusesAnEmailBeforeAnyCall(t *testing.T) {
	db := newWriteDB()
	if _, err := ReplayAll(t.Context(), db, nil, sessionCalls("h")); err == nil {
		t.Error("ReplayAll of a SendEmail without an SES client succeeded")
	}
	if len(db.ops) != 0 {
		t.Errorf("calls made before refusing: %v", db.ops)
	}
}

func TestCallLogRecordsSendEmailAmongTheCalls(t *testing.T) {
	mailer := &fakeSES{}
	log := &CallLog{Next: newWriteDB(), SES: mailer}
	if _, err := log.GetItem(t.Context(), &dynamodb.GetItemInput{}); err != nil {
		t.Fatal(err)
	}
	in := &ses.SendEmailInput{}
	out, err := log.SendEmail(t.Context(), in)
	if err != nil || aws.ToString(out.MessageId) != "m-1" || len(mailer.sent) != 1 {
		t.Fatalf("SendEmail = %v, %v; want SES's answer", out, err)
	}
	calls := log.Calls()
	if !slices.Equal(Ops(calls), []string{"GetItem", "SendEmail"}) || calls[1].Input != in {
		t.Errorf("calls = %v, want GetItem then the very SendEmail", calls)
	}
	empty := &CallLog{}
	if out, err := empty.SendEmail(t.Context(), in); err != nil || out.MessageId != nil {
		t.Errorf("SendEmail without SES = %v, %v; want an empty answer", out, err)
	}
}

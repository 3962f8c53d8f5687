package ddbstrict

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type (
	S = types.AttributeValueMemberS
	N = types.AttributeValueMemberN
	M = types.AttributeValueMemberM
	L = types.AttributeValueMemberL
)

func TestItemSize(t *testing.T) {
	tests := []struct {
		name string
		item map[string]types.AttributeValue
		want int
	}{
		{"string: name plus UTF-8 bytes", map[string]types.AttributeValue{"name": &S{Value: "Sara"}}, 4 + 4},
		{"multi-byte string", map[string]types.AttributeValue{"n": &S{Value: "ção"}}, 1 + 5},
		{"number: digits/2 rounded up + 1", map[string]types.AttributeValue{"qty": &N{Value: "12345"}}, 3 + 4},
		{"number ignores sign and zeros", map[string]types.AttributeValue{"x": &N{Value: "-0.00100"}}, 1 + 2},
		{"bool and null are 1", map[string]types.AttributeValue{"b": &types.AttributeValueMemberBOOL{Value: true}, "z": &types.AttributeValueMemberNULL{Value: true}}, 1 + 1 + 1 + 1},
		{"map: 3 + 1 per element + names and values", map[string]types.AttributeValue{"m": &M{Value: map[string]types.AttributeValue{"a": &S{Value: "xy"}}}}, 1 + 3 + 1 + 1 + 2},
		{"list: 3 + 1 per element + values", map[string]types.AttributeValue{"l": &L{Value: []types.AttributeValue{&S{Value: "a"}, &S{Value: "bc"}}}}, 1 + 3 + 2 + 1 + 2},
		// Sets are counted like lists (package itemsize: AWS states no rule; this can only over-count).
		{"string set", map[string]types.AttributeValue{"ss": &types.AttributeValueMemberSS{Value: []string{"a", "bb"}}}, 2 + 3 + 2 + 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ItemSize(tt.item); got != tt.want {
				t.Errorf("ItemSize = %d, want %d", got, tt.want)
			}
		})
	}
}

var schema = Schema{Keys: map[string][]string{"t": {"PK", "SK"}}, IndexKeys: map[string][]string{"t": {"GSI1PK", "GSI1SK"}}}

func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"PK": &S{Value: pk}, "SK": &S{Value: sk}}
}

func withAttr(k map[string]types.AttributeValue, name string, v types.AttributeValue) map[string]types.AttributeValue {
	out := map[string]types.AttributeValue{name: v}
	for a, x := range k {
		out[a] = x
	}
	return out
}

func TestCheckLimits(t *testing.T) {
	big := strings.Repeat("x", MaxItemBytes)
	t100 := make([]types.TransactWriteItem, 101)
	for i := range t100 {
		t100[i] = types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: aws.String("t"), Key: key("p", strings.Repeat("k", i+1)), ConditionExpression: aws.String("attribute_exists(PK)")}}
	}
	var t4mb []types.TransactWriteItem
	for i := range 12 {
		t4mb = append(t4mb, types.TransactWriteItem{Put: &types.Put{TableName: aws.String("t"),
			Item: withAttr(key("p", strings.Repeat("k", i+1)), "d", &S{Value: strings.Repeat("y", 350*1024)})}})
	}
	var b26 []types.WriteRequest
	for i := range 26 {
		b26 = append(b26, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: key("p", strings.Repeat("k", i+1))}})
	}
	var g101 []map[string]types.AttributeValue
	for i := range 101 {
		g101 = append(g101, key("p", strings.Repeat("k", i+1)))
	}
	tests := []struct {
		name   string
		params any
		want   string // part of the message; "" when allowed
	}{
		{"small item", &dynamodb.PutItemInput{TableName: aws.String("t"), Item: withAttr(key("p", "s"), "d", &S{Value: "x"})}, ""},
		{"item over 400 KB", &dynamodb.PutItemInput{TableName: aws.String("t"), Item: withAttr(key("p", "s"), "d", &S{Value: big})}, "Item size has exceeded"},
		{"empty string in the key", &dynamodb.GetItemInput{TableName: aws.String("t"), Key: key("p", "")}, "cannot contain an empty string"},
		{"empty string in an index key", &dynamodb.PutItemInput{TableName: aws.String("t"), Item: withAttr(key("p", "s"), "GSI1PK", &S{Value: ""})}, "secondary index key"},
		{"consistent read on an index", &dynamodb.QueryInput{TableName: aws.String("t"), IndexName: aws.String("GSI1"), ConsistentRead: aws.Bool(true)}, "Consistent reads are not supported"},
		{"consistent read on the table", &dynamodb.QueryInput{TableName: aws.String("t"), ConsistentRead: aws.Bool(true)}, ""},
		{"101 transaction actions", &dynamodb.TransactWriteItemsInput{TransactItems: t100}, "less than or equal to 100"},
		{"100 transaction actions", &dynamodb.TransactWriteItemsInput{TransactItems: t100[:100]}, ""},
		{"transaction over 4 MB", &dynamodb.TransactWriteItemsInput{TransactItems: t4mb}, "larger than 4 MB"},
		{"two actions on one item", &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: aws.String("t"), Item: key("p", "s")}},
			{ConditionCheck: &types.ConditionCheck{TableName: aws.String("t"), Key: key("p", "s"), ConditionExpression: aws.String("attribute_exists(PK)")}}}}, "multiple operations on one item"},
		{"26 batch writes", &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"t": b26}}, "less than or equal to 25"},
		{"101 batch keys", &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"t": {Keys: g101}}}, "Too many items"},
		{"100 batch keys", &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"t": {Keys: g101[:100]}}}, ""},
		{"long expression", &dynamodb.UpdateItemInput{TableName: aws.String("t"), Key: key("p", "s"), UpdateExpression: aws.String("SET " + strings.Repeat("a", 5000) + " = :v")}, "Expression size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := schema.checkLimits(tt.params)
			switch {
			case tt.want == "" && v != nil:
				t.Errorf("refused: %s", v.message)
			case tt.want != "" && v == nil:
				t.Errorf("allowed, want a refusal with %q", tt.want)
			case tt.want != "" && !strings.Contains(v.message, tt.want):
				t.Errorf("message %q, want it to contain %q", v.message, tt.want)
			}
		})
	}
}

func TestParseFaults(t *testing.T) {
	f, err := ParseFaults("conflict=0.1, throttle=0.2,unprocessed=0.3,stale=0.4,seed=7,window=2s")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f, (Faults{Seed: 7, Conflict: 0.1, Throttle: 0.2, Unprocessed: 0.3, Stale: 0.4, StaleWindow: 2 * time.Second}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	for _, bad := range []string{"conflict", "conflict=2", "stale=-0.1", "lag=0.1", "seed=x", "window=0s"} {
		if _, err := ParseFaults(bad); err == nil {
			t.Errorf("ParseFaults(%q): no error", bad)
		}
	}
	if f, err := ParseFaults(""); err != nil || f.On() {
		t.Errorf("ParseFaults(\"\") = %+v, %v; want no faults", f, err)
	}
}

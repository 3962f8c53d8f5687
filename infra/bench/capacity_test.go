package bench

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestUnits(t *testing.T) {
	cases := []struct {
		got, want float64
	}{
		{ReadUnits(0, true), 1},
		{ReadUnits(4096, true), 1},
		{ReadUnits(4097, true), 2},
		{ReadUnits(100, false), 0.5},
		{ReadUnits(9000, false), 1.5},
		{WriteUnits(0, false), 1},
		{WriteUnits(1024, false), 1},
		{WriteUnits(1025, false), 2},
		{WriteUnits(1025, true), 4},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: %v, want %v", i, c.got, c.want)
		}
	}
}

// capDB answers fixed items and, when cc is set, that consumed capacity.
type capDB struct {
	CallLog
	cc   *types.ConsumedCapacity
	item map[string]types.AttributeValue
	seen []types.ReturnConsumedCapacity
}

func (f *capDB) GetItem(_ context.Context, in *dynamodb.GetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	f.seen = append(f.seen, in.ReturnConsumedCapacity)
	return &dynamodb.GetItemOutput{Item: f.item, ConsumedCapacity: f.cc}, nil
}

func (f *capDB) PutItem(_ context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	f.seen = append(f.seen, in.ReturnConsumedCapacity)
	return &dynamodb.PutItemOutput{ConsumedCapacity: f.cc}, nil
}

func TestCapacityDB(t *testing.T) {
	ctx := context.Background()
	big := map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: strings.Repeat("x", 5000)}}

	// No capacity in the answers: computed from the item sizes.
	f := &capDB{item: big}
	c := &CapacityDB{Next: f}
	in := &dynamodb.GetItemInput{TableName: aws.String("t")}
	if _, err := c.GetItem(ctx, in); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("t"), Item: big}); err != nil {
		t.Fatal(err)
	}
	got, calls, computed := c.Total()
	if want := (Capacity{Read: 1, Write: 5}); got != want || c.Rules() != want || calls != 2 || computed != 2 {
		t.Errorf("Total = %+v, %d, %d; want %+v, 2, 2", got, calls, computed, want)
	}
	if in.ReturnConsumedCapacity != "" {
		t.Error("the caller's input was changed")
	}
	for _, s := range f.seen {
		if s != types.ReturnConsumedCapacityTotal {
			t.Errorf("ReturnConsumedCapacity = %q, want TOTAL", s)
		}
	}

	// Capacity in the answers: taken as answered.
	f = &capDB{item: big, cc: &types.ConsumedCapacity{CapacityUnits: aws.Float64(0.5)}}
	c = &CapacityDB{Next: f}
	if _, err := c.GetItem(ctx, &dynamodb.GetItemInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutItem(ctx, &dynamodb.PutItemInput{Item: big}); err != nil {
		t.Fatal(err)
	}
	if got, _, computed := c.Total(); got != (Capacity{Read: 0.5, Write: 0.5}) || computed != 0 {
		t.Errorf("Total = %+v, computed %d; want read 0.5, write 0.5, none computed", got, computed)
	}
	if got := c.Rules(); got != (Capacity{Read: 1, Write: 5}) {
		t.Errorf("Rules = %+v, want the computed read 1, write 5", got)
	}
}

func TestItemWriteUnits(t *testing.T) {
	item := map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: strings.Repeat("x", 1500)},
		"GSI1PK": &types.AttributeValueMemberS{Value: "a"}, "GSI1SK": &types.AttributeValueMemberS{Value: "b"}}
	if got := ItemWriteUnits(item, false); got != 4 {
		t.Errorf("ItemWriteUnits = %v, want 2 for the table and 2 for GSI1", got)
	}
	if got := ItemWriteUnits(item, true); got != 6 {
		t.Errorf("ItemWriteUnits in a transaction = %v, want 4 for the table and 2 for GSI1", got)
	}
}

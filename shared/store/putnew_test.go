package store

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// conflictingPut answers PutItem as DynamoDB answers a failed attribute_not_exists
// condition, with the item already there.
type conflictingPut struct {
	DB
	existing func(tried map[string]types.AttributeValue) map[string]types.AttributeValue
}

func (c conflictingPut) PutItem(_ context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	item := map[string]types.AttributeValue{}
	if in.ReturnValuesOnConditionCheckFailure == types.ReturnValuesOnConditionCheckFailureAllOld {
		item = c.existing(in.Item)
	}
	return nil, &types.ConditionalCheckFailedException{Message: new(string), Item: item}
}

// TestPutNewRetriedAfterALostAnswer: a put whose first attempt was written but whose answer was
// lost finds its own item on the SDK's retry, and succeeds; another item there is ErrExists.
func TestPutNewRetriedAfterALostAnswer(t *testing.T) {
	type row struct {
		PK, SK, Name string
	}
	tests := []struct {
		name     string
		existing func(map[string]types.AttributeValue) map[string]types.AttributeValue
		want     error
	}{
		{"the write's own item", func(tried map[string]types.AttributeValue) map[string]types.AttributeValue { return tried }, nil},
		{"another item under the key", func(tried map[string]types.AttributeValue) map[string]types.AttributeValue {
			other := map[string]types.AttributeValue{}
			for k, v := range tried {
				other[k] = v
			}
			other["Name"] = &types.AttributeValueMemberS{Value: "someone else"}
			return other
		}, ErrExists},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(conflictingPut{existing: tt.existing}, "t", nil)
			err := putNew(context.Background(), s, row{PK: "P", SK: "S", Name: "mine"}, "create row")
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("putNew = %v, want %v", err, tt.want)
			}
		})
	}
}

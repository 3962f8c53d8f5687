// Package ddbstrict makes the local DynamoDB as strict as DynamoDB, as SDK middleware on the
// functions' DynamoDB clients (their code does not know it is there): it refuses what
// DynamoDB refuses, with DynamoDB's error type and message (items over 400 KB, transactions
// over 100 actions or 4 MB or with two actions on one item, batches over their sizes, long
// expressions, ConsistentRead on a global secondary index, empty strings in keys), and it can
// inject, at rates a test sets and from a seed, what DynamoDB does under load: transaction
// conflicts between transactions in flight on one item, throttling, unprocessed batch keys and
// items, and stale answers to eventually consistent reads.
package ddbstrict

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/itemsize"
	"crmportal/shared/store"
)

// DynamoDB's limits (Service, account, and table quotas in Amazon DynamoDB), as package
// itemsize states them for the code that stays under them.
const (
	MaxItemBytes          = itemsize.MaxItemBytes
	MaxTransactItems      = itemsize.MaxTransactItems
	MaxTransactBytes      = itemsize.MaxTransactBytes
	MaxBatchWriteRequests = itemsize.MaxBatchWriteItems
	MaxBatchWriteBytes    = itemsize.MaxBatchWriteBytes
	MaxBatchGetKeys       = itemsize.MaxBatchGetItems
	MaxExpressionBytes    = 4 * 1024
)

// Schema is what the layer knows of the tables: each table's key attributes and the key
// attributes of its global secondary indexes.
type Schema struct {
	// Keys maps a table name to its hash and range key attribute names.
	Keys map[string][]string
	// IndexKeys maps a table name to the key attributes of all its indexes.
	IndexKeys map[string][]string
}

// ItemSize is an item's size as DynamoDB counts it (store.ItemSize, by package itemsize's
// rules): the layer refuses what the store's own bounds must keep it from writing.
func ItemSize(item map[string]types.AttributeValue) int { return store.ItemSize(item) }

func valueSize(v types.AttributeValue) int { return store.AttributeSize(v) }

// violation is a refusal with DynamoDB's error type and message.
type violation struct {
	code, message string
	reasons       []map[string]string // a transaction's cancellation reasons
}

func validation(format string, args ...any) *violation {
	return &violation{code: "com.amazon.coral.validate#ValidationException", message: fmt.Sprintf(format, args...)}
}

// checkLimits returns the refusal DynamoDB gives the call params, or nil.
func (s Schema) checkLimits(params any) *violation {
	switch in := params.(type) {
	case *dynamodb.PutItemInput:
		if v := s.checkItem(aws.ToString(in.TableName), in.Item); v != nil {
			return v
		}
		return checkExpressions(in.ConditionExpression)
	case *dynamodb.UpdateItemInput:
		if v := s.checkKey(aws.ToString(in.TableName), in.Key); v != nil {
			return v
		}
		return checkExpressions(in.UpdateExpression, in.ConditionExpression)
	case *dynamodb.DeleteItemInput:
		if v := s.checkKey(aws.ToString(in.TableName), in.Key); v != nil {
			return v
		}
		return checkExpressions(in.ConditionExpression)
	case *dynamodb.GetItemInput:
		if v := s.checkKey(aws.ToString(in.TableName), in.Key); v != nil {
			return v
		}
		return checkExpressions(in.ProjectionExpression)
	case *dynamodb.QueryInput:
		if in.IndexName != nil && aws.ToBool(in.ConsistentRead) {
			return validation("Consistent reads are not supported on global secondary indexes")
		}
		return checkExpressions(in.KeyConditionExpression, in.FilterExpression, in.ProjectionExpression)
	case *dynamodb.ScanInput:
		if in.IndexName != nil && aws.ToBool(in.ConsistentRead) {
			return validation("Consistent reads are not supported on global secondary indexes")
		}
		return checkExpressions(in.FilterExpression, in.ProjectionExpression)
	case *dynamodb.BatchGetItemInput:
		n := 0
		for table, ka := range in.RequestItems {
			n += len(ka.Keys)
			for _, k := range ka.Keys {
				if v := s.checkKey(table, k); v != nil {
					return v
				}
			}
		}
		if n > MaxBatchGetKeys {
			return validation("Too many items requested for the BatchGetItem call")
		}
	case *dynamodb.BatchWriteItemInput:
		n, size := 0, 0
		seen := map[string]bool{}
		for table, reqs := range in.RequestItems {
			for _, r := range reqs {
				n++
				var k string
				switch {
				case r.PutRequest != nil:
					if v := s.checkItem(table, r.PutRequest.Item); v != nil {
						return v
					}
					size += ItemSize(r.PutRequest.Item)
					k = s.itemKey(table, r.PutRequest.Item)
				case r.DeleteRequest != nil:
					if v := s.checkKey(table, r.DeleteRequest.Key); v != nil {
						return v
					}
					k = s.itemKey(table, r.DeleteRequest.Key)
				}
				if seen[k] {
					return validation("Provided list of item keys contains duplicates")
				}
				seen[k] = true
			}
		}
		if n > MaxBatchWriteRequests {
			return validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]")
		}
		if size > MaxBatchWriteBytes {
			return validation("Item collection size limit exceeded: the BatchWriteItem request is larger than 16 MB")
		}
	case *dynamodb.TransactWriteItemsInput:
		if len(in.TransactItems) > MaxTransactItems {
			return validation("1 validation error detected: Value '[...]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to %d", MaxTransactItems)
		}
		size := 0
		seen := map[string]bool{}
		for _, it := range in.TransactItems {
			table, key, n, v := s.transactItem(it)
			if v != nil {
				return v
			}
			size += n
			if seen[table+"\x00"+key] {
				return validation("Transaction request cannot include multiple operations on one item")
			}
			seen[table+"\x00"+key] = true
		}
		if size > MaxTransactBytes {
			return validation("Transaction request cannot be larger than 4 MB")
		}
	}
	return nil
}

// transactItem checks one action of a transaction and says which item it touches and how
// many bytes it carries.
func (s Schema) transactItem(it types.TransactWriteItem) (table, key string, size int, v *violation) {
	switch {
	case it.Put != nil:
		table = aws.ToString(it.Put.TableName)
		if v = s.checkItem(table, it.Put.Item); v == nil {
			v = checkExpressions(it.Put.ConditionExpression)
		}
		return table, s.itemKey(table, it.Put.Item), ItemSize(it.Put.Item) + valuesSize(it.Put.ExpressionAttributeValues), v
	case it.Update != nil:
		table = aws.ToString(it.Update.TableName)
		if v = s.checkKey(table, it.Update.Key); v == nil {
			v = checkExpressions(it.Update.UpdateExpression, it.Update.ConditionExpression)
		}
		return table, s.itemKey(table, it.Update.Key), ItemSize(it.Update.Key) + valuesSize(it.Update.ExpressionAttributeValues), v
	case it.Delete != nil:
		table = aws.ToString(it.Delete.TableName)
		if v = s.checkKey(table, it.Delete.Key); v == nil {
			v = checkExpressions(it.Delete.ConditionExpression)
		}
		return table, s.itemKey(table, it.Delete.Key), ItemSize(it.Delete.Key) + valuesSize(it.Delete.ExpressionAttributeValues), v
	case it.ConditionCheck != nil:
		table = aws.ToString(it.ConditionCheck.TableName)
		if v = s.checkKey(table, it.ConditionCheck.Key); v == nil {
			v = checkExpressions(it.ConditionCheck.ConditionExpression)
		}
		return table, s.itemKey(table, it.ConditionCheck.Key), ItemSize(it.ConditionCheck.Key) + valuesSize(it.ConditionCheck.ExpressionAttributeValues), v
	}
	return "", "", 0, validation("TransactItems can not contain an empty action")
}

func valuesSize(m map[string]types.AttributeValue) int {
	n := 0
	for _, v := range m {
		n += valueSize(v)
	}
	return n
}

// checkItem refuses an item over 400 KB or with an empty string in a table or index key.
func (s Schema) checkItem(table string, item map[string]types.AttributeValue) *violation {
	if n := ItemSize(item); n > MaxItemBytes {
		return validation("Item size has exceeded the maximum allowed size")
	}
	if v := s.checkKey(table, item); v != nil {
		return v
	}
	for _, a := range s.IndexKeys[table] {
		if sv, ok := item[a].(*types.AttributeValueMemberS); ok && sv.Value == "" {
			return validation("One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexKey: %s", a)
		}
	}
	return nil
}

// checkKey refuses an empty string as a table key value.
func (s Schema) checkKey(table string, key map[string]types.AttributeValue) *violation {
	for _, a := range s.Keys[table] {
		if sv, ok := key[a].(*types.AttributeValueMemberS); ok && sv.Value == "" {
			return validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: %s", a)
		}
	}
	return nil
}

func checkExpressions(exprs ...*string) *violation {
	for _, e := range exprs {
		if e != nil && len(*e) > MaxExpressionBytes {
			return validation("Invalid expression: Expression size has exceeded the maximum allowed size; expression size: %d", utf8.RuneCountInString(*e))
		}
	}
	return nil
}

// itemKey is a printable identity of the item with key (or item) in table.
func (s Schema) itemKey(table string, item map[string]types.AttributeValue) string {
	var b strings.Builder
	b.WriteString(table)
	for _, a := range s.Keys[table] {
		b.WriteString("\x00")
		switch v := item[a].(type) {
		case *types.AttributeValueMemberS:
			b.WriteString("S" + v.Value)
		case *types.AttributeValueMemberN:
			b.WriteString("N" + v.Value)
		case *types.AttributeValueMemberB:
			b.WriteString("B" + string(v.Value))
		}
	}
	return b.String()
}

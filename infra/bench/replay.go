package bench

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	sestypes "github.com/aws/aws-sdk-go-v2/service/ses/types"

	"crmportal/shared/mail/sesmail"
	"crmportal/shared/store"
)

// Recorded writes cannot simply be made again: a PutItem conditioned on
// attribute_not_exists(PK) (a new session, a new invitation's items) fails the second time,
// and an unconditioned one only overwrites what the first made. A handler's writes are
// replayed instead on fresh keys: Rewrite copies the recorded calls with every recorded
// identifier (a session's hash, a user's id, a token's hash, an email address, a record's id)
// replaced by a fresh one, in keys, items, condition values and emails alike, so a round's
// writes make new items exactly as the handler made its own, conditions and all, and
// ReplayAll makes them. A replayed write whose condition fails is an error, so a rewrite that
// misses an identifier shows at once instead of timing failed calls.

// Rewrite returns a deep copy of calls in which every string value (S and SS attributes at
// any depth, in keys, items and expression attribute values, and the addresses, subject and
// body of an email) has r's replacements applied. Names (tables, indexes, expressions,
// attribute names) are not rewritten; a transaction's idempotency token is dropped, so the
// SDK makes a new one. calls is left as it is. An input of a kind it does not know is an
// error.
func Rewrite(calls []Call, r *strings.Replacer) ([]Call, error) {
	out := make([]Call, len(calls))
	for i, c := range calls {
		var in any
		switch v := c.Input.(type) {
		case *dynamodb.GetItemInput:
			cp := *v
			cp.Key = rewriteItem(v.Key, r)
			in = &cp
		case *dynamodb.QueryInput:
			cp := *v
			cp.ExpressionAttributeValues = rewriteItem(v.ExpressionAttributeValues, r)
			cp.ExclusiveStartKey = rewriteItem(v.ExclusiveStartKey, r)
			in = &cp
		case *dynamodb.BatchGetItemInput:
			cp := *v
			cp.RequestItems = make(map[string]types.KeysAndAttributes, len(v.RequestItems))
			for table, ka := range v.RequestItems {
				ka.Keys = rewriteItems(ka.Keys, r)
				ka.ExpressionAttributeNames = maps.Clone(ka.ExpressionAttributeNames)
				cp.RequestItems[table] = ka
			}
			in = &cp
		case *dynamodb.PutItemInput:
			cp := *v
			cp.Item = rewriteItem(v.Item, r)
			cp.ExpressionAttributeValues = rewriteItem(v.ExpressionAttributeValues, r)
			in = &cp
		case *dynamodb.UpdateItemInput:
			cp := *v
			cp.Key = rewriteItem(v.Key, r)
			cp.ExpressionAttributeValues = rewriteItem(v.ExpressionAttributeValues, r)
			in = &cp
		case *dynamodb.DeleteItemInput:
			cp := *v
			cp.Key = rewriteItem(v.Key, r)
			cp.ExpressionAttributeValues = rewriteItem(v.ExpressionAttributeValues, r)
			in = &cp
		case *dynamodb.BatchWriteItemInput:
			cp := *v
			cp.RequestItems = make(map[string][]types.WriteRequest, len(v.RequestItems))
			for table, wrs := range v.RequestItems {
				nw := make([]types.WriteRequest, len(wrs))
				for j, wr := range wrs {
					if wr.PutRequest != nil {
						nw[j].PutRequest = &types.PutRequest{Item: rewriteItem(wr.PutRequest.Item, r)}
					}
					if wr.DeleteRequest != nil {
						nw[j].DeleteRequest = &types.DeleteRequest{Key: rewriteItem(wr.DeleteRequest.Key, r)}
					}
				}
				cp.RequestItems[table] = nw
			}
			in = &cp
		case *dynamodb.TransactWriteItemsInput:
			cp := *v
			// The SDK fills in the idempotency token of the recorded input; a replay with it
			// would be refused (or answered without writing), so the SDK makes a new one.
			cp.ClientRequestToken = nil
			cp.TransactItems = make([]types.TransactWriteItem, len(v.TransactItems))
			for j, tw := range v.TransactItems {
				var nt types.TransactWriteItem
				if p := tw.Put; p != nil {
					np := *p
					np.Item, np.ExpressionAttributeValues = rewriteItem(p.Item, r), rewriteItem(p.ExpressionAttributeValues, r)
					nt.Put = &np
				}
				if u := tw.Update; u != nil {
					nu := *u
					nu.Key, nu.ExpressionAttributeValues = rewriteItem(u.Key, r), rewriteItem(u.ExpressionAttributeValues, r)
					nt.Update = &nu
				}
				if d := tw.Delete; d != nil {
					nd := *d
					nd.Key, nd.ExpressionAttributeValues = rewriteItem(d.Key, r), rewriteItem(d.ExpressionAttributeValues, r)
					nt.Delete = &nd
				}
				if cc := tw.ConditionCheck; cc != nil {
					nc := *cc
					nc.Key, nc.ExpressionAttributeValues = rewriteItem(cc.Key, r), rewriteItem(cc.ExpressionAttributeValues, r)
					nt.ConditionCheck = &nc
				}
				cp.TransactItems[j] = nt
			}
			in = &cp
		case *ses.SendEmailInput:
			cp := *v
			if d := v.Destination; d != nil {
				cp.Destination = &sestypes.Destination{ToAddresses: rewriteStrings(d.ToAddresses, r),
					CcAddresses: rewriteStrings(d.CcAddresses, r), BccAddresses: rewriteStrings(d.BccAddresses, r)}
			}
			if m := v.Message; m != nil {
				nm := sestypes.Message{Subject: rewriteContent(m.Subject, r)}
				if b := m.Body; b != nil {
					nm.Body = &sestypes.Body{Text: rewriteContent(b.Text, r), Html: rewriteContent(b.Html, r)}
				}
				cp.Message = &nm
			}
			in = &cp
		default:
			return nil, fmt.Errorf("call %d (%s): cannot rewrite a %T", i+1, c.Op, c.Input)
		}
		out[i] = Call{Op: c.Op, Input: in}
	}
	return out, nil
}

func rewriteItems(items []map[string]types.AttributeValue, r *strings.Replacer) []map[string]types.AttributeValue {
	if items == nil {
		return nil
	}
	out := make([]map[string]types.AttributeValue, len(items))
	for i, it := range items {
		out[i] = rewriteItem(it, r)
	}
	return out
}

func rewriteItem(item map[string]types.AttributeValue, r *strings.Replacer) map[string]types.AttributeValue {
	if item == nil {
		return nil
	}
	out := make(map[string]types.AttributeValue, len(item))
	for k, v := range item {
		out[k] = rewriteValue(v, r)
	}
	return out
}

// rewriteValue copies v with r applied to its strings. Numbers, binaries, booleans and nulls
// are shared, since nothing modifies them.
func rewriteValue(v types.AttributeValue, r *strings.Replacer) types.AttributeValue {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return &types.AttributeValueMemberS{Value: r.Replace(v.Value)}
	case *types.AttributeValueMemberSS:
		return &types.AttributeValueMemberSS{Value: rewriteStrings(v.Value, r)}
	case *types.AttributeValueMemberM:
		return &types.AttributeValueMemberM{Value: rewriteItem(v.Value, r)}
	case *types.AttributeValueMemberL:
		l := make([]types.AttributeValue, len(v.Value))
		for i, e := range v.Value {
			l[i] = rewriteValue(e, r)
		}
		return &types.AttributeValueMemberL{Value: l}
	}
	return v
}

func rewriteStrings(ss []string, r *strings.Replacer) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = r.Replace(s)
	}
	return out
}

func rewriteContent(c *sestypes.Content, r *strings.Replacer) *sestypes.Content {
	if c == nil {
		return nil
	}
	return &sestypes.Content{Data: aws.String(r.Replace(aws.ToString(c.Data))), Charset: c.Charset}
}

// ReplayAll makes calls again, reads, writes and emails alike, one after the other as they
// were recorded, the DynamoDB calls with db and the SendEmail calls with mailer, and returns
// the wall time of the whole round. The outputs are dropped once the SDK has decoded them;
// any error, a failed write condition included, ends the round. Writes must go to fresh keys
// (see Rewrite): replayed as recorded, a conditioned one fails and the others overwrite.
func ReplayAll(ctx context.Context, db store.DB, mailer sesmail.SES, calls []Call) (time.Duration, error) {
	for i, c := range calls {
		if _, ok := c.Input.(*ses.SendEmailInput); ok && mailer == nil {
			return 0, fmt.Errorf("call %d is SendEmail and there is no SES client", i+1)
		}
	}
	start := time.Now()
	for i, c := range calls {
		var err error
		switch in := c.Input.(type) {
		case *dynamodb.GetItemInput:
			_, err = db.GetItem(ctx, in)
		case *dynamodb.QueryInput:
			_, err = db.Query(ctx, in)
		case *dynamodb.BatchGetItemInput:
			_, err = db.BatchGetItem(ctx, in)
		case *dynamodb.PutItemInput:
			_, err = db.PutItem(ctx, in)
		case *dynamodb.UpdateItemInput:
			_, err = db.UpdateItem(ctx, in)
		case *dynamodb.DeleteItemInput:
			_, err = db.DeleteItem(ctx, in)
		case *dynamodb.BatchWriteItemInput:
			var out *dynamodb.BatchWriteItemOutput
			out, err = db.BatchWriteItem(ctx, in)
			if err == nil && len(out.UnprocessedItems) > 0 {
				err = fmt.Errorf("%d tables with unprocessed items", len(out.UnprocessedItems))
			}
		case *dynamodb.TransactWriteItemsInput:
			_, err = db.TransactWriteItems(ctx, in)
		case *ses.SendEmailInput:
			_, err = mailer.SendEmail(ctx, in)
		default:
			err = fmt.Errorf("cannot replay a %T", c.Input)
		}
		if err != nil {
			return 0, fmt.Errorf("replay call %d (%s): %w", i+1, c.Op, err)
		}
	}
	return time.Since(start), nil
}

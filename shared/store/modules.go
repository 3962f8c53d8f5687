package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/crm"
)

// GetCustomization returns an organization's custom fields and layouts of a module and
// their version (0 and an empty customization when there are none), from an eventually
// consistent read: every record request reads it, and a change shows within a second.
func (s *Store) GetCustomization(ctx context.Context, org, module string) (crm.Customization, int, error) {
	return s.getCustomization(ctx, org, module, false)
}

// GetCustomizationConsistent is GetCustomization as it is now: the read of the version a
// change's If-Match is checked against (an edit right after an edit sees the new version).
func (s *Store) GetCustomizationConsistent(ctx context.Context, org, module string) (crm.Customization, int, error) {
	return s.getCustomization(ctx, org, module, true)
}

func (s *Store) getCustomization(ctx context.Context, org, module string, consistent bool) (crm.Customization, int, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(orgPK(org), "MODULE#"+module),
		ConsistentRead: aws.Bool(consistent)})
	if err != nil {
		return crm.Customization{}, 0, fmt.Errorf("get customization of %s: %w", module, err)
	}
	if out.Item == nil {
		return crm.Customization{}, 0, nil
	}
	return decodeCustomization(out.Item)
}

func decodeCustomization(item map[string]types.AttributeValue) (crm.Customization, int, error) {
	var c crm.Customization
	doc, _ := item["doc"].(*types.AttributeValueMemberS)
	ver, _ := item["version"].(*types.AttributeValueMemberN)
	if doc != nil {
		if err := json.Unmarshal([]byte(doc.Value), &c); err != nil {
			return crm.Customization{}, 0, fmt.Errorf("decode customization: %w", err)
		}
	}
	v := 0
	if ver != nil {
		fmt.Sscan(ver.Value, &v)
	}
	return c, v, nil
}

// PutCustomization replaces a module's customization if its version is still version (0 for
// none yet) and returns the new version. ErrVersion when it changed meanwhile.
func (s *Store) PutCustomization(ctx context.Context, org, module string, c crm.Customization, version int) (int, error) {
	doc, err := json.Marshal(c)
	if err != nil {
		return 0, err
	}
	item := key(orgPK(org), "MODULE#"+module)
	item["doc"] = s1(string(doc))
	item["version"] = n(int64(version + 1))
	in := &dynamodb.PutItemInput{TableName: &s.table, Item: item}
	if version == 0 {
		in.ConditionExpression = aws.String("attribute_not_exists(PK)")
	} else {
		in.ConditionExpression = aws.String("version = :v")
		in.ExpressionAttributeValues = map[string]types.AttributeValue{":v": n(int64(version))}
	}
	_, err = s.db.PutItem(ctx, in)
	if isConditionFailed(err) {
		return 0, fmt.Errorf("put customization of %s: %w", module, ErrVersion)
	}
	if err != nil {
		return 0, fmt.Errorf("put customization of %s: %w", module, err)
	}
	return version + 1, nil
}

// GetCustomizations returns the organization's customizations of several modules in one
// BatchGetItem; modules without one are absent from the map.
func (s *Store) GetCustomizations(ctx context.Context, org string, modules []string) (map[string]crm.Customization, error) {
	out := map[string]crm.Customization{}
	if len(modules) == 0 {
		return out, nil
	}
	keys := make([]map[string]types.AttributeValue, 0, len(modules))
	seen := map[string]bool{}
	for _, m := range modules {
		if !seen[m] {
			seen[m] = true
			keys = append(keys, key(orgPK(org), "MODULE#"+m))
		}
	}
	// One call: the store's BatchGetItem asks again for the keys DynamoDB leaves unprocessed.
	res, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{s.table: {Keys: keys}}})
	if err != nil {
		return nil, fmt.Errorf("get customizations: %w", err)
	}
	for _, it := range res.Responses[s.table] {
		sk, _ := it["SK"].(*types.AttributeValueMemberS)
		c, _, err := decodeCustomization(it)
		if err != nil {
			return nil, err
		}
		if sk != nil {
			out[sk.Value[len("MODULE#"):]] = c
		}
	}
	return out, nil
}

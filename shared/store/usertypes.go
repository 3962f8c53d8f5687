package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/access"
)

// UserType is a portal user type as stored: its configuration, the users who have it
// (invited + active, moved by invitations) and its version.
type UserType struct {
	access.UserType
	OrgID     string
	Users     int
	Version   int
	CreatedAt time.Time
}

type userTypeItem struct {
	PK, SK    string
	Doc       string    `dynamodbav:"doc"`
	Users     int       `dynamodbav:"users"`
	Version   int       `dynamodbav:"version"`
	CreatedAt time.Time `dynamodbav:"createdAt"`
}

func userTypeSK(id string) string { return "UTYPE#" + id }

func (s *Store) userTypePut(org string, ut UserType, cond string, vals map[string]types.AttributeValue) (types.TransactWriteItem, error) {
	doc, err := json.Marshal(ut.UserType)
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	item, err := attributevalue.MarshalMap(userTypeItem{PK: orgPK(org), SK: userTypeSK(ut.ID), Doc: string(doc), Users: ut.Users, Version: ut.Version, CreatedAt: ut.CreatedAt})
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	put := &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String(cond)}
	if len(vals) > 0 {
		put.ExpressionAttributeValues = vals
	}
	return types.TransactWriteItem{Put: put}, nil
}

// orgCounters moves the organization's user type count and seat allocation from what org
// says they are to count and allocated, within the limits.
func (s *Store) orgCounters(org Org, count, allocated int) types.TransactWriteItem {
	return types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: key(orgPK(org.ID), "ORG"),
		UpdateExpression:    aws.String("SET userTypeCount = :c1, seatsAllocated = :a1"),
		ConditionExpression: aws.String("userTypeCount = :c AND seatsAllocated = :a AND limits.userTypes >= :c1 AND limits.licensePool >= :a1"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":c": n(int64(org.UserTypeCount)), ":a": n(int64(org.SeatsAllocated)),
			":c1": n(int64(count)), ":a1": n(int64(allocated))}}}
}

// CreateUserType stores a new user type and counts it and its seats on the organization, in
// one transaction conditioned on the counters org was read with and on the limits.
// ErrVersion when the organization's types or limits changed meanwhile.
func (s *Store) CreateUserType(ctx context.Context, org Org, ut UserType) error {
	ut.Version = 1
	put, err := s.userTypePut(org.ID, ut, "attribute_not_exists(PK)", nil)
	if err != nil {
		return fmt.Errorf("create user type %s: %w", ut.ID, err)
	}
	seats := 0
	if !ut.Free() {
		seats = ut.Seats
	}
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		s.orgCounters(org, org.UserTypeCount+1, org.SeatsAllocated+seats), put}})
	if cancelReasons(err) != nil {
		return fmt.Errorf("create user type %s: %w", ut.ID, ErrVersion)
	}
	if err != nil {
		return fmt.Errorf("create user type %s: %w", ut.ID, err)
	}
	return nil
}

// UpdateUserType replaces old with ut (ut.Version = old.Version+1) if old is still the stored
// version and the type's users fit its seats; a change of seats moves the organization's
// allocation in the same transaction. ErrVersion when anything changed meanwhile.
func (s *Store) UpdateUserType(ctx context.Context, org Org, old, ut UserType) error {
	put, err := s.userTypePut(org.ID, ut, "version = :v AND #u <= :seats", map[string]types.AttributeValue{
		":v": n(int64(old.Version)), ":seats": n(int64(seatsOrMax(ut)))})
	if err != nil {
		return fmt.Errorf("update user type %s: %w", ut.ID, err)
	}
	put.Put.ExpressionAttributeNames = map[string]string{"#u": "users"}
	tx := []types.TransactWriteItem{put}
	if d := seatsOf(ut.UserType) - seatsOf(old.UserType); d != 0 {
		tx = append(tx, s.orgCounters(org, org.UserTypeCount, org.SeatsAllocated+d))
	}
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: tx})
	if cancelReasons(err) != nil {
		return fmt.Errorf("update user type %s: %w", ut.ID, ErrVersion)
	}
	if err != nil {
		return fmt.Errorf("update user type %s: %w", ut.ID, err)
	}
	return nil
}

// DeleteUserType deletes a type without users and gives its seats back, in one transaction.
// ErrVersion when it changed or got users meanwhile.
func (s *Store) DeleteUserType(ctx context.Context, org Org, ut UserType) error {
	_, err := s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Delete: &types.Delete{TableName: &s.table, Key: key(orgPK(org.ID), userTypeSK(ut.ID)),
			ConditionExpression:       aws.String("version = :v AND #u = :zero"),
			ExpressionAttributeNames:  map[string]string{"#u": "users"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":v": n(int64(ut.Version)), ":zero": n(0)}}},
		s.orgCounters(org, org.UserTypeCount-1, org.SeatsAllocated-seatsOf(ut.UserType)),
	}})
	if cancelReasons(err) != nil {
		return fmt.Errorf("delete user type %s: %w", ut.ID, ErrVersion)
	}
	if err != nil {
		return fmt.Errorf("delete user type %s: %w", ut.ID, err)
	}
	return nil
}

// SetAllocations sets the seats of several licensed types at once (each new value in seats by
// id) and the organization's allocation, in one transaction conditioned on every type's
// version and users and on the license pool. ErrVersion when anything changed meanwhile.
func (s *Store) SetAllocations(ctx context.Context, org Org, current []UserType, seats map[string]int) error {
	var tx []types.TransactWriteItem
	total := org.SeatsAllocated
	for _, ut := range current {
		want, ok := seats[ut.ID]
		if !ok || ut.Free() || want == ut.Seats {
			continue
		}
		next := ut
		next.Seats, next.Version = want, ut.Version+1
		put, err := s.userTypePut(org.ID, next, "version = :v AND #u <= :seats", map[string]types.AttributeValue{
			":v": n(int64(ut.Version)), ":seats": n(int64(want))})
		if err != nil {
			return err
		}
		put.Put.ExpressionAttributeNames = map[string]string{"#u": "users"}
		tx = append(tx, put)
		total += want - ut.Seats
	}
	if len(tx) == 0 {
		return nil
	}
	tx = append(tx, s.orgCounters(org, org.UserTypeCount, total))
	_, err := s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: tx})
	if cancelReasons(err) != nil {
		return fmt.Errorf("set allocations: %w", ErrVersion)
	}
	if err != nil {
		return fmt.Errorf("set allocations: %w", err)
	}
	return nil
}

func seatsOf(ut access.UserType) int {
	if ut.Free() {
		return 0
	}
	return ut.Seats
}

// seatsOrMax is the users a type may hold as far as its own item knows: the free type's
// limit is the organization's, checked by invitations.
func seatsOrMax(ut UserType) int {
	if ut.Free() {
		return 1 << 30
	}
	return ut.Seats
}

func decodeUserType(org string, it userTypeItem) (UserType, error) {
	ut := UserType{OrgID: org, Users: it.Users, Version: it.Version, CreatedAt: it.CreatedAt}
	if err := json.Unmarshal([]byte(it.Doc), &ut.UserType); err != nil {
		return UserType{}, fmt.Errorf("decode user type: %w", err)
	}
	return ut, nil
}

// GetUserType returns a user type of org, or ErrNotFound.
func (s *Store) GetUserType(ctx context.Context, org, id string) (UserType, error) {
	it, err := getItem[userTypeItem](ctx, s, key(orgPK(org), userTypeSK(id)), true, "get user type "+id)
	if err != nil {
		return UserType{}, err
	}
	return decodeUserType(org, it)
}

// ListUserTypes returns every user type of an organization, the free one first (every page of
// the Query: types with many tabs and field permissions can fill DynamoDB's 1 MB page).
func (s *Store) ListUserTypes(ctx context.Context, org string) ([]UserType, error) {
	all, err := s.queryAll(ctx, &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :s)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(orgPK(org)), ":s": s1("UTYPE#")}})
	if err != nil {
		return nil, fmt.Errorf("list user types of %s: %w", org, err)
	}
	var items []userTypeItem
	if err := attributevalue.UnmarshalListOfMaps(all, &items); err != nil {
		return nil, fmt.Errorf("list user types of %s: %w", org, err)
	}
	uts := make([]UserType, 0, len(items))
	for _, it := range items {
		ut, err := decodeUserType(org, it)
		if err != nil {
			return nil, err
		}
		uts = append(uts, ut)
	}
	sortUserTypes(uts)
	return uts, nil
}

func sortUserTypes(uts []UserType) {
	sort.SliceStable(uts, func(i, j int) bool {
		if uts[i].Position != uts[j].Position {
			return uts[i].Position < uts[j].Position
		}
		return uts[i].CreatedAt.Before(uts[j].CreatedAt)
	})
}

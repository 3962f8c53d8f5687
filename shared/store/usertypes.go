package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
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

// userTypeChange replaces the configuration of the type (doc) stored at version from with
// ut's and moves its version to from+1, if the type still has at most maxUsers users. It
// never writes `users`: that counter moves only by ADD (invitations, changes of users), so a
// concurrent invitation's seat cannot be lost by writing back a count read earlier.
func (s *Store) userTypeChange(org string, ut access.UserType, from, maxUsers int) (types.TransactWriteItem, error) {
	doc, err := json.Marshal(ut)
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: key(orgPK(org), userTypeSK(ut.ID)),
		UpdateExpression:         aws.String("SET doc = :doc, version = :next"),
		ConditionExpression:      aws.String("version = :v AND #u <= :max"),
		ExpressionAttributeNames: map[string]string{"#u": "users"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":doc": s1(string(doc)), ":next": n(int64(from + 1)),
			":v": n(int64(from)), ":max": n(int64(maxUsers))}}}, nil
}

// orgMove moves the organization's user type count by dCount and its allocated seats by
// dSeats, with ADD: a value read earlier is never written back. A new type (dCount > 0) is
// conditioned on the count org was read with (its position comes from it) and on the
// limit; seats taken from the pool on the pool as read and on seatsAllocated <= pool -
// dSeats; a removal or seats given back on the counters not going below zero. ok is false
// when nothing moves.
func (s *Store) orgMove(org Org, dCount, dSeats int) (item types.TransactWriteItem, ok bool) {
	var adds []string
	conds := []string{"attribute_exists(PK)"}
	vals := map[string]types.AttributeValue{}
	if dCount != 0 {
		adds = append(adds, "userTypeCount :dc")
		vals[":dc"] = n(int64(dCount))
		if dCount > 0 {
			conds = append(conds, "userTypeCount = :c", "limits.userTypes >= :c1")
			vals[":c"], vals[":c1"] = n(int64(org.UserTypeCount)), n(int64(org.UserTypeCount+dCount))
		} else {
			conds = append(conds, "userTypeCount >= :cmin")
			vals[":cmin"] = n(int64(-dCount))
		}
	}
	if dSeats != 0 {
		adds = append(adds, "seatsAllocated :da")
		vals[":da"] = n(int64(dSeats))
		if dSeats > 0 {
			conds = append(conds, "limits.licensePool = :pool", "seatsAllocated <= :amax")
			vals[":pool"], vals[":amax"] = n(int64(org.Limits.LicensePool)), n(int64(org.Limits.LicensePool-dSeats))
		} else {
			conds = append(conds, "seatsAllocated >= :amin")
			vals[":amin"] = n(int64(-dSeats))
		}
	}
	if len(adds) == 0 {
		return types.TransactWriteItem{}, false
	}
	return types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: key(orgPK(org.ID), "ORG"),
		UpdateExpression:          aws.String("ADD " + strings.Join(adds, ", ")),
		ConditionExpression:       aws.String(strings.Join(conds, " AND ")),
		ExpressionAttributeValues: vals}}, true
}

// CreateUserType stores a new user type (without users) and counts it and its seats on the
// organization, in one transaction conditioned on the type count org was read with and on
// the limits. ErrVersion when the organization's types or limits changed meanwhile.
func (s *Store) CreateUserType(ctx context.Context, org Org, ut UserType) error {
	ut.Version, ut.Users = 1, 0
	put, err := s.userTypePut(org.ID, ut, "attribute_not_exists(PK)", nil)
	if err != nil {
		return fmt.Errorf("create user type %s: %w", ut.ID, err)
	}
	move, _ := s.orgMove(org, 1, seatsOf(ut.UserType))
	// Any cancellation means the organization changed since org was read.
	tx := txn{otherwise: ErrVersion}
	tx.add(move, ErrVersion)
	tx.add(put, ErrVersion)
	return tx.write(ctx, s, "create user type "+ut.ID)
}

// UpdateUserType replaces old's configuration with ut's (the stored version becomes
// old.Version+1) if old is still the stored version and the type's users fit ut's seats; a
// change of seats moves the organization's allocation (ADD) in the same transaction. The
// type's users counter is left as it is. ErrVersion when anything changed meanwhile.
func (s *Store) UpdateUserType(ctx context.Context, org Org, old, ut UserType) error {
	ut.ID = old.ID
	change, err := s.userTypeChange(org.ID, ut.UserType, old.Version, seatsOrMax(ut))
	if err != nil {
		return fmt.Errorf("update user type %s: %w", ut.ID, err)
	}
	tx := txn{otherwise: ErrVersion}
	tx.add(change, ErrVersion)
	if move, ok := s.orgMove(org, 0, seatsOf(ut.UserType)-seatsOf(old.UserType)); ok {
		tx.add(move, ErrVersion)
	}
	return tx.write(ctx, s, "update user type "+ut.ID)
}

// DeleteUserType deletes a type without users and gives its seats back, in one transaction.
// ErrVersion when it changed or got users meanwhile.
func (s *Store) DeleteUserType(ctx context.Context, org Org, ut UserType) error {
	move, _ := s.orgMove(org, -1, -seatsOf(ut.UserType))
	tx := txn{otherwise: ErrVersion}
	tx.add(types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(orgPK(org.ID), userTypeSK(ut.ID)),
		ConditionExpression:       aws.String("version = :v AND #u = :zero"),
		ExpressionAttributeNames:  map[string]string{"#u": "users"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":v": n(int64(ut.Version)), ":zero": n(0)}}}, ErrVersion)
	tx.add(move, ErrVersion)
	return tx.write(ctx, s, "delete user type "+ut.ID)
}

// SetAllocations sets the seats of several licensed types at once (each new value in seats by
// id) and moves the organization's allocation by their sum (ADD), in one transaction
// conditioned on every changed type's version and on its users fitting the new seats, and on
// the license pool. The types' users counters are left as they are. ErrVersion when
// anything changed meanwhile.
func (s *Store) SetAllocations(ctx context.Context, org Org, current []UserType, seats map[string]int) error {
	tx := txn{otherwise: ErrVersion}
	delta := 0
	for _, ut := range current {
		want, ok := seats[ut.ID]
		if !ok || ut.Free() || want == ut.Seats {
			continue
		}
		next := ut.UserType
		next.Seats = want
		change, err := s.userTypeChange(org.ID, next, ut.Version, want)
		if err != nil {
			return err
		}
		tx.add(change, ErrVersion)
		delta += want - ut.Seats
	}
	if len(tx.items) == 0 {
		return nil
	}
	if move, ok := s.orgMove(org, 0, delta); ok {
		tx.add(move, ErrVersion)
	}
	return tx.write(ctx, s, "set allocations")
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
	// A type that has not chosen notifies every customer kind: said in full, so that the
	// console shows the choice and saving it back keeps it.
	ut.Notify = ut.NotifyKinds()
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
	uts, err := queryAllOf(ctx, s, &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :p AND begins_with(SK, :s)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": s1(orgPK(org)), ":s": s1("UTYPE#")}},
		"list user types of "+org, func(item map[string]types.AttributeValue) (UserType, error) {
			var it userTypeItem
			if err := attributevalue.UnmarshalMap(item, &it); err != nil {
				return UserType{}, err
			}
			return decodeUserType(org, it)
		})
	if err != nil {
		return nil, err
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

package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestPageCursorAfter(t *testing.T) {
	part := "ORG#a#REF#c1"
	item := func(sk string) map[string]types.AttributeValue {
		return map[string]types.AttributeValue{"PK": s1(part), "SK": s1(sk), "f": s1("a field")}
	}
	p := Page[string]{Items: []string{"a", "b", "c"}, Next: "next",
		after: []string{itemCursor(part, item("Cases#1"), "PK", "SK"), itemCursor(part, item("Cases#2"), "PK", "SK"), itemCursor(part, item("Cases#3"), "PK", "SK")}}
	tests := []struct {
		name string
		i    int
		want string // the SK the cursor resumes after, or "next"
	}{
		{"first", 0, "Cases#1"},
		{"middle", 1, "Cases#2"},
		{"last is Next", 2, "next"},
		{"past the end is Next", 3, "next"},
		{"before the start is Next", -1, "next"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := p.CursorAfter(tt.i)
			if tt.want == "next" {
				if c != "next" {
					t.Errorf("CursorAfter(%d) = %q, want Next", tt.i, c)
				}
				return
			}
			k, err := decodeCursor(part, "PK", c)
			if err != nil {
				t.Fatalf("CursorAfter(%d) = %q: %v", tt.i, c, err)
			}
			if got := k["SK"].(*types.AttributeValueMemberS).Value; got != tt.want || len(k) != 2 {
				t.Errorf("CursorAfter(%d) resumes after %q (%d attributes), want %q (PK and SK)", tt.i, got, len(k), tt.want)
			}
		})
	}
}

// queryingDB answers every Query with out and records the inputs.
type queryingDB struct {
	DB
	out     dynamodb.QueryOutput
	queries []*dynamodb.QueryInput
}

func (q *queryingDB) Query(_ context.Context, in *dynamodb.QueryInput, _ ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	q.queries = append(q.queries, in)
	out := q.out
	return &out, nil
}

func TestQueryPage(t *testing.T) {
	part := "ORG#a#PUSERS"
	item := func(id string) map[string]types.AttributeValue {
		return map[string]types.AttributeValue{"PK": s1("ORG#a"), "SK": s1("PUSER#" + id), "GSI1PK": s1(part), "GSI1SK": s1("t#" + id), "id": s1(id)}
	}
	first := item("0")
	delete(first, "id")
	resume := encodeCursor(part, first)
	tests := []struct {
		name      string
		l         list
		empty     bool // build answers no Query
		out       dynamodb.QueryOutput
		wantErr   error
		wantCalls int
		wantLimit int32
		wantStart string // the SK of the ExclusiveStartKey, "" for none
		wantItems []string
		wantNext  bool
	}{
		{"first page", list{partition: part, pkAttr: "GSI1PK", limit: 2}, false,
			dynamodb.QueryOutput{Items: []map[string]types.AttributeValue{item("1"), item("2")}, LastEvaluatedKey: item("2")},
			nil, 1, 2, "", []string{"1", "2"}, true},
		{"resumed last page", list{partition: part, pkAttr: "GSI1PK", limit: 2, cursor: resume}, false,
			dynamodb.QueryOutput{Items: []map[string]types.AttributeValue{item("3")}},
			nil, 1, 2, "PUSER#0", []string{"3"}, false},
		{"no limit is the default page", list{partition: part, pkAttr: "GSI1PK"}, false, dynamodb.QueryOutput{}, nil, 1, 25, "", []string{}, false},
		{"a limit over the cap is the cap", list{partition: part, pkAttr: "GSI1PK", limit: 1000}, false, dynamodb.QueryOutput{}, nil, 1, MaxPage, "", []string{}, false},
		{"a cursor of another list", list{partition: "ORG#b#PUSERS", pkAttr: "GSI1PK", cursor: resume}, false, dynamodb.QueryOutput{}, ErrBadCursor, 0, 0, "", nil, false},
		{"a cursor of another index", list{partition: part, pkAttr: "GSI2PK", cursor: resume}, false, dynamodb.QueryOutput{}, ErrBadCursor, 0, 0, "", nil, false},
		{"nothing to ask", list{partition: part, pkAttr: "GSI1PK"}, true, dynamodb.QueryOutput{}, nil, 0, 0, "", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := &queryingDB{out: tt.out}
			s := &Store{db: db, table: "t"}
			p, err := queryPage(context.Background(), s, tt.l, func() (*dynamodb.QueryInput, error) {
				if tt.empty {
					return nil, nil
				}
				return &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String("GSI1")}, nil
			}, func(it map[string]types.AttributeValue) (string, error) { return str(it["id"]), nil })
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if len(db.queries) != tt.wantCalls {
				t.Fatalf("%d Queries, want %d", len(db.queries), tt.wantCalls)
			}
			if tt.wantCalls == 0 {
				return
			}
			in := db.queries[0]
			if got := aws.ToInt32(in.Limit); got != tt.wantLimit {
				t.Errorf("Limit = %d, want %d", got, tt.wantLimit)
			}
			if got := str(in.ExclusiveStartKey["SK"]); got != tt.wantStart {
				t.Errorf("ExclusiveStartKey SK = %q, want %q", got, tt.wantStart)
			}
			if !slices.Equal(p.Items, tt.wantItems) {
				t.Errorf("items = %v, want %v", p.Items, tt.wantItems)
			}
			if got := p.Next != ""; got != tt.wantNext {
				t.Errorf("Next = %q, want a next page: %v", p.Next, tt.wantNext)
			}
			if len(p.Items) > 1 {
				k, err := decodeCursor(tt.l.partition, tt.l.pkAttr, p.CursorAfter(0))
				if err != nil || str(k["GSI1SK"]) != "t#"+p.Items[0] || len(k) != 4 {
					t.Errorf("the cursor after the first item = %v, %v; want its table and index keys", k, err)
				}
			}
		})
	}
}

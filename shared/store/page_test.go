package store

import (
	"testing"

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

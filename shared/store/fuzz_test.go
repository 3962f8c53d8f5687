package store

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// FuzzDecodeCursor: decodeCursor never panics; a cursor it accepts names only key attributes
// (the table's key among them), is for exactly the list asked for (its partition key
// attribute holds the partition), and never decodes for another partition or another index.
func FuzzDecodeCursor(f *testing.F) {
	part := "ORG#a#MOD#Invoices"
	lek := map[string]types.AttributeValue{"PK": s1(part), "SK": s1("REC#1"), "GSI1PK": s1(part), "GSI1SK": s1("2026#1")}
	for _, s := range []struct{ partition, pkAttr, cursor string }{
		{part, "GSI1PK", encodeCursor(part, lek)},
		{part, "PK", encodeCursor(part, map[string]types.AttributeValue{"PK": s1(part), "SK": s1("x")})},
		{"ORG#b#MOD#Invoices", "GSI1PK", encodeCursor(part, lek)},
		{part, "GSI2PK", encodeCursor(part, lek)},
		{part, "PK", "%%%"},
		{part, "PK", "bm9wZQ"},
		{part, "PK", encodeCursor(part, map[string]types.AttributeValue{"PK": s1(part), "secret": s1("x")})},
		{"", "PK", "eyJwIjoiIiwiayI6e319"},
		{part, "PK", ""},
	} {
		f.Add(s.partition, s.pkAttr, s.cursor, "ORG#a#MOD#Contacts")
	}
	f.Fuzz(func(t *testing.T, partition, pkAttr, c, other string) {
		got, err := decodeCursor(partition, pkAttr, c)
		if err != nil {
			if err != ErrBadCursor || got != nil {
				t.Fatalf("decodeCursor(%q) = %v, %v; want ErrBadCursor", c, got, err)
			}
			return
		}
		if c == "" {
			if got != nil {
				t.Fatalf("an empty cursor decoded as %v", got)
			}
			return
		}
		pk, ok := got[pkAttr].(*types.AttributeValueMemberS)
		if !ok || pk.Value != partition {
			t.Fatalf("cursor %q for %s=%q decoded as %v", c, pkAttr, partition, got)
		}
		if got["PK"] == nil || got["SK"] == nil {
			t.Fatalf("cursor %q decoded as %v, without the table's key", c, got)
		}
		for k := range got {
			if !keyAttributes[k] {
				t.Fatalf("cursor %q names attribute %q", c, k)
			}
		}
		if other != partition {
			if _, err := decodeCursor(other, pkAttr, c); err == nil {
				t.Fatalf("cursor %q of %q also decodes for %q", c, partition, other)
			}
		}
		// Re-encoding the start key gives a cursor for the same list.
		again, err := decodeCursor(partition, pkAttr, encodeCursor(partition, got))
		if err != nil || len(again) != len(got) {
			t.Fatalf("cursor %q re-encoded: %v, %v", c, again, err)
		}
	})
}

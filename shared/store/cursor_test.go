package store

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestCursorRoundTripAndRefusals(t *testing.T) {
	part := "ORG#a#MOD#Invoices"
	lek := map[string]types.AttributeValue{"PK": s1(part), "SK": s1("REC#1"), "GSI1PK": s1(part), "GSI1SK": s1("2026#1")}
	c := encodeCursor(part, lek)
	got, err := decodeCursor(part, "GSI1PK", c)
	if err != nil || len(got) != 4 || got["GSI1SK"].(*types.AttributeValueMemberS).Value != "2026#1" {
		t.Fatalf("decode = %v, %v", got, err)
	}
	if encodeCursor(part, nil) != "" {
		t.Error("the last page must have no cursor")
	}
	tests := []struct {
		name, partition, pkAttr, cursor string
	}{
		{"another module", "ORG#a#MOD#Contacts", "GSI1PK", c},
		{"another organization", "ORG#b#MOD#Invoices", "GSI1PK", c},
		{"another index", part, "GSI2PK", c},
		{"not base64", part, "GSI1PK", "%%%"},
		{"not json", part, "GSI1PK", "bm9wZQ"},
		{"foreign attribute", part, "GSI1PK", encodeCursor(part, map[string]types.AttributeValue{"GSI1PK": s1(part), "secret": s1("x")})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decodeCursor(tt.partition, tt.pkAttr, tt.cursor); err != ErrBadCursor {
				t.Errorf("decodeCursor = %v, want ErrBadCursor", err)
			}
		})
	}
}

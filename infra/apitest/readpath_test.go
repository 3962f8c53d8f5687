package apitest

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/audit"
	"crmportal/shared/store"
)

// getItemInput is a strongly consistent GetItem of the item at pk, sk in the stack's table.
func getItemInput(e *env, pk, sk string) *dynamodb.GetItemInput {
	consistent := true
	return &dynamodb.GetItemInput{TableName: &e.deps.Config.TableName, ConsistentRead: &consistent,
		Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: pk}, "SK": &types.AttributeValueMemberS{Value: sk}}}
}

// TestScopeFollowsTheContactAtOnce: a portal read takes its scope from the user's own record
// as it is now (read with the session in one batch, never kept on the session), so a Contact
// moved to another account sees the new account's records on the very next request, and not
// the old one's.
func TestScopeFollowsTheContactAtOnce(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Mudanças", 2)
	p.setTab(t, "Cases", func(tab map[string]any) {
		tab["enabled"], tab["view"], tab["scope"], tab["scopeField"] = true, true, "account", "Account_Name"
		tab["display"] = map[string]any{"kind": "list", "columns": []string{"Subject"}}
	}, map[string]string{"Subject": "read"})
	email := "muda-" + p.ID + "@cliente.example"
	ana := p.contact(t, "Lima", email)
	before := ana.Fields["Account_Name"].(map[string]any)["id"].(string)
	after := p.Admin.MustCreate("Accounts", map[string]any{"Account_Name": "Conta nova de Lima"})
	oldCase := p.Admin.MustCreate("Cases", map[string]any{"Subject": "Da conta antiga", "Account_Name": before})
	newCase := p.Admin.MustCreate("Cases", map[string]any{"Subject": "Da conta nova", "Account_Name": after.ID})
	MustStatus(t, p.invite(t, "Contacts", ana.ID, p.Free.ID), http.StatusCreated)
	c := e.Client(t)
	MustStatus(t, c.Do("POST", "/api/invitations/"+tokenIn(t, email, "invite")+"/accept", map[string]string{"password": "a passphrase that moves"}), http.StatusOK)
	settle()

	cases := func() []string {
		t.Helper()
		var page struct{ Items []struct{ ID string } }
		r := c.Do("GET", "/api/records/Cases", nil)
		MustStatus(t, r, http.StatusOK)
		r.JSON(t, &page)
		var ids []string
		for _, it := range page.Items {
			ids = append(ids, it.ID)
		}
		return ids
	}
	if got := cases(); !slices.Equal(got, []string{oldCase.ID}) {
		t.Fatalf("before the move: cases %v, want [%s]", got, oldCase.ID)
	}
	MustStatus(t, p.Admin.Do("PATCH", "/api/admin/records/Contacts/"+ana.ID, map[string]any{"fields": map[string]any{"Account_Name": after.ID}},
		"If-Match", strconv.Itoa(ana.Version)), http.StatusOK)
	if got := cases(); !slices.Equal(got, []string{newCase.ID}) {
		t.Errorf("right after the move: cases %v, want [%s]", got, newCase.ID)
	}
	MustStatus(t, c.Do("GET", "/api/records/Cases/"+oldCase.ID, nil), http.StatusNotFound)
	MustStatus(t, c.Do("GET", "/api/records/Cases/"+newCase.ID, nil), http.StatusOK)
}

// TestRecordViewsAreCompactAndFound: a record view's audit entry is one item of the log
// partition with no index keys (one write unit, not three), and the actor and record filters
// still find views among the other entries, page after page, each once, newest first.
func TestRecordViewsAreCompactAndFound(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Auditoria")
	ctx := context.Background()
	ana := store.Actor{Kind: store.ActorPortal, ID: "ana0000001", Name: "Ana"}
	bia := store.Actor{Kind: store.ActorPortal, ID: "bia0000001", Name: "Bia"}
	start := time.Now().UTC().Add(-time.Hour)
	var all []store.AuditEntry
	for i := range 23 {
		who, action, rec := ana, audit.RecordView, "case000001"
		switch {
		case i%5 == 1:
			action = audit.RecordUpdate
		case i%3 == 2:
			who = bia
		case i%4 == 3:
			rec = "case000002"
		}
		at := start.Add(time.Duration(i) * time.Second)
		id := strconv.FormatInt(at.UnixMilli(), 36) + "aaaaaaaa" + strconv.Itoa(10+i)
		en := store.AuditEntry{OrgID: o.ID, ID: "0" + id, At: at, Actor: who, Action: action, Module: "Cases", RecordID: rec, IP: "203.0.113.7"}
		if err := e.store.AppendAudit(ctx, en); err != nil {
			t.Fatal(err)
		}
		all = append(all, en)
	}
	settle() // the log is read eventually consistent
	view := all[0]
	item, err := e.deps.DynamoDB.GetItem(ctx, getItemInput(e, "ORG#"+o.ID+"#AUDIT", view.ID))
	if err != nil || item.Item == nil {
		t.Fatalf("the view's item: %v", err)
	}
	for _, k := range []string{"GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK"} {
		if _, ok := item.Item[k]; ok {
			t.Errorf("the view's item has %s: it would cost a write unit more", k)
		}
	}
	if size := store.ItemSize(item.Item); size > 1024 {
		t.Errorf("the view's item is %d bytes, more than one write unit", size)
	}

	tests := []struct {
		name string
		f    store.AuditFilter
		keep func(store.AuditEntry) bool
	}{
		{"by actor", store.AuditFilter{ActorID: ana.ID}, func(en store.AuditEntry) bool { return en.Actor.ID == ana.ID }},
		{"by record", store.AuditFilter{RecordID: "case000001"}, func(en store.AuditEntry) bool { return en.RecordID == "case000001" }},
		{"by actor and record", store.AuditFilter{ActorID: ana.ID, RecordID: "case000002"},
			func(en store.AuditEntry) bool { return en.Actor.ID == ana.ID && en.RecordID == "case000002" }},
		{"views by actor", store.AuditFilter{ActorID: bia.ID, Action: audit.RecordView},
			func(en store.AuditEntry) bool { return en.Actor.ID == bia.ID && en.Action == audit.RecordView }},
		{"the whole log", store.AuditFilter{}, func(store.AuditEntry) bool { return true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []string
			for i := len(all) - 1; i >= 0; i-- {
				if tt.keep(all[i]) {
					want = append(want, all[i].ID)
				}
			}
			var got []string
			cursor := ""
			for range 30 {
				page, err := e.store.ListAuditPage(ctx, o.ID, tt.f, 3, cursor)
				if err != nil {
					t.Fatal(err)
				}
				for _, en := range page.Items {
					got = append(got, en.ID)
				}
				if cursor = page.Next; cursor == "" {
					break
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("pages of 3 answered\n%v\nwant\n%v", got, want)
			}
		})
	}
}

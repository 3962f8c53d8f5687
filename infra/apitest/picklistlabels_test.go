package apitest

import (
	"context"
	"net/http"
	"testing"

	"crmportal/infra/seed"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/store"
)

// TestPortalFilterOnASharedLabel: the demo's Clientes type shows Created and Approved
// invoices both as "Emitida" (en "Issued"), and the portal lists that label once; filtering
// on it finds the invoices of both values, each answered under the label of the request's
// language. Before the filter was widened, filter.Status=Created found only the Created one.
func TestPortalFilterOnASharedLabel(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	if _, err := seed.Demo(ctx, store.New(e.deps.DynamoDB, e.deps.Config.TableName, nil), demoPassword, nil); err != nil {
		t.Fatal(err)
	}
	contacts, _ := crm.StandardModule(crm.Contacts)
	people, _, err := e.store.ListRecords(ctx, contacts, seed.DemoOrgID, crm.ListQuery{Limit: 1})
	if err != nil || len(people) == 0 {
		t.Fatalf("demo contacts: %v (%d)", err, len(people))
	}
	contact := people[0]
	invoices, _ := crm.StandardModule(crm.Invoices)
	made := map[string]string{} // id -> status
	for _, status := range []string{"Created", "Approved", "Paid"} {
		id, err := auth.NewID()
		if err != nil {
			t.Fatal(err)
		}
		now := e.store.Now()
		rec := store.Record{OrgID: seed.DemoOrgID, Module: crm.Invoices, ID: id, LayoutID: invoices.Layouts[0].ID, Version: 1,
			Name: "Shared label " + status, CreatedAt: now, ModifiedAt: now, Fields: map[string]any{
				"Subject": "Shared label " + status, "Status": status,
				"Contact_Name": map[string]any{"id": contact.ID, "name": contact.Name}}}
		if err := e.store.CreateRecord(ctx, invoices, rec); err != nil {
			t.Fatal(err)
		}
		made[id] = status
	}

	admin := e.LoggedIn(t, seed.DemoAdminEmail, demoPassword)
	var types struct{ Items []userTypeJSON }
	admin.Do("GET", "/api/admin/user-types", nil).JSON(t, &types)
	MustStatus(t, admin.Do("POST", "/api/admin/preview", map[string]any{"userTypeId": types.Items[0].ID, "recordId": contact.ID}), http.StatusCreated)

	for _, tc := range []struct{ lang, want string }{{"pt-BR", "Emitida"}, {"en", "Issued"}} {
		t.Run(tc.lang, func(t *testing.T) {
			var got myRecords
			r := admin.Do("GET", "/api/records/Invoices?limit=100&filter.Status=Created&lang="+tc.lang, nil)
			MustStatus(t, r, http.StatusOK)
			r.JSON(t, &got)
			found := map[string]bool{}
			for _, it := range got.Items {
				if s := it.Fields["Status"]; s != tc.want {
					t.Errorf("invoice %s: Status = %v, want %q", it.ID, s, tc.want)
				}
				found[made[it.ID]] = true
			}
			for _, status := range []string{"Created", "Approved"} {
				if !found[status] {
					t.Errorf("the %s invoice is missing from the %q filter", status, tc.want)
				}
			}
			if found["Paid"] {
				t.Errorf("the Paid invoice matches the %q filter", tc.want)
			}
		})
	}
}

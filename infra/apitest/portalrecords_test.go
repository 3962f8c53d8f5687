package apitest

import (
	"context"
	"net/http"
	"testing"

	"crmportal/infra/seed"
	"crmportal/shared/crm"
	"crmportal/shared/store"
)

type myRecords struct {
	Items []struct {
		ID     string
		Fields map[string]any
	}
	NextCursor string
}

// TestPortalRecordsThroughAPreview: a preview looking through a demo contact lists exactly
// that contact's invoices (not Draft ones), with only the fields Clientes shows and the
// customer labels; another contact's invoice answers 404 like a missing one.
func TestPortalRecordsThroughAPreview(t *testing.T) {
	e := MustEnv(t)
	if _, err := seed.Demo(context.Background(), store.New(e.deps.DynamoDB, e.deps.Config.TableName, nil), demoPassword, nil); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	invoices, _ := crm.StandardModule(crm.Invoices)
	all, _, err := e.store.ListRecords(ctx, invoices, seed.DemoOrgID, crm.ListQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	// Pick a contact with a non-Draft invoice, and an invoice of someone else.
	byContact := map[string][]store.Record{}
	for _, inv := range all {
		ref, _ := inv.Fields["Contact_Name"].(map[string]any)
		id, _ := ref["id"].(string)
		byContact[id] = append(byContact[id], inv)
	}
	var contact string
	for id, invs := range byContact {
		for _, inv := range invs {
			if inv.Fields["Status"] != "Draft" {
				contact = id
			}
		}
		if contact != "" {
			break
		}
	}
	var foreign string
	for id, invs := range byContact {
		if id != contact {
			foreign = invs[0].ID
			break
		}
	}
	wantIDs := map[string]bool{}
	for _, inv := range byContact[contact] {
		if inv.Fields["Status"] != "Draft" {
			wantIDs[inv.ID] = true
		}
	}

	admin := e.LoggedIn(t, seed.DemoAdminEmail, demoPassword)
	var list struct{ Items []userTypeJSON }
	admin.Do("GET", "/api/admin/user-types", nil).JSON(t, &list)
	MustStatus(t, admin.Do("POST", "/api/admin/preview", map[string]any{"userTypeId": list.Items[0].ID, "recordId": contact}), http.StatusCreated)

	var got myRecords
	r := admin.Do("GET", "/api/records/Invoices?limit=100&lang=pt-BR", nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &got)
	if len(got.Items) != len(wantIDs) {
		t.Fatalf("listed %d invoices, want the contact's %d non-Draft ones", len(got.Items), len(wantIDs))
	}
	allowed := map[string]bool{"Subject": true, "Status": true, "Invoice_Date": true, "Due_Date": true, "Grand_Total": true, "Product_Details": true}
	for _, it := range got.Items {
		if !wantIDs[it.ID] {
			t.Errorf("invoice %s is not the contact's", it.ID)
		}
		for f := range it.Fields {
			if !allowed[f] {
				t.Errorf("invoice %s shows the hidden field %s", it.ID, f)
			}
		}
		if s := it.Fields["Status"]; s == "Created" || s == "Approved" || s == "Draft" {
			t.Errorf("status %v is shown with its internal value", s)
		}
	}
	MustStatus(t, admin.Do("GET", "/api/records/Invoices/"+foreign, nil), http.StatusNotFound)
	for id := range wantIDs {
		MustStatus(t, admin.Do("GET", "/api/records/Invoices/"+id, nil), http.StatusOK)
		break
	}
	MustStatus(t, admin.Do("GET", "/api/records/Leads", nil), http.StatusNotFound) // no tab
	var own myRecords
	admin.Do("GET", "/api/records/Contacts", nil).JSON(t, &own)
	if len(own.Items) != 1 || own.Items[0].ID != contact {
		t.Errorf("own tab = %+v, want only the contact's own record", own.Items)
	}
	var products myRecords
	admin.Do("GET", "/api/records/Products?limit=100", nil).JSON(t, &products)
	if len(products.Items) != 12 {
		t.Errorf("catalog = %d products, want the 12", len(products.Items))
	}

	// A preview without a record sees the catalog only.
	MustStatus(t, admin.Do("POST", "/api/admin/preview", map[string]any{"userTypeId": list.Items[0].ID}), http.StatusCreated)
	var none myRecords
	admin.Do("GET", "/api/records/Invoices", nil).JSON(t, &none)
	if len(none.Items) != 0 {
		t.Errorf("a preview without a record lists %d invoices", len(none.Items))
	}
}

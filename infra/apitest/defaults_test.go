package apitest

import (
	"context"
	"net/http"
	"testing"

	"crmportal/infra/seed"
	"crmportal/shared/crm"
)

// TestNewCasesStartAsNew: a case a customer opens in the portal without a Status (Clientes
// may not even see the field), and one staff create without it, are stored as New, so a
// "Status = New" filter finds them; a Status staff give is kept.
func TestNewCasesStartAsNew(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	customer := e.customer(t, d, contacts[len(contacts)-1])
	cases, _ := crm.StandardModule(crm.Cases)
	stored := func(t *testing.T, id string) any {
		t.Helper()
		rec, err := e.store.GetRecord(context.Background(), cases, seed.DemoOrgID, id)
		if err != nil {
			t.Fatal(err)
		}
		return rec.Fields["Status"]
	}
	tests := []struct {
		name   string
		who    *client
		path   string
		fields map[string]any
		want   string
	}{
		{name: "opened in the portal without a status", who: customer, path: "/api/records/Cases",
			fields: map[string]any{"Subject": "Sem status no portal"}, want: "New"},
		{name: "created by staff without a status", who: d.admin, path: "/api/admin/records/Cases",
			fields: map[string]any{"Subject": "Sem status na equipe"}, want: "New"},
		{name: "created by staff with a status", who: d.admin, path: "/api/admin/records/Cases",
			fields: map[string]any{"Subject": "Com status", "Status": "Escalated"}, want: "Escalated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.who.Do("POST", tt.path, map[string]any{"fields": tt.fields})
			MustStatus(t, r, http.StatusCreated)
			var created struct{ ID string }
			r.JSON(t, &created)
			if got := stored(t, created.ID); got != tt.want {
				t.Errorf("stored Status = %v, want %s", got, tt.want)
			}
		})
	}
}

package apitest

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"crmportal/infra/seed"
	"crmportal/shared/crm"
)

// TestParallelEditsOfOneVersion: 50 parallel edits of one record, all based on version 1,
// through the staff API and through the portal: exactly one wins, the others answer 412,
// and the record holds the winner's value at version 2 (no lost update).
func TestParallelEditsOfOneVersion(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	customer := e.customer(t, d, e.demoContacts(t)[25])
	cases, _ := crm.StandardModule(crm.Cases)
	for _, side := range []struct {
		name   string
		c      *client
		create string
		path   string
	}{
		{"staff", d.admin, "/api/admin/records/Cases", "/api/admin/records/Cases/"},
		{"portal", customer, "/api/records/Cases", "/api/records/Cases/"},
	} {
		t.Run(side.name, func(t *testing.T) {
			r := side.c.Do("POST", side.create, map[string]any{"fields": map[string]any{"Subject": "Disputa"}})
			MustStatus(t, r, http.StatusCreated)
			var rec struct{ ID string }
			r.JSON(t, &rec)
			const n = 50
			codes := make([]int, n)
			var wg sync.WaitGroup
			for i := range codes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c := e.Client(t)
					c.cookies = side.c.cookies
					codes[i] = c.Do("PATCH", side.path+rec.ID, map[string]any{"fields": map[string]any{"Description": fmt.Sprint("edit ", i)}}, "If-Match", `"1"`).Status
				}()
			}
			wg.Wait()
			won := -1
			for i, code := range codes {
				switch code {
				case http.StatusOK:
					if won >= 0 {
						t.Fatalf("edits %d and %d both won", won, i)
					}
					won = i
				case http.StatusPreconditionFailed:
				default:
					t.Errorf("edit %d: status %d", i, code)
				}
			}
			if won < 0 {
				t.Fatal("no edit won")
			}
			got, err := e.store.GetRecord(context.Background(), cases, seed.DemoOrgID, rec.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != 2 || got.Fields["Description"] != fmt.Sprint("edit ", won) {
				t.Errorf("record after the race: version %d, Description %v; the winner was edit %d", got.Version, got.Fields["Description"], won)
			}
		})
	}
}

package apitest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"crmportal/shared/staffportalusers"
)

// bulkInvite posts a bulk invitation of records of module as c and answers its job id.
func bulkInvite(t *testing.T, c *client, module string, ids []string, typeID string) string {
	t.Helper()
	r := c.Do("POST", "/api/admin/portal-users/bulk", map[string]any{"action": "invite", "module": module, "ids": ids, "userTypeId": typeID})
	MustStatus(t, r, http.StatusAccepted)
	var out struct{ JobID string }
	r.JSON(t, &out)
	return out.JobID
}

// awaitBulkAs polls the job as c until every id has an outcome (a bounded number of polls)
// and answers it with its whole report, in the order of the request.
func awaitBulkAs(t *testing.T, c *client, id string) bulkJobJSON {
	t.Helper()
	var j bulkJobJSON
	for range 600 {
		r := c.Do("GET", "/api/admin/portal-users/bulk/"+id+"?all=true", nil)
		MustStatus(t, r, http.StatusOK)
		j = bulkJobJSON{}
		r.JSON(t, &j)
		if j.Status == "done" && len(j.Items) == j.Total {
			for i, it := range j.Items {
				if it.Position != i {
					t.Fatalf("item %d has position %d: %+v", i, it.Position, j.Items)
				}
			}
			return j
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("bulk job %s not done: %+v", id, j)
	return j
}

func TestBulkInvite(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Convites em massa", 3)
	var ids, emails []string
	for i := range 10 {
		email := fmt.Sprintf("massa%d-%s@cliente.example", i, p.ID)
		c := p.contact(t, fmt.Sprintf("Massa %d", i), email)
		ids, emails = append(ids, c.ID), append(emails, email)
	}

	t.Run("seats run out mid-job: the first three are invited, the rest fail in order", func(t *testing.T) {
		// A staff member who is not an admin may invite, as with the single invitation, and
		// follow the job.
		j := awaitBulkAs(t, p.User, bulkInvite(t, p.User, "Contacts", ids, p.Suppliers.ID))
		if j.Action != "invite" || j.Total != 10 || j.Done != 3 || j.Failed != 7 {
			t.Fatalf("job %+v", j)
		}
		for i, it := range j.Items {
			if it.ID != ids[i] {
				t.Errorf("item %d names %s, want the record %s", i, it.ID, ids[i])
			}
			if i < 3 {
				if it.Outcome != "done" {
					t.Errorf("item %d: %+v, want done", i, it)
				}
				continue
			}
			if it.Outcome != "failed" || it.Status != http.StatusUnprocessableEntity || !strings.HasPrefix(it.Detail, "userTypeId ") {
				t.Errorf("item %d: %+v, want failed with the seat rule", i, it)
			}
		}
		if n := e.userTypeUsers(t, p.ID, p.Suppliers.ID); n != 3 {
			t.Errorf("Suppliers holds %d seats, want 3", n)
		}
		for i, email := range emails {
			want := 0
			if i < 3 {
				want = 1
			}
			if n := len(mailsTo(t, email)); n != want {
				t.Errorf("contact %d: %d emails, want %d", i, n, want)
			}
		}
		for i, id := range ids {
			u, err := e.store.PortalUserByRecord(context.Background(), p.ID, id)
			switch {
			case i < 3 && (err != nil || u.Status != "invited" || u.UserTypeID != p.Suppliers.ID || u.Email != emails[i]):
				t.Errorf("contact %d: user %+v, %v", i, u, err)
			case i >= 3 && err == nil:
				t.Errorf("contact %d has the portal user %s", i, u.ID)
			}
		}
		// The single invitation of a record the bulk one refused answers the same rule.
		r := p.invite(t, "Contacts", ids[3], p.Suppliers.ID)
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if pr := r.Problem(t); len(pr.Errors) != 1 || j.Items[3].Detail != pr.Errors[0].Field+" "+pr.Errors[0].Message {
			t.Errorf("bulk reported %q, the single invitation %+v", j.Items[3].Detail, pr.Errors)
		}
		// An admin reads every job.
		MustStatus(t, p.Admin.Do("GET", "/api/admin/portal-users/bulk/"+j.ID, nil), http.StatusOK)
	})

	t.Run("active, already invited, no email and another organization's records fail item by item", func(t *testing.T) {
		e.accept(t, emails[0])
		noMail := p.contact(t, "Sem Email", "")
		q := e.mustPortalOrg(t, "Outra em massa", 2)
		theirs := q.contact(t, "Alheio", "alheio-"+q.ID+"@cliente.example")
		list := []string{ids[0], ids[1], noMail.ID, theirs.ID, ids[4]}
		j := awaitBulkAs(t, p.Admin, bulkInvite(t, p.Admin, "Contacts", list, p.Free.ID))
		want := []string{"failed Conflict", "failed Conflict", "failed Unprocessable Entity", "failed Not Found", "done"}
		for i, it := range j.Items {
			got := it.Outcome
			if got == "failed" {
				got += " " + http.StatusText(it.Status)
			}
			if got != want[i] {
				t.Errorf("item %d (%s): %s %q, want %s", i, it.ID, got, it.Detail, want[i])
			}
		}
		if d := j.Items[0].Detail; !strings.Contains(d, "already an active portal user") {
			t.Errorf("active contact reported %q", d)
		}
		e.wantNoUser(t, q.ID, theirs.ID)
		e.wantNoUser(t, p.ID, noMail.ID)
		if n := len(mailsTo(t, emails[4])); n != 1 {
			t.Errorf("contact 4: %d emails, want 1", n)
		}
		// The other organization does not see the job, nor a staff member who is not an admin
		// another member's job.
		MustStatus(t, q.Admin.Do("GET", "/api/admin/portal-users/bulk/"+j.ID, nil), http.StatusNotFound)
		MustStatus(t, p.User.Do("GET", "/api/admin/portal-users/bulk/"+j.ID, nil), http.StatusNotFound)
	})

	t.Run("bad requests create no job", func(t *testing.T) {
		many := func(n int) []string {
			out := make([]string, n)
			for i := range out {
				out[i] = fmt.Sprintf("rec%016d", i)
			}
			return out
		}
		for _, c := range []struct {
			name   string
			body   map[string]any
			status int
			field  string
		}{
			{"over the cap", map[string]any{"action": "invite", "module": "Contacts", "ids": many(staffportalusers.MaxBulkIDs + 1), "userTypeId": p.Free.ID}, http.StatusBadRequest, "ids"},
			{"without a type", map[string]any{"action": "invite", "module": "Contacts", "ids": ids[:2]}, http.StatusUnprocessableEntity, "userTypeId"},
			{"a type of another module", map[string]any{"action": "invite", "module": "Contacts", "ids": ids[:2], "userTypeId": p.Leads.ID}, http.StatusUnprocessableEntity, "userTypeId"},
			{"no such type", map[string]any{"action": "invite", "module": "Contacts", "ids": ids[:2], "userTypeId": "notatype00000000"}, http.StatusUnprocessableEntity, "userTypeId"},
			{"accounts", map[string]any{"action": "invite", "module": "Accounts", "ids": ids[:2], "userTypeId": p.Free.ID}, http.StatusUnprocessableEntity, "module"},
			{"a repeated record", map[string]any{"action": "invite", "module": "Contacts", "ids": []string{ids[5], ids[5]}, "userTypeId": p.Free.ID}, http.StatusUnprocessableEntity, "ids[1]"},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := p.User.Do("POST", "/api/admin/portal-users/bulk", c.body)
				MustStatus(t, r, c.status)
				if f := r.Problem(t).fields(); len(f) == 0 || f[0] != c.field {
					t.Errorf("fields %v, want %s first", f, c.field)
				}
			})
		}
		if n := e.userTypeUsers(t, p.ID, p.Free.ID); n != 1 {
			t.Errorf("Clientes holds %d seats, want 1 (contact 4)", n)
		}
		// Staff who are not admins still may not act on portal users in bulk.
		MustStatus(t, p.User.Do("POST", "/api/admin/portal-users/bulk", map[string]any{"action": "resend", "ids": ids[:1]}), http.StatusForbidden)
	})
}

package apitest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/shared/staffportalusers"
)

type bulkJobJSON struct {
	ID, Action, Status  string
	Total, Done, Failed int
	Items               []struct {
		Position     int
		ID, Outcome  string
		Status       int
		Code, Detail string
	}
}

// bulk posts a bulk action and answers its job id.
func (p portalOrg) bulk(t *testing.T, action string, ids []string, typeID string) string {
	t.Helper()
	body := map[string]any{"action": action, "ids": ids}
	if typeID != "" {
		body["userTypeId"] = typeID
	}
	r := p.Admin.Do("POST", "/api/admin/portal-users/bulk", body)
	MustStatus(t, r, http.StatusAccepted)
	var out struct{ JobID string }
	r.JSON(t, &out)
	if want := "/api/admin/portal-users/bulk/" + out.JobID; r.Header.Get("Location") != want {
		t.Errorf("Location = %q, want %q", r.Header.Get("Location"), want)
	}
	return out.JobID
}

// awaitBulk polls the job until every id has an outcome (a bounded number of polls) and
// answers it with its whole report.
func (p portalOrg) awaitBulk(t *testing.T, id string) bulkJobJSON {
	t.Helper()
	var j bulkJobJSON
	for range 600 {
		r := p.Admin.Do("GET", "/api/admin/portal-users/bulk/"+id+"?all=true", nil)
		MustStatus(t, r, http.StatusOK)
		j = bulkJobJSON{}
		r.JSON(t, &j)
		if j.Status == "done" && len(j.Items) == j.Total {
			return j
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("bulk job %s not done: %+v", id, j)
	return j
}

// outcomes maps each id of j's report to its outcome ("done", or "failed <status>").
func (j bulkJobJSON) outcomes() map[string]string {
	out := map[string]string{}
	for _, it := range j.Items {
		o := it.Outcome
		if o == "failed" {
			o += " " + http.StatusText(it.Status)
		}
		out[it.ID] = o
	}
	return out
}

func TestBulkPortalUserActions(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Em massa", 2)
	var ids, emails []string
	for i, last := range []string{"Alves", "Barros", "Cunha", "Duarte"} {
		email := strings.ToLower(last) + "-" + p.ID + "@cliente.example"
		c := p.contact(t, last, email)
		r := p.invite(t, "Contacts", c.ID, p.Free.ID)
		MustStatus(t, r, http.StatusCreated)
		var u portalUserJSON
		r.JSON(t, &u)
		ids, emails = append(ids, u.ID), append(emails, email)
		if n := len(mailsTo(t, email)); n != 1 {
			t.Fatalf("user %d: %d emails before the bulk resend", i, n)
		}
	}

	t.Run("resend to every user", func(t *testing.T) {
		j := p.awaitBulk(t, p.bulk(t, "resend", ids, ""))
		if j.Done != 4 || j.Failed != 0 || j.Total != 4 {
			t.Fatalf("resend: %+v", j)
		}
		for i, email := range emails {
			if n := len(mailsTo(t, email)); n != 2 {
				t.Errorf("user %d: %d emails, want 2 (the invitation, the bulk resend)", i, n)
			}
		}
	})

	t.Run("change type respects seats as the single action does", func(t *testing.T) {
		j := p.awaitBulk(t, p.bulk(t, "change-type", ids, p.Suppliers.ID))
		if j.Done != 2 || j.Failed != 2 {
			t.Fatalf("change-type into a type of 2 seats: %+v", j)
		}
		if n := e.userTypeUsers(t, p.ID, p.Suppliers.ID); n != 2 {
			t.Errorf("Suppliers holds %d seats, want 2", n)
		}
		var failed string
		for _, it := range j.Items {
			if it.Outcome == "failed" {
				failed = it.ID
				if it.Status != http.StatusUnprocessableEntity || !strings.HasPrefix(it.Detail, "userTypeId ") {
					t.Errorf("seat failure reported as %+v", it)
				}
			}
		}
		// The single action on a user the bulk one refused answers the same problem.
		r := p.Admin.Do("POST", "/api/admin/portal-users/"+failed+"/change-type", map[string]string{"userTypeId": p.Suppliers.ID})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		pr := r.Problem(t)
		for _, it := range j.Items {
			if it.ID == failed && (len(pr.Errors) != 1 || it.Detail != pr.Errors[0].Field+" "+pr.Errors[0].Message || it.Code != pr.Errors[0].Code) {
				t.Errorf("bulk reported %q (%s), the single action %+v", it.Detail, it.Code, pr.Errors)
			}
		}
	})

	t.Run("deactivate then activate", func(t *testing.T) {
		j := p.awaitBulk(t, p.bulk(t, "deactivate", ids[:2], ""))
		if j.Done != 2 || j.Failed != 0 {
			t.Fatalf("deactivate: %+v", j)
		}
		// Once deactivated, a second deactivation fails item by item with the single action's 409.
		j = p.awaitBulk(t, p.bulk(t, "deactivate", ids[:3], ""))
		got := j.outcomes()
		if got[ids[0]] != "failed Conflict" || got[ids[1]] != "failed Conflict" || got[ids[2]] != "done" {
			t.Errorf("second deactivate: %v", got)
		}
		j = p.awaitBulk(t, p.bulk(t, "activate", ids[:3], ""))
		if j.Done != 3 || j.Failed != 0 {
			t.Errorf("activate: %+v", j)
		}
	})

	t.Run("another organization's ids are not found and untouched", func(t *testing.T) {
		q := e.mustPortalOrg(t, "Outra", 2)
		c := q.contact(t, "Esteves", "esteves-"+q.ID+"@cliente.example")
		r := q.invite(t, "Contacts", c.ID, q.Free.ID)
		MustStatus(t, r, http.StatusCreated)
		var theirs portalUserJSON
		r.JSON(t, &theirs)
		j := p.awaitBulk(t, p.bulk(t, "deactivate", []string{theirs.ID, "unknownuser000000000", ids[3]}, ""))
		got := j.outcomes()
		if got[theirs.ID] != "failed Not Found" || got["unknownuser000000000"] != "failed Not Found" || got[ids[3]] != "done" {
			t.Errorf("outcomes: %v", got)
		}
		u, err := e.store.GetPortalUser(context.Background(), q.ID, theirs.ID)
		if err != nil || u.Status != "invited" {
			t.Errorf("the other organization's user: %+v, %v", u, err)
		}
		// Nor is the job of one organization another's.
		MustStatus(t, q.Admin.Do("GET", "/api/admin/portal-users/bulk/"+j.ID, nil), http.StatusNotFound)
	})

	t.Run("a chunk delivered twice counts once", func(t *testing.T) {
		id := p.bulk(t, "resend", ids[2:3], "")
		j := p.awaitBulk(t, id)
		before := len(mailsTo(t, emails[2]))
		body, _ := json.Marshal(staffportalusers.BulkMessage{OrgID: p.ID, JobID: id, Chunk: 0})
		resp, err := staffportalusers.BulkWorkerFunction(e.deps)(context.Background(), events.SQSEvent{Records: []events.SQSMessage{{MessageId: "again", Body: string(body)}}})
		if err != nil || len(resp.BatchItemFailures) != 0 {
			t.Fatalf("redelivery: %+v, %v", resp, err)
		}
		again := p.awaitBulk(t, id)
		if again.Done != j.Done || again.Failed != j.Failed || len(again.Items) != 1 {
			t.Errorf("after a redelivery %+v, before %+v", again, j)
		}
		if n := len(mailsTo(t, emails[2])); n != before {
			t.Errorf("a redelivery sent %d more emails", n-before)
		}
	})

	t.Run("revoke and erase", func(t *testing.T) {
		j := p.awaitBulk(t, p.bulk(t, "revoke", ids[2:3], ""))
		k := p.awaitBulk(t, p.bulk(t, "erase", ids[3:4], ""))
		if j.Done != 1 || k.Done != 1 {
			t.Fatalf("revoke %+v, erase %+v", j, k)
		}
		for _, id := range ids[2:4] {
			if _, err := e.store.GetPortalUser(context.Background(), p.ID, id); err == nil {
				t.Errorf("user %s still there", id)
			}
		}
	})

	t.Run("bad requests create no job", func(t *testing.T) {
		many := func(n int) []string {
			out := make([]string, n)
			for i := range out {
				out[i] = fmt.Sprintf("bulk%016d", i)
			}
			return out
		}
		for _, c := range []struct {
			name   string
			body   map[string]any
			status int
			field  string
		}{
			{"over the cap", map[string]any{"action": "resend", "ids": many(staffportalusers.MaxBulkIDs + 1)}, http.StatusBadRequest, "ids"},
			{"a hundred thousand ids", map[string]any{"action": "resend", "ids": many(100000)}, http.StatusBadRequest, "ids"},
			{"empty list", map[string]any{"action": "resend", "ids": []string{}}, http.StatusUnprocessableEntity, "ids"},
			{"repeated id", map[string]any{"action": "resend", "ids": []string{ids[0], ids[0]}}, http.StatusUnprocessableEntity, "ids[1]"},
			{"unknown action", map[string]any{"action": "promote", "ids": ids}, http.StatusUnprocessableEntity, "action"},
			{"change type without a type", map[string]any{"action": "change-type", "ids": ids}, http.StatusUnprocessableEntity, "userTypeId"},
			{"change type to no type", map[string]any{"action": "change-type", "ids": ids, "userTypeId": "notatype00000000"}, http.StatusUnprocessableEntity, "userTypeId"},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := p.Admin.Do("POST", "/api/admin/portal-users/bulk", c.body)
				MustStatus(t, r, c.status)
				if f := r.Problem(t).fields(); len(f) == 0 || f[0] != c.field {
					t.Errorf("fields %v, want %s first", f, c.field)
				}
			})
		}
		// Staff who may not act on portal users may not act on many either.
		MustStatus(t, p.User.Do("POST", "/api/admin/portal-users/bulk", map[string]any{"action": "resend", "ids": ids}), http.StatusForbidden)
		MustStatus(t, p.Admin.Do("GET", "/api/admin/portal-users/bulk/nosuchjob0000000", nil), http.StatusNotFound)
	})
}

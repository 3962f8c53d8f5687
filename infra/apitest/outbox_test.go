package apitest

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/infra/seed"
	"crmportal/shared/crm"
	"crmportal/shared/store"
)

// eventsOf are the event items (the outbox) of a record, read back from the table as they
// are stored: a Scan of the EVENT# items, which only a test makes.
func (e *env) eventsOf(t *testing.T, recordID string) []store.Event {
	t.Helper()
	var out []store.Event
	in := &dynamodb.ScanInput{TableName: aws.String(e.deps.Config.TableName), ConsistentRead: aws.Bool(true),
		FilterExpression:          aws.String("begins_with(PK, :p) AND recordId = :r"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": &types.AttributeValueMemberS{Value: store.EventPrefix}, ":r": &types.AttributeValueMemberS{Value: recordID}}}
	for {
		page, err := e.deps.DynamoDB.Scan(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			id := it["id"].(*types.AttributeValueMemberS).Value
			ev, err := e.store.GetEvent(context.Background(), id)
			if err != nil {
				t.Fatalf("GetEvent(%s): %v", id, err)
			}
			out = append(out, ev)
		}
		if len(page.LastEvaluatedKey) == 0 {
			break
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
	slices.SortFunc(out, func(a, b store.Event) int {
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	return out
}

// wantEvents fails unless the record's events are of kinds, in order (ids sort by time).
func (e *env) wantEvents(t *testing.T, recordID string, kinds ...string) []store.Event {
	t.Helper()
	evs := e.eventsOf(t, recordID)
	got := make([]string, len(evs))
	for i, ev := range evs {
		got[i] = ev.Kind
	}
	if !slices.Equal(got, kinds) {
		t.Fatalf("events of %s = %v, want %v", recordID, got, kinds)
	}
	return evs
}

// TestWritesPutTheirEvents: each producing write puts exactly its event items, in its own
// transaction: an internal note, a record linked to no customer and an edit of a field no
// tab marks put none; a write that fails puts none.
func TestWritesPutTheirEvents(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	ana := contacts[6]
	a := e.customer(t, d, ana)
	var me struct {
		User struct{ ID, Name string }
	}
	d.admin.Do("GET", "/api/admin/me", nil).JSON(t, &me)

	// A customer's new case and edit tell staff.
	r := a.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Boleto duplicado"}})
	MustStatus(t, r, http.StatusCreated)
	var cs struct{ ID string }
	r.JSON(t, &cs)
	evs := e.wantEvents(t, cs.ID, store.EventCustomerRecordCreated)
	if ev := evs[0]; ev.Actor.Kind != store.ActorPortal || ev.Module != crm.Cases || ev.OrgID != seed.DemoOrgID || ev.ExpiresAt.Sub(ev.At) > store.EventLifetime || ev.ExpiresAt.Sub(ev.At) < store.EventLifetime-time.Second {
		t.Errorf("event = %+v: want the portal user's, of the case, kept %v", ev, store.EventLifetime)
	}
	MustStatus(t, a.Do("PATCH", "/api/records/Cases/"+cs.ID, map[string]any{"fields": map[string]any{"Priority": "High"}}, "If-Match", `"1"`), http.StatusOK)
	evs = e.wantEvents(t, cs.ID, store.EventCustomerRecordCreated, store.EventCustomerRecordUpdated)
	if !slices.Equal(evs[1].Fields, []string{"Priority"}) {
		t.Errorf("customer.record.updated names %v, want [Priority]", evs[1].Fields)
	}
	MustStatus(t, a.Do("POST", "/api/records/Cases/"+cs.ID+"/notes", map[string]any{"body": "Segue o comprovante."}), http.StatusCreated)
	e.wantEvents(t, cs.ID, store.EventCustomerRecordCreated, store.EventCustomerRecordUpdated, store.EventCustomerNoteCreated)

	// Staff: an internal note puts nothing; a public reply puts note.public naming the note.
	staffNotes := "/api/admin/records/Cases/" + cs.ID + "/notes"
	MustStatus(t, d.admin.Do("POST", staffNotes, map[string]any{"body": "Cliente já pagou duas vezes.", "internal": true}), http.StatusCreated)
	e.wantEvents(t, cs.ID, store.EventCustomerRecordCreated, store.EventCustomerRecordUpdated, store.EventCustomerNoteCreated)
	r = d.admin.Do("POST", staffNotes, map[string]any{"body": "Estornamos o boleto duplicado."})
	MustStatus(t, r, http.StatusCreated)
	var note struct{ ID string }
	r.JSON(t, &note)
	evs = e.wantEvents(t, cs.ID, store.EventCustomerRecordCreated, store.EventCustomerRecordUpdated, store.EventCustomerNoteCreated, store.EventNotePublic)
	if ev := evs[3]; ev.NoteID != note.ID || ev.Actor.Kind != store.ActorStaff || ev.Actor.ID != me.User.ID {
		t.Errorf("note.public = %+v, want note %s by %s", ev, note.ID, me.User.ID)
	}

	// A staff edit of a field no tab marks puts nothing; once the Cases tab marks Status, a
	// change of Status puts field.changed naming it.
	MustStatus(t, d.admin.Do("PATCH", "/api/admin/records/Cases/"+cs.ID, map[string]any{"fields": map[string]any{"Status": "Escalated"}}, "If-Match", `"2"`), http.StatusOK)
	e.wantEvents(t, cs.ID, store.EventCustomerRecordCreated, store.EventCustomerRecordUpdated, store.EventCustomerNoteCreated, store.EventNotePublic)
	e.markNotifying(t, d, crm.Cases, "Status")
	MustStatus(t, d.admin.Do("PATCH", "/api/admin/records/Cases/"+cs.ID, map[string]any{"fields": map[string]any{"Subject": "Boleto duplicado (estorno)"}}, "If-Match", `"3"`), http.StatusOK)
	MustStatus(t, d.admin.Do("PATCH", "/api/admin/records/Cases/"+cs.ID, map[string]any{"fields": map[string]any{"Status": "Closed", "Priority": "Low"}}, "If-Match", `"4"`), http.StatusOK)
	evs = e.wantEvents(t, cs.ID, store.EventCustomerRecordCreated, store.EventCustomerRecordUpdated, store.EventCustomerNoteCreated, store.EventNotePublic, store.EventFieldChanged)
	if !slices.Equal(evs[4].Fields, []string{"Status"}) {
		t.Errorf("field.changed names %v, want [Status] (Priority is not marked)", evs[4].Fields)
	}

	// A staff record linked to the customer puts record.linked; one linked to no customer, none.
	inv := d.admin.MustCreate(crm.Invoices, map[string]any{"Subject": "Fatura de dezembro", "Contact_Name": ana.ID})
	e.wantEvents(t, inv.ID, store.EventRecordLinked)
	prod := d.admin.MustCreate(crm.Products, map[string]any{"Product_Name": "Cabo " + o0()})
	// The demo's catalog is counted by other tests: the product leaves with the test.
	t.Cleanup(func() {
		MustStatus(t, d.admin.Do("DELETE", "/api/admin/records/Products/"+prod.ID, nil, "If-Match", `"1"`), http.StatusNoContent)
	})
	e.wantEvents(t, prod.ID)

	// A write that fails puts no event: the store's update of a stale version is cancelled
	// with the event it carried.
	cases, _ := crm.StandardModule(crm.Cases)
	old, err := e.store.GetRecordConsistent(ctx, cases, seed.DemoOrgID, cs.ID)
	if err != nil {
		t.Fatal(err)
	}
	stale := old
	stale.Version--
	next := old
	next.Version, next.ModifiedAt = old.Version+1, old.ModifiedAt.Add(time.Second)
	ev := store.Event{ID: "evstale" + o0(), OrgID: seed.DemoOrgID, Kind: store.EventFieldChanged, Module: crm.Cases, RecordID: cs.ID, Fields: []string{"Status"}}
	if err := e.store.UpdateRecord(ctx, cases, stale, next, ev); !errors.Is(err, store.ErrVersion) {
		t.Fatalf("a stale update = %v, want ErrVersion", err)
	}
	if _, err := e.store.GetEvent(ctx, ev.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the failed update's event: %v, want ErrNotFound", err)
	}
	// A request refused before the store (412) puts none either.
	MustStatus(t, d.admin.Do("PATCH", "/api/admin/records/Cases/"+cs.ID, map[string]any{"fields": map[string]any{"Status": "Open"}}, "If-Match", `"1"`), http.StatusPreconditionFailed)
	e.wantEvents(t, cs.ID, store.EventCustomerRecordCreated, store.EventCustomerRecordUpdated, store.EventCustomerNoteCreated, store.EventNotePublic, store.EventFieldChanged)
}

// markNotifying marks fields of module's tab of the demo's free user type as notifying,
// until the test ends.
func (e *env) markNotifying(t *testing.T, d demoPortal, module string, fields ...string) {
	t.Helper()
	put := func(fields []string) {
		var full map[string]any
		r := d.admin.Do("GET", "/api/admin/user-types/"+d.clientes, nil)
		r.JSON(t, &full)
		tabs := full["tabs"].([]any)
		for _, tb := range tabs {
			if tab := tb.(map[string]any); tab["module"] == module {
				tab["notifyFields"] = fields
			}
		}
		body := map[string]any{"name": full["name"], "baseModule": full["baseModule"], "seats": full["seats"], "tabs": tabs,
			"fields": full["fields"], "notify": full["notify"]}
		if v, ok := full["openFirstTab"]; ok {
			body["openFirstTab"] = v
		}
		MustStatus(t, d.admin.Do("PUT", "/api/admin/user-types/"+d.clientes, body, "If-Match", strconv.Itoa(int(full["version"].(float64)))), http.StatusOK)
	}
	put(fields)
	t.Cleanup(func() { put(nil) })
}

// TestNotificationSettingsAreChecked: each setting refuses what it cannot mean, with a 422
// naming the field, and keeps what it can.
func TestNotificationSettingsAreChecked(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	a := e.customer(t, d, contacts[7])

	// The user type: notify kinds and a tab's notifyFields.
	var full map[string]any
	d.admin.Do("GET", "/api/admin/user-types/"+d.clientes, nil).JSON(t, &full)
	if got, _ := full["notify"].([]any); len(got) != 4 {
		t.Errorf("notify = %v, want the four customer kinds (the default)", full["notify"])
	}
	version := strconv.Itoa(int(full["version"].(float64)))
	tabs := full["tabs"].([]any)
	cases := -1
	for i, tb := range tabs {
		if tb.(map[string]any)["module"] == crm.Cases {
			cases = i
		}
	}
	if cases < 0 {
		t.Fatal("the demo type has no Cases tab")
	}
	tabs[cases].(map[string]any)["notifyFields"] = []string{"Status", "Nope"}
	body := map[string]any{"name": full["name"], "baseModule": full["baseModule"], "seats": full["seats"], "tabs": tabs,
		"fields": full["fields"], "notify": []string{"note.public", "customer.note.created"}}
	r := d.admin.Do("PUT", "/api/admin/user-types/"+d.clientes, body, "If-Match", version)
	MustStatus(t, r, http.StatusUnprocessableEntity)
	want := []string{"notify[1]", "tabs[" + strconv.Itoa(cases) + "].notifyFields[1]"}
	if got := r.Problem(t).fields(); !slices.Equal(got, want) {
		t.Errorf("fields = %v, want %v", got, want)
	}

	// The organization's staffNotify.
	r = d.admin.Do("PATCH", "/api/admin/org", map[string]any{"staffNotify": map[string]any{"email": "not an address", "role": "boss"}})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.Problem(t).fields(); !slices.Equal(got, []string{"staffNotify.email", "staffNotify.role"}) {
		t.Errorf("fields = %v", got)
	}
	var org struct{ StaffNotify store.StaffNotify }
	r = d.admin.Do("GET", "/api/admin/org", nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &org)
	before := org.StaffNotify
	r = d.admin.Do("PATCH", "/api/admin/org", map[string]any{"staffNotify": map[string]any{"email": " atendimento@acme.example ", "role": "admin"}})
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &org)
	if org.StaffNotify != (store.StaffNotify{Email: "atendimento@acme.example", Role: "admin"}) {
		t.Errorf("staffNotify = %+v", org.StaffNotify)
	}
	t.Cleanup(func() { d.admin.Do("PATCH", "/api/admin/org", map[string]any{"staffNotify": before}) })

	// Preferences: a customer turns off customer kinds only; staff, staff kinds only.
	prefs := map[string]any{"language": "pt-BR", "timeFormat": "24h", "timeZone": "America/Sao_Paulo", "country": "BR",
		"notifyOff": []string{"note.public", "customer.note.created"}}
	r = a.Do("PATCH", "/api/me/preferences", prefs)
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.Problem(t).fields(); !slices.Equal(got, []string{"notifyOff[1]"}) {
		t.Errorf("fields = %v", got)
	}
	prefs["notifyOff"] = []string{"field.changed"}
	MustStatus(t, a.Do("PATCH", "/api/me/preferences", prefs), http.StatusOK)
	u, err := e.store.PortalUserByRecord(context.Background(), seed.DemoOrgID, contacts[7].ID)
	if err != nil || u.Preferences == nil || !slices.Equal(u.Preferences.NotifyOff, []string{"field.changed"}) {
		t.Errorf("stored preferences = %+v, %v", u.Preferences, err)
	}

	r = d.admin.Do("PUT", "/api/admin/me/preferences", map[string]any{"notifyOff": []string{"note.public"}})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.Problem(t).fields(); !slices.Equal(got, []string{"notifyOff[0]"}) {
		t.Errorf("fields = %v", got)
	}
	MustStatus(t, d.admin.Do("PUT", "/api/admin/me/preferences", map[string]any{"notifyOff": []string{"customer.record.updated"}}), http.StatusOK)
	t.Cleanup(func() { d.admin.Do("PUT", "/api/admin/me/preferences", map[string]any{"notifyOff": []string{}}) })
	var sp store.StaffPreferences
	r = d.admin.Do("GET", "/api/admin/me/preferences", nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &sp)
	if !slices.Equal(sp.NotifyOff, []string{"customer.record.updated"}) {
		t.Errorf("staff preferences = %+v", sp)
	}

	// A record's owner: an active member, or none; never shown to the portal.
	var me struct{ User struct{ ID string } }
	d.admin.Do("GET", "/api/admin/me", nil).JSON(t, &me)
	r = d.admin.Do("POST", "/api/admin/records/Cases", map[string]any{"fields": map[string]any{"Subject": "x", "Contact_Name": contacts[7].ID}, "ownerId": "zzzzzzzzzzzzzzzzzzzz"})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.Problem(t).fields(); !slices.Equal(got, []string{"ownerId"}) {
		t.Errorf("fields = %v", got)
	}
	r = d.admin.Do("POST", "/api/admin/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Troca de titularidade", "Contact_Name": contacts[7].ID}, "ownerId": me.User.ID})
	MustStatus(t, r, http.StatusCreated)
	var rec struct {
		ID      string
		OwnerID string
		Version int
	}
	r.JSON(t, &rec)
	if rec.OwnerID != me.User.ID {
		t.Errorf("ownerId = %q, want %q", rec.OwnerID, me.User.ID)
	}
	r = a.Do("GET", "/api/records/Cases/"+rec.ID, nil)
	MustStatus(t, r, http.StatusOK)
	if strings.Contains(string(r.Body), me.User.ID) || strings.Contains(string(r.Body), "ownerId") {
		t.Errorf("the portal's record names its owner: %s", r.Body)
	}
	r = d.admin.Do("PATCH", "/api/admin/records/Cases/"+rec.ID, map[string]any{"fields": map[string]any{}, "ownerId": ""}, "If-Match", strconv.Itoa(rec.Version))
	MustStatus(t, r, http.StatusOK)
	rec.OwnerID = ""
	r.JSON(t, &rec)
	if rec.OwnerID != "" {
		t.Errorf("ownerId after clearing = %q", rec.OwnerID)
	}
}

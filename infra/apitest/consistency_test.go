package apitest

// DynamoDB's reads are eventually consistent unless asked otherwise, and its indexes lag:
// these tests check the paths whose next step depends on the previous write (a login then a
// request, a revocation then a request, an edit then an edit, a type's change racing its
// invitations). Run them with DDB_FAULTS=stale=1 to have every eventually consistent read
// answer the item as it was before a recent write.

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// sessionEntries counts the sessions listed under a user in the table (strongly consistent).
func (e *env) sessionEntries(t *testing.T, org, user string) int {
	t.Helper()
	out, err := e.deps.DynamoDB.Query(context.Background(), &dynamodb.QueryInput{TableName: aws.String(e.deps.Config.TableName),
		ConsistentRead:         aws.Bool(true),
		KeyConditionExpression: aws.String("PK = :p AND begins_with(SK, :s)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":p": &types.AttributeValueMemberS{Value: "ORG#" + org + "#USER#" + user},
			":s": &types.AttributeValueMemberS{Value: "SESSION#"}}})
	if err != nil {
		t.Fatal(err)
	}
	return len(out.Items)
}

// settle waits out the window in which injected stale reads answer an item as it was before
// its last write: for setup whose eventually consistent reads are not what a test checks.
func settle() {
	if injected.Stale > 0 {
		w := injected.StaleWindow
		if w <= 0 {
			w = time.Second
		}
		time.Sleep(w + 100*time.Millisecond)
	}
}

// TestStaffSessionsEndWithReset: a login is usable by the very next request; sessions
// started just before a password reset (one of them right before it) are refused right
// after it, and the new password works at once.
func TestStaffSessionsEndWithReset(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Sessões")
	early := e.LoggedIn(t, o.AdminEmail, o.Password)
	MustStatus(t, early.Do("GET", "/api/admin/me", nil), http.StatusOK)
	MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset", map[string]string{"email": o.AdminEmail}), http.StatusAccepted)
	token := lastLink(t, o.AdminEmail)
	late := e.LoggedIn(t, o.AdminEmail, o.Password) // just before the reset
	if n := e.sessionEntries(t, o.ID, o.AdminID); n != 2 {
		t.Fatalf("%d sessions listed under the admin, want 2", n)
	}
	newPassword := "the admin's brand new passphrase"
	MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset/"+token, map[string]string{"password": newPassword}), http.StatusNoContent)
	for name, c := range map[string]*client{"early": early, "late": late} {
		if r := c.Do("GET", "/api/admin/me", nil); r.Status != http.StatusUnauthorized {
			t.Errorf("the %s session after the reset: status %d, want 401", name, r.Status)
		}
	}
	if n := e.sessionEntries(t, o.ID, o.AdminID); n != 0 {
		t.Errorf("%d sessions still listed under the admin after the reset", n)
	}
	MustStatus(t, e.Client(t).Do("POST", "/api/admin/login", map[string]string{"email": o.AdminEmail, "password": o.Password}), http.StatusUnauthorized)
	c := e.LoggedIn(t, o.AdminEmail, newPassword)
	MustStatus(t, c.Do("GET", "/api/admin/me", nil), http.StatusOK)
	// A logout takes the session's entry under the user with it.
	MustStatus(t, c.Do("POST", "/api/logout", nil), http.StatusNoContent)
	if n := e.sessionEntries(t, o.ID, o.AdminID); n != 0 {
		t.Errorf("%d sessions listed under the admin after the logout", n)
	}
}

// TestPortalSessionsEndWithResetAndDeactivation: the session an acceptance starts works at
// once; sessions started just before a password reset, a deactivation or a change of type
// are refused right after it.
func TestPortalSessionsEndWithResetAndDeactivation(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Revogação", 2)
	settle() // the portal is configured before its customers come
	email := "bia-" + p.ID + "@cliente.example"
	bia := p.contact(t, "Lima", email)
	r := p.invite(t, "Contacts", bia.ID, p.Free.ID)
	MustStatus(t, r, http.StatusCreated)
	var u portalUserJSON
	r.JSON(t, &u)
	password := "bia's first portal passphrase"
	accepted := e.Client(t)
	MustStatus(t, accepted.Do("POST", "/api/invitations/"+tokenIn(t, email, "invite")+"/accept", map[string]string{"password": password}), http.StatusOK)
	MustStatus(t, accepted.Do("GET", "/api/me", nil), http.StatusOK)
	login := func(pw string) *client {
		c := e.Client(t)
		MustStatus(t, c.Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": email, "password": pw}), http.StatusOK)
		MustStatus(t, c.Do("GET", "/api/me", nil), http.StatusOK)
		return c
	}
	refused := func(when string, cs ...*client) {
		t.Helper()
		for i, c := range cs {
			if r := c.Do("GET", "/api/me", nil); r.Status != http.StatusUnauthorized {
				t.Errorf("session %d after %s: status %d, want 401", i+1, when, r.Status)
			}
		}
		if n := e.sessionEntries(t, p.ID, u.ID); n != 0 {
			t.Errorf("%d sessions still listed under the user after %s", n, when)
		}
	}

	// Reset.
	MustStatus(t, e.Client(t).Do("POST", "/api/p/"+p.Slug+"/password-reset", map[string]string{"email": email}), http.StatusAccepted)
	reset := tokenIn(t, email, "reset")
	late := login(password)
	newPassword := "bia's second portal passphrase"
	MustStatus(t, e.Client(t).Do("POST", "/api/password-reset/"+reset, map[string]string{"password": newPassword}), http.StatusNoContent)
	refused("the reset", accepted, late)
	MustStatus(t, e.Client(t).Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": email, "password": password}), http.StatusUnauthorized)

	// Deactivation.
	late = login(newPassword)
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/deactivate", nil), http.StatusOK)
	refused("the deactivation", late)

	// Change of type.
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/activate", nil), http.StatusOK)
	late = login(newPassword)
	MustStatus(t, p.Admin.Do("POST", "/api/admin/portal-users/"+u.ID+"/change-type", map[string]string{"userTypeId": p.Suppliers.ID}), http.StatusOK)
	refused("the change of type", late)
	login(newPassword)
}

// TestEditRightAfterEdit: each edit sends the ETag the previous answer carried, at once; none
// gets a spurious 412 from a stale read of the current version.
func TestEditRightAfterEdit(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Edições", 2)

	r := p.Admin.Do("POST", "/api/admin/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Primeira"}})
	MustStatus(t, r, http.StatusCreated)
	var rec struct{ ID string }
	r.JSON(t, &rec)
	etag := r.Header.Get("ETag")
	for i := 0; i < 4; i++ {
		r = p.Admin.Do("PATCH", "/api/admin/records/Cases/"+rec.ID, map[string]any{"fields": map[string]any{"Description": fmt.Sprint("edição ", i)}}, "If-Match", etag)
		MustStatus(t, r, http.StatusOK)
		etag = r.Header.Get("ETag")
		// The record's page right after the edit shows it, with the ETag the next edit sends.
		g := p.Admin.Do("GET", "/api/admin/records/Cases/"+rec.ID, nil)
		MustStatus(t, g, http.StatusOK)
		if got := g.Header.Get("ETag"); got != etag {
			t.Fatalf("edit %d: the record's page has ETag %s, the edit answered %s", i, got, etag)
		}
	}

	var ut userTypeJSON
	g := p.Admin.Do("GET", "/api/admin/user-types/"+p.Suppliers.ID, nil)
	g.JSON(t, &ut)
	etag = g.Header.Get("ETag")
	for i := 0; i < 4; i++ {
		r = p.Admin.Do("PUT", "/api/admin/user-types/"+ut.ID, map[string]any{"name": fmt.Sprint("Fornecedores ", i), "baseModule": "Contacts",
			"seats": ut.Seats, "tabs": ut.Tabs}, "If-Match", etag)
		MustStatus(t, r, http.StatusOK)
		etag = r.Header.Get("ETag")
	}

	g = p.Admin.Do("GET", "/api/admin/portal", nil)
	MustStatus(t, g, http.StatusOK)
	etag = g.Header.Get("ETag")
	for i := 0; i < 4; i++ {
		r = p.Admin.Do("PATCH", "/api/admin/portal", map[string]any{"name": fmt.Sprint("Portal ", p.ID[:6], " ", i)}, "If-Match", etag)
		MustStatus(t, r, http.StatusOK)
		etag = r.Header.Get("ETag")
	}

	etag = `"0"`
	for i := 0; i < 3; i++ {
		custom := map[string]any{"fields": []map[string]any{{"apiName": fmt.Sprint("Extra_", i), "labels": map[string]string{"en": fmt.Sprint("Extra ", i)}, "type": "text"}}}
		r = p.Admin.Do("PATCH", "/api/admin/modules/Solutions", custom, "If-Match", etag)
		MustStatus(t, r, http.StatusOK)
		etag = r.Header.Get("ETag")
	}
}

// TestTypeChangesRacingInvitations: 20 invitations for a type's last 20 seats run alongside
// 20 edits of the type (name, tabs) and 20 changes of the license allocation. However they
// interleave, the type's users counter equals the users who hold its seats, and the
// organization's allocation equals the licensed types' seats: no seat is lost to a write
// of a count read earlier.
func TestTypeChangesRacingInvitations(t *testing.T) {
	e := MustEnv(t)
	const n = 20
	p := e.mustPortalOrg(t, "Corrida", n)
	contacts := make([]record, n)
	for i := range contacts {
		contacts[i] = p.contact(t, fmt.Sprint("Corrida ", i), fmt.Sprintf("c%d-%s@cliente.example", i, p.ID))
	}
	var (
		wg                       sync.WaitGroup
		mu                       sync.Mutex
		invited, edited, alloced int
	)
	fork := func(from *client) *client {
		c := e.Client(t)
		c.cookies = maps.Clone(from.cookies)
		return c
	}
	count := func(what string, status int, n *int, ok int, also ...int) {
		mu.Lock()
		defer mu.Unlock()
		if status == ok {
			*n++
			return
		}
		for _, a := range also {
			if status == a {
				return
			}
		}
		t.Errorf("%s: status %d", what, status)
	}
	for i := 0; i < n; i++ {
		wg.Add(3)
		go func() {
			defer wg.Done()
			c := fork(p.User)
			r := c.Do("POST", "/api/admin/records/Contacts/"+contacts[i].ID+"/invitation", map[string]any{"userTypeId": p.Suppliers.ID})
			count("invitation", r.Status, &invited, http.StatusCreated, http.StatusConflict)
		}()
		go func() {
			defer wg.Done()
			c := fork(p.Admin)
			// Read, then write with the version read; again while a concurrent change wins.
			for try := 0; try < 10; try++ {
				g := c.Do("GET", "/api/admin/user-types/"+p.Suppliers.ID, nil)
				var ut userTypeJSON
				g.JSON(t, &ut)
				r := c.Do("PUT", "/api/admin/user-types/"+ut.ID, map[string]any{"name": fmt.Sprint("Fornecedores ", i), "baseModule": "Contacts",
					"seats": ut.Seats, "tabs": ut.Tabs}, "If-Match", g.Header.Get("ETag"))
				if r.Status != http.StatusPreconditionFailed && r.Status != http.StatusConflict {
					count("type edit", r.Status, &edited, http.StatusOK)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			c := fork(p.Admin)
			r := c.Do("PUT", "/api/admin/licenses", map[string]any{"allocations": map[string]int{p.Suppliers.ID: n + i%2, p.Leads.ID: n - i%2}})
			count("allocation", r.Status, &alloced, http.StatusOK, http.StatusConflict, http.StatusUnprocessableEntity)
		}()
	}
	wg.Wait()
	if invited == 0 || edited == 0 || alloced == 0 {
		t.Fatalf("nothing raced: %d invitations, %d type edits, %d allocations passed", invited, edited, alloced)
	}
	ctx := context.Background()
	holders := 0
	for _, c := range contacts {
		u, err := e.store.PortalUserByRecord(ctx, p.ID, c.ID)
		if err != nil {
			continue
		}
		if u.UserTypeID == p.Suppliers.ID && (u.Status == "invited" || u.Status == "active") {
			holders++
		}
	}
	if holders != invited {
		t.Errorf("%d users hold a seat, %d invitations answered 201", holders, invited)
	}
	sup, err := e.store.GetUserType(ctx, p.ID, p.Suppliers.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sup.Users != holders {
		t.Errorf("the type counts %d users, %d hold its seats (%d invitations, %d edits, %d allocations passed)", sup.Users, holders, invited, edited, alloced)
	}
	if sup.Users > sup.Seats {
		t.Errorf("the type has %d users for %d seats", sup.Users, sup.Seats)
	}
	org, err := e.store.GetOrgConsistent(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	uts, err := e.store.ListUserTypes(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	seats := 0
	for _, ut := range uts {
		if !ut.Free() {
			seats += ut.Seats
		}
	}
	if org.SeatsAllocated != seats || org.UserTypeCount != len(uts) {
		t.Errorf("organization counts %d seats allocated and %d types; the types hold %d seats, %d types", org.SeatsAllocated, org.UserTypeCount, seats, len(uts))
	}
}

// TestListsRightAfterWrites: a list read right after writes (an eventually consistent query)
// answers 200, with or without the newest records; once the window of stale reads is past it
// has every one. With DDB_FAULTS's stale reads, these reads are where stale answers land (the
// other tests settle before their lists), so an injected run always has some.
func TestListsRightAfterWrites(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Listas")
	c := e.LoggedIn(t, o.UserEmail, o.Password)
	var ids []string
	for i := range 10 {
		ids = append(ids, c.MustCreate("Accounts", map[string]any{"Account_Name": fmt.Sprintf("Lista %d", i)}).ID)
		for range 3 {
			var page struct{ Items []struct{ ID string } }
			r := c.Do("GET", "/api/admin/records/Accounts?limit=100", nil)
			MustStatus(t, r, http.StatusOK)
			r.JSON(t, &page)
			if len(page.Items) > len(ids) {
				t.Fatalf("the list right after %d creates answers %d records", len(ids), len(page.Items))
			}
		}
	}
	settle()
	got, _ := followPages(t, c, "/api/admin/records/Accounts?limit=100")
	wantEvery(t, got, ids)
}

package apitest

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/store"
)

type userTypeJSON struct {
	ID, Name, BaseModule   string
	Position, Seats, Users int
	Capacity, Version      int
	Free                   bool
	Tabs                   []map[string]any
}

// setLimits sets an organization's limits as the operator does.
func (e *env) setLimits(t *testing.T, org string, l store.Limits) {
	t.Helper()
	if _, err := e.store.UpdateOrg(context.Background(), org, store.OrgChanges{Limits: &l}); err != nil {
		t.Fatal(err)
	}
}

// setUsers sets a type's user count, as invitations will.
func (e *env) setUsers(t *testing.T, org, id string, users int) {
	t.Helper()
	_, err := e.deps.DynamoDB.UpdateItem(context.Background(), &dynamodb.UpdateItemInput{TableName: aws.String(e.deps.Config.TableName),
		Key:                       map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "ORG#" + org}, "SK": &types.AttributeValueMemberS{Value: "UTYPE#" + id}},
		UpdateExpression:          aws.String("SET #u = :n"),
		ExpressionAttributeNames:  map[string]string{"#u": "users"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":n": &types.AttributeValueMemberN{Value: strconv.Itoa(users)}}})
	if err != nil {
		t.Fatal(err)
	}
}

func (c *client) mustUserType(body map[string]any) userTypeJSON {
	c.tb.Helper()
	r := c.Do("POST", "/api/admin/user-types", body)
	MustStatus(c.tb, r, http.StatusCreated)
	var ut userTypeJSON
	r.JSON(c.tb, &ut)
	return ut
}

func TestUserTypesAndLicenses(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Tipos")
	e.setLimits(t, o.ID, store.Limits{UserTypes: 3, FreeSeats: 3000, LicensePool: 25})
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	user := e.LoggedIn(t, o.UserEmail, o.Password)

	MustStatus(t, user.Do("POST", "/api/admin/user-types", map[string]any{"name": "X", "baseModule": "Contacts"}), http.StatusForbidden)
	r := admin.Do("POST", "/api/admin/user-types", map[string]any{"name": "Fornecedores", "baseModule": "Leads", "seats": 5})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.Problem(t).fields(); len(got) != 1 || got[0] != "baseModule" {
		t.Errorf("first type on Leads: fields %v, want baseModule", got)
	}

	free := admin.mustUserType(map[string]any{"name": "Clientes", "baseModule": "Contacts"})
	if !free.Free || free.Position != 0 || free.Capacity != 3000 || len(free.Tabs) == 0 {
		t.Errorf("free type = %+v, want the free type with 3,000 seats and candidate tabs", free)
	}
	r = admin.Do("POST", "/api/admin/user-types", map[string]any{"name": "Grande", "baseModule": "Leads", "seats": 26})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	sup := admin.mustUserType(map[string]any{"name": "Fornecedores", "baseModule": "Leads", "seats": 10})
	if sup.Free || sup.Capacity != 10 {
		t.Errorf("licensed type = %+v", sup)
	}
	third := admin.mustUserType(map[string]any{"name": "Parceiros", "baseModule": "Contacts", "seats": 10})
	r = admin.Do("POST", "/api/admin/user-types", map[string]any{"name": "Quarto", "baseModule": "Contacts", "seats": 1})
	MustStatus(t, r, http.StatusConflict) // the organization's limit of 3 types

	var lic struct {
		Pool, Allocated int
		Free            struct{ Seats int }
		Types           []struct {
			ID           string
			Seats, Users int
		}
	}
	admin.Do("GET", "/api/admin/licenses", nil).JSON(t, &lic)
	if lic.Pool != 25 || lic.Allocated != 20 || lic.Free.Seats != 3000 || len(lic.Types) != 2 {
		t.Errorf("licenses = %+v", lic)
	}
	r = admin.Do("PUT", "/api/admin/licenses", map[string]any{"allocations": map[string]int{sup.ID: 16}})
	MustStatus(t, r, http.StatusUnprocessableEntity) // 16 + 10 > 25
	r = admin.Do("PUT", "/api/admin/licenses", map[string]any{"allocations": map[string]int{free.ID: 5}})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	MustStatus(t, admin.Do("PUT", "/api/admin/licenses", map[string]any{"allocations": map[string]int{sup.ID: 15}}), http.StatusOK)

	e.setUsers(t, o.ID, third.ID, 7)
	r = admin.Do("PUT", "/api/admin/licenses", map[string]any{"allocations": map[string]int{third.ID: 6}})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if p := r.Problem(t); len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, "7 users") {
		t.Errorf("lowering below the users: %+v, want the count in the message", p)
	}
	MustStatus(t, admin.Do("DELETE", "/api/admin/user-types/"+third.ID, nil), http.StatusConflict)
	MustStatus(t, admin.Do("DELETE", "/api/admin/user-types/"+free.ID, nil), http.StatusConflict)

	// A tab's configuration is checked against the module.
	got := userTypeJSON{}
	admin.Do("GET", "/api/admin/user-types/"+sup.ID, nil).JSON(t, &got)
	body := map[string]any{"name": got.Name, "baseModule": got.BaseModule, "seats": got.Seats, "tabs": got.Tabs,
		"fields": map[string]any{"Leads": map[string]string{"Last_Name": "read", "Email": "write"}}}
	body["tabs"].([]map[string]any)[0]["enabled"] = true
	body["tabs"].([]map[string]any)[0]["scopeField"] = "Nope"
	MustStatus(t, admin.Do("PUT", "/api/admin/user-types/"+sup.ID, body), http.StatusPreconditionRequired)
	r = admin.Do("PUT", "/api/admin/user-types/"+sup.ID, body, "If-Match", strconv.Itoa(got.Version))
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if f := r.Problem(t).fields(); len(f) == 0 || !strings.HasPrefix(f[0], "tabs[0]") {
		t.Errorf("fields = %v, want tabs[0]...", f)
	}
	body["tabs"].([]map[string]any)[0]["scopeField"] = ""
	body["tabs"].([]map[string]any)[0]["display"] = map[string]any{"kind": "list", "columns": []string{"Last_Name", "Email"}}
	MustStatus(t, admin.Do("PUT", "/api/admin/user-types/"+sup.ID, body, "If-Match", strconv.Itoa(got.Version)), http.StatusOK)
	MustStatus(t, admin.Do("PUT", "/api/admin/user-types/"+sup.ID, body, "If-Match", strconv.Itoa(got.Version)), http.StatusPreconditionFailed)
}

// TestUserTypeLimitsHoldUnderConcurrency: parallel creates never pass the organization's
// number of types, and parallel allocations never pass the license pool.
func TestUserTypeLimitsHoldUnderConcurrency(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Paralelo")
	e.setLimits(t, o.ID, store.Limits{UserTypes: 5, FreeSeats: 3000, LicensePool: 12})
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	admin.mustUserType(map[string]any{"name": "Clientes", "baseModule": "Contacts"})

	const n = 10
	var wg sync.WaitGroup
	created := make([]string, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := admin.Do("POST", "/api/admin/user-types", map[string]any{"name": "T" + strconv.Itoa(i), "baseModule": "Contacts", "seats": 3})
			if r.Status == http.StatusCreated {
				var ut userTypeJSON
				r.JSON(t, &ut)
				created[i] = ut.ID
			} else if r.Status != http.StatusConflict && r.Status != http.StatusUnprocessableEntity {
				t.Errorf("status %d, want 201, 409 or 422", r.Status)
			}
		}()
	}
	wg.Wait()
	var list struct{ Items []userTypeJSON }
	admin.Do("GET", "/api/admin/user-types", nil).JSON(t, &list)
	seats, won := 0, 0
	for _, id := range created {
		if id != "" {
			won++
		}
	}
	for _, ut := range list.Items {
		seats += ut.Seats
	}
	if len(list.Items) > 5 || len(list.Items) != won+1 || seats > 12 {
		t.Fatalf("%d types (%d created), %d seats: want at most 5 types and 12 seats", len(list.Items), won, seats)
	}
	org, err := e.store.GetOrg(context.Background(), o.ID)
	if err != nil || org.UserTypeCount != len(list.Items) || org.SeatsAllocated != seats {
		t.Errorf("org counters = %d types, %d seats (%v); want %d and %d", org.UserTypeCount, org.SeatsAllocated, err, len(list.Items), seats)
	}
}

// TestUserTypeBadInput: each bad configuration answers a 4xx naming the rule and writes
// nothing.
func TestUserTypeBadInput(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Ruim")
	e.setLimits(t, o.ID, store.Limits{UserTypes: 2, FreeSeats: 3000, LicensePool: 5})
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	free := admin.mustUserType(map[string]any{"name": "Clientes", "baseModule": "Contacts"})
	var got userTypeJSON
	admin.Do("GET", "/api/admin/user-types/"+free.ID, nil).JSON(t, &got)

	tab := func(change func(map[string]any)) []map[string]any {
		tabs := make([]map[string]any, len(got.Tabs))
		for i, tb := range got.Tabs {
			c := map[string]any{}
			for k, v := range tb {
				c[k] = v
			}
			tabs[i] = c
		}
		change(tabs[1])
		return tabs
	}
	tests := []struct {
		name   string
		method string
		body   map[string]any
		status int
		field  string
	}{
		{"licensed type on Accounts", "POST", map[string]any{"name": "X", "baseModule": "Accounts", "seats": 1}, 422, "baseModule"},
		{"seats over the pool", "POST", map[string]any{"name": "X", "baseModule": "Leads", "seats": 6}, 422, "seats"},
		{"unknown field", "POST", map[string]any{"name": "X", "baseModule": "Leads", "seats": 1, "color": "red"}, 400, ""},
		{"unknown module in a tab", "PUT", map[string]any{"name": "Clientes", "baseModule": "Contacts",
			"tabs": tab(func(m map[string]any) { m["module"] = "Deals" })}, 422, "tabs[1].module"},
		{"layout of another module", "PUT", map[string]any{"name": "Clientes", "baseModule": "Contacts",
			"tabs": tab(func(m map[string]any) { m["layouts"] = []string{"nope"} })}, 422, "tabs[1].layouts[0]"},
		{"criterion on a missing field", "PUT", map[string]any{"name": "Clientes", "baseModule": "Contacts",
			"tabs": tab(func(m map[string]any) {
				m["fixed"] = map[string]any{"field": "Nope", "op": "eq", "values": []string{"x"}}
			})}, 422, "tabs[1].fixed.field"},
		{"permission on a missing field", "PUT", map[string]any{"name": "Clientes", "baseModule": "Contacts", "tabs": got.Tabs,
			"fields": map[string]any{"Contacts": map[string]string{"Nope": "read"}}}, 422, "fields.Contacts.Nope"},
		{"the free type on Leads", "PUT", map[string]any{"name": "Clientes", "baseModule": "Leads", "tabs": []any{}}, 422, "baseModule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/api/admin/user-types"
			var hdr []string
			if tt.method == "PUT" {
				path += "/" + free.ID
				hdr = []string{"If-Match", "1"}
			}
			r := admin.Do(tt.method, path, tt.body, hdr...)
			MustStatus(t, r, tt.status)
			if tt.field != "" {
				found := false
				for _, f := range r.Problem(t).fields() {
					found = found || f == tt.field
				}
				if !found {
					t.Errorf("fields = %v, want %s", r.Problem(t).fields(), tt.field)
				}
				// The editor shows each refusal in the admin's language by its code.
				for _, e := range r.Problem(t).Errors {
					if e.Code == "" {
						t.Errorf("%s %q has no code", e.Field, e.Message)
					}
				}
			}
		})
	}
	// Nothing was written: one type, version 1, no seats allocated.
	var list struct{ Items []userTypeJSON }
	admin.Do("GET", "/api/admin/user-types", nil).JSON(t, &list)
	org, _ := e.store.GetOrg(context.Background(), o.ID)
	if len(list.Items) != 1 || list.Items[0].Version != 1 || org.UserTypeCount != 1 || org.SeatsAllocated != 0 {
		t.Errorf("after refused changes: %d types (version %d), counters %d/%d", len(list.Items), list.Items[0].Version, org.UserTypeCount, org.SeatsAllocated)
	}
	// A second free type cannot exist: the next type is licensed whatever is asked, and the
	// organization's limit of two types then refuses a third.
	second := admin.mustUserType(map[string]any{"name": "Outro", "baseModule": "Contacts", "seats": 1})
	if second.Free {
		t.Error("a second type was created free")
	}
	MustStatus(t, admin.Do("POST", "/api/admin/user-types", map[string]any{"name": "Terceiro", "baseModule": "Contacts", "seats": 1}), http.StatusConflict)
}

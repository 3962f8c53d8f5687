package apitest

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/erasure"
	"crmportal/shared/store"
)

// erasable is a customer with a portal login and some history in the audit log: invited,
// accepted, signed in, one failed sign-in.
type erasable struct {
	ID, Email, Name, Password, Record string
	Client                            *client
}

func (p portalOrg) erasable(t *testing.T, e *env, last string) erasable {
	t.Helper()
	email := strings.ToLower(last) + "-" + p.ID + "@cliente.example"
	rec := p.contact(t, last, email)
	MustStatus(t, p.invite(t, "Contacts", rec.ID, p.Free.ID), http.StatusCreated)
	c := e.accept(t, email)
	password := "a colleague's passphrase " + email
	MustStatus(t, c.Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": email, "password": password + "?"}), http.StatusUnauthorized)
	MustStatus(t, c.Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": email, "password": password}), http.StatusOK)
	var me struct{ ID, Name string }
	r := c.Do("GET", "/api/me", nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &me)
	return erasable{ID: me.ID, Email: email, Name: me.Name, Password: password, Record: rec.ID, Client: c}
}

// mustBeErased checks what an erasure leaves: no session, the CRM record, an
// audit log (read consistently, every entry) where the user's email appears nowhere and the
// entries they made carry their pseudonym, among them the erasure's own entry; and no login.
func (e *env) mustBeErased(t *testing.T, p portalOrg, u erasable) {
	t.Helper()
	MustStatus(t, u.Client.Do("GET", "/api/me", nil), http.StatusUnauthorized)
	MustStatus(t, p.Admin.Do("GET", "/api/admin/records/Contacts/"+u.Record, nil), http.StatusOK) // CRM data stays
	pseudonym := erasure.Pseudonym(p.ID, u.ID)
	var start map[string]types.AttributeValue
	mine, erased := 0, 0
	for {
		out, err := e.deps.DynamoDB.Query(context.Background(), &dynamodb.QueryInput{TableName: aws.String(e.deps.Config.TableName),
			ConsistentRead: aws.Bool(true), KeyConditionExpression: aws.String("PK = :p"), ExclusiveStartKey: start,
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": &types.AttributeValueMemberS{Value: "ORG#" + p.ID + "#AUDIT"}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range out.Items {
			var entry store.AuditEntry
			if err := attributevalue.UnmarshalMap(item, &entry); err != nil {
				t.Fatal(err)
			}
			all := strings.ToLower(entry.Actor.Name + " " + entry.Detail)
			if strings.Contains(all, strings.ToLower(u.Email)) {
				t.Errorf("audit entry %s (%s) still has the email: %+v", entry.ID, entry.Action, entry)
			}
			if entry.Actor.ID == u.ID {
				mine++
				if entry.Actor.Name != pseudonym || strings.Contains(entry.Detail, u.Name) {
					t.Errorf("audit entry %s (%s) of the erased user: actor %q detail %q, want actor %q", entry.ID, entry.Action, entry.Actor.Name, entry.Detail, pseudonym)
				}
			}
			if entry.Action == "portal_user_erase" && entry.RecordID == u.Record {
				erased++
				if entry.Detail != pseudonym {
					t.Errorf("erasure entry detail = %q, want %q", entry.Detail, pseudonym)
				}
			}
		}
		if len(out.LastEvaluatedKey) == 0 {
			break
		}
		start = out.LastEvaluatedKey
	}
	if mine < 2 || erased != 1 {
		t.Errorf("entries of the erased user = %d (want the login and more), erasure entries = %d (want 1)", mine, erased)
	}
	if _, err := e.store.GetPortalUser(context.Background(), p.ID, u.ID); err == nil {
		t.Errorf("the erased user %s is still stored", u.ID)
	}
	// Last: a sign-in with the email typed is audited as the unknown email it now is.
	MustStatus(t, e.Client(t).Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": u.Email, "password": u.Password}), http.StatusUnauthorized)
}

// TestErasureOnRequest: a customer erases their own account with their password; a preview
// and a wrong password are refused and change nothing; the audit log keeps no trace of
// their email or name.
func TestErasureOnRequest(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Apagamentos", 5)
	u := p.erasable(t, e, "Esquecida")

	t.Run("preview refused", func(t *testing.T) {
		MustStatus(t, p.Admin.Do("POST", "/api/admin/preview", map[string]any{"userTypeId": p.Free.ID}), http.StatusCreated)
		r := p.Admin.Do("POST", "/api/me/erasure", map[string]string{"password": p.Password})
		MustStatus(t, r, http.StatusForbidden)
		if !strings.Contains(string(r.Body), "preview") {
			t.Errorf("refusal = %s, want it to name the preview rule", r.Body)
		}
	})
	t.Run("password required", func(t *testing.T) {
		r := u.Client.Do("POST", "/api/me/erasure", map[string]string{})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(string(r.Body), `"password"`) {
			t.Errorf("refusal = %s, want it to name the password", r.Body)
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		r := u.Client.Do("POST", "/api/me/erasure", map[string]string{"password": u.Password + "!"})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(string(r.Body), "is not your password") {
			t.Errorf("refusal = %s, want it to name the password", r.Body)
		}
		MustStatus(t, u.Client.Do("GET", "/api/me", nil), http.StatusOK) // nothing changed
	})
	t.Run("erased", func(t *testing.T) {
		r := u.Client.Do("POST", "/api/me/erasure", map[string]string{"password": u.Password})
		MustStatus(t, r, http.StatusNoContent)
		if c := r.Header.Get("Set-Cookie"); !strings.Contains(c, "__Host-portal=;") {
			t.Errorf("Set-Cookie = %q, want the portal cookie cleared", c)
		}
		e.mustBeErased(t, p, u)
	})
}

// TestAdminErasurePseudonymizesTheAudit: the admin's erasure of a portal user is the same
// erasure: their email and name leave every audit entry.
func TestAdminErasurePseudonymizesTheAudit(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Apagados", 5)
	u := p.erasable(t, e, "Apagado")
	other := p.erasable(t, e, "Outra")
	// What the notifier keeps for each of them: a notification and a digest.
	kept := func(who erasable) []map[string]types.AttributeValue {
		return []map[string]types.AttributeValue{
			mustKey(t, "ORG#"+p.ID+"#NOTIFY#portal#"+who.ID, "NOTIF#0mxdaaaaa.Contacts."+who.Record),
			mustKey(t, "ORG#"+p.ID+"#DIGEST#portal#"+who.ID, "Contacts#"+who.Record),
		}
	}
	for _, who := range []erasable{u, other} {
		for _, k := range kept(who) {
			if _, err := e.deps.DynamoDB.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(e.deps.Config.TableName), Item: k}); err != nil {
				t.Fatal(err)
			}
		}
	}
	MustStatus(t, p.Admin.Do("DELETE", "/api/admin/portal-users/"+u.ID, nil), http.StatusNoContent)
	e.mustBeErased(t, p, u)
	for _, who := range []erasable{u, other} {
		for _, k := range kept(who) {
			out, err := e.deps.DynamoDB.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(e.deps.Config.TableName), Key: k, ConsistentRead: aws.Bool(true)})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := out.Item != nil, who.ID == other.ID; got != want {
				t.Errorf("%s's item %v kept = %v, want %v", who.Email, k["PK"], got, want)
			}
		}
	}
	MustStatus(t, other.Client.Do("GET", "/api/me", nil), http.StatusOK) // only the one user
}

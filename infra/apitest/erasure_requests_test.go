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

	"crmportal/shared/store"
)

type myErasureJSON struct {
	Mode, State string
	RequestedAt string
}

type erasureRequestsJSON struct {
	Items []struct{ UserID, RecordID, Name, Email, RequestedAt string }
}

// mustErasureState checks GET /api/me/erasure of c.
func mustErasureState(t *testing.T, c *client, mode, state string) {
	t.Helper()
	r := c.Do("GET", "/api/me/erasure", nil)
	MustStatus(t, r, http.StatusOK)
	var got myErasureJSON
	r.JSON(t, &got)
	if got.Mode != mode || got.State != state || (state == "pending") != (got.RequestedAt != "") {
		t.Errorf("erasure state = %+v, want mode %s, state %s", got, mode, state)
	}
}

// pendingOf lists the organization's pending requests as admin sees them: the user ids.
func pendingOf(t *testing.T, admin *client) []string {
	t.Helper()
	r := admin.Do("GET", "/api/admin/erasure-requests", nil)
	MustStatus(t, r, http.StatusOK)
	var got erasureRequestsJSON
	r.JSON(t, &got)
	ids := make([]string, 0, len(got.Items))
	for _, it := range got.Items {
		ids = append(ids, it.UserID)
	}
	return ids
}

// auditActionCounts counts the actions of the organization's log (read consistently).
func (e *env) auditActionCounts(t *testing.T, org string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	var start map[string]types.AttributeValue
	for {
		out, err := e.deps.DynamoDB.Query(context.Background(), &dynamodb.QueryInput{TableName: aws.String(e.deps.Config.TableName),
			ConsistentRead: aws.Bool(true), KeyConditionExpression: aws.String("PK = :p"), ExclusiveStartKey: start,
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": &types.AttributeValueMemberS{Value: "ORG#" + org + "#AUDIT"}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range out.Items {
			var entry store.AuditEntry
			if err := attributevalue.UnmarshalMap(item, &entry); err != nil {
				t.Fatal(err)
			}
			counts[entry.Action]++
		}
		if len(out.LastEvaluatedKey) == 0 {
			return counts
		}
		start = out.LastEvaluatedKey
	}
}

// TestErasureApproval: in an organization whose erasure mode is approval, a customer's
// request waits (one at a time), may be withdrawn, and is listed for the admins only of that
// organization; an approval erases the account, a rejection keeps it.
func TestErasureApproval(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Aprovações", 5)
	other := e.mustPortalOrg(t, "Outra empresa", 5)
	u := p.erasable(t, e, "Pedinte")
	kept := p.erasable(t, e, "Recusada")

	mustErasureState(t, u.Client, "immediate", "none") // the default
	t.Run("bad mode", func(t *testing.T) {
		r := p.Admin.Do("PATCH", "/api/admin/org", map[string]any{"erasure": "later"})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(string(r.Body), `"erasure"`) {
			t.Errorf("refusal = %s, want it to name erasure", r.Body)
		}
	})
	MustStatus(t, p.Admin.Do("PATCH", "/api/admin/org", map[string]any{"erasure": "approval"}), http.StatusOK)

	t.Run("request is pending", func(t *testing.T) {
		r := u.Client.Do("POST", "/api/me/erasure", map[string]string{"password": u.Password})
		MustStatus(t, r, http.StatusAccepted)
		var got myErasureJSON
		r.JSON(t, &got)
		if got.State != "pending" || got.Mode != "approval" {
			t.Errorf("answer = %+v, want pending in approval mode", got)
		}
		MustStatus(t, u.Client.Do("GET", "/api/me", nil), http.StatusOK) // still signed in
		mustErasureState(t, u.Client, "approval", "pending")
	})
	t.Run("second request refused", func(t *testing.T) {
		r := u.Client.Do("POST", "/api/me/erasure", map[string]string{"password": u.Password})
		MustStatus(t, r, http.StatusConflict)
		if !strings.Contains(string(r.Body), "pending already") {
			t.Errorf("refusal = %s, want it to name the one-request rule", r.Body)
		}
	})
	t.Run("withdraw", func(t *testing.T) {
		MustStatus(t, u.Client.Do("DELETE", "/api/me/erasure", nil), http.StatusNoContent)
		mustErasureState(t, u.Client, "approval", "none")
		MustStatus(t, u.Client.Do("DELETE", "/api/me/erasure", nil), http.StatusNotFound)
	})
	t.Run("preview refused", func(t *testing.T) {
		MustStatus(t, p.Admin.Do("POST", "/api/admin/preview", map[string]any{"userTypeId": p.Free.ID}), http.StatusCreated)
		MustStatus(t, p.Admin.Do("DELETE", "/api/me/erasure", nil), http.StatusForbidden)
		r := p.Admin.Do("POST", "/api/me/erasure", map[string]string{"password": p.Password})
		MustStatus(t, r, http.StatusForbidden)
		if !strings.Contains(string(r.Body), "preview") {
			t.Errorf("refusal = %s, want it to name the preview rule", r.Body)
		}
	})
	t.Run("requested again and listed", func(t *testing.T) {
		MustStatus(t, u.Client.Do("POST", "/api/me/erasure", map[string]string{"password": u.Password}), http.StatusAccepted)
		MustStatus(t, kept.Client.Do("POST", "/api/me/erasure", map[string]string{"password": kept.Password}), http.StatusAccepted)
		got := pendingOf(t, p.Admin)
		if len(got) != 2 || !strings.Contains(strings.Join(got, ","), u.ID) || !strings.Contains(strings.Join(got, ","), kept.ID) {
			t.Errorf("pending = %v, want %s and %s", got, u.ID, kept.ID)
		}
		if got := pendingOf(t, other.Admin); len(got) != 0 {
			t.Errorf("another organization's pending = %v, want none", got)
		}
		MustStatus(t, p.User.Do("GET", "/api/admin/erasure-requests", nil), http.StatusForbidden) // admins only
	})
	t.Run("bad decisions", func(t *testing.T) {
		r := p.Admin.Do("POST", "/api/admin/erasure-requests/"+u.ID, map[string]string{"decision": "maybe"})
		MustStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(string(r.Body), `"decision"`) {
			t.Errorf("refusal = %s, want it to name decision", r.Body)
		}
		MustStatus(t, other.Admin.Do("POST", "/api/admin/erasure-requests/"+u.ID, map[string]string{"decision": "approve"}), http.StatusNotFound)
		MustStatus(t, p.User.Do("POST", "/api/admin/erasure-requests/"+u.ID, map[string]string{"decision": "approve"}), http.StatusForbidden)
		MustStatus(t, u.Client.Do("GET", "/api/me", nil), http.StatusOK) // nothing changed
	})
	t.Run("reject", func(t *testing.T) {
		MustStatus(t, p.Admin.Do("POST", "/api/admin/erasure-requests/"+kept.ID, map[string]string{"decision": "reject", "reason": "open invoices"}), http.StatusNoContent)
		mustErasureState(t, kept.Client, "approval", "none")
		MustStatus(t, kept.Client.Do("GET", "/api/me", nil), http.StatusOK)
		MustStatus(t, p.Admin.Do("POST", "/api/admin/erasure-requests/"+kept.ID, map[string]string{"decision": "reject"}), http.StatusNotFound)
	})
	t.Run("approve", func(t *testing.T) {
		MustStatus(t, p.Admin.Do("POST", "/api/admin/erasure-requests/"+u.ID, map[string]string{"decision": "approve"}), http.StatusNoContent)
		e.mustBeErased(t, p, u)
		if got := pendingOf(t, p.Admin); len(got) != 0 {
			t.Errorf("pending after the decisions = %v, want none", got)
		}
	})
	counts := e.auditActionCounts(t, p.ID)
	for action, want := range map[string]int{"erasure_requested": 3, "erasure_withdrawn": 1, "erasure_rejected": 1} {
		if counts[action] != want {
			t.Errorf("audit %s = %d, want %d", action, counts[action], want)
		}
	}
}

// TestErasureImmediateAfterApproval: back in immediate mode, a request erases at once and
// takes a pending request with it.
func TestErasureImmediateAfterApproval(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Imediata", 5)
	u := p.erasable(t, e, "Imediata")
	MustStatus(t, p.Admin.Do("PATCH", "/api/admin/org", map[string]any{"erasure": "approval"}), http.StatusOK)
	MustStatus(t, u.Client.Do("POST", "/api/me/erasure", map[string]string{"password": u.Password}), http.StatusAccepted)
	MustStatus(t, p.Admin.Do("PATCH", "/api/admin/org", map[string]any{"erasure": "immediate"}), http.StatusOK)
	MustStatus(t, u.Client.Do("POST", "/api/me/erasure", map[string]string{"password": u.Password}), http.StatusNoContent)
	e.mustBeErased(t, p, u)
	if got := pendingOf(t, p.Admin); len(got) != 0 {
		t.Errorf("pending after the erasure = %v, want none", got)
	}
}

package apitest

import (
	"net/http"
	"strconv"
	"testing"

	"crmportal/infra/gateway"
	"crmportal/shared/httpapi"
)

// A body of 120,000 unknown fields (under the 1 MB body limit) used to answer a 6.96 MB
// 422, over Lambda's response limit; the problem lists the first MaxFieldErrors and counts
// the rest.
func TestManyUnknownFieldsAnswerABoundedProblem(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Bounded")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	acct := admin.MustCreate("Accounts", map[string]any{"Account_Name": "Bounded"})
	const n = 120000
	fields := make(map[string]any, n)
	// Three-character names, none a field (fields start with a capital): 8 bytes each.
	const first, rest = "abcdefghijklmnopqrstuvwxyz0123456789", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	for i := range n {
		fields[string([]byte{first[i/(62*62)], rest[i/62%62], rest[i%62]})] = 0
	}
	r := admin.Do("PATCH", "/api/admin/records/Accounts/"+acct.ID, map[string]any{"fields": fields}, "If-Match", `"`+strconv.Itoa(acct.Version)+`"`)
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if len(r.Body) >= gateway.LambdaResponseLimit/100 {
		t.Errorf("the problem is %d bytes, want far under Lambda's %d", len(r.Body), gateway.LambdaResponseLimit)
	}
	var p struct {
		Errors     []struct{ Field, Message string }
		MoreErrors int
	}
	r.JSON(t, &p)
	if len(p.Errors) != httpapi.MaxFieldErrors || p.MoreErrors != n-httpapi.MaxFieldErrors {
		t.Errorf("listed %d errors and %d more, want %d and %d", len(p.Errors), p.MoreErrors, httpapi.MaxFieldErrors, n-httpapi.MaxFieldErrors)
	}
}

package apitest

import (
	"context"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"crmportal/infra/gateway"
	"crmportal/infra/iamguard"
	"crmportal/infra/seed"
	"crmportal/infra/stack"
	"crmportal/infra/stack/stacktest"
	"crmportal/shared/store"
)

// syncBuffer is a log the gateway's functions write to from many goroutines.
type syncBuffer = stacktest.LogBuffer

// functionBlock is the text of one function's resource in a template's text.
func functionBlock(tb testing.TB, tmpl, logicalID string) (start, end int) {
	tb.Helper()
	start = strings.Index(tmpl, "\n  "+logicalID+":\n")
	if start < 0 {
		tb.Fatalf("template.yaml has no %s", logicalID)
	}
	next := regexp.MustCompile(`\n  [A-Za-z0-9]+:\n`).FindStringIndex(tmpl[start+1:])
	end = len(tmpl)
	if next != nil {
		end = start + 1 + next[0]
	}
	return start, end
}

// MustEnvWithPolicyEdit serves a gateway over the test stack whose template.yaml is the
// project's with one line removed from one function's resource, with its own IAM recorder (so
// the denials it provokes do not fail the run) and its functions' logs in the returned buffer.
func MustEnvWithPolicyEdit(tb testing.TB, logicalID, removeLine string) (*env, *syncBuffer, *iamguard.Recorder) {
	tb.Helper()
	root := filepath.Dir(templateWithout(tb, logicalID, removeLine))
	logs := &syncBuffer{}
	rec := iamguard.NewRecorder()
	gw, deps, err := gateway.Local(context.Background(), st, root, origin, tb.TempDir(), logs, gateway.WithIAMRecorder(rec))
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	tb.Cleanup(func() {
		srv.Close()
		gw.Wait()
	})
	return &env{srv: srv, gw: gw, deps: deps, store: store.New(deps.DynamoDB, deps.Config.TableName, nil)}, logs, rec
}

// templateWithout writes a copy of the project's template.yaml with one line removed from one
// function's resource to a temporary folder and returns its path.
func templateWithout(tb testing.TB, logicalID, removeLine string) string {
	tb.Helper()
	return templateEdited(tb, logicalID, removeLine+"\n", "")
}

// templateEdited is templateWithout with the first old in the function's resource replaced by
// new, in whichever template (the root or a nested stack's) defines the function.
func templateEdited(tb testing.TB, logicalID, old, new string) string {
	tb.Helper()
	dir := stacktest.CopyTemplates(tb)
	children, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(stacktest.StackTemplates)))
	if err != nil {
		tb.Fatal(err)
	}
	for _, file := range append([]string{filepath.Join(dir, "template.yaml")}, children...) {
		b, err := os.ReadFile(file)
		if err != nil {
			tb.Fatal(err)
		}
		tmpl := string(b)
		if !strings.Contains(tmpl, "\n  "+logicalID+":\n") {
			continue
		}
		start, end := functionBlock(tb, tmpl, logicalID)
		block := tmpl[start:end]
		edited := strings.Replace(block, old, new, 1)
		if edited == block {
			tb.Fatalf("%s has no %q", logicalID, old)
		}
		if err := os.WriteFile(file, []byte(tmpl[:start]+edited+tmpl[end:]), 0o644); err != nil {
			tb.Fatal(err)
		}
		return filepath.Join(dir, "template.yaml")
	}
	tb.Fatalf("no template defines %s", logicalID)
	return ""
}

func mustDenial(t *testing.T, rec *iamguard.Recorder, logs *syncBuffer, function, action, resourceSuffix string) {
	t.Helper()
	found := false
	for _, d := range rec.Denials() {
		if d.Function == function && d.Action == action && strings.HasSuffix(d.Resource, resourceSuffix) {
			found = true
		}
	}
	if !found {
		t.Errorf("no denial of %s on …%s for %s recorded; denials: %v", action, resourceSuffix, function, rec.Denials())
	}
	line := ""
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "IAM: access denied") && strings.Contains(l, function) && strings.Contains(l, action) {
			line = l
		}
	}
	if line == "" || !strings.Contains(line, resourceSuffix) {
		t.Errorf("no log line names %s, %s and the resource; logs:\n%s", function, action, logs.String())
	}
}

// TestLogoutWithoutGetItemFailsAsOnAWS: with dynamodb:GetItem removed from the logout
// function's policy, POST /api/logout fails as it would on AWS (the function reads the session
// before deleting it), the denial is logged, and the session survives.
func TestLogoutWithoutGetItemFailsAsOnAWS(t *testing.T) {
	base := MustEnv(t)
	o := base.MustOrg(t, "IAM logout")
	e, logs, rec := MustEnvWithPolicyEdit(t, "LogoutFunction", "                - dynamodb:GetItem")
	c := e.LoggedIn(t, o.AdminEmail, o.Password)
	MustStatus(t, c.Do("POST", "/api/logout", nil), http.StatusInternalServerError)
	mustDenial(t, rec, logs, "LogoutFunction", "dynamodb:GetItem", ":table/portal")
	MustStatus(t, c.Do("GET", "/api/admin/me", nil), http.StatusOK)

	// The project's own template grants it: the same logout works.
	c2 := base.LoggedIn(t, o.AdminEmail, o.Password)
	MustStatus(t, c2.Do("POST", "/api/logout", nil), http.StatusNoContent)
	MustStatus(t, c2.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
}

// TestCatalogTabWithoutTheIndexARNFails: without the table's index ARN in the portal list
// function's policy, a catalog tab (the demo portal's Products, a GSI query) fails as on AWS,
// while a tab read from the table itself still works.
func TestCatalogTabWithoutTheIndexARNFails(t *testing.T) {
	base := MustEnv(t)
	if _, err := seed.Demo(context.Background(), store.New(base.deps.DynamoDB, base.deps.Config.TableName, nil), demoPassword, nil); err != nil {
		t.Fatal(err)
	}
	e, logs, rec := MustEnvWithPolicyEdit(t, "PortalRecordsListFunction", `                - !Sub "${TableArn}/index/*"`)
	admin := e.LoggedIn(t, seed.DemoAdminEmail, demoPassword)
	var list struct{ Items []userTypeJSON }
	admin.Do("GET", "/api/admin/user-types", nil).JSON(t, &list)
	MustStatus(t, admin.Do("POST", "/api/admin/preview", map[string]any{"userTypeId": list.Items[0].ID}), http.StatusCreated)
	MustStatus(t, admin.Do("GET", "/api/records/Products?limit=100", nil), http.StatusInternalServerError)
	mustDenial(t, rec, logs, "PortalRecordsListFunction", "dynamodb:Query", ":table/portal/index/GSI1")

	// Through the project's template the same tab lists the catalog.
	admin2 := base.LoggedIn(t, seed.DemoAdminEmail, demoPassword)
	MustStatus(t, admin2.Do("POST", "/api/admin/preview", map[string]any{"userTypeId": list.Items[0].ID}), http.StatusCreated)
	var products myRecords
	r := admin2.Do("GET", "/api/records/Products?limit=100", nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &products)
	if len(products.Items) == 0 {
		t.Error("the catalog tab lists no products through the project's template")
	}
}

// grantsUsed lists, per function, the actions its policy in template.yaml grants that no test
// of this package used (least privilege the other way round: a grant in the list is either dead,
// and comes out of template.yaml, or reachable and untested, and gets a test). It runs after the
// whole package (TestMain), over the stack's IAM record, and only when every test ran.
func grantsUsed(s *stack.Stack) []string {
	if f := flag.Lookup("test.run"); f == nil || f.Value.String() != "" {
		return nil
	}
	if f := flag.Lookup("test.skip"); f != nil && f.Value.String() != "" {
		return nil
	}
	gw, _, err := gateway.Local(context.Background(), s, "../..", origin, os.TempDir(), io.Discard)
	if err != nil {
		return []string{err.Error()}
	}
	unused := iamguard.Unused(gw.Policies(), s.IAM.Used())
	var out []string
	for fn, actions := range unused {
		if notExercisedHere[fn] {
			continue
		}
		out = append(out, "granted but never used by a test: "+fn+": "+strings.Join(actions, ", "))
	}
	sort.Strings(out)
	return out
}

// notExercisedHere are the functions this package never runs (their own packages' tests do).
var notExercisedHere = map[string]bool{}

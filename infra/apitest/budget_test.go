package apitest

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"crmportal/infra/seed"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

// bigText is a textarea value at its 32,000-character limit that is expensive in Lambda's
// response: the runtime writes `<`, `>` and `&` as \u003c (6 bytes) and `"` as \" twice
// escaped (4 bytes), about 176 KB for 32 KB of text. 40 records of it are over 6 MB.
var bigText = strings.Repeat(`<>&"`, crm.TextareaMaxLength/4)

const bigRecords = 40

// underLambdaLimit fails unless the answer's body fits Lambda's response with room to spare
// (the gateway answers a bare 500 for a response over it).
func underLambdaLimit(t *testing.T, r response) {
	t.Helper()
	MustStatus(t, r, http.StatusOK)
	if n := httpapi.WireSize(r.Body); n > httpapi.ResponseBudget+64<<10 {
		t.Errorf("the body takes %d bytes in Lambda's response, want at most about %d (the limit is %d)", n, httpapi.ResponseBudget, httpapi.LambdaResponseLimit)
	}
}

// followPages reads a list from path (which has a query) following nextCursor, and answers
// the ids of every page and the number of pages.
func followPages(t *testing.T, c *client, path string) ([]string, int) {
	t.Helper()
	var ids []string
	cursor, pages := "", 0
	for {
		p := path
		if cursor != "" {
			p += "&cursor=" + url.QueryEscape(cursor)
		}
		r := c.Do("GET", p, nil)
		underLambdaLimit(t, r)
		var page struct {
			Items      []struct{ ID string }
			NextCursor string
		}
		r.JSON(t, &page)
		pages++
		for _, it := range page.Items {
			ids = append(ids, it.ID)
		}
		if page.NextCursor == "" || pages > bigRecords {
			return ids, pages
		}
		cursor = page.NextCursor
	}
}

// wantEvery fails unless got holds every id of want exactly once.
func wantEvery(t *testing.T, got, want []string) {
	t.Helper()
	seen := map[string]int{}
	for _, id := range got {
		seen[id]++
	}
	for _, id := range want {
		if seen[id] != 1 {
			t.Errorf("record %s answered %d times, want once", id, seen[id])
		}
	}
	if len(got) != len(want) {
		t.Errorf("answered %d records, want %d", len(got), len(want))
	}
}

// A page of 100 large records used to be over Lambda's 6 MB response limit (API Gateway's
// bare 500); it stops at the budget and its cursor answers the rest.
func TestStaffRecordListStaysUnderTheResponseLimit(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Budget")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	var want []string
	for range bigRecords {
		want = append(want, admin.MustCreate("Cases", map[string]any{"Subject": "Big", "Description": bigText}).ID)
	}
	settle() // the list is eventually consistent: it may miss the last second's creates
	got, pages := followPages(t, admin, "/api/admin/records/Cases?limit=100")
	if pages < 2 {
		t.Errorf("answered in %d page, want the budget to cut the first", pages)
	}
	wantEvery(t, got, want)
}

// The portal list and the export of a user with large records: pages under the limit whose
// cursors answer every record, and an export cut by its size bound that says so.
func TestPortalListAndExportStayUnderTheResponseLimit(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	id := o0()
	acct := d.admin.MustCreate("Accounts", map[string]any{"Account_Name": "Budget " + id})
	contact := d.admin.MustCreate("Contacts", map[string]any{"Last_Name": "Budget", "Account_Name": acct.ID, "Email": "budget-" + id + "@customer.example"})
	contacts, _ := crm.StandardModule(crm.Contacts)
	rec, err := e.store.GetRecord(context.Background(), contacts, seed.DemoOrgID, contact.ID)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for range bigRecords {
		want = append(want, d.admin.MustCreate("Cases", map[string]any{"Subject": "Big", "Description": bigText, "Contact_Name": contact.ID}).ID)
	}
	c := e.customer(t, d, rec)
	settle() // the list is an eventually consistent Query of the cases just created

	t.Run("list", func(t *testing.T) {
		got, pages := followPages(t, c, "/api/records/Cases?limit=100")
		if pages < 2 {
			t.Errorf("answered in %d page, want the budget to cut the first", pages)
		}
		wantEvery(t, got, want)
	})

	t.Run("export", func(t *testing.T) {
		r := c.Do("GET", "/api/me/export", nil)
		underLambdaLimit(t, r)
		var out struct {
			Records         map[string][]struct{ ID string }
			Truncated       []string
			TruncatedReason string
		}
		r.JSON(t, &out)
		if n := len(out.Records[crm.Cases]); n == 0 || n >= bigRecords {
			t.Errorf("the export holds %d cases, want some of the %d", n, bigRecords)
		}
		if out.TruncatedReason != "size" || !strings.Contains(strings.Join(out.Truncated, ","), crm.Cases) {
			t.Errorf("truncated = %v (%q), want Cases listed and reason size", out.Truncated, out.TruncatedReason)
		}
	})
}

// The audit CSV stops at its size bound with whole rows, says so in X-Truncated and links
// to the rest; following the links answers every entry once.
func TestAuditCSVStaysUnderTheResponseLimit(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Audit budget")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	const entries = 1200
	detail := strings.Repeat("<", 1000) // 6,000 bytes in Lambda's response
	at := time.Now().Add(-time.Hour)
	want := map[string]bool{}
	for i := range entries {
		id, err := auth.NewTimeID(at.Add(time.Duration(i) * time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		if err := e.store.AppendAudit(context.Background(), store.AuditEntry{OrgID: o.ID, ID: id, At: at, Action: "budget.test",
			Actor: store.Actor{Kind: "staff", ID: o.AdminID, Name: "Admin"}, Detail: detail}); err != nil {
			t.Fatal(err)
		}
		want[id] = true
	}
	path, files, rows := "/api/admin/audit?format=csv&action=budget.test", 0, 0
	for path != "" && files <= 3 {
		r := admin.Do("GET", path, nil)
		underLambdaLimit(t, r)
		files++
		lines := strings.Split(strings.TrimSuffix(string(r.Body), "\n"), "\n")
		if lines[0] != "at,actor_kind,actor_id,actor_name,action,module,record_id,fields,detail,ip" {
			t.Fatalf("file %d starts %q, want the header row", files, lines[0])
		}
		for _, l := range lines[1:] {
			if !strings.HasSuffix(l, detail+",") {
				t.Fatalf("file %d has a row that is not whole: %.80q...", files, l)
			}
		}
		rows += len(lines) - 1
		path = ""
		if link := r.Header.Get("Link"); link != "" {
			if r.Header.Get("X-Truncated") != "true" {
				t.Errorf("file %d links to more without X-Truncated", files)
			}
			next, ok := strings.CutSuffix(link, `>; rel="next"`)
			if !ok || !strings.HasPrefix(next, "</api/admin/audit?") {
				t.Fatalf("Link = %q", link)
			}
			path = next[1:]
		} else if r.Header.Get("X-Truncated") != "" {
			t.Errorf("the last file has X-Truncated %q", r.Header.Get("X-Truncated"))
		}
	}
	if files < 2 || rows != entries {
		t.Errorf("read %d rows in %d files, want %d rows in at least 2", rows, files, entries)
	}
}

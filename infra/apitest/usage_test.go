package apitest

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/shared/auth"
	"crmportal/shared/staffusertypes"
	"crmportal/shared/store"
	"crmportal/shared/usagecounter"
)

type usageJSON struct {
	From, To, Interval string
	Buckets            []struct {
		Date                                                                      string
		InvitationsSent, InvitationsAccepted, Logins, ActiveUsers, RecordsCreated int
	}
	Totals struct {
		InvitationsSent, InvitationsAccepted, Logins, RecordsCreated int
	}
	Licenses struct {
		Pool  int
		Types []struct {
			ID, Name     string
			Seats, Users int
		}
	}
}

// waitUsage reads today's usage until done accepts it: the stream function counts
// asynchronously. It gives up after a bounded number of reads.
func waitUsage(t *testing.T, admin *client, done func(usageJSON) bool) usageJSON {
	t.Helper()
	var u usageJSON
	for range 100 {
		r := admin.Do("GET", "/api/admin/usage", nil)
		MustStatus(t, r, http.StatusOK)
		u = usageJSON{}
		r.JSON(t, &u)
		if done(u) {
			return u
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("usage never reached what was expected: %+v", u)
	return u
}

// TestUsageCounts: invitations sent and accepted, portal logins and active users are counted
// (the last two by the stream function), the route refuses bad periods naming the field and
// staff without the right, answers CSV, and takes the same DynamoDB calls however many events
// it counted.
func TestUsageCounts(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Usos", 2)
	email := "usage-" + p.ID + "@cliente.example"
	ana := p.contact(t, "Uso", email)
	MustStatus(t, p.invite(t, "Contacts", ana.ID, p.Free.ID), http.StatusCreated)
	password := "a usage counter's passphrase"
	customer := e.Client(t)
	MustStatus(t, customer.Do("POST", "/api/invitations/"+tokenIn(t, email, "invite")+"/accept", map[string]string{"password": password}), http.StatusOK)
	login := func() {
		MustStatus(t, e.Client(t).Do("POST", "/api/p/"+p.Slug+"/login", map[string]string{"email": email, "password": password}), http.StatusOK)
	}
	login()
	today := func(u usageJSON) (int, int, int, int) {
		b := u.Buckets[len(u.Buckets)-1]
		return b.InvitationsSent, b.InvitationsAccepted, b.Logins, b.ActiveUsers
	}
	// The accept's session and the login: two logins, one active user.
	u := waitUsage(t, p.Admin, func(u usageJSON) bool {
		s, a, l, act := today(u)
		return s == 1 && a == 1 && l == 2 && act == 1
	})
	if got, want := len(u.Buckets), 30; got != want {
		t.Errorf("buckets: got %d, want %d (the default period)", got, want)
	}
	if got, want := u.Totals.Logins, 2; got != want {
		t.Errorf("total logins: got %d, want %d", got, want)
	}
	if len(u.Licenses.Types) == 0 {
		t.Errorf("no licence use in %+v", u.Licenses)
	}

	t.Run("bad input", func(t *testing.T) {
		tests := []struct{ name, query, field string }{
			{"ten years", "from=2016-01-01&to=2026-01-01", "to"},
			{"from after to", "from=2026-02-01&to=2026-01-01", "from"},
			{"not a date", "from=01/02/2026", "from"},
			{"interval", "interval=month", "interval"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := p.Admin.Do("GET", "/api/admin/usage?"+tt.query, nil)
				MustStatus(t, r, http.StatusBadRequest)
				if got := r.Problem(t).fields(); len(got) != 1 || got[0] != tt.field {
					t.Errorf("fields: got %v, want [%s]", got, tt.field)
				}
			})
		}
	})

	t.Run("staff without the right", func(t *testing.T) {
		MustStatus(t, p.User.Do("GET", "/api/admin/usage", nil), http.StatusForbidden)
	})

	t.Run("csv", func(t *testing.T) {
		for _, how := range []struct{ name, query, accept string }{{"format", "?format=csv&interval=week", ""}, {"accept", "?interval=week", "text/csv"}} {
			t.Run(how.name, func(t *testing.T) {
				var hdr []string
				if how.accept != "" {
					hdr = []string{"Accept", how.accept}
				}
				// The week's active users are counted after the day's, asynchronously: read
				// again (a bounded number of times) until the row is complete.
				var rows [][]string
				for range 50 {
					r := p.Admin.Do("GET", "/api/admin/usage"+how.query, nil, hdr...)
					MustStatus(t, r, http.StatusOK)
					if got := r.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/csv") {
						t.Fatalf("content type %q", got)
					}
					var err error
					if rows, err = csv.NewReader(strings.NewReader(string(r.Body))).ReadAll(); err != nil {
						t.Fatal(err)
					}
					if strings.Join(rows[len(rows)-1][1:], ",") == "1,1,2,1,0" {
						break
					}
					time.Sleep(100 * time.Millisecond)
				}
				if got, want := strings.Join(rows[0], ","), "date,invitations_sent,invitations_accepted,logins,active_users,records_created"; got != want {
					t.Errorf("header: got %s, want %s", got, want)
				}
				last := rows[len(rows)-1]
				if got, want := strings.Join(last[1:], ","), "1,1,2,1,0"; got != want {
					t.Errorf("this week: got %s, want %s", got, want)
				}
			})
		}
	})

	t.Run("calls do not grow with events", func(t *testing.T) {
		var c callCounter
		h := staffusertypes.LicensesFunction(e.countingDeps(&c))
		cookie := auth.StaffCookie + "=" + p.Admin.cookies[auth.StaffCookie]
		count := func() []string {
			c.roundTrips()
			if got := e.invoke(t, h, "GET", "GET /api/admin/usage", "/api/admin/usage", nil, cookie, ""); got != http.StatusOK {
				t.Fatalf("status %d", got)
			}
			return c.roundTrips()
		}
		before := count()
		for range 3 {
			login()
		}
		waitUsage(t, p.Admin, func(u usageJSON) bool { _, _, l, _ := today(u); return l == 5 })
		if after := count(); len(after) != len(before) {
			t.Errorf("calls: %d after 3 more logins (%v), %d before (%v)", len(after), after, len(before), before)
		}
	})
}

// TestUsageCounterCountsAStreamRecordOnce delivers the same stream record twice (delivery is at
// least once): it counts once.
func TestUsageCounterCountsAStreamRecordOnce(t *testing.T) {
	e := MustEnv(t)
	org := "usageonce" + o0()
	at := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	s := func(v string) events.DynamoDBAttributeValue { return events.NewStringAttribute(v) }
	rec := events.DynamoDBEventRecord{EventName: "INSERT", Change: events.DynamoDBStreamRecord{
		ApproximateCreationDateTime: events.SecondsEpochTime{Time: at}, SequenceNumber: "1",
		NewImage: map[string]events.DynamoDBAttributeValue{"PK": s("SESSION#once" + org), "SK": s("SESSION"),
			"orgId": s(org), "userId": s("u1"), "kind": s("portal")}}}
	h := &usagecounter.Handler{Store: e.store}
	for range 2 {
		resp, err := h.Handle(context.Background(), events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{rec}})
		if err != nil || len(resp.BatchItemFailures) > 0 {
			t.Fatalf("handle: %v %+v", err, resp)
		}
	}
	var days []store.UsageDay
	for range 20 { // an eventually consistent read: the counter may not show yet
		var err error
		if days, err = e.store.UsageDays(context.Background(), org, "2026-03-04", "2026-03-04"); err != nil {
			t.Fatal(err)
		}
		if len(days) == 1 && days[0].ActiveUsers == 1 {
			break
		}
		settle()
	}
	if got, want := days, []store.UsageDay{{Date: "2026-03-04", Logins: 1, ActiveUsers: 1}}; len(got) != 1 || got[0] != want[0] {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// TestUsageCountsCustomerRecords: a record a customer creates counts in the day's
// recordsCreated (from its customer.record.created event, by the stream function); a record
// staff create does not.
func TestUsageCountsCustomerRecords(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	a := e.customer(t, d, e.demoContacts(t)[6])
	created := func(u usageJSON) int { return u.Buckets[len(u.Buckets)-1].RecordsCreated }
	// The counts of what came before settle first (the accept's session among them).
	before := created(waitUsage(t, d.admin, func(u usageJSON) bool { return u.Buckets[len(u.Buckets)-1].Logins > 0 }))
	for _, subject := range []string{"Uso um", "Uso dois"} {
		MustStatus(t, a.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": subject}}), http.StatusCreated)
	}
	d.admin.MustCreate("Cases", map[string]any{"Subject": "Caso da equipe"})
	u := waitUsage(t, d.admin, func(u usageJSON) bool { return created(u) >= before+2 })
	if got, want := created(u), before+2; got != want {
		t.Errorf("records created today: got %d, want %d (%d before)", got, want, before)
	}
}

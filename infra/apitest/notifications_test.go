package apitest

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"crmportal/infra/seed"
	"crmportal/shared/auth"
	"crmportal/shared/store"
)

// TestPutNotificationCountsEachEventOnce: the events of one window land in one notification,
// whose count is the number of distinct events; an event applied again (a retried delivery)
// changes nothing; a new event makes a read notification unread again; the unread count and
// the marking read follow.
func TestPutNotificationCountsEachEventOnce(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	o := e.MustOrg(t, "Notifications store")
	user, _ := auth.NewID()
	window := time.Now().UTC().Truncate(time.Second)
	id := store.NotificationID(window, "Cases", "case0001")
	n := store.Notification{OrgID: o.ID, Audience: store.AudiencePortal, UserID: user, ID: id,
		Kind: store.EventNotePublic, Module: "Cases", RecordID: "case0001", RecordName: "Printer jam", ActorName: "Ana"}

	for _, ev := range []string{"ev1", "ev2", "ev1", "ev3", "ev2"} {
		if err := e.store.PutNotification(ctx, n, ev); err != nil {
			t.Fatalf("PutNotification(%s): %v", ev, err)
		}
	}
	got, err := e.store.GetNotification(ctx, o.ID, store.AudiencePortal, user, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Count != 3 || got.Read || got.Kind != store.EventNotePublic || got.RecordName != "Printer jam" {
		t.Fatalf("after events ev1, ev2, ev1, ev3, ev2: got count %d, read %v, kind %q, name %q; want count 3, unread, %q, %q",
			got.Count, got.Read, got.Kind, got.RecordName, store.EventNotePublic, "Printer jam")
	}

	// Another person's list holds nothing of it, and cannot mark it.
	other, _ := auth.NewID()
	if p, err := e.store.ListNotifications(ctx, o.ID, store.AudiencePortal, other, 0, ""); err != nil || len(p.Items) != 0 {
		t.Fatalf("another user's list = %v, %v; want empty", p.Items, err)
	}
	if err := e.store.MarkNotificationRead(ctx, o.ID, store.AudiencePortal, other, id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another user marking it read = %v, want ErrNotFound", err)
	}
	if err := e.store.MarkNotificationRead(ctx, o.ID, store.AudienceStaff, user, id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the same id in the staff audience marking it read = %v, want ErrNotFound", err)
	}

	waitUnread(t, e, o.ID, user, 1)
	if err := e.store.MarkNotificationRead(ctx, o.ID, store.AudiencePortal, user, id); err != nil {
		t.Fatal(err)
	}
	waitUnread(t, e, o.ID, user, 0)

	// A retried event of the window stays applied once; a new one counts and makes it unread.
	if err := e.store.PutNotification(ctx, n, "ev3"); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.store.GetNotification(ctx, o.ID, store.AudiencePortal, user, id); got.Count != 3 || !got.Read {
		t.Fatalf("after ev3 again: count %d, read %v; want 3, read", got.Count, got.Read)
	}
	n.Kind, n.ActorName = store.EventFileShared, "Bruno"
	if err := e.store.PutNotification(ctx, n, "ev4"); err != nil {
		t.Fatal(err)
	}
	got, _ = e.store.GetNotification(ctx, o.ID, store.AudiencePortal, user, id)
	if got.Count != 4 || got.Read || got.Kind != store.EventFileShared || got.ActorName != "Bruno" {
		t.Fatalf("after ev4: count %d, read %v, kind %q, actor %q; want 4, unread, %q, Bruno", got.Count, got.Read, got.Kind, got.ActorName, store.EventFileShared)
	}
	waitUnread(t, e, o.ID, user, 1)
}

// TestNotificationsListNewestFirstAndMarkAllRead: a person's notifications are listed newest
// window first across pages; "mark all read" marks every unread one, and the count follows.
func TestNotificationsListNewestFirstAndMarkAllRead(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	o := e.MustOrg(t, "Notifications list")
	user, _ := auth.NewID()
	start := time.Now().UTC().Add(-time.Hour)
	var ids []string
	for i := range 5 {
		id := store.NotificationID(start.Add(time.Duration(i)*time.Minute), "Cases", "case000"+string(rune('a'+i)))
		ids = append(ids, id)
		if err := e.store.PutNotification(ctx, store.Notification{OrgID: o.ID, Audience: store.AudienceStaff, UserID: user, ID: id,
			Kind: store.EventCustomerNoteCreated, Module: "Cases", RecordID: "case000" + string(rune('a'+i))}, "ev"+id); err != nil {
			t.Fatal(err)
		}
	}
	var listed []string
	cursor := ""
	for pages := 0; pages < 5; pages++ {
		p, err := e.store.ListNotifications(ctx, o.ID, store.AudienceStaff, user, 2, cursor)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range p.Items {
			listed = append(listed, it.ID)
		}
		if cursor = p.Next; cursor == "" {
			break
		}
	}
	want := []string{ids[4], ids[3], ids[2], ids[1], ids[0]}
	if len(listed) != len(want) {
		t.Fatalf("listed %v, want %v", listed, want)
	}
	for i := range want {
		if listed[i] != want[i] {
			t.Fatalf("listed %v, want %v (newest first)", listed, want)
		}
	}
	waitUnread(t, e, o.ID, user, 5, store.AudienceStaff)
	if err := e.store.MarkNotificationRead(ctx, o.ID, store.AudienceStaff, user, ids[2]); err != nil {
		t.Fatal(err)
	}
	marked, err := e.store.MarkAllNotificationsRead(ctx, o.ID, store.AudienceStaff, user)
	if err != nil || marked != 4 {
		t.Fatalf("MarkAllNotificationsRead = %d, %v; want 4 (one was read)", marked, err)
	}
	waitUnread(t, e, o.ID, user, 0, store.AudienceStaff)
	p, _ := e.store.ListNotifications(ctx, o.ID, store.AudienceStaff, user, 0, "")
	for _, it := range p.Items {
		if !it.Read {
			t.Errorf("%s unread after mark all read", it.ID)
		}
	}
}

// waitUnread waits until the unread count of user (in audience, portal by default) is want:
// the count reads an index, which follows a write eventually.
func waitUnread(t *testing.T, e *env, org, user string, want int, audience ...string) {
	t.Helper()
	aud := store.AudiencePortal
	if len(audience) > 0 {
		aud = audience[0]
	}
	var got int
	var err error
	for range 100 {
		if got, err = e.store.UnreadNotifications(context.Background(), org, aud, user); err == nil && got == want {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("unread count = %d, %v; want %d", got, err, want)
}

// notificationList is the answer of GET /api/me/notifications and /api/admin/me/notifications.
type notificationList struct {
	Items []struct {
		ID, Kind, Module, RecordID, RecordName, ActorName string
		Count                                             int
		Read                                              bool
	}
	Unread     int
	NextCursor string
}

// waitList polls path until its unread count is want (the count reads an index, which follows
// a write eventually) and returns that answer.
func waitList(t *testing.T, c *client, path string, want int) notificationList {
	t.Helper()
	var l notificationList
	for range 100 {
		r := c.Do("GET", path, nil)
		MustStatus(t, r, http.StatusOK)
		l = notificationList{}
		r.JSON(t, &l)
		if l.Unread == want {
			return l
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("GET %s: unread %d, want %d", path, l.Unread, want)
	return l
}

// TestNotificationRoutes: a portal user and a staff member each list their own notifications
// (newest first, with the unread count), mark one read and all read; another customer sees
// none of them and cannot mark them (404), a staff session cannot reach a customer's list,
// and a bad limit or cursor is a 400 naming the field. The client checks every answer
// against docs/openapi.yaml.
func TestNotificationRoutes(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	anaRec, brunoRec := contacts[6], contacts[7]
	ana := e.customer(t, d, anaRec)
	bruno := e.customer(t, d, brunoRec)
	anaUser, err := e.store.PortalUserByRecord(ctx, seed.DemoOrgID, anaRec.ID)
	if err != nil {
		t.Fatal(err)
	}
	var me struct{ User struct{ ID string } }
	d.admin.Do("GET", "/api/admin/me", nil).JSON(t, &me)
	if me.User.ID == "" {
		t.Fatal("GET /api/admin/me names no user id")
	}

	start := time.Now().UTC().Add(-time.Hour)
	put := func(audience, user string, at time.Time, kind, record string) string {
		t.Helper()
		id := store.NotificationID(at, "Cases", record)
		if err := e.store.PutNotification(ctx, store.Notification{OrgID: seed.DemoOrgID, Audience: audience, UserID: user, ID: id,
			Kind: kind, Module: "Cases", RecordID: record, RecordName: "Case " + record, ActorName: "Someone"}, "ev-"+id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	older := put(store.AudiencePortal, anaUser.ID, start, store.EventNotePublic, "rec00001")
	newer := put(store.AudiencePortal, anaUser.ID, start.Add(time.Minute), store.EventFileShared, "rec00002")
	staffID := put(store.AudienceStaff, me.User.ID, start, store.EventCustomerNoteCreated, "rec00003")

	l := waitList(t, ana, "/api/me/notifications", 2)
	if len(l.Items) != 2 || l.Items[0].ID != newer || l.Items[1].ID != older || l.Items[0].Kind != store.EventFileShared || l.Items[0].RecordName != "Case rec00002" {
		t.Fatalf("Ana's list = %+v, want %s then %s", l.Items, newer, older)
	}
	if p := waitList(t, ana, "/api/me/notifications?limit=1", 2); len(p.Items) != 1 || p.NextCursor == "" {
		t.Fatalf("a page of 1 = %+v, want one item and a cursor", p)
	} else if rest := waitList(t, ana, "/api/me/notifications?limit=1&cursor="+p.NextCursor, 2); len(rest.Items) != 1 || rest.Items[0].ID != older {
		t.Fatalf("the next page = %+v, want %s", rest.Items, older)
	}

	// Bruno, a customer of the same portal, sees nothing of Ana's and cannot mark hers.
	if l := waitList(t, bruno, "/api/me/notifications", 0); len(l.Items) != 0 {
		t.Fatalf("Bruno's list = %+v, want empty", l.Items)
	}
	MustStatus(t, bruno.Do("POST", "/api/me/notifications/"+newer+"/read", nil), http.StatusNotFound)
	MustStatus(t, bruno.Do("POST", "/api/me/notifications/read-all", nil), http.StatusNoContent)
	waitList(t, ana, "/api/me/notifications", 2)
	// Staff reach their own list only, never a customer's, even with its id.
	MustStatus(t, d.admin.Do("POST", "/api/admin/me/notifications/"+newer+"/read", nil), http.StatusNotFound)

	// Bad input: a 400 naming the field; an id of another form: 404.
	for _, q := range []struct{ query, field string }{{"limit=0", "limit"}, {"limit=101", "limit"}, {"cursor=bm90LWEtY3Vyc29y", "cursor"}} {
		r := ana.Do("GET", "/api/me/notifications?"+q.query, nil)
		MustStatus(t, r, http.StatusBadRequest)
		if f := r.Problem(t).fields(); len(f) != 1 || f[0] != q.field {
			t.Errorf("?%s: fields %v, want [%s]", q.query, f, q.field)
		}
	}
	MustStatus(t, ana.Do("POST", "/api/me/notifications/..%2Fx/read", nil), http.StatusNotFound)
	MustStatus(t, ana.Do("POST", "/api/me/notifications/"+older+"x/read", nil), http.StatusNotFound)

	// Opening one marks it read; "mark all read" the rest (two here: one transaction).
	MustStatus(t, ana.Do("POST", "/api/me/notifications/"+newer+"/read", nil), http.StatusNoContent)
	MustStatus(t, ana.Do("POST", "/api/me/notifications/"+newer+"/read", nil), http.StatusNoContent)
	l = waitList(t, ana, "/api/me/notifications", 1)
	if !l.Items[0].Read || l.Items[1].Read {
		t.Fatalf("after reading %s: %+v", newer, l.Items)
	}
	newest := put(store.AudiencePortal, anaUser.ID, start.Add(2*time.Minute), store.EventNotePublic, "rec00004")
	waitList(t, ana, "/api/me/notifications", 2)
	MustStatus(t, ana.Do("POST", "/api/me/notifications/read-all", nil), http.StatusNoContent)
	if l := waitList(t, ana, "/api/me/notifications", 0); len(l.Items) != 3 || l.Items[0].ID != newest {
		t.Fatalf("after marking all read: %+v, want three, %s first", l.Items, newest)
	}

	// The staff member's own list.
	l = waitList(t, d.admin, "/api/admin/me/notifications", 1)
	if len(l.Items) != 1 || l.Items[0].ID != staffID || l.Items[0].Kind != store.EventCustomerNoteCreated {
		t.Fatalf("the admin's list = %+v, want %s", l.Items, staffID)
	}
	MustStatus(t, d.admin.Do("POST", "/api/admin/me/notifications/"+staffID+"/read", nil), http.StatusNoContent)
	waitList(t, d.admin, "/api/admin/me/notifications", 0)
	put(store.AudienceStaff, me.User.ID, start.Add(time.Minute), store.EventCustomerFileAdded, "rec00005")
	put(store.AudienceStaff, me.User.ID, start.Add(2*time.Minute), store.EventCustomerRecordUpdated, "rec00006")
	waitList(t, d.admin, "/api/admin/me/notifications", 2)
	MustStatus(t, d.admin.Do("POST", "/api/admin/me/notifications/read-all", nil), http.StatusNoContent)
	waitList(t, d.admin, "/api/admin/me/notifications", 0)
}

package apitest

import (
	"context"
	"errors"
	"testing"
	"time"

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

package apitest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"crmportal/shared/auth"
	"crmportal/shared/erasure"
	"crmportal/shared/store"
)

// TestErasureWalkResumes: an erasure whose log does not fit in one call's bound stops after
// its pages, keeps its place, and the next call goes on from there (not from the start) until
// every entry naming the subject is pseudonymized and the progress marker is gone. Pages of 2
// entries and one page a call stand for a log of millions of entries.
func TestErasureWalkResumes(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	pages, items := store.MaxErasurePages, store.ErasurePageItems
	store.MaxErasurePages, store.ErasurePageItems = 1, 2
	t.Cleanup(func() { store.MaxErasurePages, store.ErasurePageItems = pages, items })

	org := "walk-" + o0()
	subj := store.ErasureSubject{OrgID: org, UserID: "walker", Email: "walter@cliente.example", Name: "Walter Walker",
		Pseudonym: "Erased user 1a2b"}
	subj.Scrub = func(s string) string { return erasure.Scrub(s, subj.Email, subj.Name, subj.Pseudonym) }
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := range 7 {
		at := start.Add(time.Duration(i) * time.Minute)
		id, err := auth.NewTimeID(at)
		if err != nil {
			t.Fatal(err)
		}
		actor := store.Actor{Kind: store.ActorPortal, ID: subj.UserID, Name: subj.Name}
		if i == 3 {
			actor = store.Actor{Kind: store.ActorStaff, ID: "staff1", Name: "Sara Staff"} // names the subject in its detail only
		}
		entry := store.AuditEntry{OrgID: org, ID: id, At: at, Actor: actor, Action: "login", Detail: fmt.Sprintf("entry %d of %s", i, subj.Email)}
		if err := e.store.AppendAudit(ctx, entry); err != nil {
			t.Fatal(err)
		}
	}
	// scrubbed answers, oldest first, whether each entry no longer names the subject.
	scrubbed := func(t *testing.T) []bool {
		t.Helper()
		es, _, err := e.store.ListAudit(ctx, org, store.AuditFilter{}, 100, "")
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(es, func(a, b store.AuditEntry) int { return strings.Compare(a.ID, b.ID) })
		out := make([]bool, len(es))
		for i, en := range es {
			out[i] = en.Actor.Name != subj.Name && !strings.Contains(en.Detail, subj.Email)
		}
		return out
	}
	// call runs one erasure call, again after a transient failure (injected faults), and
	// reports whether it finished.
	call := func(t *testing.T) bool {
		t.Helper()
		for try := 0; try < 10; try++ {
			err := e.store.PseudonymizeAudit(ctx, subj)
			switch {
			case err == nil:
				return true
			case errors.Is(err, store.ErrErasureUnfinished):
				return false
			}
			t.Logf("try %d: %v", try, err)
		}
		t.Fatal("the erasure call kept failing")
		return false
	}

	if call(t) {
		t.Fatal("the first call finished a log of 4 pages in one page")
	}
	if got, want := scrubbed(t), []bool{true, true, false, false, false, false, false}; !slices.Equal(got, want) {
		t.Fatalf("after the first call: %v, want %v", got, want)
	}
	if call(t) {
		t.Fatal("the second call finished")
	}
	if got, want := scrubbed(t), []bool{true, true, true, true, false, false, false}; !slices.Equal(got, want) {
		t.Fatalf("after the second call (resumed, not restarted): %v, want %v", got, want)
	}
	calls := 2
	for !call(t) {
		if calls++; calls > 5 {
			t.Fatal("the erasure never finished")
		}
	}
	if got := scrubbed(t); slices.Contains(got, false) {
		t.Errorf("after the last call: %v, want every entry pseudonymized", got)
	}
	out, err := e.deps.DynamoDB.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(e.deps.Config.TableName),
		Key: mustKey(t, "ORG#"+org+"#ERASURE", subj.UserID), ConsistentRead: aws.Bool(true)})
	if err != nil || out.Item != nil {
		t.Errorf("the progress marker after the last call: %v (%v), want none", out.Item, err)
	}
}

package staffportalusers

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"crmportal/shared/httpapi"
)

func TestValidateBulk(t *testing.T) {
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("user%016d", i)
		}
		return out
	}
	for _, c := range []struct {
		name   string
		in     BulkRequest
		status int // 0: valid
		fields []string
	}{
		{"resend", BulkRequest{Action: "resend", IDs: ids(3)}, 0, nil},
		{"erase", BulkRequest{Action: "erase", IDs: ids(1)}, 0, nil},
		{"at the cap", BulkRequest{Action: "deactivate", IDs: ids(MaxBulkIDs)}, 0, nil},
		{"change type with a type", BulkRequest{Action: "change-type", IDs: ids(2), UserTypeID: "typeid0000000001"}, 0, nil},
		{"over the cap", BulkRequest{Action: "resend", IDs: ids(MaxBulkIDs + 1)}, http.StatusBadRequest, []string{"ids"}},
		{"a hundred thousand", BulkRequest{Action: "resend", IDs: ids(100000)}, http.StatusBadRequest, []string{"ids"}},
		{"empty", BulkRequest{Action: "resend"}, http.StatusUnprocessableEntity, []string{"ids"}},
		{"unknown action", BulkRequest{Action: "promote", IDs: ids(1)}, http.StatusUnprocessableEntity, []string{"action"}},
		{"mfa-reset is not bulk", BulkRequest{Action: "mfa-reset", IDs: ids(1)}, http.StatusUnprocessableEntity, []string{"action"}},
		{"repeated", BulkRequest{Action: "resend", IDs: []string{"user0000000000000001", "user0000000000000002", "user0000000000000001"}}, http.StatusUnprocessableEntity, []string{"ids[2]"}},
		{"malformed", BulkRequest{Action: "resend", IDs: []string{"../x"}}, http.StatusUnprocessableEntity, []string{"ids[0]"}},
		{"change type without a type", BulkRequest{Action: "change-type", IDs: ids(1)}, http.StatusUnprocessableEntity, []string{"userTypeId"}},
		{"a type on another action", BulkRequest{Action: "resend", IDs: ids(1), UserTypeID: "typeid0000000001"}, http.StatusUnprocessableEntity, []string{"userTypeId"}},
		{"invite contacts", BulkRequest{Action: "invite", Module: "Contacts", IDs: ids(3), UserTypeID: "typeid0000000001"}, 0, nil},
		{"invite leads", BulkRequest{Action: "invite", Module: "Leads", IDs: ids(1), UserTypeID: "typeid0000000001"}, 0, nil},
		{"invite at the cap", BulkRequest{Action: "invite", Module: "Contacts", IDs: ids(MaxBulkIDs), UserTypeID: "typeid0000000001"}, 0, nil},
		{"invite over the cap", BulkRequest{Action: "invite", Module: "Contacts", IDs: ids(MaxBulkIDs + 1), UserTypeID: "typeid0000000001"}, http.StatusBadRequest, []string{"ids"}},
		{"invite without a type", BulkRequest{Action: "invite", Module: "Contacts", IDs: ids(1)}, http.StatusUnprocessableEntity, []string{"userTypeId"}},
		{"invite without a module", BulkRequest{Action: "invite", IDs: ids(1), UserTypeID: "typeid0000000001"}, http.StatusUnprocessableEntity, []string{"module"}},
		{"invite accounts", BulkRequest{Action: "invite", Module: "Accounts", IDs: ids(1), UserTypeID: "typeid0000000001"}, http.StatusUnprocessableEntity, []string{"module"}},
		{"invite a repeated record", BulkRequest{Action: "invite", Module: "Contacts", IDs: []string{"rec00000000000001", "rec00000000000001"}, UserTypeID: "typeid0000000001"}, http.StatusUnprocessableEntity, []string{"ids[1]"}},
		{"invite a malformed record", BulkRequest{Action: "invite", Module: "Contacts", IDs: []string{"a/b"}, UserTypeID: "typeid0000000001"}, http.StatusUnprocessableEntity, []string{"ids[0]"}},
		{"invite with nothing", BulkRequest{Action: "invite"}, http.StatusUnprocessableEntity, []string{"ids", "module", "userTypeId"}},
		{"a module on another action", BulkRequest{Action: "resend", Module: "Contacts", IDs: ids(1)}, http.StatusUnprocessableEntity, []string{"module"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := ValidateBulk(c.in)
			if c.status == 0 {
				if err != nil {
					t.Fatalf("got %v, want valid", err)
				}
				return
			}
			var he *httpapi.Error
			if !errors.As(err, &he) {
				t.Fatalf("got %v, want a problem", err)
			}
			var got []string
			for _, f := range he.Fields {
				got = append(got, f.Field)
			}
			if he.Kind.Status() != c.status || !slices.Equal(got, c.fields) {
				t.Errorf("got %d %v, want %d %v", he.Kind.Status(), got, c.status, c.fields)
			}
		})
	}
}

func TestChunks(t *testing.T) {
	for _, c := range []struct {
		n, size    int
		wantChunks int
		wantLast   int
	}{{1, 100, 1, 1}, {100, 100, 1, 100}, {101, 100, 2, 1}, {5000, 100, 50, 100}} {
		t.Run(fmt.Sprintf("%d by %d", c.n, c.size), func(t *testing.T) {
			ids := make([]string, c.n)
			for i := range ids {
				ids[i] = fmt.Sprint(i)
			}
			got := Chunks(ids, c.size)
			if len(got) != c.wantChunks || len(got[len(got)-1].IDs) != c.wantLast {
				t.Fatalf("got %d chunks, last of %d; want %d, %d", len(got), len(got[len(got)-1].IDs), c.wantChunks, c.wantLast)
			}
			for i, ch := range got {
				if ch.Index != i || ch.First != i*c.size || ch.IDs[0] != ids[ch.First] {
					t.Errorf("chunk %d: index %d first %d", i, ch.Index, ch.First)
				}
			}
		})
	}
}

package portalapi

import (
	"slices"
	"testing"
	"time"

	"crmportal/shared/store"
)

func TestExportRefs(t *testing.T) {
	recs := func(ids ...string) []RecordJSON {
		out := make([]RecordJSON, len(ids))
		for i, id := range ids {
			out[i].ID = id
		}
		return out
	}
	tests := []struct {
		name    string
		out     ExportJSON
		tabs    []string
		max     int
		want    []recordRef
		wantCut bool
	}{
		{name: "every record in tab order", out: ExportJSON{Records: map[string][]RecordJSON{"Cases": recs("c1", "c2"), "Contacts": recs("k1")}},
			tabs: []string{"Contacts", "Cases"}, max: 10, want: []recordRef{{"Contacts", "k1"}, {"Cases", "c1"}, {"Cases", "c2"}}},
		{name: "a module in two tabs is looked through once", out: ExportJSON{Records: map[string][]RecordJSON{"Cases": recs("c1")}},
			tabs: []string{"Cases", "Cases"}, max: 10, want: []recordRef{{"Cases", "c1"}}},
		{name: "past max: cut", out: ExportJSON{Records: map[string][]RecordJSON{"Cases": recs("c1", "c2", "c3")}},
			tabs: []string{"Cases"}, max: 2, want: []recordRef{{"Cases", "c1"}, {"Cases", "c2"}}, wantCut: true},
		{name: "exactly max: whole", out: ExportJSON{Records: map[string][]RecordJSON{"Cases": recs("c1", "c2")}},
			tabs: []string{"Cases"}, max: 2, want: []recordRef{{"Cases", "c1"}, {"Cases", "c2"}}},
		{name: "a tab not whole in the file: cut", out: ExportJSON{Records: map[string][]RecordJSON{"Cases": recs("c1")}, Truncated: []string{"Cases"}},
			tabs: []string{"Cases"}, max: 10, want: []recordRef{{"Cases", "c1"}}, wantCut: true},
		{name: "no records", out: ExportJSON{Records: map[string][]RecordJSON{}}, tabs: []string{"Cases"}, max: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := exportRefs(tt.out, tt.tabs, tt.max)
			if !slices.Equal(got, tt.want) || cut != tt.wantCut {
				t.Errorf("exportRefs = %v, %v; want %v, %v", got, cut, tt.want, tt.wantCut)
			}
		})
	}
}

func TestWrittenBy(t *testing.T) {
	tests := []struct {
		name  string
		actor store.Actor
		user  string
		want  bool
	}{
		{"the user", store.Actor{Kind: store.ActorPortal, ID: "u1"}, "u1", true},
		{"another portal user", store.Actor{Kind: store.ActorPortal, ID: "u2"}, "u1", false},
		{"a staff member with the same id", store.Actor{Kind: store.ActorStaff, ID: "u1"}, "u1", false},
		{"no user", store.Actor{Kind: store.ActorPortal}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := writtenBy(tt.actor, tt.user); got != tt.want {
				t.Errorf("writtenBy(%v, %q) = %v, want %v", tt.actor, tt.user, got, tt.want)
			}
		})
	}
}

func TestWritingsCSV(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		out  ExportJSON
		want [][]string
	}{
		{name: "none", out: ExportJSON{}},
		{name: "a note and a file", out: ExportJSON{
			Notes: []ExportNoteJSON{{Module: "Cases", RecordID: "c1", ID: "n1", Body: "=1+1", CreatedAt: at, ModifiedAt: at}},
			Files: []ExportFileJSON{{Module: "Cases", RecordID: "c1", ID: "f1", Filename: "a.pdf", ContentType: "application/pdf", Size: 3,
				CreatedAt: at, URL: "https://s3/x", ExpiresAt: at.Add(ExportLinkLifetime)}}},
			want: [][]string{{"note", "n1", "module", "Cases"}, {"note", "n1", "recordId", "c1"}, {"note", "n1", "body", "=1+1"},
				{"note", "n1", "createdAt", "2026-03-01T12:00:00Z"}, {"note", "n1", "modifiedAt", "2026-03-01T12:00:00Z"},
				{"file", "f1", "module", "Cases"}, {"file", "f1", "recordId", "c1"}, {"file", "f1", "filename", "a.pdf"},
				{"file", "f1", "contentType", "application/pdf"}, {"file", "f1", "size", "3"}, {"file", "f1", "createdAt", "2026-03-01T12:00:00Z"},
				{"file", "f1", "url", "https://s3/x"}, {"file", "f1", "expiresAt", "2026-03-01T12:15:00Z"}}},
		{name: "cut", out: ExportJSON{WritingsTruncated: truncatedSize}, want: [][]string{{"writings", "", "truncated", "size"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := writingsCSV(tt.out)
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("writingsCSV = %q, want %q", got, tt.want)
			}
		})
	}
}

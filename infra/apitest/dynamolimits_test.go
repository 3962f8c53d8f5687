package apitest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"crmportal/shared/crm"
	"crmportal/shared/modules"
	"crmportal/shared/store"
)

// TestDynamoDBLimits: writes that DynamoDB would refuse on AWS (an item over 400 KB, a
// transaction over 100 actions or 4 MB, a customization item over 400 KB) answer 422 naming
// the fields before anything is written, instead of a 500.
func TestDynamoDBLimits(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Limits")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)

	// Six custom text areas and 61 custom lookups to Accounts on Cases.
	var custom []map[string]any
	var notes, refs []string
	for i := 1; i <= 6; i++ {
		name := fmt.Sprintf("Notes_%d", i)
		notes = append(notes, name)
		custom = append(custom, map[string]any{"apiName": name, "labels": map[string]string{"en": name}, "type": "textarea"})
	}
	for i := 0; i < 61; i++ {
		name := fmt.Sprintf("Ref_%02d", i)
		refs = append(refs, name)
		custom = append(custom, map[string]any{"apiName": name, "labels": map[string]string{"en": name}, "type": "lookup", "lookupModule": "Accounts"})
	}
	MustStatus(t, admin.Do("PATCH", "/api/admin/modules/Cases", map[string]any{"fields": custom}, "If-Match", `"0"`), http.StatusOK)
	acct := admin.MustCreate("Accounts", map[string]any{"Account_Name": "Limites Ltda"})
	withRefs := func(fields map[string]any, names []string) map[string]any {
		for _, n := range names {
			fields[n] = acct.ID
		}
		return fields
	}
	cases := func() int {
		var list struct{ Items []record }
		admin.Do("GET", "/api/admin/records/Cases?limit=100", nil).JSON(t, &list)
		return len(list.Items)
	}
	refused := func(t *testing.T, r response, among []string) []string {
		t.Helper()
		MustStatus(t, r, http.StatusUnprocessableEntity)
		p := r.Problem(t)
		got := p.fields()
		if len(got) == 0 {
			t.Fatalf("no field named: %s", r.Body)
		}
		for _, f := range got {
			if !slices.Contains(among, f) {
				t.Errorf("named %s, want only fields of %v; problem %s", f, among, r.Body)
			}
		}
		return got
	}

	t.Run("a 768 KB record names its largest text areas", func(t *testing.T) {
		long := strings.Repeat("😀", crm.TextareaMaxLength) // 128,000 bytes
		fields := map[string]any{"Subject": "Big"}
		for _, n := range notes {
			fields[n] = long
		}
		r := admin.Do("POST", "/api/admin/records/Cases", map[string]any{"fields": fields})
		got := refused(t, r, notes)
		if len(got) != 3 { // 768 KB - 400 KB needs three of them gone
			t.Errorf("named %v, want the three that bring it under 400 KB", got)
		}
		if msg := r.Problem(t).Errors[0].Message; !strings.Contains(msg, "409600") {
			t.Errorf("message %q does not give the limit", msg)
		}
		if n := cases(); n != 0 {
			t.Errorf("a refused create wrote %d records", n)
		}
	})

	t.Run("a create with 61 lookups names the lookups", func(t *testing.T) {
		r := admin.Do("POST", "/api/admin/records/Cases", map[string]any{"fields": withRefs(map[string]any{"Subject": "Many"}, refs)})
		if got := refused(t, r, refs); len(got) != 61 {
			t.Errorf("named %d fields, want the 61 lookups", len(got))
		}
		if msg := r.Problem(t).Errors[0].Message; !strings.Contains(msg, fmt.Sprintf("at most %d", modules.MaxRecordLookups)) {
			t.Errorf("message %q does not give the maximum", msg)
		}
		if n := cases(); n != 0 {
			t.Errorf("a refused create wrote %d records", n)
		}
	})

	t.Run("an edit from the most lookups (modules.MaxRecordLookups) to 61 is refused, nothing written", func(t *testing.T) {
		rec := admin.MustCreate("Cases", withRefs(map[string]any{"Subject": "Most"}, refs[:modules.MaxRecordLookups]))
		path := "/api/admin/records/Cases/" + rec.ID
		r := admin.Do("PATCH", path, map[string]any{"fields": withRefs(map[string]any{"Subject": "More"}, refs[modules.MaxRecordLookups:])}, "If-Match", `"1"`)
		refused(t, r, refs)
		var back record
		admin.Do("GET", path, nil).JSON(t, &back)
		if back.Version != 1 || back.Fields["Subject"] != "Most" || back.Fields["Ref_60"] != nil {
			t.Errorf("after a refused edit the record is %+v", back)
		}
		MustStatus(t, admin.Do("DELETE", path, nil, "If-Match", `"1"`), http.StatusNoContent)
	})

	t.Run("an edit of a stored record with 61 lookups (123 actions) is refused, nothing written", func(t *testing.T) {
		// Written past the API, as an older version allowed: a 62-action create.
		m, _, err := modules.New(e.store).Module(t.Context(), o.ID, "Cases")
		if err != nil {
			t.Fatal(err)
		}
		now := e.store.Now()
		fields := map[string]any{"Subject": "Legacy"}
		for _, n := range refs {
			fields[n] = map[string]any{"id": acct.ID, "name": "Limites Ltda"}
		}
		legacy := store.Record{OrgID: o.ID, Module: "Cases", ID: "legacy0000000061", LayoutID: "default", Version: 1, Name: "Legacy",
			Fields: fields, CreatedAt: now, ModifiedAt: now}
		if err := e.store.CreateRecord(t.Context(), m, legacy); err != nil {
			t.Fatal(err)
		}
		path := "/api/admin/records/Cases/" + legacy.ID
		r := admin.Do("PATCH", path, map[string]any{"fields": map[string]any{"Subject": "Edited"}}, "If-Match", `"1"`)
		if got := refused(t, r, refs); len(got) != 61 {
			t.Errorf("named %d fields, want the 61 lookups", len(got))
		}
		var back record
		admin.Do("GET", path, nil).JSON(t, &back)
		if back.Version != 1 || back.Fields["Subject"] != "Legacy" {
			t.Errorf("after a refused edit the record is %+v", back)
		}
		// Clearing lookups is how out: 1 + 61 deleted + MaxRecordLookups kept + 1 search key put
		// again (the keys carry the lookups) ≤ 100 actions.
		clear := map[string]any{}
		for _, n := range refs[modules.MaxRecordLookups:] {
			clear[n] = nil
		}
		MustStatus(t, admin.Do("PATCH", path, map[string]any{"fields": clear}, "If-Match", `"1"`), http.StatusOK)
		MustStatus(t, admin.Do("DELETE", path, nil, "If-Match", `"2"`), http.StatusNoContent)
	})

	t.Run("30 lookups and a 128 KB description (over 4 MB per edit) names the description", func(t *testing.T) {
		fields := withRefs(map[string]any{"Subject": "Heavy", "Description": strings.Repeat("😀", crm.TextareaMaxLength)}, refs[:30])
		r := admin.Do("POST", "/api/admin/records/Cases", map[string]any{"fields": fields})
		if got := refused(t, r, []string{"Description"}); len(got) != 1 {
			t.Errorf("named %v", got)
		}
		if n := cases(); n != 0 {
			t.Errorf("a refused create wrote %d records", n)
		}
	})

	t.Run("a 0.9 MB customization names the part, nothing written", func(t *testing.T) {
		// 33 picklists of 200 options of 100 characters: about 880 KB, under the 1 MB body.
		var big []map[string]any
		for i := 0; i < 33; i++ {
			opts := make([]map[string]any, crm.MaxOptions)
			for j := range opts {
				opts[j] = map[string]any{"value": fmt.Sprintf("%03d%s", j, strings.Repeat("v", crm.MaxLabelLength-3)), "labels": map[string]string{"en": "x"}}
			}
			big = append(big, map[string]any{"apiName": fmt.Sprintf("Pick_%03d", i), "labels": map[string]string{"en": "Pick"}, "type": "picklist", "options": opts})
		}
		r := admin.Do("PATCH", "/api/admin/modules/Accounts", map[string]any{"fields": big}, "If-Match", `"0"`)
		if got := refused(t, r, []string{"fields", "layouts"}); !slices.Equal(got, []string{"fields"}) {
			t.Errorf("named %v, want fields", got)
		}
		back := admin.Do("GET", "/api/admin/modules/Accounts", nil)
		if back.Header.Get("ETag") != `"0"` {
			t.Errorf("after a refused change the module's ETag is %s", back.Header.Get("ETag"))
		}
	})
}

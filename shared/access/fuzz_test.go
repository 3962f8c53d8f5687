package access

import (
	"reflect"
	"testing"

	"crmportal/shared/crm"
)

// FuzzProject checks Project's safety property: it never returns a field whose permission is
// hidden, unknown or not listed, nor a key that is not a field of the module; and, when the
// tab allows view, it returns every visible field the record has, unchanged unless it is a
// picklist value relabelled. perms picks each field's permission; shape picks the tab's
// scope, whether it is enabled, allows view, is for the module, and which fields carry
// customer labels.
func FuzzProject(f *testing.F) {
	mods := testModules(f)
	names := []string{crm.Contacts, crm.Leads, crm.Accounts, crm.Products, crm.Quotes, crm.SalesOrders,
		crm.Invoices, crm.Cases, crm.Solutions}
	f.Add(uint8(6), []byte{2, 3, 0, 1, 4, 5}, []byte{0xff, 0xff}, "pt-BR")
	f.Add(uint8(0), []byte{3}, []byte{0, 1}, "en")
	f.Add(uint8(7), []byte{0}, []byte{}, "")
	f.Add(uint8(1), []byte{2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, []byte{7, 3}, "es")
	f.Add(uint8(3), []byte{5, 4, 3, 2, 1, 0}, []byte{1, 0xf0}, "pt-BR")
	f.Fuzz(func(t *testing.T, modIdx uint8, perms, shape []byte, lang string) {
		m := mods[names[int(modIdx)%len(names)]]
		bit := func(i int) bool { return len(shape) > i/8 && shape[i/8]&(1<<(i%8)) != 0 }

		ut := UserType{Position: 0, BaseModule: crm.Contacts, Fields: map[string]map[string]Perm{}}
		fieldPerms := map[string]Perm{}
		for i, fd := range m.Fields {
			if len(perms) == 0 {
				break
			}
			switch perms[i%len(perms)] % 6 {
			case 0: // not listed
			case 1:
				fieldPerms[fd.APIName] = PermHidden
			case 2:
				fieldPerms[fd.APIName] = PermRead
			case 3:
				fieldPerms[fd.APIName] = PermWrite
			case 4:
				fieldPerms[fd.APIName] = "READ"
			case 5:
				fieldPerms[fd.APIName] = ""
			}
		}
		fieldPerms["Not_A_Field"] = PermRead
		ut.Fields[m.APIName] = fieldPerms

		tab := Tab{Module: m.APIName, Enabled: !bit(0), View: !bit(1), Scope: ScopeOwn}
		if bit(2) {
			tab.Module = crm.Cases
		}
		if bit(3) {
			tab.Scope = ScopeCatalog
		}
		rec := map[string]any{"Not_A_Field": "x", "id": "abcdefgh12"}
		for i, fd := range m.Fields {
			switch fd.Type {
			case crm.TypePicklist, crm.TypeMultipicklist:
				if len(fd.Options) == 0 {
					continue
				}
				opt := fd.Options[i%len(fd.Options)].Value
				if fd.Type == crm.TypePicklist {
					rec[fd.APIName] = opt
				} else {
					rec[fd.APIName] = []any{opt, "other"}
				}
				if bit(8 + i%8) {
					if tab.PicklistLabels == nil {
						tab.PicklistLabels = map[string]map[string]map[string]string{}
					}
					tab.PicklistLabels[fd.APIName] = map[string]map[string]string{opt: {lang: "customer " + opt}}
				}
			case crm.TypeLookup:
				rec[fd.APIName] = map[string]any{"id": "abcdefgh12", "name": "N"}
			default:
				rec[fd.APIName] = "value of " + fd.APIName
			}
		}
		ut.Tabs = []Tab{tab}

		got := Project(ut, tab, m, rec, lang)
		if got == nil {
			t.Fatalf("Project returned nil")
		}
		for key, v := range got {
			fd, ok := m.Field(key)
			if !ok {
				t.Fatalf("Project returned %q, not a field of %s", key, m.APIName)
			}
			if p := fieldPerms[key]; p != PermRead && p != PermWrite {
				t.Fatalf("Project returned %q whose permission is %q", key, p)
			}
			if fd.Type != crm.TypePicklist && fd.Type != crm.TypeMultipicklist && !reflect.DeepEqual(v, rec[key]) {
				t.Fatalf("Project changed %q: got %v, want %v", key, v, rec[key])
			}
		}
		if tab.Module != m.APIName || !Can(tab, ActionView) {
			if len(got) != 0 {
				t.Fatalf("Project returned %v for a tab that cannot view %s", got, m.APIName)
			}
			return
		}
		for _, fd := range Visible(ut, m) {
			if _, has := rec[fd.APIName]; has {
				if _, ok := got[fd.APIName]; !ok {
					t.Fatalf("Project left out visible field %q", fd.APIName)
				}
			}
		}
	})
}

// FuzzSlug checks that Slug's output is a valid slug, or is refused only for being empty,
// too short or reserved; that Slug is idempotent and keeps valid slugs as they are; and that
// Suggest's answer is always a valid slug other than its input.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Clientes Ação Ltda", "Admin", "東京", "", "a", "ab", "-x-", "ﬁnance １２３",
		"Straße Müller", "D'Ávila", "a--b", "ab\xffcd", "ŁÓDŹ", "İ", "x.y_z", "portal"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		s := Slug(name)
		if len(s) > SlugMaxLength {
			t.Fatalf("Slug(%q) = %q: longer than %d", name, s, SlugMaxLength)
		}
		if msg := CheckSlug(s); msg != "" && s != "" && len(s) >= SlugMinLength && !Reserved[s] {
			t.Fatalf("Slug(%q) = %q: CheckSlug says %q", name, s, msg)
		}
		if again := Slug(s); again != s {
			t.Fatalf("Slug not idempotent: Slug(%q) = %q, Slug(%q) = %q", name, s, s, again)
		}
		if CheckSlug(name) == "" && s != name {
			t.Fatalf("Slug changed the valid slug %q into %q", name, s)
		}
		sug := Suggest(name, func(string) bool { return false }, nil)
		if msg := CheckSlug(sug); msg != "" || sug == name {
			t.Fatalf("Suggest(%q) = %q: CheckSlug says %q", name, sug, msg)
		}
	})
}

package access

import (
	"testing"

	"crmportal/shared/crm"
)

// FuzzCheckWrite checks CheckWrite's safety property: a sent field passes only when it is a
// field of the tab's module that the user type lists as read-write, is not a system field nor
// one the portal sets, and the tab allows the action; a hidden or unknown field is refused
// with the same message (MsgNotAField), so it cannot be probed; and every error names a sent
// field. perms picks each field's permission, shape the tab's flags and scope, and sent the
// fields sent (by index; 0xff is a name that is not a field).
func FuzzCheckWrite(f *testing.F) {
	mods := testModules(f)
	names := []string{crm.Contacts, crm.Leads, crm.Accounts, crm.Products, crm.Quotes, crm.SalesOrders,
		crm.Invoices, crm.Cases, crm.Solutions}
	f.Add(uint8(7), []byte{3, 3, 2, 1, 0}, []byte{0x7f, 0}, []byte{0, 1, 2, 3, 4, 0xff}, true)
	f.Add(uint8(0), []byte{3}, []byte{0x0f, 1}, []byte{0, 1, 2, 3, 4, 5, 6, 7}, false)
	f.Add(uint8(2), []byte{1, 3}, []byte{0xff, 0xff}, []byte{9, 9, 0xff}, true)
	f.Add(uint8(6), []byte{3, 4, 5}, []byte{0x3b, 2}, []byte{}, false)
	f.Add(uint8(4), []byte{2, 2, 3}, []byte{0x01, 3}, []byte{20, 21, 22, 23}, true)
	f.Fuzz(func(t *testing.T, modIdx uint8, perms, shape, sent []byte, creating bool) {
		m := mods[names[int(modIdx)%len(names)]]
		bit := func(i int) bool { return len(shape) > i/8 && shape[i/8]&(1<<(i%8)) != 0 }

		fieldPerms := map[string]Perm{}
		for i, fd := range m.Fields {
			if len(perms) == 0 {
				break
			}
			switch perms[i%len(perms)] % 6 {
			case 1:
				fieldPerms[fd.APIName] = PermHidden
			case 2:
				fieldPerms[fd.APIName] = PermRead
			case 3:
				fieldPerms[fd.APIName] = PermWrite
			case 4:
				fieldPerms[fd.APIName] = "WRITE"
			case 5:
				fieldPerms[fd.APIName] = ""
			}
		}
		fieldPerms["Not_A_Field"] = PermWrite
		ut := UserType{BaseModule: crm.Contacts, Fields: map[string]map[string]Perm{m.APIName: fieldPerms}}

		tab := Tab{Module: m.APIName, Enabled: bit(0), View: bit(1), Create: bit(2), Edit: bit(3),
			Delete: bit(4), Notes: bit(5)}
		if bit(6) {
			tab.Module = crm.Cases
		}
		switch {
		case bit(8):
			tab.Scope = ScopeCatalog
		case bit(9):
			tab.Scope = ScopeAccount
		case bit(10):
			tab.Scope = "everyone"
		default:
			tab.Scope = ScopeOwn
		}
		if bit(11) && len(m.Fields) > 0 {
			tab.ScopeField = m.Fields[int(modIdx)%len(m.Fields)].APIName
		}
		ut.Tabs = []Tab{tab}

		var fields []string
		for _, b := range sent {
			if b == 0xff || len(m.Fields) == 0 {
				fields = append(fields, "Not_A_Field")
				continue
			}
			fields = append(fields, m.Fields[int(b)%len(m.Fields)].APIName)
		}
		errs := CheckWrite(ut, tab, m, fields, creating)
		refused := map[string]string{}
		for _, e := range errs {
			refused[e.Field] = e.Message
		}
		isSent := map[string]bool{}
		for _, n := range fields {
			isSent[n] = true
		}
		for field := range refused {
			if !isSent[field] {
				t.Fatalf("CheckWrite refused %q, which was not sent", field)
			}
		}
		action := ActionEdit
		if creating {
			action = ActionCreate
		}
		for _, n := range fields {
			fd, known := m.Field(n)
			visible := known && tab.Module == m.APIName && (fieldPerms[n] == PermRead || fieldPerms[n] == PermWrite)
			msg, isRefused := refused[n]
			if !visible {
				if msg != MsgNotAField {
					t.Fatalf("hidden or unknown field %q (perm %q, tab for %s): got %q, want %q", n, fieldPerms[n], tab.Module, msg, MsgNotAField)
				}
				continue
			}
			writable := fieldPerms[n] == PermWrite && !fd.System && !SetByPortal(tab, fd) && Can(tab, action)
			if !isRefused && !writable {
				t.Fatalf("CheckWrite let %q through: perm %q, system %v, set by portal %v, tab allows %s: %v",
					n, fieldPerms[n], fd.System, SetByPortal(tab, fd), action, Can(tab, action))
			}
			if isRefused && writable {
				t.Fatalf("CheckWrite refused writable field %q: %s", n, msg)
			}
		}
	})
}

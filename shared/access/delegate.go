package access

import "crmportal/shared/crm"

// CheckDelegable returns why ut cannot be delegated to account admins, or "". An account
// admin invites the Contacts of their own Account, so only a type based on Contacts can be
// delegated; a type that is not delegable is always valid.
func CheckDelegable(ut UserType) string {
	if ut.Delegable && ut.BaseModule != crm.Contacts {
		return "can be true only for a type based on Contacts (account admins invite the Contacts of their Account)"
	}
	return ""
}

// Package problemcode is the one registry of the stable codes a problem answer carries so a
// client can show the refusal in its user's language: each field error's code and params,
// and the code of a problem whose detail a person reads (a seat refusal, a conflict shown in
// a form). The English sentence stays in the answer for API users; the code is what the web
// app translates (its catalogue is generated from Defs by infra/cmd/genweb, and a web test
// fails when a code has no translation).
//
// The rules stay plain English where they are written: each Def holds the exact sentence
// its rule answers, with {name} where a parameter goes, and [Match] recovers the code and the
// parameters from a sentence. The httpapi adapter calls it for every field error and detail
// that carries no code of its own, so a rule package needs no second vocabulary; a sentence
// that no Def matches gets no code, and the client shows a generic sentence for the status.
// The table tests of the rule packages check that their sentences keep their codes.
package problemcode

import (
	"regexp"
	"strings"
	"sync"
)

// Def is one code: the English sentences (templates) that carry it. A template's {name}
// matches any non-empty text and becomes the parameter name; a template matches a whole
// sentence. Templates are tried in the order of Defs, so a specific one goes first. A Def
// without templates is a code its sites set themselves (httpapi.Field).
type Def struct {
	Code      string
	Templates []string
}

// Params are the named values of a sentence, such as max for "must be at most {max}
// characters".
func (d Def) Params() []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range d.Templates {
		for _, m := range paramPattern().FindAllStringSubmatch(t, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				out = append(out, m[1])
			}
		}
	}
	return out
}

// paramPattern is a template's parameter. It is compiled on first use, not at package
// initialization, which every function linking this package would pay for in its cold start.
var paramPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{([a-zA-Z]+)\}`) })

// numeric names the parameters that are numbers: they match only a number, so "must be {min}
// to {max}" does not take "must be 1 to 40 lowercase letters".
var numeric = map[string]bool{"min": true, "max": true, "count": true, "needed": true}

// Defs lists every code. Codes are stable: a client keys its translations by them, so a code
// is never renamed or reused for another rule; a new rule gets a new code.
var Defs = []Def{
	// The detail of every 422 that lists field errors (httpapi.FieldErrors).
	{"fields.invalid", []string{"one or more fields are invalid"}},

	// Passwords (auth.CheckPassword).
	{"password.invalid_utf8", []string{"password must be valid UTF-8 text"}},
	{"password.too_short", []string{"password must be at least {min} characters"}},
	{"password.too_long", []string{"password must be at most {max} characters"}},
	{"password.common", []string{"password is too common; choose another"}},
	{"password.email", []string{"password must not be your email address"}},

	// Any field.
	{"field.required", []string{"is required", "is required: the new user type", "needs a value"}},
	{"field.required_for_scope", []string{"is required for {scope} scope"}},
	{"field.required_canvas", []string{"is required for a canvas display"}},
	{"field.required_actions", []string{"is required when create, edit or delete is on"}},
	{"field.unknown", []string{"is not a field of {module}", "is not a known field", "is not a line item field"}},
	{"field.not_writable", []string{"is not a field you can change"}},
	{"field.read_only", []string{"is read-only"}},
	{"field.set_by_portal", []string{"is set by the portal"}},
	{"field.set_by_server", []string{"is set by the server"}},
	{"field.hidden_for_type", []string{"is hidden for this user type"}},
	{"field.repeated", []string{"repeats a field"}},
	{"field.not_filterable", []string{"is not a filterable field of this tab"}},
	{"field.line_items_display", []string{"is a line items field: it cannot be shown in a list or on a card"}},
	{"field.line_items_criterion", []string{"is a line items field: it cannot be a criterion"}},
	{"field.type_not_filterable", []string{"is a {type} field: it cannot be filtered on"}},
	{"field.system_writable", []string{"is a system field: it can be hidden or read-only"}},
	{"field.portal_link_writable", []string{"links records to portal users and is set by the portal: it can be hidden or read-only"}},
	{"field.catalog_writable", []string{"is in a catalog tab: it can be hidden or read-only"}},
	{"field.mode", []string{"must be hidden, read or write"}},
	{"value.repeated", []string{"repeats a value"}},
	{"value.one_of", []string{"must be one of: {values}", "must be one of the field's options", "must be a list of the field's options"}},
	{"value.not_option", []string{"is not an option of {field}"}},
	{"value.canonical", []string{"must be written as {value}"}},
	{"value.not_criterion", []string{"cannot be a criterion value"}},
	{"value.choice", []string{
		"must be admin or user", "must be active or inactive", "must be invited, active or deactivated",
		"must be json or csv", "must be eq, ne or in", "must be list or canvas", "must be own, account or catalog",
		"must be portal or absent", "must be true or false", "must be 0 or 1", "must be Leads or Contacts",
	}},

	// Text, numbers and formats.
	{"text.blank", []string{"must not be blank"}},
	{"text.utf8", []string{"must be valid UTF-8 text"}},
	{"text.control", []string{"must not contain control characters"}},
	{"text.line", []string{"must not contain control characters or line breaks"}},
	{"text.type", []string{"must be text"}},
	{"length.range", []string{"must be {min} to {max} characters"}},
	{"length.max", []string{"must be at most {max} characters"}},
	{"number.min", []string{"must be {min} or more"}},
	{"number.range", []string{"must be {min} to {max}", "must be between {min} and {max}"}},
	{"number.invalid", []string{"must be a number"}},
	{"number.too_large", []string{"must be less than 1e15 in absolute value"}},
	{"number.positive", []string{"must be greater than 0"}},
	{"number.not_negative", []string{"must not be negative"}},
	{"currency.invalid", []string{"must be an amount: a number with at most 2 decimals", "must have at most 2 decimals"}},
	{"currency.total", []string{"must have a total of at most {max}"}},
	{"email.invalid", []string{
		"must be a valid email address", "must be an email address",
		"must be an email address (name@example.com) of at most 254 characters",
	}},
	{"phone.invalid", []string{"must be a phone number", "must be a phone number: digits, spaces, ( ) - . and an optional leading +, 6 to 30 characters"}},
	{"url.invalid", []string{"must be an http or https URL"}},
	{"date.invalid", []string{"must be a date YYYY-MM-DD"}},
	{"datetime.invalid", []string{
		"must be a date and time in RFC 3339 with an offset, e.g. 2026-01-02T15:04:05Z",
		"must be an RFC 3339 time, e.g. 2026-11-28T12:00:00Z", "must be between years 0000 and 9999 in UTC",
	}},
	{"color.invalid", []string{"must be a colour like #1a2b3c"}},
	{"language.invalid", []string{"is not a language tag such as en or pt-BR", "is not a language tag: {reason}"}},
	{"json.invalid", []string{"must be valid JSON"}},
	// Set where the error is built (httpapi.Decode, with param kind), not matched: its
	// sentence "must be {kind}" would take other rules' sentences.
	{"json.type", nil},
	{"list.max", []string{"must have at most {max} values", "must have at most {max} line items", "must have at most {max} fields"}},
	{"list.range", []string{"must have 1 to {max} fields", "must have 1 to {max} values"}},
	{"list.exactly_one", []string{"must have exactly one value for {op}"}},
	{"line_items.invalid", []string{"must be a list of line items", "must be an object with Product, Quantity and Unit_Price"}},
	{"record.id_invalid", []string{"must be a record id", "is not an id"}},
	{"record.lookup_missing", []string{"must point to an existing {module} record"}},
	{"record.not_of_module", []string{"is not a {module} record"}},
	{"record.hidden_by_criterion", []string{"the record would not be visible in this tab (its fixed criterion); nothing was created"}},

	// Names and addresses.
	{"name.reserved", []string{"is reserved; choose another name"}},
	{"slug.charset", []string{"must have only lowercase letters a-z, digits and hyphens"}},
	{"slug.hyphens", []string{"must not have two hyphens in a row"}},
	{"slug.ends", []string{"must start and end with a letter or a digit"}},
	{"slug.from_name", []string{"gives the address /p/{slug}, which {reason}"}},

	// User types, tabs and seats.
	{"module.unknown", []string{"is not a module"}},
	{"module.tab_repeated", []string{"has another tab in this user type"}},
	{"layout.unknown", []string{"is not a layout of {module}", "is not a layout of this tab"}},
	{"layout.repeated", []string{"repeats a layout"}},
	{"layout.required", []string{"must have at least one layout"}},
	{"layout.none_to_create", []string{"this tab allows no layout to create records in"}},
	{"scope.field_lookup", []string{"must be a lookup to {module}"}},
	{"scope.own_base", []string{"must be own: the base module's tab shows the user's own record", "must be empty: the base module's tab shows the user's own record"}},
	{"scope.account", []string{"can be account only when the base module has an Account_Name lookup to Accounts (Contacts)"}},
	{"scope.catalog", []string{"can be catalog only for Products and Solutions", "must be empty for catalog scope"}},
	{"display.list_only", []string{"must be empty for a list display", "must be empty for a canvas display"}},
	{"action.catalog", []string{"is not allowed on a catalog tab: catalog records are read-only", "is not allowed on a catalog tab: every portal user would see them"}},
	{"action.own_record", []string{"is not allowed on the user's own record"}},
	{"action.needs_view", []string{"needs view"}},
	{"action.create_required_field", []string{"needs the required field {field} to be read-write"}},
	{"picklist.not_picklist", []string{"is not a picklist"}},
	{"usertype.unknown", []string{"is not a user type", "no user type with that id"}},
	{"usertype.free_no_licenses", []string{"is the free type, which needs no licenses"}},
	{"usertype.free_base", []string{"must be Contacts: the first (free) user type can only be based on Contacts"}},
	{"usertype.position", []string{"has an invalid position"}},
	{"usertype.limit", []string{"an organization can have at most {max} user type", "an organization can have at most {max} user types"}},
	{"usertype.in_use", []string{
		"{count} user already has this type; remove or move them first",
		"{count} users already have this type; remove or move them first",
		"{count} users have this type; remove or move them first",
		"{count} users have this type; its base module cannot change",
	}},
	{"usertype.already", []string{"is the user's type already"}},
	{"usertype.base_mismatch", []string{"is based on {module}; this user is a {recordModule} record"}},
	{"usertype.free_first", []string{"the free type is the first; delete the licensed types first"}},
	{"usertype.open_first_tab", []string{"needs an enabled tab that allows view (the tab the portal opens)"}},
	{"seats.none", []string{"has no seats", "the user type has no seats"}},
	{"seats.full", []string{"has no free seats: {count} of {max} are taken", "the user type has no free seats: {count} of {max} are taken"}},
	{"seats.fewer", []string{"has {count} free seats of {max}, fewer than the {needed} needed", "the user type has {count} free seats of {max}, fewer than the {needed} needed"}},
	{"seats.pool_total", []string{"add up to {count}, more than the {max} licenses in the pool"}},
	{"seats.pool_left", []string{"the license pool has {count} seats left"}},
	{"seats.pool_for_type", []string{"the license pool has {count} seats for this type"}},

	// Invitations and portal users.
	{"invite.module", []string{"only Contacts and Leads records can be invited"}},
	{"invite.no_email", []string{"the record has no email; add one first"}},
	{"invite.bad_email", []string{"the record's email is not a valid address"}},
	{"invite.name", []string{"{reason} (the record's name becomes the portal user's; correct the record first)"}},
	{"invite.already_invited", []string{"this person is already invited; resend the invitation from the portal users list"}},
	{"invite.already_active", []string{"this person is already an active portal user"}},
	{"invite.deactivated", []string{"this person's portal user is deactivated; activate it from the portal users list"}},
	{"invite.email_taken", []string{"another portal user of this portal has the email {email}"}},
	{"invite.portal_missing", []string{"configure the portal first"}},
	{"invite.portal_inactive", []string{"the portal is deactivated; reactivate it to invite users"}},
	{"invitation.gone", []string{"this invitation is no longer valid; ask for a new invitation"}},
	{"link.gone", []string{"this link is no longer valid; ask for a new one"}},
	{"login.wrong", []string{"the email or the password is wrong"}},

	// Files, notes and templates.
	{"file.type", []string{"must be a PDF, an image (PNG, JPEG, GIF, WebP), an Office document, text, CSV or a zip archive"}},
	{"file.extension", []string{"must end in {extensions} for {contentType}"}},
	{"file.size", []string{"must be 1 byte to {limit}"}},
	{"file.quota", []string{"this file would take you past your {limit} of attachments; delete some first"}},
	{"file.count_quota", []string{"you have reached the limit of {max} attachments; delete some first"}},
	{"file.not_uploaded", []string{"was not uploaded; post the file to the upload form first"}},
	{"file.logo_type", []string{"must be image/png, image/jpeg or image/webp"}},
	{"file.csv_name", []string{"must be a .csv file name of at most 200 characters"}},
	{"note.author_only", []string{"only the author of a note may change it"}},
	{"attachment.uploader_only", []string{"only the person who uploaded a file may delete it"}},
	{"template.placeholder", []string{"must contain the link {placeholder}", "must contain {placeholder}"}},

	// Custom fields and layouts (crm.ValidateCustomization), and imports.
	{"custom.api_name", []string{"must start with a capital letter and have 2 to 50 letters, digits or underscores"}},
	{"custom.standard_name", []string{"is the name of a standard field", "is the id of a standard layout"}},
	{"custom.name_taken", []string{"is used by another custom field", "is used by another layout"}},
	{"custom.layout_id", []string{"must be 1 to 40 lowercase letters, digits or hyphens"}},
	{"custom.option_repeated", []string{"repeats another option"}},
	{"custom.option_label", []string{"must be 1 to {max} characters without leading or trailing spaces"}},
	{"custom.options_range", []string{"must have 1 to {max} options"}},
	{"custom.max_length", []string{"must be from 1 to {max}, or 0 for the default"}},
	{"custom.not_for_type", []string{"is only for text and textarea fields", "is only for picklist and multipicklist fields", "is only for lookup fields", "cannot be used for a custom field"}},
	{"custom.too_many", []string{"must have at most {max} custom fields", "must have at most {max} sections", "must have at most {max} layouts (a module has at most {limit})"}},
	{"custom.required_in_layout", []string{"must include the required field {field}"}},
	{"import.external_id_repeated", []string{"the external id appears twice in the file"}},
	{"import.external_id_length", []string{"the external id must be at most {max} characters"}},

	// Conflicts a person reads in a form.
	{"changed.reload", []string{
		"the note changed since you read it; reload it", "the record changed since you read it; reload it and try again",
		"the portal changed since you read it; reload it", "the user types or licenses changed meanwhile; reload and try again",
		"the user type changed meanwhile; reload and try again", "the user type changed meanwhile; try again",
		"the portal user changed meanwhile; reload and try again", "the staff member changed meanwhile; try again",
		"the note is at version {version}, not {expected}; reload it",
		"the record is at version {version}, not {expected}; reload it and try again",
		"the record is at version {version}, not {expected}",
		"the user type is at version {version}, not {expected}; reload it",
		"the module changed since you read it (version {version}); reload it",
		"the portal changed since you read it (version {version}); reload it",
	}},
	{"staff.email_taken", []string{"a staff account with this email exists already"}},
	{"staff.last_admin", []string{"the organization must keep at least one active admin"}},
	{"staff.self_change", []string{"you cannot deactivate yourself or take away your own admin role; ask another admin"}},
	{"token.limit", []string{"at most {max} API tokens per user; revoke one first"}},
	{"tab.action_denied", []string{"this tab does not allow you to {action} its records"}},
	{"portal.configured", []string{"the portal is configured already; change it instead"}},
	{"portal.closed", []string{"this portal is closed"}},
	{"preview.read_only", []string{"a preview is read-only", "a preview has no data of its own to export"}},
	{"admin.only", []string{"only an admin may do this"}},
}

type compiled struct {
	code   string
	re     *regexp.Regexp
	params []string
}

var table = sync.OnceValue(func() []compiled {
	var out []compiled
	for _, d := range Defs {
		for _, t := range d.Templates {
			out = append(out, compile(d.Code, t))
		}
	}
	return out
})

// compile turns a template into an anchored pattern whose groups are its parameters.
func compile(code, template string) compiled {
	var b strings.Builder
	var params []string
	b.WriteString("^")
	rest := template
	for {
		loc := paramPattern().FindStringSubmatchIndex(rest)
		if loc == nil {
			b.WriteString(regexp.QuoteMeta(rest))
			break
		}
		b.WriteString(regexp.QuoteMeta(rest[:loc[0]]))
		name := rest[loc[2]:loc[3]]
		if numeric[name] {
			b.WriteString(`(-?[0-9]+(?:\.[0-9]+)?)`)
		} else {
			b.WriteString("(.+?)")
		}
		params = append(params, name)
		rest = rest[loc[1]:]
	}
	b.WriteString("$")
	return compiled{code: code, re: regexp.MustCompile(b.String()), params: params}
}

// Match returns the code of an English rule sentence and its parameters (nil when it has
// none), or ok false when no Def matches it.
func Match(sentence string) (code string, params map[string]string, ok bool) {
	if sentence == "" {
		return "", nil, false
	}
	for _, c := range table() {
		m := c.re.FindStringSubmatch(sentence)
		if m == nil {
			continue
		}
		if len(c.params) > 0 {
			params = make(map[string]string, len(c.params))
			for i, name := range c.params {
				params[name] = m[i+1]
			}
		}
		return c.code, params, true
	}
	return "", nil, false
}

// Known reports whether code is in Defs.
func Known(code string) bool {
	for _, d := range Defs {
		if d.Code == code {
			return true
		}
	}
	return false
}

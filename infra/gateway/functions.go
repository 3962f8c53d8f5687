package gateway

import (
	"context"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/shared/apispec"
	"crmportal/shared/attachments"
	"crmportal/shared/customer"
	"crmportal/shared/health"
	"crmportal/shared/httpapi"
	"crmportal/shared/importer"
	"crmportal/shared/notes"
	"crmportal/shared/platform"
	"crmportal/shared/portal"
	"crmportal/shared/portalusers"
	"crmportal/shared/records"
	"crmportal/shared/routes"
	"crmportal/shared/staff"
	"crmportal/shared/usertypes"
)

// Functions maps each HTTP function folder of template.yaml (its CodeUri) to the constructor its
// main.go calls, so the gateway runs the same handler in process. A test fails when a
// template function is missing here or an entry here has no template function.
var Functions = map[string]func(platform.Deps) httpapi.LambdaFunc{
	"functions/attachments-portal-list":    attachments.ListFunction,
	"functions/attachment-portal-create":   attachments.CreateFunction,
	"functions/attachment-portal-complete": attachments.CompleteFunction,
	"functions/attachment-portal-get":      attachments.GetFunction,
	"functions/attachment-portal-delete":   attachments.DeleteFunction,
	"functions/attachments-list":           attachments.StaffListFunction,
	"functions/attachment-get":             attachments.StaffGetFunction,
	"functions/me-export":                  customer.ExportFunction,
	"functions/notes-portal-list":          notes.ListFunction,
	"functions/note-portal-create":         notes.CreateFunction,
	"functions/note-portal-update":         notes.UpdateFunction,
	"functions/note-portal-delete":         notes.DeleteFunction,
	"functions/notes-list":                 notes.StaffListFunction,
	"functions/note-create":                notes.StaffCreateFunction,
	"functions/audit-list":                 staff.AuditFunction,
	"functions/fallback":                   routes.Function,
	"functions/health":                     health.Function,
	"functions/openapi":                    apispec.Function,
	"functions/staff-login":                staff.LoginFunction,
	"functions/logout":                     staff.LogoutFunction,
	"functions/staff-me":                   staff.MeFunction,
	"functions/staff-reset-request":        staff.RequestResetFunction,
	"functions/staff-reset":                staff.ResetFunction,
	"functions/tokens-list":                staff.ListTokensFunction,
	"functions/tokens-create":              staff.CreateTokenFunction,
	"functions/tokens-revoke":              staff.RevokeTokenFunction,
	"functions/org-tokens-list":            staff.ListOrgTokensFunction,
	"functions/staff-list":                 staff.ListMembersFunction,
	"functions/staff-create":               staff.CreateMemberFunction,
	"functions/staff-update":               staff.UpdateMemberFunction,
	"functions/org-get":                    staff.GetOrgFunction,
	"functions/org-update":                 staff.UpdateOrgFunction,
	"functions/modules-list":               records.ListModulesFunction,
	"functions/module-get":                 records.GetModuleFunction,
	"functions/module-update":              records.UpdateModuleFunction,
	"functions/records-list":               records.ListRecordsFunction,
	"functions/record-create":              records.CreateRecordFunction,
	"functions/record-get":                 records.GetRecordFunction,
	"functions/record-update":              records.UpdateRecordFunction,
	"functions/record-delete":              records.DeleteRecordFunction,
	"functions/import-create":              importer.CreateFunction,
	"functions/import-get":                 importer.GetFunction,
	"functions/portal-get":                 portal.GetFunction,
	"functions/portal-create":              portal.CreateFunction,
	"functions/portal-update":              portal.UpdateFunction,
	"functions/portal-public":              portal.PublicFunction,
	"functions/portal-logo":                portal.LogoFunction,
	"functions/preview":                    customer.PreviewFunction,
	"functions/me-tabs":                    customer.TabsFunction,
	"functions/records-portal-list":        customer.ListRecordsFunction,
	"functions/record-portal-get":          customer.GetRecordFunction,
	"functions/record-portal-create":       customer.CreateRecordFunction,
	"functions/record-portal-update":       customer.UpdateRecordFunction,
	"functions/record-portal-delete":       customer.DeleteRecordFunction,
	"functions/user-types-list":            usertypes.ListFunction,
	"functions/user-type-create":           usertypes.CreateFunction,
	"functions/user-type-get":              usertypes.GetFunction,
	"functions/user-type-update":           usertypes.PutFunction,
	"functions/user-type-delete":           usertypes.DeleteFunction,
	"functions/licenses-get":               usertypes.GetLicensesFunction,
	"functions/licenses-update":            usertypes.PutLicensesFunction,
	"functions/invitation-send":            portalusers.SendInvitationFunction,
	"functions/portal-users-list":          portalusers.ListFunction,
	"functions/portal-user-action":         portalusers.ActionFunction,
	"functions/portal-user-erase":          portalusers.EraseFunction,
	"functions/email-templates-list":       portalusers.ListTemplatesFunction,
	"functions/email-template-put":         portalusers.PutTemplateFunction,
	"functions/email-template-reset":       portalusers.ResetTemplateFunction,
	"functions/invitation-get":             customer.InvitationFunction,
	"functions/invitation-accept":          customer.AcceptFunction,
	"functions/me-get":                     customer.MeFunction,
	"functions/me-preferences":             customer.PreferencesFunction,
	"functions/portal-login":               customer.LoginFunction,
	"functions/portal-reset-request":       customer.RequestResetFunction,
	"functions/portal-reset":               customer.ResetFunction,
}

// SNSFunctions maps the folders of functions that SNS notifications start to their
// constructors. Locally nothing publishes to SNS; the sample events replay through them.
var SNSFunctions = map[string]func(platform.Deps) func(context.Context, events.SNSEvent) error{
	"functions/email-events": portalusers.EmailEventsFunction,
}

// EventFunctions maps the folders of functions that S3 events start to their constructors.
var EventFunctions = map[string]func(platform.Deps) func(context.Context, events.S3Event) error{
	"functions/import-worker": importer.WorkerFunction,
}

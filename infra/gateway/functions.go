package gateway

import (
	"context"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/shared/apispec"
	"crmportal/shared/attachments"
	"crmportal/shared/health"
	"crmportal/shared/httpapi"
	"crmportal/shared/notes"
	"crmportal/shared/notifications"
	"crmportal/shared/notify"
	"crmportal/shared/platform"
	"crmportal/shared/portalapi"
	"crmportal/shared/portalcolleagues"
	"crmportal/shared/portalfactors"
	"crmportal/shared/recorddocs"
	"crmportal/shared/routes"
	"crmportal/shared/staffadmin"
	"crmportal/shared/staffauth"
	"crmportal/shared/staffcrm"
	"crmportal/shared/stafffactors"
	"crmportal/shared/staffimport"
	"crmportal/shared/staffportal"
	"crmportal/shared/staffportalusers"
	"crmportal/shared/staffusertypes"
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
	"functions/attachment-upload":          attachments.StaffUploadFunction,
	"functions/me-export":                  portalapi.ExportFunction,
	"functions/notes-portal-list":          notes.ListFunction,
	"functions/note-portal-create":         notes.CreateFunction,
	"functions/note-portal-update":         notes.UpdateFunction,
	"functions/note-portal-delete":         notes.DeleteFunction,
	"functions/notes-list":                 notes.StaffListFunction,
	"functions/note-create":                notes.StaffCreateFunction,
	"functions/audit-list":                 staffadmin.AuditFunction,
	"functions/fallback":                   routes.Function,
	"functions/health":                     health.Function,
	"functions/openapi":                    apispec.Function,
	"functions/staff-login":                stafffactors.LoginRoutesFunction,
	"functions/logout":                     staffauth.LogoutFunction,
	"functions/staff-me":                   stafffactors.MeFunction,
	"functions/staff-reset-request":        staffauth.RequestResetFunction,
	"functions/staff-reset":                staffauth.ResetFunction,
	"functions/tokens":                     staffadmin.TokensFunction,
	"functions/staff":                      staffadmin.StaffFunction,
	"functions/org":                        staffadmin.OrgFunction,
	"functions/modules":                    staffcrm.ModulesFunction,
	"functions/records-list":               staffcrm.ListOrSearchFunction,
	"functions/record-create":              staffcrm.CreateRecordFunction,
	"functions/record-get":                 staffcrm.GetRecordFunction,
	"functions/record-update":              staffcrm.UpdateRecordFunction,
	"functions/record-delete":              staffcrm.DeleteRecordFunction,
	"functions/import-create":              staffimport.CreateFunction,
	"functions/import-get":                 staffimport.GetFunction,
	"functions/portal-admin":               staffportal.AdminFunction,
	"functions/portal-public":              portalapi.PublicFunction,
	"functions/portal-public-logo":         portalapi.LogoFunction,
	"functions/portal-logo":                staffportal.LogoFunction,
	"functions/preview":                    portalapi.PreviewFunction,
	"functions/me-tabs":                    portalapi.TabsFunction,
	"functions/me-home":                    portalapi.HomeFunction,
	"functions/records-portal-list":        portalapi.ListOrSearchFunction,
	"functions/record-portal-get":          portalapi.GetRecordFunction,
	"functions/record-portal-pdf":          recorddocs.PortalFunction,
	"functions/record-pdf":                 recorddocs.StaffFunction,
	"functions/record-portal-create":       portalapi.CreateRecordFunction,
	"functions/record-portal-update":       portalapi.UpdateRecordFunction,
	"functions/record-portal-delete":       portalapi.DeleteRecordFunction,
	"functions/user-types":                 staffusertypes.UserTypesFunction,
	"functions/licenses":                   staffusertypes.LicensesFunction,
	"functions/invitation-send":            staffportalusers.SendInvitationFunction,
	"functions/portal-users-list":          staffportalusers.ListFunction,
	"functions/portal-user-action":         portalcolleagues.Function,
	"functions/portal-user-erase":          staffportalusers.EraseFunction,
	"functions/email-templates":            staffportalusers.EmailTemplatesFunction,
	"functions/invitation-get":             portalapi.InvitationFunction,
	"functions/invitation-accept":          portalapi.AcceptFunction,
	"functions/me-get":                     portalapi.MeFunction,
	"functions/me-preferences":             portalfactors.MFAFunction,
	"functions/me-notifications":           notifications.PortalFunction,
	"functions/staff-notifications":        notifications.StaffFunction,
	"functions/unsubscribe":                notify.UnsubscribeFunction,
	"functions/portal-login":               portalfactors.LoginRoutesFunction,
	"functions/portal-reset-request":       portalapi.RequestResetFunction,
	"functions/portal-reset":               portalapi.ResetFunction,
}

// SNSFunctions maps the folders of functions that SNS notifications start to their
// constructors. Locally nothing publishes to SNS; the sample events replay through them.
var SNSFunctions = map[string]func(platform.Deps) func(context.Context, events.SNSEvent) error{
	"functions/email-events": notify.EmailEventsFunction,
}

// EventFunctions maps the folders of functions that S3 events start to their constructors.
var EventFunctions = map[string]func(platform.Deps) func(context.Context, events.S3Event) error{
	"functions/import-worker": staffimport.WorkerFunction,
}

package staffadmin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"crmportal/shared/access"
	"crmportal/shared/crm"
	"crmportal/shared/customdomain"
	"crmportal/shared/erasure"
	"crmportal/shared/httpapi"
	"crmportal/shared/invite"
	"crmportal/shared/locale"
	"crmportal/shared/mfa"
	"crmportal/shared/names"
	"crmportal/shared/paylink"
	"crmportal/shared/platform"
	"crmportal/shared/quotes"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// GetOrg answers the organization's settings.

// MaxOrgNameLength is the longest organization name, in characters.
const MaxOrgNameLength = 200

func (s *Service) GetOrg(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	org, err := s.Store.GetOrg(ctx, p.OrgID)
	if err != nil {
		return nil, named(err, "organization")
	}
	return httpapi.JSON(http.StatusOK, org), nil
}

type orgPatch struct {
	Name       *string `json:"name"`
	Language   *string `json:"language"`
	TimeFormat *string `json:"timeFormat"`
	TimeZone   *string `json:"timeZone"`
	Country    *string `json:"country"`
	// InvitationHours is how long invitation links work.
	InvitationHours *int `json:"invitationHours"`
	// APITokenLifetimeDays is how long new API tokens work unless their creator says.
	APITokenLifetimeDays *int `json:"apiTokenLifetimeDays"`
	// StaffNotify is who is told of customers' activity on records without an owner.
	StaffNotify *store.StaffNotify `json:"staffNotify"`
	// StaffMFA is whom of the staff a second factor is required of (mfa.StaffPolicy).
	StaffMFA *string `json:"staffMfa"`
	// StaffPasskeyLogin lets the staff sign in with a passkey alone.
	StaffPasskeyLogin *bool `json:"staffPasskeyLogin"`
	// PaymentURL is the invoices' payment link template (paylink.Check); "" turns it off.
	PaymentURL *string `json:"paymentUrl"`
	// Erasure is how customers' erasure requests are answered (erasure.CheckMode).
	Erasure *string `json:"erasure"`
	// QuoteStages maps quote decisions to Quote_Stage values (quotes.CheckStages), whole.
	QuoteStages *quotes.Stages `json:"quoteStages"`
	// CustomDomain is the host name the portal is also served at (customdomain.Check); ""
	// releases it.
	CustomDomain *string `json:"customDomain"`
}

// UpdateOrg changes the organization's settings (admins only). Every field is checked and
// all errors are answered together; nothing is written unless all pass.
func (s *Service) UpdateOrg(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	if err := staffguard.RequireAdmin(p); err != nil {
		return nil, err
	}
	var in orgPatch
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	var errs []httpapi.FieldError
	check := func(field string, v *string, rule func(string) string) {
		if v == nil {
			return
		}
		if msg := rule(*v); msg != "" {
			errs = append(errs, httpapi.FieldError{Field: field, Message: msg})
		}
	}
	if in.Name != nil {
		name := strings.TrimSpace(*in.Name)
		in.Name = &name
	}
	check("name", in.Name, func(v string) string { return names.Check(v, MaxOrgNameLength) })
	check("language", in.Language, locale.CheckLanguage)
	check("timeFormat", in.TimeFormat, locale.CheckTimeFormat)
	check("timeZone", in.TimeZone, locale.CheckTimeZone)
	check("country", in.Country, locale.CheckCountry)
	check("staffMfa", in.StaffMFA, mfa.CheckStaffPolicy)
	if in.PaymentURL != nil {
		u := strings.TrimSpace(*in.PaymentURL)
		in.PaymentURL = &u
	}
	check("paymentUrl", in.PaymentURL, paylink.Check)
	check("erasure", in.Erasure, erasure.CheckMode)
	if in.CustomDomain != nil {
		d := customdomain.Normalize(*in.CustomDomain)
		in.CustomDomain = &d
		// The deployment's own host: PORTAL_BASE_URL's, else the CloudFront domain the console
		// is reached by.
		deployment := customdomain.HostOf(s.Guard.PortalOrigin(ctx))
		check("customDomain", in.CustomDomain, func(v string) string { return customdomain.Check(v, deployment) })
	}
	if h := in.InvitationHours; h != nil && (*h < 1 || *h > invite.MaxLifetimeHours) {
		errs = append(errs, httpapi.FieldError{Field: "invitationHours", Message: fmt.Sprintf("must be 1 to %d", invite.MaxLifetimeHours)})
	}
	if d := in.APITokenLifetimeDays; d != nil && (*d < 1 || *d > store.MaxAPITokenLifetimeDays) {
		errs = append(errs, httpapi.FieldError{Field: "apiTokenLifetimeDays", Message: fmt.Sprintf("must be 1 to %d", store.MaxAPITokenLifetimeDays)})
	}
	if sn := in.StaffNotify; sn != nil {
		sn.Email = strings.TrimSpace(sn.Email)
		errs = append(errs, CheckStaffNotify(*sn)...)
	}
	if qs := in.QuoteStages; qs != nil {
		for _, e := range quotes.CheckStages("quoteStages", *qs, quoteStageValues()) {
			errs = append(errs, httpapi.FieldError{Field: e.Field, Message: e.Message})
		}
	}
	if len(errs) > 0 {
		return nil, httpapi.FieldErrors(errs...)
	}
	if in.Language != nil {
		c := locale.Canonical(*in.Language)
		in.Language = &c
	}
	org, err := s.Store.UpdateOrg(ctx, p.OrgID, store.OrgChanges{Name: in.Name, Language: in.Language,
		TimeFormat: in.TimeFormat, TimeZone: in.TimeZone, Country: in.Country, InvitationHours: in.InvitationHours,
		APITokenLifetimeDays: in.APITokenLifetimeDays, StaffNotify: in.StaffNotify, StaffMFA: in.StaffMFA, StaffPasskeyLogin: in.StaffPasskeyLogin,
		PaymentURL: in.PaymentURL, Erasure: in.Erasure, QuoteStages: in.QuoteStages, CustomDomain: in.CustomDomain})
	if errors.Is(err, store.ErrDomainTaken) {
		return nil, &httpapi.Error{Kind: httpapi.Conflict, Detail: "the custom domain is taken by another portal",
			Fields: []httpapi.FieldError{{Field: "customDomain", Message: "is taken by another portal"}}, Err: err}
	}
	if err != nil {
		return nil, named(err, "organization")
	}
	return httpapi.JSON(http.StatusOK, org), nil
}

// quoteStageValues are the values a quoteStages setting may name: the standard Quotes
// module's Quote_Stage picklist. An organization's customization adds custom fields and
// layouts but never changes a standard field's options, so the standard values are the
// organization's too.
func quoteStageValues() []string {
	m, _ := crm.StandardModule(crm.Quotes)
	return quotes.StageValues(m)
}

// CheckStaffNotify returns the errors of an organization's staffNotify: Email empty or a
// valid address (at most 254 characters), Role "admin", "all" or "".
func CheckStaffNotify(sn store.StaffNotify) []httpapi.FieldError {
	var errs []httpapi.FieldError
	if sn.Email != "" && (len(sn.Email) > 254 || !ValidEmail(sn.Email)) {
		errs = append(errs, httpapi.FieldError{Field: "staffNotify.email", Message: "must be an email address or empty"})
	}
	switch sn.Role {
	case access.StaffNotifyNone, access.StaffNotifyAdmin, access.StaffNotifyAll:
	default:
		errs = append(errs, httpapi.FieldError{Field: "staffNotify.role", Message: `must be "admin", "all" or empty`})
	}
	return errs
}

// GetOrgFunction is the handler of GET /api/admin/org.
func GetOrgFunction(d platform.Deps) httpapi.LambdaFunc {
	s := withSender(d, nil)
	return d.Adapt(s.Guard.Guard(s.GetOrg))
}

// UpdateOrgFunction is the handler of PATCH /api/admin/org.
func UpdateOrgFunction(d platform.Deps) httpapi.LambdaFunc {
	s := withSender(d, nil)
	return d.Adapt(s.Guard.Guard(s.UpdateOrg))
}

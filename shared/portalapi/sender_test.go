package portalapi

import "crmportal/shared/mail/sesmail"

// The functions that send pass an SES sender; the package itself does not import it, so the
// portal's read functions link no SES client.
var _ mailSender = (*sesmail.Sender)(nil)

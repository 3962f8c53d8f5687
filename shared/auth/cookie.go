package auth

import (
	"strconv"
	"strings"
	"time"
)

// Session cookie names. The __Host- prefix makes browsers accept the cookie only when it is
// Secure, has Path=/ and no Domain, so no sibling subdomain can set or shadow it.
const (
	StaffCookie  = "__Host-staff"
	PortalCookie = "__Host-portal"
)

// SetCookie returns a Set-Cookie header value (one element of a payload v2 response's
// cookies) "name=value; Path=/; Max-Age=N; Secure; HttpOnly; SameSite=Lax", N being maxAge
// in whole seconds, rounded down; a maxAge under one second gives Max-Age=0, which deletes
// the cookie. The cookie is sent to every path, only over HTTPS, never readable by scripts
// and not sent on cross-site subrequests. name and value must already be cookie-safe (no spaces, ";", "," or quotes):
// the values set here are tokens from FormatSessionToken, which are.
func SetCookie(name, value string, maxAge time.Duration) string {
	secs := int64(maxAge / time.Second)
	if secs < 0 {
		secs = 0
	}
	return name + "=" + value + "; Path=/; Max-Age=" + strconv.FormatInt(secs, 10) +
		"; Secure; HttpOnly; SameSite=Lax"
}

// ClearCookie returns a Set-Cookie header value that deletes the named cookie: an empty
// value with Max-Age=0 and the same attributes as SetCookie.
func ClearCookie(name string) string {
	return SetCookie(name, "", 0)
}

// Cookie returns the value of the first cookie called name (case-sensitive) in a request's
// cookies, each element being "name=value" as a payload v2 request carries them. An
// element holding several pairs separated by ";" (a raw Cookie header) is read pair by
// pair. Spaces around pairs are ignored; the value is returned as sent.
func Cookie(cookies []string, name string) (string, bool) {
	for _, c := range cookies {
		for c != "" {
			var pair string
			pair, c, _ = strings.Cut(c, ";")
			k, v, found := strings.Cut(strings.TrimSpace(pair), "=")
			if found && k == name {
				return v, true
			}
		}
	}
	return "", false
}

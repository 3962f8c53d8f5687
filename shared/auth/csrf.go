package auth

// RequestedWithHeader and RequestedWithValue form the header the web client adds to every
// state-changing request. Being a non-safelisted header, it cannot be sent cross-origin
// without a CORS preflight, which the API does not grant.
const (
	RequestedWithHeader = "X-Requested-With"
	RequestedWithValue  = "portal"
)

// Reasons CheckStateChange answers with.
const (
	reasonRequestedWith = "missing header X-Requested-With: portal"
	reasonOrigin        = "origin not allowed"
)

// CheckStateChange is the CSRF check for a request authenticated by a session cookie. It
// returns "" when the request may proceed, else a short English reason. GET, HEAD and
// OPTIONS pass (they change nothing). Any other method (methods are case-sensitive, so
// "post" is not a safe method either) must carry X-Requested-With: portal, and when it
// carries an Origin header that header must equal one of allowedOrigins exactly (scheme,
// host and port, as "https://portal.example.com"); "null" passes only if listed.
//
// header returns a request header's value, or "" when absent; it is called with lower-case
// names, which suits both payload v2 headers (lower-cased by API Gateway) and
// http.Header.Get.
//
// Requests authenticated by a Bearer API token carry no ambient credential and are exempt:
// the caller skips this check for them, and only for them.
func CheckStateChange(method string, header func(string) string, allowedOrigins []string) string {
	switch method {
	case "GET", "HEAD", "OPTIONS":
		return ""
	}
	if header("x-requested-with") != RequestedWithValue {
		return reasonRequestedWith
	}
	if origin := header("origin"); origin != "" {
		for _, allowed := range allowedOrigins {
			if origin == allowed {
				return ""
			}
		}
		return reasonOrigin
	}
	return ""
}

package httpapi

import (
	"strconv"
	"strings"
)

// WithETag sets reply's ETag to the quoted version.
func WithETag(reply *Reply, version int) *Reply {
	if reply.Headers == nil {
		reply.Headers = map[string]string{}
	}
	reply.Headers["ETag"] = `"` + strconv.Itoa(version) + `"`
	return reply
}

// IfMatch reads the If-Match version: 428 when required and missing, 412 when malformed.
func IfMatch(r *Request, required bool) (int, bool, error) {
	v := strings.TrimSpace(Header(r, "If-Match"))
	if v == "" {
		if required {
			return 0, false, Errorf(PreconditionRequired, "send the version you read in If-Match")
		}
		return 0, false, nil
	}
	v = strings.TrimPrefix(v, "W/")
	n, err := strconv.Atoi(strings.Trim(v, `"`))
	if err != nil || n < 0 {
		return 0, false, Errorf(PreconditionFailed, "If-Match must be a version number")
	}
	return n, true, nil
}

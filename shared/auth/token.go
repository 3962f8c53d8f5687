package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Lengths of the random values.
const (
	secretBytes = 32 // 256 bits
	// SecretLen is the length of a secret from NewSecret: 32 bytes in unpadded base64url.
	SecretLen = 43
	// IDLen is the length of an id from NewID.
	IDLen = 20
	// Bounds of a well-formed id (ids of other lengths may exist in stored data).
	minIDLen = 8
	maxIDLen = 40
)

// APITokenPrefix starts every API token, so a leaked one is recognizable by scanners.
const APITokenPrefix = "cpt_"

// NewSecret returns 32 bytes from crypto/rand in unpadded base64url (43 characters from
// [A-Za-z0-9_-]). It is the secret part of session, invitation, reset and API tokens; only
// HashSecret of it is stored. The error is only from the system's random source.
func NewSecret() (string, error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// HashSecret returns the lower-case hex SHA-256 of a secret: the form stored in place of
// the secret and looked up on use. A plain hash is enough because a secret has 256 random
// bits; no salt or slow hash is needed.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// NewID returns IDLen (20) characters drawn uniformly from [a-z0-9] with crypto/rand (about
// 103 bits), for record, user, organization and token ids. Every id it returns is
// accepted by ValidID. The error is only from the system's random source.
func NewID() (string, error) {
	// 252 is the largest multiple of 36 below 256: bytes at or above it are dropped so
	// every character is equally likely.
	const limit = 256 - 256%len(idAlphabet)
	out := make([]byte, 0, IDLen)
	buf := make([]byte, IDLen+IDLen/4)
	for len(out) < IDLen {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("id: %w", err)
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < IDLen {
				out = append(out, idAlphabet[int(b)%len(idAlphabet)])
			}
		}
	}
	return string(out), nil
}

// NewTimeID returns an id like NewID whose first 9 characters are t in milliseconds since
// the Unix epoch in base 36 (zero-padded, good until the year 5188), so ids made later sort
// after ids made earlier; the other 11 are random. Every id it returns is accepted by ValidID.
func NewTimeID(t time.Time) (string, error) {
	r, err := NewID()
	if err != nil {
		return "", err
	}
	ms := strconv.FormatInt(max(t.UnixMilli(), 0), 36)
	return strings.Repeat("0", max(9-len(ms), 0)) + ms + r[:IDLen-9], nil
}

// ValidID reports whether s is a well-formed id: 8 to 40 characters from [a-z0-9].
func ValidID(s string) bool {
	if len(s) < minIDLen || len(s) > maxIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// validSecret reports whether s has the shape of a NewSecret value: 43 characters from
// [A-Za-z0-9_-].
func validSecret(s string) bool {
	if len(s) != SecretLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// FormatSessionToken returns the session cookie's value "<orgID>.<secret>". A session
// token carries the organization beside its secret, so a request's session and its
// organization's configuration can be read in one BatchGetItem.
func FormatSessionToken(orgID, secret string) string {
	return orgID + "." + secret
}

// SessionHints are ids a session cookie carries after its secret so that a request can read
// its session together with what the session will point it to (the user, their user type,
// their own record), in one BatchGetItem. They are hints, not claims: every read is keyed
// from the session item, so a hint that disagrees with it (tampered, or older than the
// session) costs a read, never a grant.
type SessionHints struct {
	UserID, UserTypeID, RecordModule, RecordID string
}

// FormatSessionTokenWith returns "<orgID>.<secret>.<userId>.<userTypeId>.<recordModule>.<recordId>"
// (empty hints stay empty between their dots).
func FormatSessionTokenWith(orgID, secret string, h SessionHints) string {
	return strings.Join([]string{orgID, secret, h.UserID, h.UserTypeID, h.RecordModule, h.RecordID}, ".")
}

// ParseSessionToken splits a session token made by FormatSessionToken or
// FormatSessionTokenWith. ok is false for anything else: an organization id and a secret of
// NewSecret's shape, then either nothing or four hints, each empty or of its shape (ids as
// ValidID, the module a name of letters, digits and underscores), so a malformed cookie is
// refused before any read.
func ParseSessionToken(s string) (orgID, secret string, ok bool) {
	orgID, secret, _, ok = ParseSessionTokenHints(s)
	return orgID, secret, ok
}

// ParseSessionTokenHints is ParseSessionToken with the token's hints (zero without any).
func ParseSessionTokenHints(s string) (orgID, secret string, h SessionHints, ok bool) {
	parts := strings.Split(s, ".")
	if (len(parts) != 2 && len(parts) != 6) || !ValidID(parts[0]) || !validSecret(parts[1]) {
		return "", "", SessionHints{}, false
	}
	if len(parts) == 6 {
		h = SessionHints{UserID: parts[2], UserTypeID: parts[3], RecordModule: parts[4], RecordID: parts[5]}
		for _, id := range []string{h.UserID, h.UserTypeID, h.RecordID} {
			if id != "" && !ValidID(id) {
				return "", "", SessionHints{}, false
			}
		}
		if !validModuleName(h.RecordModule) {
			return "", "", SessionHints{}, false
		}
	}
	return parts[0], parts[1], h, true
}

// validModuleName reports whether s is empty or a module's API name as a hint may carry it:
// up to 64 letters, digits and underscores.
func validModuleName(s string) bool {
	if len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// FormatAPIToken returns "cpt_<orgID>_<tokenID>_<secret>". The organization and token ids
// let the token's record be read by key; only HashSecret(secret) is stored in it.
func FormatAPIToken(orgID, tokenID, secret string) string {
	return APITokenPrefix + orgID + "_" + tokenID + "_" + secret
}

// ParseAPIToken splits an API token made by FormatAPIToken. ok is false unless s is
// "cpt_", an id, "_", an id, "_" and a 43-character secret (which may itself contain "_"),
// the ids being as ValidID requires.
func ParseAPIToken(s string) (orgID, tokenID, secret string, ok bool) {
	rest, found := strings.CutPrefix(s, APITokenPrefix)
	if !found {
		return "", "", "", false
	}
	orgID, rest, found = strings.Cut(rest, "_")
	if !found || !ValidID(orgID) {
		return "", "", "", false
	}
	tokenID, secret, found = strings.Cut(rest, "_")
	if !found || !ValidID(tokenID) || !validSecret(secret) {
		return "", "", "", false
	}
	return orgID, tokenID, secret, true
}

// BearerToken returns the token of an Authorization header value "Bearer <token>". The
// scheme is matched case-insensitively and may be followed by one or more spaces; the
// header's surrounding spaces are ignored. ok is false for any other scheme, an empty
// token or a token containing spaces or control characters. The token is returned as sent:
// the caller parses it (ParseAPIToken).
func BearerToken(authorizationHeader string) (string, bool) {
	h := strings.Trim(authorizationHeader, " \t")
	const scheme = "bearer"
	if len(h) <= len(scheme) || !strings.EqualFold(h[:len(scheme)], scheme) || h[len(scheme)] != ' ' {
		return "", false
	}
	token := strings.TrimLeft(h[len(scheme):], " ")
	if token == "" {
		return "", false
	}
	for i := 0; i < len(token); i++ {
		if c := token[i]; c <= ' ' || c == 0x7f {
			return "", false
		}
	}
	return token, true
}

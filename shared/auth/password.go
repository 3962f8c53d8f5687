package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Params are the Argon2id cost parameters of a password hash.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over the memory
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams are the parameters new hashes are made with (OWASP's Argon2id minimum:
// 19 MiB, 2 passes, 1 lane). A stored hash made with other parameters verifies as before and
// is reported as needing a rehash.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Bounds a stored hash's parameters must lie within. They keep a corrupt or hostile stored
// hash from making a verification allocate or compute without limit.
const (
	minMemory  = 8          // KiB per lane, Argon2's own floor
	maxMemory  = 1 << 20    // KiB (1 GiB)
	maxTime    = 64         // passes
	minSaltLen = 8          // bytes
	maxSaltLen = 64         // bytes
	minKeyLen  = 16         // bytes
	maxKeyLen  = 64         // bytes
	phcPrefix  = "argon2id" // algorithm identifier
)

// b64 is the PHC string's base64: standard alphabet, no padding, no stray trailing bits.
var b64 = base64.RawStdEncoding.Strict()

// ErrMalformedHash is wrapped by every error about a stored hash that cannot be read.
var ErrMalformedHash = errors.New("malformed password hash")

// HashPassword hashes a password with Argon2id, DefaultParams and a fresh random salt, and
// returns it in the PHC string format:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>
//
// with salt and key in unpadded standard base64. The password is hashed in Unicode NFC
// form, so the same characters typed with composed or decomposed accents verify alike.
// The error is only from the system's random source.
func HashPassword(password string) (string, error) {
	return hashWithParams(password, DefaultParams)
}

func hashWithParams(password string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	return encodeHash(p, salt, idKey(password, salt, p)), nil
}

// argon2Runs and argon2Work count this process's Argon2id derivations and their cost.
var argon2Runs, argon2Work atomic.Int64

// Argon2Usage is how many Argon2id derivations this process has made (HashPassword,
// VerifyPassword, EqualizeTiming) and their summed cost in KiB-passes (memory times passes,
// what the time of one derivation follows). Tests compare it before and after a request to
// show that two paths do the same hash work, which timing them cannot show reliably.
func Argon2Usage() (runs, kibPasses int64) { return argon2Runs.Load(), argon2Work.Load() }

// idKey is the Argon2id derivation of password (in NFC form) with salt and p, counted.
func idKey(password string, salt []byte, p Params) []byte {
	argon2Runs.Add(1)
	argon2Work.Add(int64(p.Memory) * int64(p.Time))
	return argon2.IDKey([]byte(norm.NFC.String(password)), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

func encodeHash(p Params, salt, key []byte) string {
	return fmt.Sprintf("$%s$v=%d$m=%d,t=%d,p=%d$%s$%s", phcPrefix, argon2.Version,
		p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// VerifyPassword reports whether password matches the encoded hash (a PHC string as made by
// HashPassword), comparing the keys in constant time. needsRehash is true only with ok, when
// the hash's parameters (costs, salt or key length) differ from DefaultParams: the caller
// then stores HashPassword(password) in its place. err is non-nil only for a hash that
// cannot be read (wrong algorithm or version, bad fields, parameters out of bounds); it
// wraps ErrMalformedHash and never depends on the password.
func VerifyPassword(encoded, password string) (ok bool, needsRehash bool, err error) {
	p, salt, key, err := decodeHash(encoded)
	if err != nil {
		return false, false, err
	}
	got := idKey(password, salt, p)
	ok = subtle.ConstantTimeCompare(got, key) == 1
	return ok, ok && p != DefaultParams, nil
}

// ParseHashParams returns the parameters an encoded hash was made with, SaltLen and KeyLen
// being the decoded lengths of its salt and key. The error is as for VerifyPassword.
func ParseHashParams(encoded string) (Params, error) {
	p, _, _, err := decodeHash(encoded)
	return p, err
}

func decodeHash(encoded string) (p Params, salt, key []byte, err error) {
	fail := func(what string) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, fmt.Errorf("%w: %s", ErrMalformedHash, what)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return fail("not a PHC string")
	}
	if parts[1] != phcPrefix {
		return fail("algorithm is not argon2id")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return fail("unsupported version")
	}
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return fail("parameters are not m,t,p")
	}
	m, okM := decimalField(fields[0], "m=")
	t, okT := decimalField(fields[1], "t=")
	threads, okP := decimalField(fields[2], "p=")
	if !okM || !okT || !okP {
		return fail("parameters are not m,t,p")
	}
	switch {
	case threads < 1 || threads > 255:
		return fail("lanes out of range")
	case t < 1 || t > maxTime:
		return fail("time out of range")
	case m < minMemory*threads || m > maxMemory:
		return fail("memory out of range")
	}
	if salt, err = b64.DecodeString(parts[4]); err != nil {
		return fail("salt is not base64")
	}
	if key, err = b64.DecodeString(parts[5]); err != nil {
		return fail("key is not base64")
	}
	if len(salt) < minSaltLen || len(salt) > maxSaltLen {
		return fail("salt length out of range")
	}
	if len(key) < minKeyLen || len(key) > maxKeyLen {
		return fail("key length out of range")
	}
	p = Params{Memory: uint32(m), Time: uint32(t), Threads: uint8(threads),
		SaltLen: uint32(len(salt)), KeyLen: uint32(len(key))}
	return p, salt, key, nil
}

// decimalField reads "<prefix><digits>": ASCII digits only, no sign, no leading zero, at
// most nine digits (so the value fits every bound above without overflow).
func decimalField(s, prefix string) (uint64, bool) {
	digits, ok := strings.CutPrefix(s, prefix)
	if !ok || digits == "" || len(digits) > 9 || (digits[0] == '0' && len(digits) > 1) {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	return n, err == nil
}

// dummyHash is a hash made with DefaultParams of a random password nobody knows. A test
// checks that its parameters are DefaultParams, so a change of defaults updates it too.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$KWgkEm2SwhQhH2BsEfPsDA$6EXld24lHMOHnf6rLZWm6czU64/lep1TW6+aiuGFipI"

// EqualizeTiming runs one password verification against a fixed hash made with
// DefaultParams and discards the result. A login handler calls it when the email is
// unknown (or the account cannot sign in), so that answer costs the same time as a wrong
// password for a real account.
func EqualizeTiming(password string) {
	_, _, _ = VerifyPassword(dummyHash, password)
}

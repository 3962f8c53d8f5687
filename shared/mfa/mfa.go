// Package mfa holds the pure rules of the second factor: the policies (per portal user type,
// per organization for staff) and when they ask for a factor, TOTP codes (RFC 6238, through
// github.com/pquerna/otp: 30 s, 6 digits, SHA-1, one step of clock skew either side, each
// step usable once) and recovery codes. It speaks no AWS: the store keeps the factors and a
// key service seals their secrets.
package mfa

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"

	"crmportal/shared/auth"
)

// Policy is a portal user type's second-factor policy (and what the organization's staff
// policy makes of one member: StaffPolicy.For).
type Policy string

// The policies. The zero value reads as Optional (Of).
const (
	// Off: the type's users neither enrol nor are asked; a factor enrolled earlier is not
	// asked while the policy is off.
	Off Policy = "off"
	// Optional: users may enrol, and are asked at every login once they have.
	Optional Policy = "optional"
	// Required: users enrol at their next login (no data before) and are asked at every login.
	Required Policy = "required"
)

// Of is p with the default for an empty value (types saved before the policy existed).
func Of(p string) Policy {
	if p == "" {
		return Optional
	}
	return Policy(p)
}

// CheckPolicy returns the rule a portal user type's policy value breaks, or "" (empty is the
// default, optional).
func CheckPolicy(v string) string {
	switch Policy(v) {
	case "", Off, Optional, Required:
		return ""
	}
	return "must be off, optional or required"
}

// StaffPolicy is the organization's policy for its staff.
type StaffPolicy string

// The staff policies. The zero value reads as StaffOptional.
const (
	StaffOptional StaffPolicy = "optional" // nobody is required to enrol; members may
	StaffAdmins   StaffPolicy = "admins"   // admins are required to
	StaffAll      StaffPolicy = "all"      // every member is required to
)

// CheckStaffPolicy returns the rule an organization's staffMfa value breaks, or "" (an admin
// sets one of the three; only items from before the setting lack it).
func CheckStaffPolicy(v string) string {
	switch StaffPolicy(v) {
	case StaffOptional, StaffAdmins, StaffAll:
		return ""
	}
	return "must be optional, admins or all"
}

// For is the policy p makes for one member: Required when p requires it of everyone, or of
// admins and admin is true; else Optional (staff can always enrol).
func (p StaffPolicy) For(admin bool) Policy {
	if p == StaffAll || (p == StaffAdmins && admin) {
		return Required
	}
	return Optional
}

// Due says what a login under policy p asks of a person who has (enrolled) or has not a
// factor: ask, a second step before the session; enrol, that step first enrols a factor.
func Due(p Policy, enrolled bool) (ask, enrol bool) {
	switch Of(string(p)) {
	case Off:
		return false, false
	case Required:
		return true, !enrolled
	}
	return enrolled, false
}

// CanEnrol reports whether a person under p may enrol a factor themself.
func CanEnrol(p Policy) bool { return Of(string(p)) != Off }

// CanDisable reports whether a person under p may turn their factor off.
func CanDisable(p Policy) bool { return Of(string(p)) != Required }

// TOTP parameters: the authenticator apps' defaults, which many of them cannot change.
const (
	Period = 30 // seconds a code lasts
	Digits = 6
	// Skew is the steps either side of the current one a code is accepted from: one covers a
	// phone's clock a little off and a code typed as it turned.
	Skew = 1
	// SecretSize is the secret's length in bytes (RFC 4226's recommended 160 bits).
	SecretSize = 20
)

var opts = hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// Key is a new TOTP secret: Secret is base32 without padding, URI the otpauth:// URI an
// authenticator app reads from a QR code.
type Key struct {
	Secret string
	URI    string
}

// NewKey makes a random secret for account (the person's email) of issuer (the portal's or
// organization's name).
func NewKey(issuer, account string) (Key, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: Period,
		SecretSize: SecretSize, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return Key{}, fmt.Errorf("new TOTP key: %w", err)
	}
	return Key{Secret: k.Secret(), URI: k.URL()}, nil
}

// Step is the TOTP time step of t.
func Step(t time.Time) int64 { return t.Unix() / Period }

// Code is the code of secret at t (what an authenticator app shows then).
func Code(secret string, t time.Time) (string, error) {
	return hotp.GenerateCodeCustom(secret, uint64(Step(t)), opts)
}

// Errors of Verify and VerifyRecovery.
var (
	// ErrWrongCode: the code is not one of the accepted steps' (or not a code at all).
	ErrWrongCode = errors.New("the code is wrong or expired")
	// ErrCodeUsed: the code is right but its step was accepted before (a replay).
	ErrCodeUsed = errors.New("the code was used already")
)

// Verify checks code against secret at now, accepting the steps within Skew of now's, and
// returns the step it matched. A step at or before lastStep (the last one accepted for this
// person; 0 for none) is ErrCodeUsed: each code works once, and once a code is accepted no
// earlier one does. Spaces in code are ignored.
func Verify(secret, code string, now time.Time, lastStep int64) (int64, error) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != Digits || strings.Trim(code, "0123456789") != "" {
		return 0, ErrWrongCode
	}
	cur := Step(now)
	for s := cur - Skew; s <= cur+Skew; s++ {
		if s < 0 {
			continue
		}
		want, err := hotp.GenerateCodeCustom(secret, uint64(s), opts)
		if err != nil {
			return 0, fmt.Errorf("verify TOTP code: %w", err)
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			if s <= lastStep {
				return 0, ErrCodeUsed
			}
			return s, nil
		}
	}
	return 0, ErrWrongCode
}

// Recovery codes.
const (
	// RecoveryCount is how many recovery codes a person gets at a time.
	RecoveryCount = 10
	recoveryLen   = 10
	// recoveryAlphabet leaves out what reads alike (0/o, 1/l/i).
	recoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"
)

// NewRecoveryCodes makes RecoveryCount random codes, shown as xxxxx-xxxxx, and their hashes
// (what is stored).
func NewRecoveryCodes() (codes, hashes []string, err error) {
	max := big.NewInt(int64(len(recoveryAlphabet)))
	for range RecoveryCount {
		var b strings.Builder
		for j := range recoveryLen {
			if j == recoveryLen/2 {
				b.WriteByte('-')
			}
			i, err := rand.Int(rand.Reader, max)
			if err != nil {
				return nil, nil, fmt.Errorf("new recovery codes: %w", err)
			}
			b.WriteByte(recoveryAlphabet[i.Int64()])
		}
		codes = append(codes, b.String())
		h, _ := RecoveryHash(b.String())
		hashes = append(hashes, h)
	}
	return codes, hashes, nil
}

// RecoveryHash is the stored hash of a recovery code as typed: case, spaces and the dash do
// not matter. ok is false for what cannot be a recovery code.
func RecoveryHash(code string) (hash string, ok bool) {
	c := strings.ToLower(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(code)))
	if len(c) != recoveryLen || strings.Trim(c, recoveryAlphabet) != "" {
		return "", false
	}
	return auth.HashSecret("recovery:" + c), true
}

// UseRecovery finds code among hashes (a person's remaining codes) and returns the hashes
// left without it; ErrWrongCode when it is not there (never issued, or used already).
func UseRecovery(hashes []string, code string) ([]string, error) {
	h, ok := RecoveryHash(code)
	if !ok {
		return nil, ErrWrongCode
	}
	for i, x := range hashes {
		if subtle.ConstantTimeCompare([]byte(x), []byte(h)) == 1 {
			return append(append([]string{}, hashes[:i]...), hashes[i+1:]...), nil
		}
	}
	return nil, ErrWrongCode
}

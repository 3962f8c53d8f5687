// Package logins is what the sign-in routes of both sides share: the login throttle
// (Logins.VerifyLogin, one throttle for staff and portal users, so both refuse, delay and
// count alike) and the new-password policy (NewPasswordHash).
package logins

import (
	"context"
	"errors"
	"strings"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/store"
)

// loginStore is what the login throttle reads and counts.
type loginStore interface {
	Now() time.Time
	LoginState(ctx context.Context, window time.Time, k store.LoginKeys, also ...store.ItemKey) (context.Context, store.LoginCounts, error)
	CountLoginFailure(ctx context.Context, window, expires time.Time, k store.LoginKeys) error
	RememberAddress(ctx context.Context, k store.LoginKeys, expires time.Time) error
}

var _ loginStore = (*store.Store)(nil)

// Logins checks passwords under the login throttle: one throttle for staff logins (Login)
// (staffauth) and portal users' (portalapi), so that both refuse, delay and count alike.
type Logins struct {
	Store    loginStore
	Throttle auth.Throttle
	// Sleep waits before answering a throttled login; tests replace it.
	Sleep func(context.Context, time.Duration)
}

// New builds the login throttle over st with the deployment's policy.
func New(st *store.Store) *Logins {
	return &Logins{Store: st, Throttle: auth.DefaultThrottle, Sleep: sleep}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// VerifyLogin checks password for a login to account (a name unique among all logins:
// "staff" or "portal <org>", and the normalized email) from the request's client address,
// throttled by l.Throttle (auth.Throttle says the policy). lookup finds the account: its
// password hash, whether it may log in, or store.ErrNotFound.
//
// The steps are the same for known and unknown emails, so that neither their answers nor
// their storage calls nor their hash work tell them apart: lookup first (the counters are
// keyed by the account's password, so that a new password starts them afresh; an unknown
// email, or an account without a password, has the constant generation ""); then one
// BatchGetItem of the attempt's counters and known-address marker; then, when a limit is
// reached, a 429 error with Retry-After and nothing else (no hash, nothing counted);
// otherwise the delay l.Sleep waits, one Argon2id verification (of the account's hash, or of
// a fixed hash for unknown emails, accounts without a password), and for a failure (ok
// false) one ADD on each counter. A success marks the address known to the account (a put,
// at most once a day per account and address). rehash tells that the hash was made with
// older parameters. also, called after lookup, names items read in the counters' batch
// (store.LoginState): under a context that prefetched already, later reads of them cost no
// call.
func (l *Logins) VerifyLogin(ctx context.Context, r *httpapi.Request, account, password string, lookup func() (hash string, active bool, err error), also ...func() []store.ItemKey) (ok, rehash bool, err error) {
	hash, active, err := lookup()
	found := err == nil && hash != ""
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return false, false, err
	}
	generation := ""
	if found {
		generation = auth.HashSecret(hash)
	}
	keys := store.NewLoginKeys(account, generation, auth.ThrottleAddress(httpapi.ClientIP(*r)))
	now := l.Store.Now()
	window := l.Throttle.WindowStart(now)
	var more []store.ItemKey
	for _, a := range also {
		more = append(more, a()...)
	}
	_, counts, err := l.Store.LoginState(ctx, window, keys, more...)
	if err != nil {
		return false, false, err
	}
	ruling := l.Throttle.Decide(now, auth.LoginFailures{Pair: counts.Pair, Account: counts.Account, Address: counts.Address,
		Known: !counts.KnownUntil.IsZero()})
	if ruling.Refused != auth.NotRefused {
		return false, false, &httpapi.Error{Kind: httpapi.TooManyRequests, RetryAfter: ceilSeconds(ruling.RetryAfter),
			Detail: refusalDetail[ruling.Refused], Extra: map[string]string{"limit": refusalLimit[ruling.Refused]}}
	}
	if ruling.Delay > 0 {
		l.Sleep(ctx, ruling.Delay)
	}
	if found {
		ok, rehash, err = auth.VerifyPassword(hash, password)
		if err != nil {
			return false, false, err
		}
		ok = ok && active
	} else {
		auth.EqualizeTiming(password)
	}
	if !ok {
		if err := l.Store.CountLoginFailure(ctx, window, window.Add(l.Throttle.Window), keys); err != nil {
			return false, false, err
		}
		return false, false, nil
	}
	// The marker is written again once a day at most: a login that finds it fresh adds no write.
	if l.Throttle.KnownFor > 0 && counts.KnownUntil.Before(now.Add(l.Throttle.KnownFor-24*time.Hour)) {
		if err := l.Store.RememberAddress(ctx, keys, now.Add(l.Throttle.KnownFor)); err != nil {
			return false, false, err
		}
	}
	return true, rehash, nil
}

// VerifyCode checks a second factor's code for a login to account whose password step
// passed (passwordHash is the account's hash, as VerifyLogin read it), under the same
// throttle and counters as passwords: a refused account or address is the same 429, a
// delay the same wait, and a wrong code (check answers false) counts as a failed login. The
// code step needs the right password first, so nothing done without it counts against the
// account.
func (l *Logins) VerifyCode(ctx context.Context, r *httpapi.Request, account, passwordHash string, check func() (bool, error)) (bool, error) {
	keys := store.NewLoginKeys(account, auth.HashSecret(passwordHash), auth.ThrottleAddress(httpapi.ClientIP(*r)))
	now := l.Store.Now()
	window := l.Throttle.WindowStart(now)
	_, counts, err := l.Store.LoginState(ctx, window, keys)
	if err != nil {
		return false, err
	}
	ruling := l.Throttle.Decide(now, auth.LoginFailures{Pair: counts.Pair, Account: counts.Account, Address: counts.Address,
		Known: !counts.KnownUntil.IsZero()})
	if ruling.Refused != auth.NotRefused {
		return false, &httpapi.Error{Kind: httpapi.TooManyRequests, RetryAfter: ceilSeconds(ruling.RetryAfter),
			Detail: refusalDetail[ruling.Refused], Extra: map[string]string{"limit": refusalLimit[ruling.Refused]}}
	}
	if ruling.Delay > 0 {
		l.Sleep(ctx, ruling.Delay)
	}
	ok, err := check()
	if err != nil {
		return false, err
	}
	if !ok {
		if err := l.Store.CountLoginFailure(ctx, window, window.Add(l.Throttle.Window), keys); err != nil {
			return false, err
		}
	}
	return ok, nil
}

// refusalDetail is the 429's text for each limit. Each says only what is true for it: a new
// password lifts the pair's refusal (its counter is keyed by the password); nothing but time
// or another address lifts the address's.
var refusalDetail = map[auth.Refusal]string{
	auth.PairRefused:    "too many failed logins to this account from your network; try again later, or reset your password, which lifts this at once",
	auth.AddressRefused: "too many failed logins from your network; try again later, or from a network you have logged in from before",
}

// refusalLimit names the limit of a 429 for clients (the problem's "limit" member): "account"
// when a password reset lifts it, "network" when only time or another network does.
var refusalLimit = map[auth.Refusal]string{auth.PairRefused: "account", auth.AddressRefused: "network"}

// ceilSeconds is d in whole seconds, rounded up (a Retry-After never says to come back early).
func ceilSeconds(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}

// NewPasswordHash checks a new password against the policy (a 422 naming the field
// "password" when it fails) and hashes it with Argon2id.
func NewPasswordHash(password, email string) (string, error) {
	if msg := auth.CheckPassword(password, email); msg != "" {
		return "", httpapi.FieldErrors(httpapi.FieldError{Field: "password", Message: msg})
	}
	return auth.HashPassword(password)
}

// Credentials are a login's body, the same for staff and portal users.
type Credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// ErrBadCredentials is the one answer to a login that fails for any reason a client may not
// learn (unknown email, wrong password, inactive account).
var ErrBadCredentials = httpapi.Errorf(httpapi.Unauthenticated, "the email or the password is wrong")

// DecodeCredentials reads a login's body: both fields required, the email at most 254 bytes
// (RFC 5321's path limit) and the password at most 4096 (it is hashed whatever its length,
// so the bound keeps Argon2id's input small), else a 400 naming both fields.
func DecodeCredentials(r *httpapi.Request) (Credentials, error) {
	var in Credentials
	if err := httpapi.Decode(r, &in); err != nil {
		return Credentials{}, err
	}
	if strings.TrimSpace(in.Email) == "" || in.Password == "" || len(in.Email) > 254 || len(in.Password) > 4096 {
		return Credentials{}, &httpapi.Error{Kind: httpapi.Invalid, Detail: "email and password are required",
			Fields: []httpapi.FieldError{{Field: "email", Message: "is required"}, {Field: "password", Message: "is required"}}}
	}
	return in, nil
}

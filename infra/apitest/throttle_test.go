package apitest

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/infra/bench"
	"crmportal/infra/gateway"
	"crmportal/shared/auth"
	"crmportal/shared/httpapi"
	"crmportal/shared/logins"
	"crmportal/shared/portalapi"
	"crmportal/shared/secondfactor"
	"crmportal/shared/staffauth"
	"crmportal/shared/store"
)

// loginRig runs one login route's handler in process, as the gateway would with requests
// from many networks behind CloudFront, but over a store whose clock stands still (so the
// throttle's hour window cannot end mid-test) and with the throttle's delays recorded
// instead of slept. Its DynamoDB calls are logged (to the stack's DynamoDB itself, without
// injected faults, so that the log holds the handler's calls and nothing else).
type loginRig struct {
	t     *testing.T
	name  string // "staff" or "portal"
	login httpapi.LambdaFunc
	slug  string // the portal's, for a portal login
	now   time.Time
	log   *bench.CallLog
	slept []time.Duration
	// email and password log in to the account under attack; email2 and password2 to another
	// account of the same login.
	email, password, email2, password2 string
	// reset sets email's password to a new one, through the gateway, as its owner would:
	// a reset request, the link from the email, the new password.
	reset func(newPassword string)
	// prefix is a /48 of the documentation range of this rig's own, so that its networks'
	// counters start at 0.
	prefix string
}

func newPrefix() string {
	var b [2]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("2001:db8:%x", int(b[0])<<8|int(b[1]))
}

// network is the n-th network (/64) of the rig, and host one address in it.
func (l *loginRig) network(n, host int) string {
	return fmt.Sprintf("%s:%x::%x", l.prefix, n, host+1)
}

func (l *loginRig) store(e *env) *store.Store {
	return store.New(l.log, e.deps.Config.TableName, func() time.Time { return l.now })
}

func (l *loginRig) sleep(_ context.Context, d time.Duration) { l.slept = append(l.slept, d) }

// staffRig is the rig of POST /api/admin/login for a new organization's admin.
func (e *env) staffRig(t *testing.T) *loginRig {
	o := e.MustOrg(t, "Throttle")
	l := &loginRig{t: t, name: "staff", now: time.Now().UTC(), log: &bench.CallLog{Next: st.DynamoDB()}, prefix: newPrefix(),
		email: o.AdminEmail, password: o.Password, email2: o.UserEmail, password2: o.Password}
	st := l.store(e)
	s := staffauth.NewFrom(st, nil, e.deps.Config) // a login sends no mail
	s.Logins.Sleep = l.sleep
	// The login begins the second factor's flows (Begin seals nothing: no key service), its
	// codes counted by the same throttle.
	s.Factors = &secondfactor.Service{Store: st, Logins: s.Logins}
	l.login = httpapi.Adapt(e.deps.Logger, s.Login)
	l.reset = func(newPassword string) {
		MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset", map[string]string{"email": l.email}), http.StatusAccepted)
		MustStatus(t, e.Client(t).Do("POST", "/api/admin/password-reset/"+lastLink(t, l.email), map[string]string{"password": newPassword}), http.StatusNoContent)
	}
	return l
}

// portalRig is the rig of POST /api/p/{slug}/login for two new portal users.
func (e *env) portalRig(t *testing.T) *loginRig {
	p := e.mustPortalOrg(t, "Bloqueio", 2)
	settle() // the portal is configured before its customers come
	l := &loginRig{t: t, name: "portal", slug: p.Slug, now: time.Now().UTC(), log: &bench.CallLog{Next: st.DynamoDB()}, prefix: newPrefix()}
	for i, who := range [][2]string{{"gil", "gil's portal passphrase"}, {"rui", "rui's portal passphrase"}} {
		email := who[0] + "-" + p.ID + "@cliente.example"
		MustStatus(t, p.invite(t, "Contacts", p.contact(t, who[0]+" Neves", email).ID, p.Free.ID), http.StatusCreated)
		MustStatus(t, e.Client(t).Do("POST", "/api/invitations/"+tokenIn(t, email, "invite")+"/accept", map[string]string{"password": who[1]}), http.StatusOK)
		if i == 0 {
			l.email, l.password = email, who[1]
		} else {
			l.email2, l.password2 = email, who[1]
		}
	}
	logins := logins.New(l.store(e))
	logins.Sleep = l.sleep
	st := l.store(e)
	cs := portalapi.NewFrom(st, logins, nil, e.deps) // a login sends no mail
	// The login begins the second factor's flows (Begin seals nothing: no key service), its
	// codes counted by the same throttle.
	cs.Factors = &secondfactor.Service{Store: st, Logins: logins}
	l.login = httpapi.Adapt(e.deps.Logger, cs.Login)
	l.reset = func(newPassword string) {
		MustStatus(t, e.Client(t).Do("POST", "/api/p/"+p.Slug+"/password-reset", map[string]string{"email": l.email}), http.StatusAccepted)
		MustStatus(t, e.Client(t).Do("POST", "/api/password-reset/"+tokenIn(t, l.email, "reset"), map[string]string{"password": newPassword}), http.StatusNoContent)
	}
	return l
}

// loginAnswer is what one attempt got and cost.
type loginAnswer struct {
	Status     int
	Detail     string
	Limit      string // the problem's "limit" member, of a 429
	RetryAfter string
	// Slept are the throttle's delays, Calls the DynamoDB calls' shapes (callShape),
	// Argon2Runs and Argon2Work the Argon2id derivations made and their cost
	// (auth.Argon2Usage).
	Slept                  []time.Duration
	Calls                  []string
	Argon2Runs, Argon2Work int64
}

// attempt logs in as email with password from addr (the viewer's address CloudFront puts in
// CloudFront-Viewer-Address; the event's source is the edge server).
func (l *loginRig) attempt(email, password, addr string) loginAnswer {
	l.t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	path := "/api/admin/login"
	req := httpapi.Request{Headers: map[string]string{"content-type": "application/json", "x-requested-with": auth.RequestedWithValue,
		strings.ToLower(httpapi.ViewerAddressHeader): netip.AddrPortFrom(netip.MustParseAddr(addr), 50123).String()}, Body: string(body)}
	if l.slug != "" {
		path = "/api/p/" + l.slug + "/login"
		req.PathParameters = map[string]string{"slug": l.slug}
	}
	req.RawPath = path
	req.RequestContext.HTTP.Method, req.RequestContext.HTTP.Path, req.RequestContext.HTTP.SourceIP = "POST", path, gateway.EdgeAddress
	l.slept = nil
	calls := len(l.log.Calls())
	runs, work := auth.Argon2Usage()
	resp, err := l.login(context.Background(), req)
	if err != nil {
		l.t.Fatal(err)
	}
	a := loginAnswer{Status: resp.StatusCode, RetryAfter: resp.Headers["Retry-After"], Slept: l.slept}
	a.Argon2Runs, a.Argon2Work = auth.Argon2Usage()
	a.Argon2Runs, a.Argon2Work = a.Argon2Runs-runs, a.Argon2Work-work
	for _, c := range l.log.Calls()[calls:] {
		a.Calls = append(a.Calls, callShape(c))
	}
	if resp.StatusCode >= 400 {
		var p struct {
			Detail string `json:"detail"`
			Limit  string `json:"limit"`
		}
		if err := json.Unmarshal([]byte(resp.Body), &p); err != nil {
			l.t.Fatalf("decode %s: %v", resp.Body, err)
		}
		a.Detail, a.Limit = p.Detail, p.Limit
	}
	return a
}

// mustAnswer fails the test unless a has status want.
func (l *loginRig) mustAnswer(what string, a loginAnswer, want int) {
	l.t.Helper()
	if a.Status != want {
		l.t.Fatalf("%s: status %d (%s), want %d", what, a.Status, a.Detail, want)
	}
}

// keySegment keeps the fixed parts of a key (ORG, STAFF, THROTTLE, pair, KNOWN ...) and
// hides the values (ids, hashes, emails, times), so that the calls for two accounts compare.
var keySegment = regexp.MustCompile(`^[A-Za-z]{1,10}$`)

func keyShape(k map[string]types.AttributeValue) string {
	var parts []string
	for _, name := range []string{"PK", "SK"} {
		s, _ := k[name].(*types.AttributeValueMemberS)
		if s == nil {
			parts = append(parts, name+"?")
			continue
		}
		segs := strings.Split(s.Value, "#")
		for i, seg := range segs {
			if !keySegment.MatchString(seg) {
				segs[i] = "*"
			}
		}
		parts = append(parts, strings.Join(segs, "#"))
	}
	return strings.Join(parts, "/")
}

// callShape is a DynamoDB call with the values of its keys hidden: its operation, table,
// the kinds of the items it names, its read consistency, projection, expressions.
func callShape(c bench.Call) string {
	switch in := c.Input.(type) {
	case *dynamodb.GetItemInput:
		return fmt.Sprintf("GetItem %s %s consistent=%v", aws.ToString(in.TableName), keyShape(in.Key), aws.ToBool(in.ConsistentRead))
	case *dynamodb.BatchGetItemInput:
		var b strings.Builder
		b.WriteString("BatchGetItem")
		for table, ka := range in.RequestItems {
			fmt.Fprintf(&b, " %s consistent=%v projection=%q", table, aws.ToBool(ka.ConsistentRead), aws.ToString(ka.ProjectionExpression))
			for _, k := range ka.Keys {
				b.WriteString(" " + keyShape(k))
			}
		}
		return b.String()
	case *dynamodb.UpdateItemInput:
		return fmt.Sprintf("UpdateItem %s %s %q if %q", aws.ToString(in.TableName), keyShape(in.Key), aws.ToString(in.UpdateExpression), aws.ToString(in.ConditionExpression))
	case *dynamodb.PutItemInput:
		return fmt.Sprintf("PutItem %s %s if %q", aws.ToString(in.TableName), keyShape(in.Item), aws.ToString(in.ConditionExpression))
	case *dynamodb.TransactWriteItemsInput:
		var b strings.Builder
		b.WriteString("TransactWriteItems")
		for _, it := range in.TransactItems {
			switch {
			case it.Put != nil:
				b.WriteString(" Put " + keyShape(it.Put.Item))
			case it.Update != nil:
				b.WriteString(" Update " + keyShape(it.Update.Key))
			case it.Delete != nil:
				b.WriteString(" Delete " + keyShape(it.Delete.Key))
			case it.ConditionCheck != nil:
				b.WriteString(" ConditionCheck " + keyShape(it.ConditionCheck.Key))
			}
		}
		return b.String()
	}
	return c.Op
}

// retryAfterSeconds is a 429's Retry-After, which must be a whole number of seconds within
// the hour window.
func (l *loginRig) retryAfterSeconds(a loginAnswer) int {
	l.t.Helper()
	n, err := strconv.Atoi(a.RetryAfter)
	if err != nil || n < 1 || n > 3600 {
		l.t.Fatalf("Retry-After %q, want 1 to 3600 seconds", a.RetryAfter)
	}
	return n
}

// TestLoginThrottleCannotLockTheOwnerOut: an attacker's 110 failed logins from 11 networks
// (10 each, the pair's limit) refuse only the attacker's own networks for that account,
// even with the right password. The owner still logs in, without a 429: from a network
// they logged in from before without any delay, from a new one after one bounded delay. A
// completed reset starts the account's counters afresh: the new password then works at
// once even from a network that was refused.
func TestLoginThrottleCannotLockTheOwnerOut(t *testing.T) {
	e := MustEnv(t)
	for _, rig := range []func(*testing.T) *loginRig{e.staffRig, e.portalRig} {
		l := rig(t)
		t.Run(l.name, func(t *testing.T) {
			l.t = t
			th := auth.DefaultThrottle
			home := l.network(0, 0)
			a := l.attempt(l.email, l.password, home)
			l.mustAnswer("the owner's first login", a, http.StatusOK)

			const networks = 11
			for n := 1; n <= networks; n++ {
				for i := 0; i < th.PairLimit; i++ {
					// Two hosts of one /64: one network to the throttle.
					a := l.attempt(l.email, "not the password at all", l.network(n, i%2))
					l.mustAnswer(fmt.Sprintf("network %d, failure %d", n, i+1), a, http.StatusUnauthorized)
					for _, d := range a.Slept {
						if d <= 0 || d > th.MaxDelay {
							t.Fatalf("network %d, failure %d: delays %v, want each within (0, %v]", n, i+1, a.Slept, th.MaxDelay)
						}
					}
					if n == 1 {
						// The first network's own curve: 5 free failures, then 250 ms doubling.
						var want []time.Duration
						if i > th.PairFree {
							want = []time.Duration{th.BaseDelay << (i - th.PairFree - 1)}
						}
						if fmt.Sprint(a.Slept) != fmt.Sprint(want) {
							t.Errorf("network 1, failure %d: delays %v, want %v", i+1, a.Slept, want)
						}
					}
				}
				for _, pw := range []string{"not the password at all", l.password} {
					a := l.attempt(l.email, pw, l.network(n, 1))
					l.mustAnswer(fmt.Sprintf("network %d after %d failures", n, th.PairLimit), a, http.StatusTooManyRequests)
					l.retryAfterSeconds(a)
					if len(a.Slept) != 0 || a.Argon2Runs != 0 {
						t.Errorf("a refused attempt slept %v and made %d Argon2id derivations, want none", a.Slept, a.Argon2Runs)
					}
					if a.Limit != "account" {
						t.Errorf("the pair's refusal names the limit %q, want account", a.Limit)
					}
					if !strings.Contains(a.Detail, "reset your password") {
						t.Errorf("the pair's refusal says %q, want it to name the reset that lifts it", a.Detail)
					}
				}
			}

			a = l.attempt(l.email, l.password, home)
			l.mustAnswer("the owner from their network after 110 failures", a, http.StatusOK)
			if len(a.Slept) != 0 {
				t.Errorf("the owner from a network they logged in from before waited %v, want no delay", a.Slept)
			}
			a = l.attempt(l.email, l.password, l.network(networks+1, 0))
			l.mustAnswer("the owner from a new network after 110 failures", a, http.StatusOK)
			if fmt.Sprint(a.Slept) != fmt.Sprint([]time.Duration{th.MaxDelay}) {
				t.Errorf("the owner from a new network waited %v, want one bounded delay of %v", a.Slept, th.MaxDelay)
			}
			// The other account of the same login, from a refused network: untouched.
			a = l.attempt(l.email2, l.password2, l.network(1, 0))
			l.mustAnswer("another account from an attacker's network", a, http.StatusOK)

			newPassword := "a fresh passphrase after the attack"
			l.reset(newPassword)
			a = l.attempt(l.email, newPassword, l.network(1, 0))
			l.mustAnswer("the new password from a refused network", a, http.StatusOK)
			if len(a.Slept) != 0 {
				t.Errorf("the first login after the reset waited %v, want no delay (fresh counters)", a.Slept)
			}
			l.mustAnswer("the old password", l.attempt(l.email, l.password, l.network(1, 0)), http.StatusUnauthorized)
		})
	}
}

// TestLoginAddressLimitSparesKnownAccounts: a network over its limit of failures (300 in the
// hour, for all accounts) is refused for accounts it never logged in to, known or unknown
// alike, but not for the account it logged in to before, whose wrong passwords still get
// 401 and are counted.
func TestLoginAddressLimitSparesKnownAccounts(t *testing.T) {
	e := MustEnv(t)
	for _, rig := range []func(*testing.T) *loginRig{e.staffRig, e.portalRig} {
		l := rig(t)
		t.Run(l.name, func(t *testing.T) {
			l.t = t
			th := auth.DefaultThrottle
			office := l.network(0, 0)
			l.mustAnswer("a login from the office", l.attempt(l.email, l.password, office), http.StatusOK)

			// The office's counter at the limit, as after 300 failed logins from it. (Straight
			// to the stack's DynamoDB: no injected fault may change the count.)
			window := th.WindowStart(l.now)
			k := store.NewLoginKeys("", "", auth.ThrottleAddress(office)).Address
			ctx := context.Background()
			raw := store.New(st.DynamoDB(), e.deps.Config.TableName, nil)
			for range th.IPLimit - 1 {
				if err := raw.AddFailure(ctx, window, window.Add(th.Window), k); err != nil {
					t.Fatal(err)
				}
			}
			l.mustAnswer("one failure short of the limit", l.attempt(l.email2, "not the password at all", office), http.StatusUnauthorized)
			if got, err := raw.Failures(ctx, window, k); err != nil || got[0] != th.IPLimit {
				t.Fatalf("the office's failures = %v, %v, want %d", got, err, th.IPLimit)
			}

			var details []string
			for _, who := range [][2]string{{l.email2, l.password2}, {"nobody-" + l.name + "@cliente.example", "whatever it may be"}} {
				a := l.attempt(who[0], who[1], office)
				l.mustAnswer("an account the office never logged in to", a, http.StatusTooManyRequests)
				l.retryAfterSeconds(a)
				details = append(details, a.Detail+" limit="+a.Limit)
				if a.Limit != "network" {
					t.Errorf("the address's refusal names the limit %q, want network", a.Limit)
				}
				if strings.Contains(a.Detail, "reset") {
					t.Errorf("the address's refusal says %q: a reset does not lift it", a.Detail)
				}
			}
			if details[0] != details[1] {
				t.Errorf("known and unknown email refused with %q and %q, want the same", details[0], details[1])
			}
			// Another host of the office's /64 is the same network to the throttle.
			l.mustAnswer("the office's other host", l.attempt(l.email2, l.password2, l.network(0, 7)), http.StatusTooManyRequests)
			// From elsewhere, that account is fine.
			l.mustAnswer("that account from home", l.attempt(l.email2, l.password2, l.network(1, 0)), http.StatusOK)

			l.mustAnswer("the office's own account", l.attempt(l.email, l.password, office), http.StatusOK)
			l.mustAnswer("the office's own account, a typo", l.attempt(l.email, "a typo in the passphrase", office), http.StatusUnauthorized)
			if got, err := raw.Failures(ctx, window, k); err != nil || got[0] != th.IPLimit+1 {
				t.Errorf("the office's failures = %v, %v, want %d: the typo is counted", got, err, th.IPLimit+1)
			}
		})
	}
}

// TestStaffLoginNeedsTheCSRFHeader: a staff login without the X-Requested-With header, or
// from another origin, is refused with 403 before anything is checked (a forged cross-site
// login would sign the victim's browser in to the attacker's account); with it, it works.
func TestStaffLoginNeedsTheCSRFHeader(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Login CSRF")
	for _, tt := range []struct {
		name string
		hdr  []string
	}{
		{"no header", []string{"X-Requested-With", ""}},
		{"another value", []string{"X-Requested-With", "XMLHttpRequest"}},
		{"foreign origin", []string{"Origin", "https://evil.example"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := e.Client(t)
			r := c.Do("POST", "/api/admin/login", map[string]string{"email": o.AdminEmail, "password": o.Password}, tt.hdr...)
			MustStatus(t, r, http.StatusForbidden)
			if len(c.cookies) != 0 {
				t.Errorf("a refused login set cookies %v", c.cookies)
			}
		})
	}
	MustStatus(t, e.Client(t).Do("POST", "/api/admin/login", map[string]string{"email": o.AdminEmail, "password": o.Password}, "Origin", origin), http.StatusOK)
}

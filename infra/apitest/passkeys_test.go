package apitest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-webauthn/webauthn/protocol/webauthncbor"

	"crmportal/shared/mfa"
	"crmportal/shared/secondfactor"
	"crmportal/shared/store"
)

// authenticator is a software WebAuthn authenticator: one ECDSA P-256 credential, attestation
// "none", user presence and verification always given, a counter that rises with each
// assertion. Its JSON answers are what a browser's PublicKeyCredential serializes to.
type authenticator struct {
	key        *ecdsa.PrivateKey
	credID     []byte
	userHandle []byte
	count      uint32
}

func newAuthenticator(t *testing.T) *authenticator {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		t.Fatal(err)
	}
	return &authenticator{key: k, credID: id}
}

var b64 = base64.RawURLEncoding

// ceremony is what the test reads of a WebAuthn options answer.
type ceremony struct {
	PublicKey struct {
		Challenge string `json:"challenge"`
		RP        struct {
			ID string `json:"id"`
		} `json:"rp"`
		RPID string `json:"rpId"`
		User struct {
			ID string `json:"id"`
		} `json:"user"`
		AllowCredentials []struct {
			ID string `json:"id"`
		} `json:"allowCredentials"`
		UserVerification       string `json:"userVerification"`
		AuthenticatorSelection struct {
			ResidentKey      string `json:"residentKey"`
			UserVerification string `json:"userVerification"`
		} `json:"authenticatorSelection"`
	} `json:"publicKey"`
}

func mustCeremony(t *testing.T, r response) ceremony {
	t.Helper()
	MustStatus(t, r, http.StatusCreated)
	var c ceremony
	r.JSON(t, &c)
	if c.PublicKey.Challenge == "" {
		t.Fatalf("no challenge in %s", r.Body)
	}
	return c
}

// tamper changes what the authenticator signs: another origin in the client data, another
// RP ID's hash in the authenticator data, or a counter of its own.
type tamper struct {
	origin, rpID string
	count        *uint32
}

func (a *authenticator) clientData(typ, challenge string, tm tamper) []byte {
	o := origin
	if tm.origin != "" {
		o = tm.origin
	}
	j, _ := json.Marshal(map[string]any{"type": typ, "challenge": challenge, "origin": o, "crossOrigin": false})
	return j
}

func (a *authenticator) authData(t *testing.T, tm tamper, attested bool) []byte {
	t.Helper()
	rp := "localhost"
	if tm.rpID != "" {
		rp = tm.rpID
	}
	h := sha256.Sum256([]byte(rp))
	var b bytes.Buffer
	b.Write(h[:])
	flags := byte(0x01 | 0x04) // UP | UV
	if attested {
		flags |= 0x40 // AT
	}
	b.WriteByte(flags)
	count := a.count
	if tm.count != nil {
		count = *tm.count
	}
	_ = binary.Write(&b, binary.BigEndian, count)
	if attested {
		b.Write(make([]byte, 16)) // AAGUID: none
		_ = binary.Write(&b, binary.BigEndian, uint16(len(a.credID)))
		b.Write(a.credID)
		x, y := a.key.X.FillBytes(make([]byte, 32)), a.key.Y.FillBytes(make([]byte, 32))
		cose, err := webauthncbor.Marshal(map[int]any{1: 2, 3: -7, -1: 1, -2: x, -3: y})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(cose)
	}
	return b.Bytes()
}

// create answers creation options c with a new credential (registration).
func (a *authenticator) create(t *testing.T, c ceremony, tm tamper) map[string]any {
	t.Helper()
	uh, err := b64.DecodeString(c.PublicKey.User.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.userHandle = uh
	att, err := webauthncbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": a.authData(t, tm, true)})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]any{"id": b64.EncodeToString(a.credID), "rawId": b64.EncodeToString(a.credID), "type": "public-key",
		"response": map[string]any{"clientDataJSON": b64.EncodeToString(a.clientData("webauthn.create", c.PublicKey.Challenge, tm)),
			"attestationObject": b64.EncodeToString(att)}}
}

// get answers request options c with an assertion signed by the credential; the counter
// rises first (unless tm sets it).
func (a *authenticator) get(t *testing.T, c ceremony, tm tamper) map[string]any {
	t.Helper()
	a.count++
	ad := a.authData(t, tm, false)
	cd := a.clientData("webauthn.get", c.PublicKey.Challenge, tm)
	h := sha256.Sum256(cd)
	digest := sha256.Sum256(append(append([]byte{}, ad...), h[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, a.key, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	return map[string]any{"id": b64.EncodeToString(a.credID), "rawId": b64.EncodeToString(a.credID), "type": "public-key",
		"response": map[string]any{"clientDataJSON": b64.EncodeToString(cd), "authenticatorData": b64.EncodeToString(ad),
			"signature": b64.EncodeToString(sig), "userHandle": b64.EncodeToString(a.userHandle)}}
}

// register adds a passkey named name to c's person with a (from the self-service path).
func (a *authenticator) register(t *testing.T, c *client, path, name string) secondfactor.PasskeyJSON {
	t.Helper()
	opts := mustCeremony(t, c.Do("POST", path, map[string]string{"action": "passkey-begin"}))
	r := c.Do("POST", path, map[string]any{"action": "passkey-finish", "name": name, "credential": a.create(t, opts, tamper{})})
	MustStatus(t, r, http.StatusCreated)
	var k secondfactor.PasskeyJSON
	r.JSON(t, &k)
	if k.ID == "" || k.Name != name || k.CreatedAt.IsZero() {
		t.Fatalf("new passkey = %+v, want an id, %q and createdAt", k, name)
	}
	return k
}

// putTypeField puts user type typeID back with field set to value (the rest as read).
func (p portalOrg) putTypeField(t *testing.T, typeID, field string, value any) {
	t.Helper()
	r := p.Admin.Do("GET", "/api/admin/user-types/"+typeID, nil)
	MustStatus(t, r, http.StatusOK)
	var got map[string]any
	r.JSON(t, &got)
	body := map[string]any{field: value}
	for _, k := range []string{"name", "baseModule", "seats", "openFirstTab", "tabs", "notify", "delegable", "fields", "mfa", "passkeyLogin"} {
		if v, ok := got[k]; ok && k != field {
			body[k] = v
		}
	}
	version := strconv.Itoa(int(got["version"].(float64)))
	MustStatus(t, p.Admin.Do("PUT", "/api/admin/user-types/"+typeID, body, "If-Match", version), http.StatusOK)
}

func mustFields(t *testing.T, r response, status int, field string) {
	t.Helper()
	MustStatus(t, r, status)
	if f := r.Problem(t).fields(); !slices.Contains(f, field) {
		t.Errorf("fields %v, want %s (%s)", f, field, r.Body)
	}
}

// TestPortalPasskeys walks a portal user through passkeys with a software authenticator:
// registration from the account page (the relying party is the portal's origin's host, user
// verification required), the second step of a login, the passwordless sign-in where the type
// allows it, renaming and removal; and every bad input of the issue: a name empty or of 61
// characters, a registration or assertion for another origin or RP ID, a replayed challenge,
// a credential of another person, a removed passkey, a sign count that goes backwards, the
// 21st passkey, removing the last factor a policy requires. The audit log has each step.
func TestPortalPasskeys(t *testing.T) {
	e := MustEnv(t)
	p, email := e.activePortalUser(t, "Chaves de Acesso")
	const password = "the first portal passphrase"
	loginPath := "/api/p/" + p.Slug + "/login"
	stepPath := loginPath + "/second-factor"
	passkeyPath := loginPath + "/passkey"
	ctx := context.Background()
	user, err := e.store.PortalUserByEmail(ctx, p.ID, email)
	if err != nil {
		t.Fatal(err)
	}

	c := e.Client(t)
	MustStatus(t, c.Do("POST", loginPath, map[string]string{"email": email, "password": password}), http.StatusOK)
	var st secondfactor.StatusJSON
	c.Do("GET", "/api/me/mfa", nil).JSON(t, &st)
	if st.Passkeys == nil || len(st.Passkeys) != 0 {
		t.Fatalf("passkeys before any = %v, want []", st.Passkeys)
	}

	a := newAuthenticator(t)
	t.Run("registration: options, names, another origin or RP ID, a replayed challenge", func(t *testing.T) {
		opts := mustCeremony(t, c.Do("POST", "/api/me/mfa", map[string]string{"action": "passkey-begin"}))
		pk := opts.PublicKey
		if pk.RP.ID != "localhost" || pk.AuthenticatorSelection.UserVerification != "required" || pk.AuthenticatorSelection.ResidentKey != "preferred" {
			t.Errorf("creation options = %+v, want rp localhost, user verification required, resident key preferred", pk)
		}
		// The name is checked before the challenge is spent.
		for _, name := range []string{"", "  ", strings.Repeat("x", 61)} {
			mustFields(t, c.Do("POST", "/api/me/mfa", map[string]any{"action": "passkey-finish", "name": name, "credential": a.create(t, opts, tamper{})}),
				http.StatusUnprocessableEntity, "name")
		}
		mustFields(t, c.Do("POST", "/api/me/mfa", map[string]any{"action": "passkey-finish", "name": "Notebook", "credential": a.create(t, opts, tamper{origin: "https://evil.example"})}),
			http.StatusUnprocessableEntity, "credential")
		// The refused finish spent its challenge: the right credential for it is refused too.
		mustFields(t, c.Do("POST", "/api/me/mfa", map[string]any{"action": "passkey-finish", "name": "Notebook", "credential": a.create(t, opts, tamper{})}),
			http.StatusUnprocessableEntity, "credential")
		opts = mustCeremony(t, c.Do("POST", "/api/me/mfa", map[string]string{"action": "passkey-begin"}))
		mustFields(t, c.Do("POST", "/api/me/mfa", map[string]any{"action": "passkey-finish", "name": "Notebook", "credential": a.create(t, opts, tamper{rpID: "evil.example"})}),
			http.StatusUnprocessableEntity, "credential")
		c.Do("GET", "/api/me/mfa", nil).JSON(t, &st)
		if len(st.Passkeys) != 0 {
			t.Fatalf("refused registrations left passkeys %v", st.Passkeys)
		}
		opts = mustCeremony(t, c.Do("POST", "/api/me/mfa", map[string]string{"action": "passkey-begin"}))
		cred := a.create(t, opts, tamper{})
		MustStatus(t, c.Do("POST", "/api/me/mfa", map[string]any{"action": "passkey-finish", "name": "  Notebook  ", "credential": cred}), http.StatusCreated)
		mustFields(t, c.Do("POST", "/api/me/mfa", map[string]any{"action": "passkey-finish", "name": "Again", "credential": cred}),
			http.StatusUnprocessableEntity, "credential")
		c.Do("GET", "/api/me/mfa", nil).JSON(t, &st)
		if len(st.Passkeys) != 1 || st.Passkeys[0].Name != "Notebook" || st.Passkeys[0].LastUsedAt != nil {
			t.Fatalf("passkeys = %+v, want Notebook, never used", st.Passkeys)
		}
		methods, err := e.store.FactorMethods(ctx, p.ID, store.FactorPortal, []string{user.ID})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(methods[user.ID], []string{"passkey"}) {
			t.Errorf("the console's mfa = %v, want [passkey]", methods[user.ID])
		}
	})

	pending := func(t *testing.T) *client {
		t.Helper()
		c := e.Client(t)
		r := c.Do("POST", loginPath, map[string]string{"email": email, "password": password})
		MustStatus(t, r, http.StatusAccepted)
		var pd pending
		r.JSON(t, &pd)
		if !slices.Equal(pd.SecondFactor.Methods, []string{"passkey"}) || pd.SecondFactor.Enrol {
			t.Fatalf("pending = %+v, want methods [passkey]", pd.SecondFactor)
		}
		return c
	}
	stepBegin := func(t *testing.T, c *client) ceremony {
		t.Helper()
		return mustCeremony(t, c.Do("POST", stepPath, map[string]string{"method": "passkey-begin"}))
	}

	t.Run("second step: another origin, another RP ID, the assertion; a replay", func(t *testing.T) {
		c := pending(t)
		MustStatus(t, c.Do("GET", "/api/me", nil), http.StatusUnauthorized)
		opts := stepBegin(t, c)
		if len(opts.PublicKey.AllowCredentials) != 1 || opts.PublicKey.AllowCredentials[0].ID != b64.EncodeToString(a.credID) || opts.PublicKey.UserVerification != "required" {
			t.Errorf("request options = %+v, want the one passkey allowed and user verification required", opts.PublicKey)
		}
		before := e.accountFailures(t, "portal "+p.ID+" "+store.NormalizeEmail(email), user.PasswordHash)
		mustFields(t, c.Do("POST", stepPath, map[string]any{"method": "passkey", "credential": a.get(t, opts, tamper{origin: "https://evil.example"})}),
			http.StatusUnauthorized, "credential")
		opts = stepBegin(t, c)
		mustFields(t, c.Do("POST", stepPath, map[string]any{"method": "passkey", "credential": a.get(t, opts, tamper{rpID: "evil.example"})}),
			http.StatusUnauthorized, "credential")
		if got := e.accountFailures(t, "portal "+p.ID+" "+store.NormalizeEmail(email), user.PasswordHash); got != before+2 {
			t.Errorf("the throttle counted %d failures for two refused assertions, want 2", got-before)
		}
		opts = stepBegin(t, c)
		cred := a.get(t, opts, tamper{})
		MustStatus(t, c.Do("POST", stepPath, map[string]any{"method": "passkey", "credential": cred}), http.StatusOK)
		MustStatus(t, c.Do("GET", "/api/me", nil), http.StatusOK)
		// The same assertion in another login: its challenge is spent.
		c2 := pending(t)
		stepBegin(t, c2)
		mustFields(t, c2.Do("POST", stepPath, map[string]any{"method": "passkey", "credential": cred}), http.StatusUnauthorized, "credential")
		c.Do("GET", "/api/me/mfa", nil).JSON(t, &st)
		if st.Passkeys[0].LastUsedAt == nil {
			t.Error("a used passkey has no lastUsedAt")
		}
	})

	t.Run("a sign count that goes backwards is refused", func(t *testing.T) {
		c := pending(t)
		opts := stepBegin(t, c)
		zero := a.count - 1
		mustFields(t, c.Do("POST", stepPath, map[string]any{"method": "passkey", "credential": a.get(t, opts, tamper{count: &zero})}),
			http.StatusUnauthorized, "credential")
	})

	t.Run("a credential of another person is refused", func(t *testing.T) {
		other := newAuthenticator(t)
		email2 := "colega-" + p.ID + "@cliente.example"
		ct := p.contact(t, "Colega", email2)
		MustStatus(t, p.invite(t, "Contacts", ct.ID, p.Free.ID), http.StatusCreated)
		c2 := e.Client(t)
		MustStatus(t, c2.Do("POST", "/api/invitations/"+tokenIn(t, email2, "invite")+"/accept", map[string]string{"password": password}), http.StatusOK)
		other.register(t, c2, "/api/me/mfa", "Colleague's key")
		c := pending(t)
		opts := stepBegin(t, c)
		mustFields(t, c.Do("POST", stepPath, map[string]any{"method": "passkey", "credential": other.get(t, opts, tamper{})}),
			http.StatusUnauthorized, "credential")
		// Nor does it sign the first user in without a password.
		p.putTypeField(t, p.Free.ID, "passkeyLogin", true)
		settle()
		opts = mustCeremony(t, e.Client(t).Do("POST", passkeyPath, map[string]string{"action": "begin"}))
		forged := other.get(t, opts, tamper{})
		forged["response"].(map[string]any)["userHandle"] = b64.EncodeToString(a.userHandle)
		MustStatus(t, e.Client(t).Do("POST", passkeyPath, map[string]any{"action": "finish", "credential": forged}), http.StatusUnauthorized)
		p.putTypeField(t, p.Free.ID, "passkeyLogin", false)
		settle()
	})

	t.Run("passwordless: refused unless the type allows it; then once per challenge", func(t *testing.T) {
		opts := mustCeremony(t, e.Client(t).Do("POST", passkeyPath, map[string]string{"action": "begin"}))
		if len(opts.PublicKey.AllowCredentials) != 0 || opts.PublicKey.UserVerification != "required" {
			t.Errorf("sign-in options = %+v, want no allowCredentials and user verification required", opts.PublicKey)
		}
		c := e.Client(t)
		r := c.Do("POST", passkeyPath, map[string]any{"action": "finish", "credential": a.get(t, opts, tamper{})})
		MustStatus(t, r, http.StatusUnauthorized)
		if _, ok := c.cookies["__Host-portal"]; ok {
			t.Fatal("a type without passwordless sign-in started a session")
		}
		var pub struct {
			PasskeyLogin bool `json:"passkeyLogin"`
		}
		e.Client(t).Do("GET", "/api/p/"+p.Slug, nil).JSON(t, &pub)
		if pub.PasskeyLogin {
			t.Error("the login page offers passkeys while no type allows them")
		}
		p.putTypeField(t, p.Free.ID, "passkeyLogin", true)
		settle()
		e.Client(t).Do("GET", "/api/p/"+p.Slug, nil).JSON(t, &pub)
		if !pub.PasskeyLogin {
			t.Error("the login page does not offer passkeys though a type allows them")
		}
		opts = mustCeremony(t, c.Do("POST", passkeyPath, map[string]string{"action": "begin"}))
		cred := a.get(t, opts, tamper{})
		MustStatus(t, c.Do("POST", passkeyPath, map[string]any{"action": "finish", "credential": cred}), http.StatusOK)
		MustStatus(t, c.Do("GET", "/api/me", nil), http.StatusOK)
		MustStatus(t, e.Client(t).Do("POST", passkeyPath, map[string]any{"action": "finish", "credential": cred}), http.StatusUnauthorized)
		mustFields(t, e.Client(t).Do("POST", passkeyPath, map[string]any{"action": "sign"}), http.StatusUnprocessableEntity, "action")
	})

	t.Run("rename, remove with the password; a removed passkey signs nobody in", func(t *testing.T) {
		c.Do("GET", "/api/me/mfa", nil).JSON(t, &st)
		id := st.Passkeys[0].ID
		mustFields(t, c.Do("POST", "/api/me/mfa", map[string]string{"action": "passkey-rename", "id": id, "name": strings.Repeat("y", 61)}), http.StatusUnprocessableEntity, "name")
		MustStatus(t, c.Do("POST", "/api/me/mfa", map[string]string{"action": "passkey-rename", "id": "zzzzzzzzzzzzzzzzzzzz", "name": "X"}), http.StatusNotFound)
		r := c.Do("POST", "/api/me/mfa", map[string]string{"action": "passkey-rename", "id": id, "name": "Phone"})
		MustStatus(t, r, http.StatusOK)
		opts := mustCeremony(t, e.Client(t).Do("POST", passkeyPath, map[string]string{"action": "begin"}))
		mustFields(t, c.Do("POST", "/api/me/mfa", map[string]string{"action": "passkey-remove", "id": id}), http.StatusUnprocessableEntity, "password")
		mustFields(t, c.Do("POST", "/api/me/mfa", map[string]string{"action": "passkey-remove", "id": id, "password": "not it at all"}), http.StatusUnprocessableEntity, "password")
		MustStatus(t, c.Do("POST", "/api/me/mfa", map[string]string{"action": "passkey-remove", "id": id, "password": password}), http.StatusNoContent)
		c.Do("GET", "/api/me/mfa", nil).JSON(t, &st)
		if len(st.Passkeys) != 0 {
			t.Fatalf("passkeys after the removal = %v", st.Passkeys)
		}
		MustStatus(t, e.Client(t).Do("POST", passkeyPath, map[string]any{"action": "finish", "credential": a.get(t, opts, tamper{})}), http.StatusUnauthorized)
		MustStatus(t, e.Client(t).Do("POST", loginPath, map[string]string{"email": email, "password": password}), http.StatusOK)
	})

	t.Run("the last factor a policy requires stays; the 21st passkey is refused", func(t *testing.T) {
		k := a.register(t, c, "/api/me/mfa", "Only one")
		p.setMFA(t, p.Free.ID, "required")
		settle()
		MustStatus(t, c.Do("POST", "/api/me/mfa", map[string]string{"action": "passkey-remove", "id": k.ID, "password": password}), http.StatusConflict)
		f, err := e.store.GetFactor(ctx, p.ID, store.FactorPortal, user.ID)
		if err != nil {
			t.Fatal(err)
		}
		keys := f.Passkeys
		for len(keys) < mfa.MaxPasskeys {
			d := keys[0]
			d.ID, d.Name, d.CredentialID = "dummy"+strconv.Itoa(len(keys)), "Dummy", []byte{byte(len(keys))}
			keys = append(keys, d)
		}
		if err := e.store.SavePasskeys(ctx, p.ID, store.FactorPortal, user.ID, f.Version, keys, ""); err != nil {
			t.Fatal(err)
		}
		mustFields(t, c.Do("POST", "/api/me/mfa", map[string]string{"action": "passkey-begin"}), http.StatusUnprocessableEntity, "passkeys")
	})

	got := e.auditActions(t, p.ID)
	for _, want := range []string{"mfa_enrolled passkey: Notebook", "mfa_used passkey", "mfa_used passkey sign-in", "mfa_failed passkey:",
		"mfa_failed passkey registration:", "mfa_failed passkey sign-in: not allowed", "mfa_disabled passkey: Phone"} {
		if countPrefix(got, want) == 0 {
			t.Errorf("the audit log lacks %q: %v", want, got)
		}
	}
	if countPrefix(got, "mfa_failed passkey: the sign count went backwards") == 0 {
		t.Errorf("the audit log lacks the counter that went backwards: %v", got)
	}
}

// TestStaffPasskeys: a staff member registers a passkey, is asked for it at login, and signs
// in without a password only once the organization allows it.
func TestStaffPasskeys(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Equipe Chaves")
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	a := newAuthenticator(t)
	a.register(t, admin, "/api/admin/me/mfa", "Security key")

	c := e.Client(t)
	r := c.Do("POST", "/api/admin/login", map[string]string{"email": o.AdminEmail, "password": o.Password})
	MustStatus(t, r, http.StatusAccepted)
	var pd pending
	r.JSON(t, &pd)
	if !slices.Equal(pd.SecondFactor.Methods, []string{"passkey"}) {
		t.Fatalf("methods = %v, want [passkey]", pd.SecondFactor.Methods)
	}
	MustStatus(t, c.Do("GET", "/api/admin/me", nil), http.StatusUnauthorized)
	opts := mustCeremony(t, c.Do("POST", "/api/admin/login/second-factor", map[string]string{"method": "passkey-begin"}))
	MustStatus(t, c.Do("POST", "/api/admin/login/second-factor", map[string]any{"method": "passkey", "credential": a.get(t, opts, tamper{})}), http.StatusOK)
	MustStatus(t, c.Do("GET", "/api/admin/me", nil), http.StatusOK)

	opts = mustCeremony(t, e.Client(t).Do("POST", "/api/admin/login/passkey", map[string]string{"action": "begin"}))
	MustStatus(t, e.Client(t).Do("POST", "/api/admin/login/passkey", map[string]any{"action": "finish", "credential": a.get(t, opts, tamper{})}), http.StatusUnauthorized)
	MustStatus(t, admin.Do("PATCH", "/api/admin/org", map[string]any{"staffPasskeyLogin": true}), http.StatusOK)
	settle()
	c = e.Client(t)
	opts = mustCeremony(t, c.Do("POST", "/api/admin/login/passkey", map[string]string{"action": "begin"}))
	MustStatus(t, c.Do("POST", "/api/admin/login/passkey", map[string]any{"action": "finish", "credential": a.get(t, opts, tamper{})}), http.StatusOK)
	MustStatus(t, c.Do("GET", "/api/admin/me", nil), http.StatusOK)

	var list struct {
		Items []struct {
			ID  string   `json:"id"`
			MFA []string `json:"mfa"`
		} `json:"items"`
	}
	settle()
	c.Do("GET", "/api/admin/staff", nil).JSON(t, &list)
	found := false
	for _, it := range list.Items {
		if slices.Contains(it.MFA, "passkey") {
			found = true
		}
	}
	if !found {
		t.Errorf("the staff list shows no passkey: %+v", list.Items)
	}
}

package apitest

import (
	"context"
	"crypto/rand"
	"net"
	"net/http"
	"testing"
	"time"

	"crmportal/infra/gateway"
	"crmportal/shared/auth"
	"crmportal/shared/store"
)

// viewerClient is a client whose connections come from ip, a loopback address of its own
// (Linux routes all of 127/8 to lo): the gateway sees it as a viewer of that address, behind
// the same edge as every other.
func (e *env) viewerClient(tb testing.TB, ip string) *client {
	c := e.Client(tb)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	c.http = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{DialContext: d.DialContext}}
	return c
}

// loopbackPair is two loopback addresses no other test uses, so a run's counters start at 0.
func loopbackPair() (string, string) {
	var b [3]byte
	_, _ = rand.Read(b[:])
	a := net.IPv4(127, 1+b[0]%250, b[1], 10+b[2]%100)
	return a.String(), net.IPv4(127, a[12], a[13], a[15]+100).String()
}

func TestViewersBehindOneEdgeAreCountedApart(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Viewers")
	ipA, ipB := loopbackPair()
	a, b := e.viewerClient(t, ipA), e.viewerClient(t, ipB)
	ctx := context.Background()
	th := auth.DefaultThrottle
	// The counters are per window (an hour); a test that straddles two would see two.
	if left := th.WindowStart(e.store.Now()).Add(th.Window).Sub(e.store.Now()); left < 30*time.Second {
		time.Sleep(left + time.Second)
	}
	window := th.WindowStart(e.store.Now())
	ipKey := func(ip string) store.ThrottleKey { return store.ThrottleKey{Kind: "ip", Hash: auth.HashSecret(ip)} }
	counts := func() []int {
		n, err := e.store.Failures(ctx, window, ipKey(ipA), ipKey(ipB), ipKey(gateway.EdgeAddress))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Viewer A is one failure short of the per-address limit (as after 299 failed logins).
	for range th.IPLimit - 1 {
		if err := e.store.AddFailure(ctx, window, window.Add(th.Window), ipKey(ipA)); err != nil {
			t.Fatal(err)
		}
	}
	MustStatus(t, a.Do("POST", "/api/admin/login", map[string]string{"email": o.AdminEmail, "password": "not the password"}), http.StatusUnauthorized)
	if got := counts(); got[0] != th.IPLimit || got[1] != 0 || got[2] != 0 {
		t.Fatalf("failures (viewer A, viewer B, edge) = %v, want [%d 0 0]: counted by viewer, not by edge", got, th.IPLimit)
	}
	// A is at the limit now, even with the right password ...
	r := a.Do("POST", "/api/admin/login", map[string]string{"email": o.AdminEmail, "password": o.Password})
	MustStatus(t, r, http.StatusTooManyRequests)
	// ... while B, behind the same edge, is not affected.
	b.Login(o.AdminEmail, o.Password)

	// The audit log records the viewer's address, not the edge's.
	MustStatus(t, b.Do("POST", "/api/admin/portal", map[string]any{"name": "Viewers " + o.ID[:6]}), http.StatusCreated)
	var log struct {
		Items []struct {
			Action, IP string
		}
	}
	settle() // the audit list is an eventually consistent Query
	r = b.Do("GET", "/api/admin/audit?action=portal_changed", nil)
	MustStatus(t, r, http.StatusOK)
	r.JSON(t, &log)
	if len(log.Items) != 1 || log.Items[0].IP != ipB {
		t.Errorf("portal_changed entries = %+v, want one with ip %s (the viewer), not %s (the edge)", log.Items, ipB, gateway.EdgeAddress)
	}
}

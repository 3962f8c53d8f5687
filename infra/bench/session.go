package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// CookieHeader is the Cookie header ("name=value") that sends back the cookie name set by
// the Set-Cookie lines of h. The portal's session cookies are Secure (__Host-), which Go's
// cookie jar never sends over the bench's plain HTTP, so the bench sends them by hand, as a
// browser does for localhost. A cookie set empty or expired (a logout) is an error.
func CookieHeader(h http.Header, name string) (string, error) {
	for _, line := range h.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err != nil || c.Name != name {
			continue
		}
		if c.Value == "" || c.MaxAge < 0 {
			return "", fmt.Errorf("cookie %s is cleared, not set", name)
		}
		return (&http.Cookie{Name: c.Name, Value: c.Value}).String(), nil
	}
	return "", fmt.Errorf("no Set-Cookie for %s", name)
}

// Login posts email and password to base's POST /api/admin/login, as the staff console does,
// and returns the Cookie header of the session cookie (named cookie) it sets.
func Login(ctx context.Context, client *http.Client, base, email, password, cookie string) (string, error) {
	body, err := json.Marshal(map[string]string{"email": email, "password": password})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/admin/login", bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("login: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Requested-With", "portal")
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("login: %w", err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("login as %s: status %d: %s", email, resp.StatusCode, answer)
	}
	return CookieHeader(resp.Header, cookie)
}

// Post posts body (JSON) to url with client, with the headers hdr (name and value pairs), and
// reads the whole answer. It returns the wall time from sending the request to the end of
// the body, the body and the answer's headers; a status other than want is an error.
func Post(ctx context.Context, client *http.Client, url string, body []byte, want int, hdr ...string) (time.Duration, []byte, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, fmt.Errorf("POST %s: %w", url, err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("POST %s: %w", url, err)
	}
	answer, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("POST %s: read body: %w", url, err)
	}
	if resp.StatusCode != want {
		return 0, nil, nil, fmt.Errorf("POST %s: status %d, want %d: %s", url, resp.StatusCode, want, answer)
	}
	return d, answer, resp.Header, nil
}

// Page is what the bench reads of a record list answer.
type Page struct {
	Items []struct {
		ID string `json:"id"`
	} `json:"items"`
	NextCursor string `json:"nextCursor"`
}

// ParsePage decodes a record list answer.
func ParsePage(body []byte) (Page, error) {
	var p Page
	if err := json.Unmarshal(body, &p); err != nil {
		return Page{}, fmt.Errorf("decode list page: %w", err)
	}
	return p, nil
}

// IDs are the ids of p's records, in order.
func (p Page) IDs() []string {
	ids := make([]string, len(p.Items))
	for i, it := range p.Items {
		ids[i] = it.ID
	}
	return ids
}

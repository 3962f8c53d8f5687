package logins

import (
	"net/http"
	"strings"
	"testing"

	"crmportal/shared/httpapi"
)

func TestDecodeCredentials(t *testing.T) {
	tests := []struct {
		name, body string
		wantStatus int
	}{
		{"both", `{"email":"ana@example.com","password":"correct horse"}`, 0},
		{"no email", `{"password":"correct horse"}`, http.StatusBadRequest},
		{"blank email", `{"email":"  ","password":"correct horse"}`, http.StatusBadRequest},
		{"no password", `{"email":"ana@example.com"}`, http.StatusBadRequest},
		{"email too long", `{"email":"` + strings.Repeat("a", 255) + `","password":"x"}`, http.StatusBadRequest},
		{"password too long", `{"email":"ana@example.com","password":"` + strings.Repeat("p", 4097) + `"}`, http.StatusBadRequest},
		{"unknown field", `{"email":"ana@example.com","password":"x","role":"admin"}`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &httpapi.Request{Body: tt.body, Headers: map[string]string{"content-type": "application/json"}}
			in, err := DecodeCredentials(r)
			got := 0
			if err != nil {
				got = httpapi.KindOf(err).Status()
			}
			if got != tt.wantStatus {
				t.Fatalf("status = %d, want %d (%v)", got, tt.wantStatus, err)
			}
			if err == nil && (in.Email != "ana@example.com" || in.Password != "correct horse") {
				t.Errorf("got %+v", in)
			}
		})
	}
}

package orgmail

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"crmportal/shared/store"
)

// fakeTemplates answers GetMailTemplate with get and records the asked language.
type fakeTemplates struct {
	get   func(org, name, lang string) (store.MailTemplate, error)
	langs []string
}

func (f *fakeTemplates) GetMailTemplate(_ context.Context, org, name, lang string) (store.MailTemplate, error) {
	f.langs = append(f.langs, lang)
	if f.get == nil {
		return store.MailTemplate{}, errors.New("fakeTemplates: GetMailTemplate not expected")
	}
	return f.get(org, name, lang)
}

func TestRender(t *testing.T) {
	data := map[string]any{"Portal": "Acme portal", "Company": "Acme", "Name": "Ana", "Email": "ana@example.com",
		"Link": "https://portal.example/p/acme/reset/s3cret", "Expires": "2 de jan. de 2026, 10:00", "Brand": "#aa3300", "Logo": ""}
	errDown := errors.New("table unavailable")
	errBusy := &retry.MaxAttemptsError{Attempt: 3, Err: errors.New("ThrottlingException")}
	tests := []struct {
		name        string
		lang        string
		get         func(org, name, lang string) (store.MailTemplate, error)
		wantSubject string // a part of the subject
		wantText    string // a part of the text
		wantLang    string // the language asked of the store
		wantReads   int    // reads of the store (0: one)
		wantErr     error
	}{
		{name: "no own version: the standard one", lang: "en",
			get:      func(_, _, _ string) (store.MailTemplate, error) { return store.MailTemplate{}, store.ErrNotFound },
			wantText: "https://portal.example/p/acme/reset/s3cret", wantLang: "en"},
		{name: "own version rendered", lang: "en",
			get: func(_, _, _ string) (store.MailTemplate, error) {
				return store.MailTemplate{Subject: "Hi {{.Name}}", Text: "Go to {{.Link}}", HTML: "<p>{{.Link}}</p>"}, nil
			},
			wantSubject: "Hi Ana", wantText: "Go to https://portal.example/p/acme/reset/s3cret", wantLang: "en"},
		{name: "own version that does not render: the standard one", lang: "en",
			get: func(_, _, _ string) (store.MailTemplate, error) {
				return store.MailTemplate{Subject: "Hi {{.Missing}}", Text: "x", HTML: "x"}, nil
			},
			wantText: "https://portal.example/p/acme/reset/s3cret", wantLang: "en"},
		{name: "a pt tag asks for pt-BR", lang: "pt-PT",
			get:      func(_, _, _ string) (store.MailTemplate, error) { return store.MailTemplate{}, store.ErrNotFound },
			wantText: "https://portal.example/p/acme/reset/s3cret", wantLang: "pt-BR"},
		{name: "an es tag asks for es", lang: "es-MX",
			get:      func(_, _, _ string) (store.MailTemplate, error) { return store.MailTemplate{}, store.ErrNotFound },
			wantText: "https://portal.example/p/acme/reset/s3cret", wantLang: "es"},
		{name: "storage failure returned", lang: "en",
			get:      func(_, _, _ string) (store.MailTemplate, error) { return store.MailTemplate{}, errDown },
			wantLang: "en", wantErr: errDown},
		{name: "a throttled read is asked again", lang: "en",
			get: func() func(_, _, _ string) (store.MailTemplate, error) {
				calls := 0
				return func(_, _, _ string) (store.MailTemplate, error) {
					if calls++; calls == 1 {
						return store.MailTemplate{}, errBusy
					}
					return store.MailTemplate{Subject: "Hi {{.Name}}", Text: "Go to {{.Link}}", HTML: "<p>{{.Link}}</p>"}, nil
				}
			}(),
			wantSubject: "Hi Ana", wantText: "Go to https://portal.example/p/acme/reset/s3cret", wantLang: "en", wantReads: 2},
		{name: "a read throttled every time is returned after three", lang: "en",
			get:      func(_, _, _ string) (store.MailTemplate, error) { return store.MailTemplate{}, errBusy },
			wantLang: "en", wantReads: TemplateAttempts, wantErr: errBusy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeTemplates{get: tt.get}
			got, err := Render(context.Background(), f, "org1", "portal-reset", tt.lang, data)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got, want := len(f.langs), max(tt.wantReads, 1); got != want {
				t.Errorf("reads = %d, want %d", got, want)
			}
			for _, l := range f.langs {
				if l != tt.wantLang {
					t.Errorf("asked languages = %v, want only %s", f.langs, tt.wantLang)
				}
			}
			if tt.wantErr != nil {
				return
			}
			if !strings.Contains(got.Subject, tt.wantSubject) {
				t.Errorf("subject = %q, want it to contain %q", got.Subject, tt.wantSubject)
			}
			if !strings.Contains(got.Text, tt.wantText) {
				t.Errorf("text = %q, want it to contain %q", got.Text, tt.wantText)
			}
		})
	}
}

func TestFormatExpiry(t *testing.T) {
	at := time.Date(2026, 12, 9, 10, 13, 0, 0, time.UTC)
	tests := []struct {
		name, zone, lang, want string
	}{
		{"Portuguese in the recipient's zone", "America/Sao_Paulo", "pt-BR", "9 de dez. de 2026, 07:13"},
		{"any pt tag writes Portuguese", "America/Sao_Paulo", "pt", "9 de dez. de 2026, 07:13"},
		{"English in the recipient's zone", "America/Sao_Paulo", "en", "Dec 9, 2026, 7:13 AM"},
		{"English afternoon", "UTC", "en", "Dec 9, 2026, 10:13 AM"},
		{"other languages fall back to English", "Asia/Tokyo", "de", "Dec 9, 2026, 7:13 PM"},
		{"unknown zone keeps the time", "Nowhere/Else", "pt-BR", "9 de dez. de 2026, 10:13"},
		{"Spanish in the recipient's zone", "America/Mexico_City", "es", "9 dic 2026, 4:13"},
		{"a Spanish variant", "Europe/Madrid", "es-ES", "9 dic 2026, 11:13"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatExpiry(at, tt.zone, tt.lang); got != tt.want {
				t.Errorf("FormatExpiry(%v, %q, %q) = %q, want %q", at, tt.zone, tt.lang, got, tt.want)
			}
		})
	}
}

func TestBrand(t *testing.T) {
	tests := []struct {
		name, primary, want string
	}{
		{"a portal's colour", "#AA3300", "#aa3300"},
		{"a dark colour as it is", "#000000", "#000000"},
		{"a light colour darkened to read on white", "#ffff00", "#787800"},
		{"white darkened to read on white", "#ffffff", "#6c6c6c"},
		{"none is the default", "", DefaultBrand},
		{"not a hex colour is the default", "red", DefaultBrand},
		{"CSS injection is the default", "#aa3300;background:url(x)", DefaultBrand},
		{"five digits are the default", "#aa330", DefaultBrand},
		{"seven digits are the default", "#aa33001", DefaultBrand},
		{"a letter past f is the default", "#aa330g", DefaultBrand},
		{"no hash is the default", "aa3300", DefaultBrand},
		{"a trailing newline is the default", "#aa3300\n", DefaultBrand},
		{"upper and lower case, darkened", "#aBcDeF", "#63778b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Brand(tt.primary)
			if got != tt.want {
				t.Errorf("Brand(%q) = %q, want %q", tt.primary, got, tt.want)
			}
			var rgb [3]float64
			for i := range rgb {
				v, _ := strconv.ParseUint(got[1+2*i:3+2*i], 16, 8)
				rgb[i] = float64(v)
			}
			if c := contrastOnWhite(rgb); c < 4.5 {
				t.Errorf("Brand(%q) = %q, contrast %.2f on white, want at least 4.5", tt.primary, got, c)
			}
		})
	}
}

func TestLogoURL(t *testing.T) {
	const origin = "https://portal.example.com"
	tests := []struct {
		name string
		pt   store.Portal
		want string
	}{
		{name: "a portal with a logo", pt: store.Portal{Slug: "acme", Branding: store.Branding{LogoKey: "branding/o/logo-1"}},
			want: origin + "/api/p/acme/logo"},
		{name: "no logo", pt: store.Portal{Slug: "acme"}},
		{name: "a deactivated portal's logo is not served", pt: store.Portal{Slug: "acme", Disabled: true,
			Branding: store.Branding{LogoKey: "branding/o/logo-1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LogoURL(origin, tt.pt); got != tt.want {
				t.Errorf("LogoURL = %q, want %q", got, tt.want)
			}
		})
	}
}

package paylink

import (
	"slices"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name, tmpl string
		want       string // a piece of the message; "" for valid
	}{
		{"empty turns the link off", "", ""},
		{"plain https", "https://pay.example.com/checkout", ""},
		{"placeholders in query", "https://pay.example.com/c?invoice={id}&amount={amount}&ref={subject}", ""},
		{"placeholder in path", "https://pay.example.com/invoices/{id}/pay?due={due_date}", ""},
		{"placeholder in fragment", "https://pay.example.com/#{id}", ""},
		{"upper-case scheme", "HTTPS://pay.example.com/{id}", ""},
		{"http", "http://pay.example.com/{id}", "https URL"},
		{"javascript", "javascript:alert(1)//{id}", "https URL"},
		{"data", "data:text/html,hi", "https URL"},
		{"no host", "https:///path/{id}", "https URL"},
		{"relative", "/pay/{id}", "https URL"},
		{"unknown placeholder", "https://pay.example.com/?x={email}", "unknown placeholder {email}"},
		{"unclosed brace", "https://pay.example.com/?x={id", "not closed"},
		{"nested brace", "https://pay.example.com/?x={{id}}", "not closed"},
		{"stray closing brace", "https://pay.example.com/?x=id}", "closes no placeholder"},
		{"placeholder in host", "https://{subject}.example.com/pay", "scheme or host"},
		{"placeholder as host", "https://{id}/pay", "scheme or host"},
		{"user info", "https://user:pw@pay.example.com/{id}", "user name"},
		{"space", "https://pay.example.com/a b", "spaces"},
		{"newline", "https://pay.example.com/\n{id}", "spaces"},
		{"too long", "https://pay.example.com/?x=" + strings.Repeat("a", MaxLength), "at most 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(tt.tmpl)
			if tt.want == "" && got != "" {
				t.Fatalf("Check(%q) = %q, want valid", tt.tmpl, got)
			}
			if tt.want != "" && !strings.Contains(got, tt.want) {
				t.Fatalf("Check(%q) = %q, want it to say %q", tt.tmpl, got, tt.want)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	fields := map[string]any{"Subject": "Fatura nº 7/2026 & juros", "Grand_Total": "1234.50", "Due_Date": "2026-12-31"}
	tests := []struct {
		name, tmpl, want string
	}{
		{"query values are query-escaped", "https://pay.example.com/c?i={id}&a={amount}&s={subject}",
			"https://pay.example.com/c?i=inv%2F1&a=1234.50&s=Fatura+n%C2%BA+7%2F2026+%26+juros"},
		{"path values are path-escaped", "https://pay.example.com/p/{subject}/{due_date}",
			"https://pay.example.com/p/Fatura%20n%C2%BA%207%2F2026%20&%20juros/2026-12-31"},
		{"fragment counts as after the query", "https://pay.example.com/p#{subject}",
			"https://pay.example.com/p#Fatura+n%C2%BA+7%2F2026+%26+juros"},
		{"no placeholders", "https://pay.example.com/", "https://pay.example.com/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if msg := Check(tt.tmpl); msg != "" {
				t.Fatalf("Check(%q) = %q", tt.tmpl, msg)
			}
			if got := Expand(tt.tmpl, "inv/1", fields); got != tt.want {
				t.Errorf("Expand = %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("a missing field fills in empty", func(t *testing.T) {
		got := Expand("https://pay.example.com/?a={amount}", "x", map[string]any{})
		if want := "https://pay.example.com/?a="; got != want {
			t.Errorf("Expand = %q, want %q", got, want)
		}
	})
}

func TestFields(t *testing.T) {
	got := Fields("https://pay.example.com/{id}?a={amount}&s={subject}&again={amount}")
	want := []string{"Grand_Total", "Subject"}
	if !slices.Equal(got, want) {
		t.Errorf("Fields = %v, want %v", got, want)
	}
}

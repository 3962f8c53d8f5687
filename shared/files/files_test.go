package files

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCheckDeclared(t *testing.T) {
	tests := []struct {
		name, filename, contentType string
		size                        int64
		field                       string
	}{
		{"pdf", "nota.pdf", "application/pdf", 1000, ""},
		{"upper-case extension", "FOTO.JPG", "image/jpeg", 10, ""},
		{"docx", "contrato.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 10, ""},
		{"executable type", "setup.exe", "application/x-msdownload", 10, "contentType"},
		{"html", "page.html", "text/html", 10, "contentType"},
		{"svg (scripts)", "logo.svg", "image/svg+xml", 10, "contentType"},
		{"executable named pdf with pdf type", "setup.exe", "application/pdf", 10, "filename"},
		{"double extension", "nota.pdf.exe", "application/pdf", 10, "filename"},
		{"empty", "nota.pdf", "application/pdf", 0, "size"},
		{"too big", "nota.pdf", "application/pdf", DefaultMaxBytes + 1, "size"},
		{"at the limit", "nota.pdf", "application/pdf", DefaultMaxBytes, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			field, msg := CheckDeclared(tt.filename, tt.contentType, tt.size, DefaultMaxBytes)
			if field != tt.field || (field == "") != (msg == "") {
				t.Errorf("CheckDeclared = %q %q, want field %q", field, msg, tt.field)
			}
		})
	}
	if _, msg := CheckDeclared("a.pdf", "application/pdf", DefaultMaxBytes+1, DefaultMaxBytes); !strings.Contains(msg, "20 MB") {
		t.Errorf("size rule %q does not name 20 MB", msg)
	}
}

func TestMatches(t *testing.T) {
	exe := []byte("MZ\x90\x00\x03\x00\x00\x00")
	elf := []byte("\x7fELF\x02\x01\x01")
	tests := []struct {
		name, contentType string
		head              []byte
		want              bool
	}{
		{"pdf", "application/pdf", []byte("%PDF-1.7\n%âãÏÓ"), true},
		{"windows executable as pdf", "application/pdf", exe, false},
		{"elf as pdf", "application/pdf", elf, false},
		{"png", "image/png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), true},
		{"png sent as jpeg", "image/jpeg", []byte("\x89PNG\r\n\x1a\n"), false},
		{"webp", "image/webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8 "), true},
		{"wav as webp", "image/webp", []byte("RIFF\x10\x00\x00\x00WAVEfmt "), false},
		{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", []byte("PK\x03\x04\x14\x00"), true},
		{"legacy doc", "application/msword", []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0}, true},
		{"text", "text/plain", []byte("Olá, tudo bem?\n"), true},
		{"text cut inside a character", "text/plain", []byte("Ol\xc3"), true},
		{"binary as text", "text/plain", []byte("ab\x00cd"), false},
		{"script as text", "text/plain", []byte("#!/bin/sh\nrm -rf /"), false},
		{"latin-1 as csv", "text/csv", []byte("a;b\nS\xe3o Paulo;\xe9\n"), false},
		{"empty", "application/pdf", nil, false},
		{"unknown type", "application/x-sh", []byte("echo"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Matches(tt.contentType, tt.head); got != tt.want {
				t.Errorf("Matches(%q, %q) = %v, want %v", tt.contentType, tt.head, got, tt.want)
			}
		})
	}
}

func TestSanitize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nota fiscal.pdf", "nota fiscal.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\ana\Desktop\recibo.pdf`, "recibo.pdf"},
		{"a\"b;c.pdf", "a_b;c.pdf"},
		{"line\r\nbreak.txt", "line__break.txt"},
		{"rtl\u202Efdp.exe", "rtl_fdp.exe"},
		{"   many    spaces .pdf", "many spaces .pdf"},
		{".hidden", "hidden"},
		{"..", "file"},
		{"", "file"},
		{"inválido\xff.pdf", "inválido_.pdf"},
		{"ação.pdf", "ação.pdf"},
	}
	for _, tt := range tests {
		if got := Sanitize(tt.in); got != tt.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	long := strings.Repeat("ç", 200) + ".pdf"
	got := Sanitize(long)
	if len(got) > MaxNameLength || !strings.HasSuffix(got, ".pdf") || !utf8.ValidString(got) {
		t.Errorf("Sanitize(long) = %q (%d bytes)", got, len(got))
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"a.pdf", "../x", "\u202e", "ç.txt", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := Sanitize(in)
		if got == "" || len(got) > MaxNameLength || !utf8.ValidString(got) {
			t.Fatalf("Sanitize(%q) = %q", in, got)
		}
		if strings.ContainsAny(got, "\"\\/\r\n\x00") || strings.HasPrefix(got, ".") {
			t.Fatalf("Sanitize(%q) = %q holds an unsafe character", in, got)
		}
		for _, r := range ASCII(got) {
			if r < 0x20 || r > 0x7e || r == '"' {
				t.Fatalf("ASCII(%q) holds %q", got, r)
			}
		}
	})
}

func TestCheckQuota(t *testing.T) {
	if msg := CheckQuota(0, 0, DefaultMaxBytes); msg != "" {
		t.Errorf("first upload refused: %s", msg)
	}
	if msg := CheckQuota(MaxFilesPerUser, 0, 1); msg == "" {
		t.Error("one file past the count allowed")
	}
	if msg := CheckQuota(1, MaxBytesPerUser-10, 11); msg == "" {
		t.Error("one byte past the quota allowed")
	}
	if msg := CheckQuota(1, MaxBytesPerUser-10, 10); msg != "" {
		t.Errorf("exactly the quota refused: %s", msg)
	}
}

// TestExtensionsAreTheAllowlist: every listed extension is accepted under its content type,
// and every type of the allowlist is listed.
func TestExtensionsAreTheAllowlist(t *testing.T) {
	listed := map[string]bool{}
	for _, e := range Extensions() {
		t.Run(e.Ext, func(t *testing.T) {
			if field, msg := CheckDeclared("file"+e.Ext, e.ContentType, 1, 1); field != "" {
				t.Errorf("CheckDeclared(%s as %s) = %s %s, want accepted", e.Ext, e.ContentType, field, msg)
			}
		})
		listed[e.ContentType] = true
	}
	for ct := range Types {
		if !listed[ct] {
			t.Errorf("Extensions lacks %s", ct)
		}
	}
}

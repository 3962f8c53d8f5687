// Package files holds the rules for attachments with no AWS in them: which types are
// allowed, how a file's first bytes must look for its declared type, how a filename is made
// safe for a Content-Disposition header, and the per-user quotas.
package files

import (
	"bytes"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of attachments.
const (
	// DefaultMaxBytes is the largest attachment unless the deployment says otherwise.
	DefaultMaxBytes = 20 << 20
	// MaxFilesPerUser and MaxBytesPerUser are a portal user's quota over all their uploads.
	MaxFilesPerUser = 200
	MaxBytesPerUser = 500 << 20
	// SniffBytes is how much of a file the completion check reads.
	SniffBytes = 4096
	// MaxNameLength bounds a sanitized filename, in bytes.
	MaxNameLength = 120
)

// kind is an allowed content type: the extensions a file of it may have and the check of its
// first bytes.
type kind struct {
	exts  []string
	magic func(head []byte) bool
}

func prefix(sig ...[]byte) func([]byte) bool {
	return func(head []byte) bool {
		for _, s := range sig {
			if bytes.HasPrefix(head, s) {
				return true
			}
		}
		return false
	}
}

var (
	zipSig = []byte("PK\x03\x04")
	ole    = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1} // legacy Office documents
)

// webp is RIFF....WEBP.
func webp(head []byte) bool {
	return len(head) >= 12 && bytes.Equal(head[:4], []byte("RIFF")) && bytes.Equal(head[8:12], []byte("WEBP"))
}

// text is UTF-8 without NUL bytes and without an executable's start (a script's #!). head may
// end inside a multi-byte character.
func text(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 || bytes.HasPrefix(head, []byte("#!")) {
		return false
	}
	for i := 0; i < 3 && len(head) > 0 && !utf8.Valid(head); i++ {
		head = head[:len(head)-1]
	}
	return utf8.Valid(head)
}

// Types is the allowlist: PDF, images, Office documents, text and zip archives.
var Types = map[string]kind{
	"application/pdf": {[]string{".pdf"}, prefix([]byte("%PDF-"))},
	"image/png":       {[]string{".png"}, prefix([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})},
	"image/jpeg":      {[]string{".jpg", ".jpeg"}, prefix([]byte{0xff, 0xd8, 0xff})},
	"image/gif":       {[]string{".gif"}, prefix([]byte("GIF87a"), []byte("GIF89a"))},
	"image/webp":      {[]string{".webp"}, webp},
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   {[]string{".docx"}, prefix(zipSig)},
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         {[]string{".xlsx"}, prefix(zipSig)},
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": {[]string{".pptx"}, prefix(zipSig)},
	"application/vnd.oasis.opendocument.text":                                   {[]string{".odt"}, prefix(zipSig)},
	"application/vnd.oasis.opendocument.spreadsheet":                            {[]string{".ods"}, prefix(zipSig)},
	"application/msword":       {[]string{".doc"}, prefix(ole)},
	"application/vnd.ms-excel": {[]string{".xls"}, prefix(ole)},
	"text/plain":               {[]string{".txt", ".log"}, text},
	"text/csv":                 {[]string{".csv"}, text},
	"application/zip":          {[]string{".zip"}, prefix(zipSig)},
}

// Extension is one filename extension of the allowlist and the content type it belongs to.
type Extension struct{ Ext, ContentType string }

// Extensions lists the allowlist by extension, ordered by content type and then as Types
// gives each type's extensions: what a browser's file chooser or a client's own check needs,
// without the magic bytes.
func Extensions() []Extension {
	types := make([]string, 0, len(Types))
	for ct := range Types {
		types = append(types, ct)
	}
	sort.Strings(types)
	var out []Extension
	for _, ct := range types {
		for _, ext := range Types[ct].exts {
			out = append(out, Extension{Ext: ext, ContentType: ct})
		}
	}
	return out
}

// CheckDeclared returns the rule a declared upload breaks, naming the field, or "", "":
// the content type is on the allowlist, the filename's extension belongs to it, and the size
// is 1 to max bytes.
func CheckDeclared(filename, contentType string, size, max int64) (field, msg string) {
	k, ok := Types[contentType]
	switch {
	case !ok:
		return "contentType", "must be a PDF, an image (PNG, JPEG, GIF, WebP), an Office document, text, CSV or a zip archive"
	case !hasExt(filename, k.exts):
		return "filename", "must end in " + strings.Join(k.exts, " or ") + " for " + contentType
	case size < 1 || size > max:
		return "size", "must be 1 byte to " + mb(max)
	}
	return "", ""
}

func hasExt(name string, exts []string) bool {
	ext := strings.ToLower(path.Ext(name))
	for _, e := range exts {
		if ext == e {
			return true
		}
	}
	return false
}

func mb(n int64) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', -1, 64) + " MB"
}

// Matches tells whether head, the first bytes of an uploaded file, is what contentType says:
// an executable renamed to .pdf, or a PNG sent as a PDF, does not match.
func Matches(contentType string, head []byte) bool {
	k, ok := Types[contentType]
	return ok && len(head) > 0 && k.magic(head)
}

// Sanitize makes a filename safe to show and to send in a Content-Disposition header: the
// last path element, control characters, quotes, backslashes, slashes and the characters
// Windows refuses replaced by "_", spaces collapsed, leading dots removed, at most
// MaxNameLength bytes (cut at a character boundary, keeping the extension), and "file" when
// nothing is left.
func Sanitize(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(name)
	var b strings.Builder
	space := false
	for _, r := range name {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), strings.ContainsRune(`"\/:*?<>|`+"`", r),
			unicode.Is(unicode.Cf, r): // format characters, such as the right-to-left override
			r = '_'
		case unicode.IsSpace(r):
			if space {
				continue
			}
			r, space = ' ', true
			b.WriteRune(r)
			continue
		}
		space = false
		b.WriteRune(r)
	}
	out := strings.TrimLeft(strings.TrimSpace(b.String()), ". ")
	if len(out) > MaxNameLength {
		ext := path.Ext(out)
		if len(ext) > 16 {
			ext = ""
		}
		stem := out[:len(out)-len(ext)]
		cut := MaxNameLength - len(ext)
		for cut > 0 && !utf8.RuneStart(stem[cut]) {
			cut--
		}
		out = stem[:cut] + ext
	}
	if out == "" || out == "." || out == ".." {
		return "file"
	}
	return out
}

// ASCII is name with every byte outside printable ASCII replaced by "_", for the plain
// filename parameter of Content-Disposition (the UTF-8 one carries the real name).
func ASCII(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			r = '_'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// CheckQuota returns the rule a new upload of size bytes breaks for a user who has files
// uploads of bytes in total, or "".
func CheckQuota(files, bytes, size int64) string {
	switch {
	case files+1 > MaxFilesPerUser:
		return "you have reached the limit of " + strconv.Itoa(MaxFilesPerUser) + " attachments; delete some first"
	case bytes+size > MaxBytesPerUser:
		return "this file would take you past your " + mb(MaxBytesPerUser) + " of attachments; delete some first"
	}
	return ""
}

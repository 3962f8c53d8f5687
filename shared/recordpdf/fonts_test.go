package recordpdf

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/png"
	"strings"
	"testing"

	"crmportal/shared/crm"
	"crmportal/shared/recordpdf/pdftest"
)

// cmap reads the Unicode character map of a TrueType font (the format 4 and 12 subtables),
// as rune → glyph index.
func cmap(t *testing.T, ttf []byte) map[rune]int {
	t.Helper()
	u16 := func(o int) int { return int(binary.BigEndian.Uint16(ttf[o:])) }
	u32 := func(o int) int { return int(binary.BigEndian.Uint32(ttf[o:])) }
	table := -1
	for i := 0; i < u16(4); i++ {
		rec := 12 + 16*i
		if string(ttf[rec:rec+4]) == "cmap" {
			table = u32(rec + 8)
		}
	}
	if table < 0 {
		t.Fatal("no cmap table")
	}
	out := map[rune]int{}
	for i := 0; i < u16(table+2); i++ {
		sub := table + u32(table+4+8*i+4)
		switch u16(sub) {
		case 4:
			segs := u16(sub+6) / 2
			ends, starts, deltas, offs := sub+14, sub+16+2*segs, sub+16+4*segs, sub+16+6*segs
			for s := 0; s < segs; s++ {
				for c := u16(starts + 2*s); c <= u16(ends+2*s) && c != 0xffff; c++ {
					g := 0
					if ro := u16(offs + 2*s); ro == 0 {
						g = (c + u16(deltas+2*s)) & 0xffff
					} else if gi := u16(offs + 2*s + ro + 2*(c-u16(starts+2*s))); gi != 0 {
						g = (gi + u16(deltas+2*s)) & 0xffff
					}
					if g != 0 {
						out[rune(c)] = g
					}
				}
			}
		case 12:
			for k := 0; k < u32(sub+12); k++ {
				g := sub + 16 + 12*k
				for c := u32(g); c <= u32(g+4); c++ {
					out[rune(c)] = u32(g+8) + c - u32(g)
				}
			}
		}
	}
	return out
}

// samples are names in the scripts the fonts promise: Chinese, Japanese, Korean, Portuguese.
var samples = []string{"王小明", "株式会社", "東京都", "ひらがな カタカナ", "한국", "김민수", "João Ação", "Ωμέγα Привет"}

// TestFontsCoverSamples: every character of the samples has a glyph (not .notdef, glyph 0) in
// both faces, so none is drawn as a box.
func TestFontsCoverSamples(t *testing.T) {
	ttf, err := fonts()
	if err != nil {
		t.Fatal(err)
	}
	for face, name := range []string{"regular", "bold"} {
		m := cmap(t, ttf[face])
		for _, s := range samples {
			t.Run(name+" "+s, func(t *testing.T) {
				for _, r := range s {
					if r != ' ' && m[r] == 0 {
						t.Errorf("%s has no glyph for %q (U+%04X)", name, r, r)
					}
				}
			})
		}
	}
}

// TestRenderCJK: a document whose company, title and products are the samples shows each
// back as written.
func TestRenderCJK(t *testing.T) {
	r := invoice(len(samples))
	r.Name = "株式会社 見積"
	for i, l := range r.Fields["Product_Details"].([]any) {
		l.(map[string]any)[crm.LineProduct] = samples[i]
	}
	pdf, err := Render(FromRecord(r, Portuguese, "王小明 한국"), Image{})
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(pdf)
	for _, want := range append([]string{"王小明 한국", "株式会社 見積"}, samples...) {
		if !strings.Contains(text, want) {
			t.Errorf("the text lacks %q:\n%s", want, text)
		}
	}
}

// TestRenderLogo: a PNG or JPEG logo is drawn as an image; a WebP logo, a damaged file and no
// logo give a document without one, never an error.
func TestRenderLogo(t *testing.T) {
	pngLogo := pdftest.Logo(t, "png", 40, 20)
	tests := []struct {
		name  string
		logo  Image
		image bool
	}{
		{"png", Image{Type: "image/png", Data: pngLogo}, true},
		{"jpeg", Image{Type: "image/jpeg", Data: pdftest.Logo(t, "jpeg", 40, 20)}, true},
		{"webp is left out", Image{Type: "image/webp", Data: []byte("RIFF\x00\x00\x00\x00WEBPVP8 ")}, false},
		{"damaged png is left out", Image{Type: "image/png", Data: pngLogo[:30]}, false},
		{"a png named jpeg is left out", Image{Type: "image/jpeg", Data: pngLogo}, false},
		{"none", Image{}, false},
		{"over maxLogoSide is left out", Image{Type: "image/png", Data: hugePNG(t)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf, err := Render(FromRecord(invoice(2), English, "Acme"), tt.logo)
			if err != nil {
				t.Fatal(err)
			}
			if got := bytes.Contains(pdf, []byte("/Subtype /Image")); got != tt.image {
				t.Errorf("image in the file = %v, want %v", got, tt.image)
			}
		})
	}
}

// TestDigestLogo: another logo (a new key) gives another digest, so another cached file.
func TestDigestLogo(t *testing.T) {
	a := FromRecord(invoice(1), English, "Acme")
	b := a
	b.Logo = "branding/org/logo-1-a"
	c := a
	c.Logo = "branding/org/logo-2-b"
	if a.Digest() == b.Digest() || b.Digest() == c.Digest() {
		t.Error("a change of logo keeps the digest")
	}
}

// hugePNG is a PNG of maxLogoSide+1 pixels a side, in one colour (a small file).
func hugePNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, maxLogoSide+1, 1))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

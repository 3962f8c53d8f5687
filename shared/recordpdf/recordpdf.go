// Package recordpdf lays out the PDF of an invoice or a quote: the organization, the
// record's header fields, its line items with quantities, unit prices and totals, and the
// grand total, in the reader's language and number format. It is pure (a Doc in, bytes
// out) and deterministic: the same Doc gives byte-identical files, so a file can be cached
// by the record's version and the Doc's digest.
//
// Text is set in Portal Sans (fonts/: embedded, and subset in each file to the characters
// used): DejaVu Sans, which covers Latin, Greek and Cyrillic, merged with a subset of Droid
// Sans Fallback for Chinese, Japanese and Korean: the characters of GB2312 level 1 (the 3,755
// most used hanzi), JIS X 0208 level 1 (2,965 kanji, nearly all the Jōyō kanji), kana, the
// 2,350 Hangul syllables of KS X 1001 and their punctuation and full-width forms. The bold
// face has the same CJK glyphs as the regular one (there is no bold CJK). Characters outside
// these (rarer hanzi and kanji, other Hangul syllables, Arabic, Hebrew, Indic scripts…) are
// drawn as the font's missing-glyph box but still extract as the right characters: the
// file's ToUnicode map gives each character's Unicode value, so copying or searching the
// text works.
//
// Only the packages of the PDF functions import this package: it embeds the fonts (about
// 1.7 MB, gzipped; unpacked on the first Render).
package recordpdf

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed" // the fonts
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

//go:embed fonts/PortalSans.ttf.gz
var regularFontGz []byte

//go:embed fonts/PortalSans-Bold.ttf.gz
var boldFontGz []byte

// fonts unpacks the embedded fonts once, on the first Render (not at the function's start:
// most requests find their file in the cache and render nothing).
var fonts = sync.OnceValues(func() ([2][]byte, error) {
	var out [2][]byte
	for i, gz := range [][]byte{regularFontGz, boldFontGz} {
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			return out, fmt.Errorf("unpack font %d: %w", i, err)
		}
		if out[i], err = io.ReadAll(zr); err != nil {
			return out, fmt.Errorf("unpack font %d: %w", i, err)
		}
	}
	return out, nil
})

// layout names this version of the layout and fonts in Digest: a change of either that
// changes the files must change it, so that no file cached before is served again.
const layout = 3

// MaxLines is the most line items a document lays out (about 25 A4 pages); a record can
// hold fewer (crm.LineItemsMax), so the bound is only met by a Doc built by hand.
const MaxLines = 1000

// RuleTooManyLines is Render's refusal of a Doc over MaxLines.
const RuleTooManyLines = "a document has at most 1000 line items"

// ErrTooManyLines is Render's error for a Doc over MaxLines; its text is RuleTooManyLines.
var ErrTooManyLines = errors.New(RuleTooManyLines)

// Field is one header field as the reader sees it.
type Field struct {
	Label string `json:"label"`
	Value string `json:"value"`
	Long  bool   `json:"long,omitempty"` // multi-line text set across the page (terms, description)
}

// Line is one line item, already formatted.
type Line struct {
	Product   string `json:"product"`
	Quantity  string `json:"quantity"`
	UnitPrice string `json:"unitPrice"`
	Discount  string `json:"discount,omitempty"` // "" when the line has none
	Tax       string `json:"tax,omitempty"`      // a percent ("7,5%"); "" when none
	Total     string `json:"total"`
}

// Doc is everything a document shows. Build it with FromRecord.
type Doc struct {
	Lang    Lang   `json:"lang"`
	Company string `json:"company"`
	// Logo names the organization's logo (its object key: a new logo has a new key), so that
	// the Digest changes with it; Render is given its bytes.
	Logo       string  `json:"logo,omitempty"`
	Kind       string  `json:"kind"`  // "Invoice", "Fatura"…
	Title      string  `json:"title"` // the record's name
	Version    int     `json:"version"`
	Date       string  `json:"date"` // the version's date, formatted
	Fields     []Field `json:"fields"`
	ItemsLabel string  `json:"itemsLabel"`
	Lines      []Line  `json:"lines"`
	HasTotal   bool    `json:"hasTotal"`
	GrandTotal string  `json:"grandTotal"`
}

// Digest is a short hex digest of everything the document shows: two Docs with the same
// digest give the same file, so it names the cached file (the reader's language and the
// fields their type may see are part of it).
func (d Doc) Digest() string {
	b, _ := json.Marshal(d) // plain strings and ints: Marshal cannot fail
	sum := sha256.Sum256(append([]byte(fmt.Sprintf("layout %d\n", layout)), b...))
	return hex.EncodeToString(sum[:12])
}

// epoch is every file's creation date: the file depends on the Doc alone.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// page geometry, in millimetres (A4 portrait).
const (
	margin  = 15.0
	pageW   = 210.0
	pageH   = 297.0
	rowH    = 6.0
	bodyW   = pageW - 2*margin
	footerY = -12.0
)

// column widths of the line items table: #, product, quantity, unit price, total; and with
// discount and tax (a document some of whose lines have either), #, product, quantity, unit
// price, discount, tax, total. Each adds up to bodyW.
var (
	cols     = []float64{10, 80, 25, 33, 32}
	wideCols = []float64{8, 48, 22, 28, 24, 18, 32}
)

// lineTable is the line items table of d: its heads, column widths and each line's cells;
// the discount and tax columns only when a line has one.
func lineTable(d Doc, w words) (heads []string, widths []float64, cells func(i int, l Line) []string) {
	wide := false
	for _, l := range d.Lines {
		wide = wide || l.Discount != "" || l.Tax != ""
	}
	if !wide {
		return []string{"#", w.product, w.quantity, w.unitPrice, w.total}, cols, func(i int, l Line) []string {
			return []string{fmt.Sprint(i + 1), l.Product, l.Quantity, l.UnitPrice, l.Total}
		}
	}
	return []string{"#", w.product, w.quantity, w.unitPrice, w.discount, w.tax, w.total}, wideCols, func(i int, l Line) []string {
		return []string{fmt.Sprint(i + 1), l.Product, l.Quantity, l.UnitPrice, l.Discount, l.Tax, l.Total}
	}
}

// Image is a logo's file and content type.
type Image struct {
	Type string // image/png or image/jpeg; any other type (image/webp) is left out
	Data []byte
}

// imageTypes are the logo types fpdf draws, by content type. WebP (which logos may be) is not
// one of them: a WebP logo is left out of the document rather than failing it.
var imageTypes = map[string]string{"image/png": "PNG", "image/jpeg": "JPG"}

// usable answers fpdf's image type of logo, or "" when the document leaves it out: no logo, a
// type fpdf does not draw, a side over maxLogoSide pixels, or a file that is not a whole image
// of its type or that fpdf cannot read (a PNG with features it lacks). The file is decoded by
// the standard library first (fpdf panics on some damaged files, and its errors are sticky),
// then tried on a document of its own; a panic there is taken as a file fpdf cannot read.
func usable(logo Image) (tp string) {
	tp = imageTypes[logo.Type]
	if tp == "" || len(logo.Data) == 0 {
		return ""
	}
	decode, config := png.Decode, png.DecodeConfig
	if tp == "JPG" {
		decode, config = jpeg.Decode, jpeg.DecodeConfig
	}
	// A small file can hold a huge image (a PNG of one colour compresses ~1000:1): the size is
	// read from the header before anything is decoded.
	if c, err := config(bytes.NewReader(logo.Data)); err != nil || c.Width > maxLogoSide || c.Height > maxLogoSide {
		return ""
	}
	if _, err := decode(bytes.NewReader(logo.Data)); err != nil {
		return ""
	}
	defer func() {
		if recover() != nil {
			tp = ""
		}
	}()
	probe := fpdf.New("P", "mm", "A4", "")
	info := probe.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: tp}, bytes.NewReader(logo.Data))
	if probe.Err() || info == nil || info.Width() <= 0 || info.Height() <= 0 {
		return ""
	}
	return tp
}

// maxLogoSide is the most pixels of a logo's side the document draws (a larger one is left
// out): 4096² pixels decode to 64 MiB.
const maxLogoSide = 4096

// logo box in the header's top right corner, in millimetres.
const (
	logoMaxW = 45.0
	logoMaxH = 20.0
)

// Render lays d out as a PDF with logo in the header (when fpdf can draw it: usable). A Doc
// over MaxLines lines is refused with ErrTooManyLines.
func Render(d Doc, logo Image) ([]byte, error) {
	if len(d.Lines) > MaxLines {
		return nil, ErrTooManyLines
	}
	ttf, err := fonts()
	if err != nil {
		return nil, err
	}
	w := wordsOf[d.Lang]
	if w.product == "" {
		w = wordsOf[English]
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(epoch)
	pdf.SetModificationDate(epoch)
	pdf.SetCatalogSort(true)
	pdf.SetProducer("crmportal", false)
	pdf.SetTitle(d.Kind+" "+d.Title, true)
	pdf.SetAuthor(d.Company, true)
	pdf.SetLang(string(d.Lang))
	pdf.AddUTF8FontFromBytes("dejavu", "", ttf[0])
	pdf.AddUTF8FontFromBytes("dejavu", "B", ttf[1])
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin+5)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(footerY)
		pdf.SetFont("dejavu", "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(bodyW/2, 5, d.Company+" · "+fmt.Sprintf(w.version, d.Version), "", 0, "L", false, 0, "")
		pdf.CellFormat(bodyW/2, 5, fmt.Sprintf(w.page, pdf.PageNo(), "{nb}"), "", 0, "R", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()

	// The logo in the top right corner, scaled into its box; the header's text keeps left of it.
	headW, logoBottom := bodyW, 0.0
	if tp := usable(logo); tp != "" {
		info := pdf.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: tp}, bytes.NewReader(logo.Data))
		w, h := info.Width(), info.Height()
		scale := min(logoMaxW/w, logoMaxH/h)
		w, h = w*scale, h*scale
		pdf.ImageOptions("logo", pageW-margin-w, margin, w, h, false, fpdf.ImageOptions{ImageType: tp}, 0, "")
		headW, logoBottom = bodyW-logoMaxW-5, margin+h
	}

	// The organization and the document's kind, name and date.
	pdf.SetFont("dejavu", "B", 16)
	pdf.MultiCell(headW, 8, d.Company, "", "L", false)
	pdf.SetFont("dejavu", "B", 13)
	pdf.MultiCell(headW, 7, d.Kind+": "+d.Title, "", "L", false)
	pdf.SetFont("dejavu", "", 9)
	pdf.CellFormat(headW, 5, d.Date, "", 1, "L", false, 0, "")
	if pdf.GetY() < logoBottom {
		pdf.SetY(logoBottom)
	}
	pdf.Ln(3)

	// Header fields: label and value, long texts after the table.
	labelW := 50.0
	for _, f := range d.Fields {
		if f.Long {
			continue
		}
		pdf.SetFont("dejavu", "B", 9)
		y := pdf.GetY()
		pdf.MultiCell(labelW, 5, f.Label, "", "L", false)
		yl := pdf.GetY()
		pdf.SetXY(margin+labelW, y)
		pdf.SetFont("dejavu", "", 9)
		pdf.MultiCell(bodyW-labelW, 5, f.Value, "", "L", false)
		if yl > pdf.GetY() {
			pdf.SetY(yl)
		}
	}
	pdf.Ln(4)

	heads, widths, cells := lineTable(d, w)
	if len(d.Lines) > 0 {
		pdf.SetFont("dejavu", "B", 11)
		pdf.CellFormat(bodyW, 7, d.ItemsLabel, "", 1, "L", false, 0, "")
		header := func() {
			pdf.SetFont("dejavu", "B", 9)
			pdf.SetFillColor(230, 230, 230)
			for i, h := range heads {
				align := "R"
				if i == 1 {
					align = "L"
				}
				pdf.CellFormat(widths[i], rowH, h, "B", 0, align, true, 0, "")
			}
			pdf.Ln(-1)
			pdf.SetFont("dejavu", "", 9)
		}
		header()
		for i, l := range d.Lines {
			if pdf.GetY()+rowH > pageH-margin-5 {
				pdf.AddPage()
				header() // each page repeats the table's header
			}
			for c, s := range cells(i, l) {
				align := "R"
				if c == 1 {
					align = "L"
					s = fit(pdf, s, widths[1]-2)
				}
				pdf.CellFormat(widths[c], rowH, s, "", 0, align, false, 0, "")
			}
			pdf.Ln(-1)
		}
	}
	if d.HasTotal {
		// The label spans the columns between the quantity and the total.
		labelW, totalW := 0.0, widths[len(widths)-1]
		for _, cw := range widths[3 : len(widths)-1] {
			labelW += cw
		}
		pdf.SetFont("dejavu", "B", 11)
		pdf.CellFormat(bodyW-totalW-labelW, 8, "", "T", 0, "L", false, 0, "")
		pdf.CellFormat(labelW, 8, w.grandTotal, "T", 0, "R", false, 0, "")
		pdf.CellFormat(totalW, 8, d.GrandTotal, "T", 1, "R", false, 0, "")
	}
	for _, f := range d.Fields {
		if !f.Long {
			continue
		}
		pdf.Ln(4)
		pdf.SetFont("dejavu", "B", 10)
		pdf.MultiCell(bodyW, 6, f.Label, "", "L", false)
		pdf.SetFont("dejavu", "", 9)
		pdf.MultiCell(bodyW, 5, f.Value, "", "L", false)
	}

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("render pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// fit shortens s with "…" to width w in the current font, so a long product name keeps to
// its column.
func fit(pdf *fpdf.Fpdf, s string, w float64) string {
	if pdf.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && pdf.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

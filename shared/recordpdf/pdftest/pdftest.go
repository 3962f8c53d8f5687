// Package pdftest reads back, for tests, what shared/recordpdf draws: the text of a document
// and a small logo image to draw. It is imported by tests only.
package pdftest

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
	"testing"
	"unicode/utf16"
)

// Text is the text a PDF of shared/recordpdf shows: its content streams inflated and the
// strings of their text operators decoded, one line per string. The files set text in
// Identity-H fonts whose character codes are the Unicode values (the ToUnicode map is the
// identity), so each string is UTF-16BE. Streams that are not Flate page content (fonts,
// images) are skipped.
func Text(pdf []byte) string {
	var out strings.Builder
	rest := pdf
	for {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			break
		}
		rest = rest[i+len("stream\n"):]
		j := bytes.Index(rest, []byte("endstream"))
		if j < 0 {
			break
		}
		// On a stream it skips, the search goes on from the stream's start, not from j: a
		// binary stream may hold the bytes of "endstream" before its end.
		zr, err := zlib.NewReader(bytes.NewReader(rest[:j]))
		if err != nil {
			continue // not a Flate stream
		}
		data, err := io.ReadAll(zr)
		if err != nil || !bytes.Contains(data, []byte("Tj")) {
			continue // a font or an image, not page content
		}
		out.WriteString(contentText(data))
		rest = rest[j:]
	}
	return out.String()
}

// contentText decodes the (…) strings of a content stream as UTF-16BE, one line per string.
func contentText(data []byte) string {
	var out strings.Builder
	for i := 0; i < len(data); i++ {
		if data[i] != '(' {
			continue
		}
		var s []byte
		for i++; i < len(data) && data[i] != ')'; i++ {
			if data[i] == '\\' && i+1 < len(data) {
				i++
				switch data[i] {
				case 'r':
					s = append(s, '\r')
				case 'n':
					s = append(s, '\n')
				default:
					s = append(s, data[i])
				}
				continue
			}
			s = append(s, data[i])
		}
		u := make([]uint16, 0, len(s)/2)
		for k := 0; k+1 < len(s); k += 2 {
			u = append(u, uint16(s[k])<<8|uint16(s[k+1]))
		}
		out.WriteString(string(utf16.Decode(u)) + "\n")
	}
	return out.String()
}

// Logo is a w×h gradient image encoded as format ("png", else JPEG).
func Logo(tb testing.TB, format string, w, h int) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.RGBA{R: uint8(x * 255 / w), G: 100, B: uint8(y * 255 / h), A: 255})
		}
	}
	var buf bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, nil)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

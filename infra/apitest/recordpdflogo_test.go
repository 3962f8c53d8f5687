package apitest

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"crmportal/shared/recordpdf/pdftest"
)

// pdfAt fetches the document of the link answer of r and the cache key the link names.
func pdfAt(t *testing.T, r response) (key string, pdf []byte) {
	t.Helper()
	MustStatus(t, r, http.StatusOK)
	var link struct{ URL string }
	r.JSON(t, &link)
	u, err := url.Parse(link.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(link.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	pdf, err = io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("download: status %d, %d bytes, err %v", resp.StatusCode, len(pdf), err)
	}
	i := strings.Index(u.Path, "/pdf/")
	if i < 0 {
		t.Fatalf("link %s names no pdf/ key", link.URL)
	}
	return u.Path[i+1:], pdf
}

// hasImage: the file draws an image (an /Image XObject).
func hasImage(pdf []byte) bool { return bytes.Contains(pdf, []byte("/Subtype /Image")) }

// TestRecordPDFLogo: the portal's logo heads the PDF for customers and staff; setting it, and
// changing it, gives a file under a new cache key; a WebP logo (which the PDF cannot draw)
// gives a document without one, not an error. A customer name in Chinese and Korean extracts
// as written.
func TestRecordPDFLogo(t *testing.T) {
	e := MustEnv(t)
	s := e.mustSortedCustomer(t)
	inv := s.Admin.MustCreate("Invoices", map[string]any{"Subject": "王小明 株式会社 한국 João Ação", "Grand_Total": 12.5,
		"Contact_Name": s.contact(t, "Logo", "").ID})
	staffPath := "/api/admin/records/Invoices/" + inv.ID + "/pdf?lang=pt-BR"

	noLogo, pdf := pdfAt(t, s.Admin.Do("GET", staffPath, nil))
	if hasImage(pdf) {
		t.Error("a PDF of an organization without a logo draws an image")
	}
	if text := pdftest.Text(pdf); !strings.Contains(text, "王小明 株式会社 한국 João Ação") {
		t.Errorf("the PDF lacks the subject in every script:\n%s", text)
	}

	setLogo := func(t *testing.T, contentType string, body []byte) {
		t.Helper()
		key, code := uploadLogo(t, s.Admin, contentType, body)
		if code >= 300 {
			t.Fatalf("logo upload: status %d", code)
		}
		var pt struct{ Version int }
		s.Admin.Do("GET", "/api/admin/portal", nil).JSON(t, &pt)
		MustStatus(t, s.Admin.Do("PATCH", "/api/admin/portal", map[string]any{"branding": map[string]string{"logoKey": key}},
			"If-Match", strconv.Itoa(pt.Version)), http.StatusOK)
		settle() // the PDF routes read the portal eventually consistently
	}

	setLogo(t, "image/png", pdftest.Logo(t, "png", 60, 30))
	withPNG, pdf := pdfAt(t, s.Admin.Do("GET", staffPath, nil))
	t.Run("a PNG logo is drawn, under a new key", func(t *testing.T) {
		if !hasImage(pdf) {
			t.Error("the staff PDF draws no logo")
		}
		if withPNG == noLogo {
			t.Errorf("the key %s stayed after the logo was set", withPNG)
		}
	})
	t.Run("the customer's PDF has the logo", func(t *testing.T) {
		var list myRecords
		MustStatus(t, s.client.Do("GET", "/api/records/Invoices?limit=1", nil), http.StatusOK)
		s.client.Do("GET", "/api/records/Invoices?limit=1", nil).JSON(t, &list)
		if len(list.Items) == 0 {
			t.Fatal("the customer sees no invoice")
		}
		if _, pdf := pdfAt(t, s.client.Do("GET", "/api/records/Invoices/"+list.Items[0].ID+"/pdf?lang=en", nil)); !hasImage(pdf) {
			t.Error("the customer's PDF draws no logo")
		}
	})

	setLogo(t, "image/jpeg", pdftest.Logo(t, "jpeg", 60, 30))
	t.Run("another logo gives another key", func(t *testing.T) {
		withJPEG, pdf := pdfAt(t, s.Admin.Do("GET", staffPath, nil))
		if !hasImage(pdf) {
			t.Error("the PDF draws no JPEG logo")
		}
		if withJPEG == withPNG || withJPEG == noLogo {
			t.Errorf("the key %s is not new after the logo changed", withJPEG)
		}
	})

	webp := append([]byte("RIFF\x24\x00\x00\x00WEBPVP8 "), bytes.Repeat([]byte{1}, 40)...)
	setLogo(t, "image/webp", webp)
	t.Run("a WebP logo is left out", func(t *testing.T) {
		key, pdf := pdfAt(t, s.Admin.Do("GET", staffPath, nil))
		if hasImage(pdf) {
			t.Error("the PDF draws an image for a WebP logo")
		}
		if key == noLogo || key == withPNG {
			t.Errorf("the key %s is not new after the logo changed", key)
		}
	})
}

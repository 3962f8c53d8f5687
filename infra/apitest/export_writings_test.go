package apitest

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// exportWritings is the part of GET /api/me/export that holds what the user wrote.
type exportWritings struct {
	ExportedAt time.Time
	Notes      []struct {
		Module, RecordID, ID, Body string
		CreatedAt                  time.Time
	}
	Files []struct {
		Module, RecordID, ID, Filename, ContentType, URL string
		Size                                             int64
		ExpiresAt                                        time.Time
	}
	WritingsTruncated string
}

// TestExportHoldsTheUsersNotesAndFiles: a customer's data export holds the notes they wrote
// and the files they uploaded, with the record each is on; a file comes as a link that
// downloads its exact bytes under its name and expires 15 minutes after the export. Staff
// notes and another customer's notes and files (on the same record, when that customer
// sees it, or on their own) are not in it.
func TestExportHoldsTheUsersNotesAndFiles(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	ana, bruno := contacts[4], contacts[5]
	for _, c := range contacts {
		// A colleague in Ana's account, when there is one: he may see her case.
		if c.ID != ana.ID && c.Fields["Account_Name"].(map[string]any)["id"] == ana.Fields["Account_Name"].(map[string]any)["id"] {
			bruno = c
			break
		}
	}
	a := e.customer(t, d, ana)
	b := e.customer(t, d, bruno)
	newCase := func(c *client, subject string) string {
		r := c.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": subject}})
		MustStatus(t, r, http.StatusCreated)
		var cs struct{ ID string }
		r.JSON(t, &cs)
		return cs.ID
	}
	note := func(c *client, path, body string) string {
		r := c.Do("POST", path, map[string]any{"body": body})
		MustStatus(t, r, http.StatusCreated)
		var n struct{ ID string }
		r.JSON(t, &n)
		return n.ID
	}
	anaCase, brunoCase := newCase(a, "Exportar meus dados"), newCase(b, "Outro cliente")
	anaNote := note(a, "/api/records/Cases/"+anaCase+"/notes", "Minha nota: pedido 4711.")
	MustStatus(t, d.admin.Do("POST", "/api/admin/records/Cases/"+anaCase+"/notes", map[string]any{"body": "Resposta da equipe."}), http.StatusCreated)
	note(b, "/api/records/Cases/"+brunoCase+"/notes", "Nota do Bruno no caso dele.")
	// When Bruno sees Ana's case (the same account), his note and file on it are his, not hers.
	brunoSeesAnasCase := b.Do("GET", "/api/records/Cases/"+anaCase, nil).Status == http.StatusOK
	if brunoSeesAnasCase {
		note(b, "/api/records/Cases/"+anaCase+"/notes", "Nota do Bruno no caso da Ana.")
	}
	pdf := append([]byte("%PDF-1.7\nexport "), bytes.Repeat([]byte("7"), 1500)...)
	files := "/api/records/Cases/" + anaCase + "/attachments"
	anaFile := upload(t, a, files, "recibo de pedido.pdf", "application/pdf", int64(len(pdf)), pdf)
	MustStatus(t, a.Do("POST", files+"/"+anaFile+"/complete", nil), http.StatusOK)
	brunoFiles := "/api/records/Cases/" + brunoCase + "/attachments"
	brunoFile := upload(t, b, brunoFiles, "bruno.pdf", "application/pdf", int64(len(pdf)), pdf)
	MustStatus(t, b.Do("POST", brunoFiles+"/"+brunoFile+"/complete", nil), http.StatusOK)
	settle() // the export lists the cases by an eventually consistent index

	r := a.Do("GET", "/api/me/export", nil)
	MustStatus(t, r, http.StatusOK)
	var out exportWritings
	r.JSON(t, &out)
	if out.WritingsTruncated != "" {
		t.Errorf("writingsTruncated = %q, want the notes and files whole", out.WritingsTruncated)
	}

	t.Run("her note, with its record", func(t *testing.T) {
		if len(out.Notes) != 1 {
			t.Fatalf("notes = %+v, want her one note", out.Notes)
		}
		n := out.Notes[0]
		if n.ID != anaNote || n.Body != "Minha nota: pedido 4711." || n.Module != "Cases" || n.RecordID != anaCase || n.CreatedAt.IsZero() {
			t.Errorf("note = %+v", n)
		}
	})

	t.Run("her file, as a link to its exact bytes", func(t *testing.T) {
		if len(out.Files) != 1 {
			t.Fatalf("files = %+v, want her one file", out.Files)
		}
		f := out.Files[0]
		if f.ID != anaFile || f.RecordID != anaCase || f.Module != "Cases" || f.Filename != "recibo de pedido.pdf" || f.Size != int64(len(pdf)) {
			t.Errorf("file = %+v", f)
		}
		if got, want := f.ExpiresAt.Sub(out.ExportedAt), 15*time.Minute; got != want {
			t.Errorf("the link expires %v after the export, want %v", got, want)
		}
		resp, err := http.Get(f.URL)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !bytes.Equal(got, pdf) {
			t.Fatalf("download: status %d, %d bytes, want the %d bytes uploaded", resp.StatusCode, len(got), len(pdf))
		}
		if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="recibo de pedido.pdf"`) {
			t.Errorf("Content-Disposition = %q", cd)
		}
	})

	t.Run("nothing of anyone else's", func(t *testing.T) {
		for _, body := range []string{"Resposta da equipe.", "Nota do Bruno"} {
			if strings.Contains(string(r.Body), body) {
				t.Errorf("the export holds %q", body)
			}
		}
		if strings.Contains(string(r.Body), brunoFile) || strings.Contains(string(r.Body), brunoCase) {
			t.Error("the export holds Bruno's file or case")
		}
	})

	t.Run("in the CSV too", func(t *testing.T) {
		r := a.Do("GET", "/api/me/export?format=csv", nil)
		MustStatus(t, r, http.StatusOK)
		for _, row := range []string{"note," + anaNote + ",body,Minha nota: pedido 4711.", "file," + anaFile + ",filename,recibo de pedido.pdf"} {
			if !strings.Contains(string(r.Body), row) {
				t.Errorf("the CSV has no row %q", row)
			}
		}
	})
	t.Logf("Bruno sees Ana's case: %v", brunoSeesAnasCase)
}

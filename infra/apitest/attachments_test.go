package apitest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"crmportal/infra/seed"
	"crmportal/shared/platform/s3client"
)

type attachmentJSON struct {
	ID, Filename, ContentType, Status string
	Size                              int64
	Mine                              bool
	UploadedBy                        struct{ Kind, ID, Name string }
}

// upload starts an attachment on path (a record's attachments), posts body to the form and
// returns the attachment id.
func upload(t *testing.T, c *client, path, filename, contentType string, declared int64, body []byte) string {
	t.Helper()
	r := c.Do("POST", path, map[string]any{"filename": filename, "contentType": contentType, "size": declared})
	MustStatus(t, r, http.StatusCreated)
	var up struct {
		Attachment attachmentJSON
		Upload     struct {
			URL    string
			Fields map[string]string
		}
	}
	r.JSON(t, &up)
	if up.Attachment.Status != "pending" || !up.Attachment.Mine {
		t.Fatalf("new attachment = %+v", up.Attachment)
	}
	if body != nil {
		if code := postForm(t, up.Upload.URL, up.Upload.Fields, body); code != http.StatusNoContent && code != http.StatusOK && code != http.StatusCreated {
			t.Fatalf("upload to S3: status %d", code)
		}
	}
	return up.Attachment.ID
}

func TestAttachments(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	ana, bruno := contacts[4], contacts[5]
	a := e.customer(t, d, ana)
	b := e.customer(t, d, bruno)
	r := a.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Comprovante"}})
	MustStatus(t, r, http.StatusCreated)
	var cs struct{ ID string }
	r.JSON(t, &cs)
	path := "/api/records/Cases/" + cs.ID + "/attachments"

	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("0"), 2000)...)
	id := upload(t, a, path, "../comprovante \"nov\".pdf", "application/pdf", int64(len(pdf)), pdf)
	var list struct{ Items []attachmentJSON }
	a.Do("GET", path, nil).JSON(t, &list)
	if len(list.Items) != 0 {
		t.Fatalf("a pending upload is listed: %+v", list.Items)
	}
	r = a.Do("POST", path+"/"+id+"/complete", nil)
	MustStatus(t, r, http.StatusOK)
	var done attachmentJSON
	r.JSON(t, &done)
	if done.Status != "ready" || done.Filename != "comprovante _nov_.pdf" || done.Size != int64(len(pdf)) {
		t.Fatalf("completed = %+v", done)
	}
	a.Do("GET", path, nil).JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].ID != id || !list.Items[0].Mine {
		t.Fatalf("attachments = %+v", list.Items)
	}
	// Download: a short presigned GET that saves under the sanitized name.
	r = a.Do("GET", path+"/"+id, nil)
	MustStatus(t, r, http.StatusOK)
	var link struct{ URL string }
	r.JSON(t, &link)
	resp, err := http.Get(link.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Equal(got, pdf) {
		t.Fatalf("download: status %d, %d bytes", resp.StatusCode, len(got))
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="comprovante _nov_.pdf"`) {
		t.Errorf("Content-Disposition = %q", cd)
	}

	// Bad input: nothing becomes visible, refused objects are gone.
	for _, tt := range []struct {
		name, filename, ct string
		size               int64
		field              string
	}{
		{"executable type", "setup.exe", "application/x-msdownload", 10, "contentType"},
		{"executable renamed with the pdf type", "setup.exe", "application/pdf", 10, "filename"},
		{"too big", "big.pdf", "application/pdf", 20<<20 + 1, "size"},
		{"empty", "empty.pdf", "application/pdf", 0, "size"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := a.Do("POST", path, map[string]any{"filename": tt.filename, "contentType": tt.ct, "size": tt.size})
			MustStatus(t, r, http.StatusUnprocessableEntity)
			if f := r.Problem(t).fields(); len(f) != 1 || f[0] != tt.field {
				t.Errorf("fields = %v, want [%s]", f, tt.field)
			}
		})
	}
	exe := append([]byte("MZ\x90\x00"), bytes.Repeat([]byte{0}, 500)...)
	renamed := upload(t, a, path, "fatura.pdf", "application/pdf", int64(len(exe)), exe)
	r = a.Do("POST", path+"/"+renamed+"/complete", nil)
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "file" {
		t.Errorf("renamed executable: fields %v", f)
	}
	// Neither the upload nor the completion's copy of it (attachments/<org>/<random>/...) is left.
	if _, err := s3client.New(e.deps).HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(e.deps.Config.AttachmentsBucket),
		Key: aws.String("uploads/attachments/" + seed.DemoOrgID + "/Cases/" + cs.ID + "/" + renamed)}); err == nil {
		t.Error("the refused upload is still in the bucket")
	}
	for _, k := range e.objects(t, e.deps.Config.AttachmentsBucket, "attachments/"+seed.DemoOrgID+"/") {
		if strings.HasSuffix(k, "/"+renamed) {
			t.Errorf("the refused file's copy %s is still in the bucket", k)
		}
	}
	MustStatus(t, a.Do("POST", path+"/"+renamed+"/complete", nil), http.StatusNotFound)
	never := upload(t, a, path, "nunca.pdf", "application/pdf", 100, nil)
	r = a.Do("POST", path+"/"+never+"/complete", nil)
	MustStatus(t, r, http.StatusUnprocessableEntity)
	lying := upload(t, a, path, "curto.pdf", "application/pdf", 50, pdf)
	MustStatus(t, a.Do("POST", path+"/"+lying+"/complete", nil), http.StatusUnprocessableEntity)
	a.Do("GET", path, nil).JSON(t, &list)
	if len(list.Items) != 1 {
		t.Errorf("after refused uploads the list has %d attachments, want 1", len(list.Items))
	}

	// Scope: another customer's session gets 404 everywhere; staff see the file.
	for _, c := range []struct{ method, path string }{{"GET", path}, {"POST", path + "/" + id + "/complete"}, {"GET", path + "/" + id}, {"DELETE", path + "/" + id}} {
		MustStatus(t, b.Do(c.method, c.path, nil), http.StatusNotFound)
	}
	MustStatus(t, b.Do("POST", path, map[string]any{"filename": "x.pdf", "contentType": "application/pdf", "size": 10}), http.StatusNotFound)
	MustStatus(t, a.Do("GET", "/api/records/Invoices/zzzzzzzzzzzzzzzzzzzz/attachments", nil), http.StatusNotFound)
	staffPath := "/api/admin/records/Cases/" + cs.ID + "/attachments"
	var staffList struct{ Items []attachmentJSON }
	d.admin.Do("GET", staffPath, nil).JSON(t, &staffList)
	if len(staffList.Items) != 1 || staffList.Items[0].UploadedBy.Kind != "portal" || staffList.Items[0].Mine {
		t.Errorf("staff attachments = %+v", staffList.Items)
	}
	MustStatus(t, d.admin.Do("GET", staffPath+"/"+id, nil), http.StatusOK)

	// Delete: the file, the item and the quota room go.
	MustStatus(t, a.Do("DELETE", path+"/"+id, nil), http.StatusNoContent)
	MustStatus(t, a.Do("GET", path+"/"+id, nil), http.StatusNotFound)
	u, _ := e.store.PortalUserByRecord(context.Background(), seed.DemoOrgID, ana.ID)
	q, err := e.store.GetQuota(context.Background(), u.OrgID, u.ID)
	if err != nil || q.Files != 0 || q.Bytes != 0 {
		t.Errorf("quota after the delete = %+v, %v", q, err)
	}
}

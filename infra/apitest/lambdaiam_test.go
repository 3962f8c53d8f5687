package apitest

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"crmportal/infra/gateway"
	"crmportal/infra/iamguard"
)

// TestLogoutWithoutGetItemFailsUnderTheLambdaRuntime is TestLogoutWithoutGetItemFailsAsOnAWS
// with the functions running as Lambda runs them: the logout function's own process calls
// DynamoDB through its own endpoint, whose proxy refuses GetItem as AWS refuses it at the
// service, so POST /api/logout answers 500, the denial is recorded and logged, and the session
// survives.
func TestLogoutWithoutGetItemFailsUnderTheLambdaRuntime(t *testing.T) {
	base := MustEnv(t)
	o := base.MustOrg(t, "IAM logout under the Lambda runtime")
	rec := iamguard.NewRecorder()
	e, _, logs := mustLambdaEnvWith(t, []gateway.Option{gateway.WithIAMRecorder(rec),
		gateway.WithTemplate(templateWithout(t, "LogoutFunction", "                - dynamodb:GetItem"))},
		"POST /api/admin/login", "POST /api/logout", "GET /api/admin/me")
	c := e.LoggedIn(t, o.AdminEmail, o.Password)
	MustStatus(t, c.Do("POST", "/api/logout", nil), http.StatusInternalServerError)
	mustDenial(t, rec, logs, "LogoutFunction", "dynamodb:GetItem", ":table/portal")
	MustStatus(t, c.Do("GET", "/api/admin/me", nil), http.StatusOK)
	if n := len(rec.Denials()); n != 1 {
		t.Errorf("%d denials, want the logout's one: %v", n, rec.Denials())
	}
	// The calls that were allowed went through the functions' proxies too.
	if used := rec.Used()["StaffLoginFunction"]; len(used) == 0 {
		t.Errorf("no allowed call of the login function recorded: %v", rec.Used())
	}
}

// TestPresignedURLsUnderTheLambdaRuntime: a function under the emulator signs presigned URLs
// with its own S3 endpoint, so a browser's upload or download comes through the signing
// function's proxy, which verifies nothing itself and forwards the request unchanged (the S3
// gateway checks the signature, which covers the Host header and the path), and holds it to the
// signing function's policy. A CSV import's presigned PUT and its report's presigned GET and an
// attachment's presigned POST go through; with the download-link function granted
// s3:GetObjectVersion instead of s3:GetObject, its link answers S3's 403 AccessDenied and the
// denial is recorded.
func TestPresignedURLsUnderTheLambdaRuntime(t *testing.T) {
	rec := iamguard.NewRecorder()
	e, _, logs := mustLambdaEnvWith(t, []gateway.Option{gateway.WithIAMRecorder(rec),
		gateway.WithTemplate(templateEdited(t, "AttachmentPortalGetFunction", "- s3:GetObject\n", "- s3:GetObjectVersion\n"))},
		append([]string{"POST /api/admin/import/{module}", "GET /api/admin/import/{module}/{jobId}",
			"GET /api/records/{module}/{id}/attachments/{aid}"}, lambdaRoutes...)...)
	s3Host := strings.TrimPrefix(st.S3URL, "http://")

	// Import: presigned PUT, then the report's presigned GET, each through its signer's proxy.
	o := e.MustOrg(t, "Presigned under the Lambda runtime")
	staff := e.LoggedIn(t, o.UserEmail, o.Password)
	job := staff.MustImport("Contacts", "Codigo,Sobrenome,Email\nP1,Lima,lima@cliente.example\nP2,,sem@cliente.example\n",
		map[string]string{"Sobrenome": "Last_Name", "Email": "Email"}, "Codigo")
	if job.Status != "done" || job.Failed != 1 || job.ReportURL == "" {
		t.Fatalf("job = %+v, want done with one failed row and a report", job)
	}
	if u, _ := url.Parse(job.ReportURL); u == nil || u.Host == s3Host {
		t.Errorf("the report link %s does not go through the function's endpoint", job.ReportURL)
	}
	resp, err := http.Get(job.ReportURL)
	if err != nil {
		t.Fatal(err)
	}
	report, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(report), "P2") {
		t.Errorf("report: %d %s", resp.StatusCode, report)
	}

	// Attachment: the presigned POST goes through; the download link of a function without
	// s3:GetObject is signed (signing is local) but refused by S3 (here: its proxy) when used.
	d := e.mustDemo(t)
	c := e.customer(t, d, e.demoContacts(t)[7])
	r := c.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Link sem permissão"}})
	MustStatus(t, r, http.StatusCreated)
	var cs struct{ ID string }
	r.JSON(t, &cs)
	path := "/api/records/Cases/" + cs.ID + "/attachments"
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("2"), 500)...)
	id := upload(t, c, path, "nota.pdf", "application/pdf", int64(len(pdf)), pdf)
	MustStatus(t, c.Do("POST", path+"/"+id+"/complete", nil), http.StatusOK)
	r = c.Do("GET", path+"/"+id, nil)
	MustStatus(t, r, http.StatusOK)
	var link struct{ URL string }
	r.JSON(t, &link)
	if u, _ := url.Parse(link.URL); u == nil || u.Host == s3Host {
		t.Errorf("the download link %s does not go through the function's endpoint", link.URL)
	}
	resp, err = http.Get(link.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "<Code>AccessDenied</Code>") ||
		!strings.Contains(string(body), "is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::") {
		t.Errorf("download without s3:GetObject: %d %s", resp.StatusCode, body)
	}
	mustDenial(t, rec, logs, "AttachmentPortalGetFunction", "s3:GetObject", "/"+cs.ID+"/"+id)
	// The invitation's email went through the sending function's SES endpoint, allowed with
	// its ses:FromAddress condition.
	if used := rec.Used()["InvitationSendFunction"]; !slices.Contains(used, "ses:SendEmail") {
		t.Errorf("the invitation function used %v, want ses:SendEmail among them", used)
	}
	if n := len(rec.Denials()); n != 1 {
		t.Errorf("%d denials, want the download's one: %v", n, rec.Denials())
	}
}

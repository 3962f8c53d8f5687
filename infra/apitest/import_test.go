package apitest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
)

type importJob struct {
	ID, Module, Status, Error string
	Total, Done, Failed       int
	ReportURL                 string
	Upload                    *struct {
		URL, Method string
		Headers     map[string]string
	}
}

// MustImport runs an import of csv into module through the API and the presigned upload,
// waits for the worker and returns the finished job.
func (c *client) MustImport(module, csv string, mapping map[string]string, extCol string) importJob {
	c.tb.Helper()
	r := c.Do("POST", "/api/admin/import/"+module, map[string]any{"filename": "dados.csv", "mapping": mapping, "externalIdColumn": extCol})
	MustStatus(c.tb, r, http.StatusCreated)
	var job importJob
	r.JSON(c.tb, &job)
	if job.Status != "awaiting_upload" || job.Upload == nil || job.Upload.Method != "PUT" {
		c.tb.Fatalf("job = %+v", job)
	}
	req, _ := http.NewRequest(job.Upload.Method, job.Upload.URL, strings.NewReader(csv))
	for k, v := range job.Upload.Headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.tb.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		c.tb.Fatalf("upload: %d %s", resp.StatusCode, b)
	}
	return c.waitImport(module, job)
}

// waitImport polls job until its import is done or failed.
func (c *client) waitImport(module string, job importJob) importJob {
	c.tb.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		r := c.Do("GET", "/api/admin/import/"+module+"/"+job.ID, nil)
		MustStatus(c.tb, r, http.StatusOK)
		r.JSON(c.tb, &job)
		if job.Status == "done" || job.Status == "failed" {
			return job
		}
		time.Sleep(100 * time.Millisecond)
	}
	c.tb.Fatalf("import %s did not finish: %+v", job.ID, job)
	return job
}

func TestCSVImport(t *testing.T) {
	e := MustEnv(t)
	o := e.MustOrg(t, "Importa")
	c := e.LoggedIn(t, o.UserEmail, o.Password)

	MustStatus(t, c.Do("POST", "/api/admin/import/Contacts", map[string]any{"filename": "x.txt", "mapping": map[string]string{"Nome": "Nope"}}), http.StatusUnprocessableEntity)

	var b strings.Builder
	b.WriteString("\ufeffCodigo,Nome,Sobrenome,Email,Ativo\n")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, "C%03d,Maria %d,Souza,maria%d@cliente.example,sim\n", i, i, i)
	}
	b.WriteString("C900,Sem,,semnome@cliente.example,sim\n")                  // Last_Name missing
	b.WriteString("C901,Email,Ruim,não-é-email,sim\n")                        // bad email
	b.WriteString("C902,Curta,Linha\n")                                       // wrong width
	b.WriteString(`C903,"Ana, a Grande",Lima,ana@cliente.example,sim` + "\n") // quoted comma
	mapping := map[string]string{"Nome": "First_Name", "Sobrenome": "Last_Name", "Email": "Email"}
	job := c.MustImport("Contacts", b.String(), mapping, "Codigo")
	if job.Status != "done" || job.Total != 304 || job.Done != 304 || job.Failed != 3 {
		t.Fatalf("job = %+v, want done with 304 rows, 3 failed", job)
	}
	if job.ReportURL == "" {
		t.Fatal("no report link for failed rows")
	}
	resp, err := http.Get(job.ReportURL)
	if err != nil {
		t.Fatal(err)
	}
	report, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"line,external_id,field,error", "302,C900,Last_Name,is required", "303,C901,Email,", `304,,,"the row has 3 cells, the header 5"`} {
		if !strings.Contains(string(report), want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}

	count := func(query string) int {
		n, cursor := 0, ""
		for {
			var page struct {
				Items      []record
				NextCursor string
			}
			c.Do("GET", "/api/admin/records/Contacts?limit=100&cursor="+cursor+query, nil).JSON(t, &page)
			for _, it := range page.Items {
				if strings.Contains(query, "Filho") && it.Version != 2 {
					t.Errorf("updated contact %s has version %d, want 2", it.ID, it.Version)
				}
			}
			n += len(page.Items)
			if page.NextCursor == "" {
				return n
			}
			cursor = page.NextCursor
		}
	}
	settle() // the list is eventually consistent: it may miss the import's last second of writes
	if got := count(""); got != 301 {
		t.Fatalf("contacts after import = %d, want 301", got)
	}

	// A second run of the same file with changed values updates, not duplicates.
	again := strings.ReplaceAll(b.String(), "Souza", "Souza Filho")
	job = c.MustImport("Contacts", again, mapping, "Codigo")
	if job.Status != "done" || job.Failed != 3 {
		t.Fatalf("second run = %+v", job)
	}
	settle() // as above: the lists right after the second run's writes
	if got := count(""); got != 301 {
		t.Errorf("contacts after the second run = %d, want 301 (no duplicates)", got)
	}
	if got := count("&filter.Last_Name=Souza%20Filho"); got != 300 {
		t.Errorf("updated contacts = %d, want 300", got)
	}

	// A file without a mapped column fails as a whole, with the reason.
	job = c.MustImport("Contacts", "Nome,Email\nA,a@cliente.example\n", map[string]string{"Nome": "First_Name", "Sobrenome": "Last_Name"}, "")
	if job.Status != "failed" || !strings.Contains(job.Error, "Sobrenome") {
		t.Errorf("job = %+v, want failed naming the missing column", job)
	}
	other := e.MustOrg(t, "Outra")
	MustStatus(t, e.LoggedIn(t, other.AdminEmail, other.Password).Do("GET", "/api/admin/import/Contacts/"+job.ID, nil), http.StatusNotFound)
}

// An import whose worker meets a busy table before the job starts (here its read of the
// module's customization throttled) returns the error, and the event delivered again (as
// Lambda retries an asynchronous invocation) runs the import: the job is not failed for a
// throttle, nor left running.
func TestImportDeliveredAgainAfterABusyTable(t *testing.T) {
	base := MustEnv(t)
	o := base.MustOrg(t, "Importa ocupada")
	var armed atomic.Bool
	var failed atomic.Int32
	e := base.dynamoDBOptionEnv(t, func(s *middleware.Stack) error {
		return s.Initialize.Add(middleware.InitializeMiddlewareFunc("busyModule", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			if g, ok := in.Parameters.(*dynamodb.GetItemInput); ok {
				if sk, ok := g.Key["SK"].(*types.AttributeValueMemberS); ok && sk.Value == "MODULE#Contacts" && armed.Load() {
					if armed.CompareAndSwap(true, false) {
						failed.Add(1)
						return middleware.InitializeOutput{}, middleware.Metadata{}, &smithy.GenericAPIError{Code: "ProvisionedThroughputExceededException", Message: "injected"}
					}
				}
			}
			return next.HandleInitialize(ctx, in)
		}), middleware.Before)
	})
	e.importEvents(func(events.S3Event) bool { return true }) // the uploads' events to this gateway
	c := e.LoggedIn(t, o.UserEmail, o.Password)
	r := c.Do("POST", "/api/admin/import/Contacts", map[string]any{"filename": "dados.csv", "mapping": map[string]string{"Sobrenome": "Last_Name"}})
	MustStatus(t, r, http.StatusCreated)
	var job importJob
	r.JSON(t, &job)
	armed.Store(true) // the next read of the module's customization is the worker's
	putFile(t, job, "Sobrenome\nLima\n")
	job = c.waitImport("Contacts", job) // the first delivery, and the next after the gateway's delay
	if failed.Load() != 1 || job.Status != "done" || job.Done != 1 || job.Failed != 0 {
		t.Fatalf("after a throttled module read (%d injected): job %+v, want done with its one row", failed.Load(), job)
	}
}

package gateway_test

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path"
	"path/filepath"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"crmportal/infra/gateway"
	"crmportal/infra/template"
)

// replayExpect is the status each sample event in events/ must get from its function.
var replayExpect = map[string]int{
	"health":   200, // GET /api/health?deep=1 against the stack
	"fallback": 405, // POST /api/health
	"openapi":  200, // the published document, public
	// Requests without credentials, or with an unknown email, token or slug.
	"staff-login":                401,
	"logout":                     204,
	"staff-me":                   401,
	"staff-reset-request":        202,
	"staff-reset":                410,
	"tokens":                     401,
	"staff":                      401,
	"org":                        401,
	"modules":                    401,
	"records-list":               401,
	"record-create":              401,
	"record-get":                 401,
	"record-update":              401,
	"record-delete":              401,
	"import-create":              401,
	"portal-admin":               401,
	"portal-logo":                401,
	"portal-public":              404,
	"portal-public-logo":         404,
	"user-types":                 401,
	"licenses":                   401,
	"preview":                    401,
	"me-tabs":                    401,
	"me-home":                    401,
	"records-portal-list":        401,
	"record-portal-get":          401,
	"record-portal-pdf":          401,
	"record-pdf":                 401,
	"record-portal-create":       401,
	"attachments-portal-list":    401,
	"attachment-portal-create":   401,
	"attachment-portal-complete": 401,
	"attachment-portal-get":      401,
	"attachment-portal-delete":   401,
	"attachments-list":           401,
	"attachment-get":             401,
	"attachment-upload":          401,
	"me-export":                  401,
	"notes-portal-list":          401,
	"note-portal-create":         401,
	"note-portal-update":         401,
	"note-portal-delete":         401,
	"notes-list":                 401,
	"note-create":                401,
	"audit-list":                 401,
	"record-portal-update":       401,
	"record-portal-delete":       401,
	"import-get":                 401,
	// An upload whose job does not exist: the worker skips it without error.
	"import-worker": 0,
	// A bounce of a message the portal did not send: skipped without error.
	"email-events": 0,
	// A mail request that is not in the table (expired): skipped, no batch item failure.
	"reset-mailer": 0,
	// An event that is not in the table (expired): skipped, no batch item failure.
	"notifier": 0,
	// A portal login counted (or found counted already): no batch item failure.
	"usage-counter": 0,
	// A digest with no event waiting (mailed already): nothing sent, no batch item failure.
	"digest-mailer": 0,
	// A chunk of a bulk job that does not exist (gone with its TTL): dropped, no batch item
	// failure.
	"portal-users-bulk": 0,
	// An unsubscribe token the portal never issued.
	"unsubscribe":          404,
	"invitation-send":      401,
	"portal-users-list":    401,
	"portal-user-action":   401,
	"portal-user-erase":    401,
	"email-templates":      401,
	"invitation-get":       410,
	"invitation-accept":    410,
	"me-get":               401,
	"me-preferences":       401,
	"me-notifications":     401,
	"staff-notifications":  401,
	"portal-login":         404,
	"portal-reset-request": 404,
	"portal-reset":         410,
}

// TestSampleEventsReplayThroughTheirHandlers replays events/<name>.json, the event `sam local
// invoke` and `make invoke-<name>` send, through the handler of functions/<name>.
func TestSampleEventsReplayThroughTheirHandlers(t *testing.T) {
	tmpl, err := template.Load(templateFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Each function runs with its own clients, held to its policies as in the gateway.
	gw, _, err := gateway.Local(context.Background(), st, "../..", "http://localhost:3000", t.TempDir(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range tmpl.Functions {
		name := path.Base(f.CodeURI)
		deps := gw.FunctionDeps(f.LogicalID)
		t.Run(name, func(t *testing.T) {
			want, ok := replayExpect[name]
			if !ok {
				t.Fatalf("no expected status for events/%s.json in replayExpect", name)
			}
			b, err := os.ReadFile(filepath.Join("../../events", name+".json"))
			if err != nil {
				t.Fatalf("sample event of %s: %v", f.LogicalID, err)
			}
			if len(f.SNS) > 0 {
				var ev events.SNSEvent
				if err := json.Unmarshal(b, &ev); err != nil || len(ev.Records) == 0 || ev.Records[0].SNS.Message == "" {
					t.Fatalf("events/%s.json is not an SNS event: %v", name, err)
				}
				if err := gateway.SNSFunctions[f.CodeURI](deps)(context.Background(), ev); err != nil {
					t.Errorf("handler error: %v", err)
				}
				return
			}
			if len(f.Streams) > 0 {
				var ev events.DynamoDBEvent
				if err := json.Unmarshal(b, &ev); err != nil || len(ev.Records) == 0 || ev.Records[0].Change.SequenceNumber == "" {
					t.Fatalf("events/%s.json is not a DynamoDB stream event: %v", name, err)
				}
				resp, err := gateway.StreamFunctions[f.CodeURI](deps)(context.Background(), ev)
				if err != nil || len(resp.BatchItemFailures) > 0 {
					t.Errorf("handler answer %+v, error %v", resp, err)
				}
				return
			}
			if len(f.SQS) > 0 {
				var ev events.SQSEvent
				if err := json.Unmarshal(b, &ev); err != nil || len(ev.Records) == 0 || ev.Records[0].Body == "" {
					t.Fatalf("events/%s.json is not an SQS event: %v", name, err)
				}
				resp, err := gateway.SQSFunctions[f.CodeURI](deps)(context.Background(), ev)
				if err != nil || len(resp.BatchItemFailures) > 0 {
					t.Errorf("handler answer %+v, error %v", resp, err)
				}
				return
			}
			if len(f.S3) > 0 {
				var ev events.S3Event
				if err := json.Unmarshal(b, &ev); err != nil || len(ev.Records) == 0 || ev.Records[0].S3.Object.Key == "" {
					t.Fatalf("events/%s.json is not an S3 event: %v", name, err)
				}
				if err := gateway.EventFunctions[f.CodeURI](deps)(context.Background(), ev); err != nil {
					t.Errorf("handler error: %v", err)
				}
				return
			}
			var ev events.APIGatewayV2HTTPRequest
			if err := json.Unmarshal(b, &ev); err != nil {
				t.Fatalf("events/%s.json: %v", name, err)
			}
			if ev.Version != "2.0" || ev.RequestContext.RequestID == "" || ev.RequestContext.HTTP.Method == "" {
				t.Fatalf("events/%s.json is not an HTTP API v2 event: %+v", name, ev)
			}
			resp, err := gateway.Functions[f.CodeURI](deps)(context.Background(), ev)
			if err != nil {
				t.Fatalf("handler error: %v", err)
			}
			if resp.StatusCode != want {
				t.Errorf("status = %d, want %d; body %s", resp.StatusCode, want, resp.Body)
			}
		})
	}
}

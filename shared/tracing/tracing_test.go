package tracing

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func TestParseTraceHeader(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   Parent
		wantOK bool
	}{
		{"lambda's header", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:0",
			Parent{"1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8", true}, true},
		{"not sampled", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0",
			Parent{"1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8", false}, true},
		{"no parent", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", Parent{TraceID: "1-5759e988-bd862e3fe1be46a994272793", Sampled: true}, false},
		{"empty", "", Parent{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseTraceHeader(tt.header)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseTraceHeader(%q) = %+v, %v; want %+v, %v", tt.header, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestUDPAddress(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"host:port", "169.254.79.129:2000", "169.254.79.129:2000"},
		{"both transports", "tcp:127.0.0.1:2000 udp:127.0.0.2:2001", "127.0.0.2:2001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := udpAddress(tt.in); got != tt.want {
				t.Errorf("udpAddress(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNoDaemonNoMiddleware(t *testing.T) {
	var o aws.Config
	if err := Option("")(&o); err != nil || len(o.APIOptions) != 0 {
		t.Errorf("Option(\"\"): err %v, %d API options; want nothing installed", err, len(o.APIOptions))
	}
}

const trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"

// TestSubsegmentPerCall calls DynamoDB (a fake answering as DynamoDB does) through a client
// made from a config with the option, with a fake daemon listening, and reads what it got.
func TestSubsegmentPerCall(t *testing.T) {
	daemon, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer daemon.Close()
	ddb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct{ TableName string }
		_ = json.NewDecoder(r.Body).Decode(&in)
		w.Header().Set("x-amzn-RequestId", "req-"+in.TableName)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		switch in.TableName {
		case "throttled":
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"slow down"}`))
		case "missing":
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"no table"}`))
		case "broken":
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"oops"}`))
		default:
			_, _ = w.Write([]byte(`{"Table":{"TableName":"` + in.TableName + `"}}`))
		}
	}))
	defer ddb.Close()

	cfg, err := awsconfig.LoadDefaultConfig(context.Background(),
		awsconfig.WithRegion("sa-east-1"),
		awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("k", "s", "")),
		awsconfig.WithRetryer(func() aws.Retryer { return aws.NopRetryer{} }))
	if err != nil {
		t.Fatal(err)
	}
	if err := Option(daemon.LocalAddr().String())(&cfg); err != nil {
		t.Fatal(err)
	}
	client := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(ddb.URL) })
	//lint:ignore SA1029 aws-lambda-go hands the trace header over under this string key
	sampled := context.WithValue(context.Background(), LambdaTraceKey, trace)

	// Unsampled and untraced calls send nothing: the first document the daemon reads is the
	// first sampled call's.
	//lint:ignore SA1029 aws-lambda-go hands the trace header over under this string key
	unsampled := context.WithValue(context.Background(), LambdaTraceKey, strings.Replace(trace, "Sampled=1", "Sampled=0", 1))
	for _, ctx := range []context.Context{unsampled, context.Background()} {
		if _, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("unsampled")}); err != nil {
			t.Fatal(err)
		}
	}

	tests := []struct {
		table                  string
		wantStatus             int
		wantErr                bool
		error, throttle, fault bool
	}{
		{table: "accounts", wantStatus: 200},
		{table: "missing", wantStatus: 400, wantErr: true, error: true},
		{table: "throttled", wantStatus: 400, wantErr: true, error: true, throttle: true},
		{table: "broken", wantStatus: 500, wantErr: true, fault: true},
	}
	for _, tt := range tests {
		t.Run(tt.table, func(t *testing.T) {
			_, err := client.DescribeTable(sampled, &dynamodb.DescribeTableInput{TableName: aws.String(tt.table)})
			if (err != nil) != tt.wantErr {
				t.Fatalf("DescribeTable: err %v, want error %v", err, tt.wantErr)
			}
			got := readSubsegment(t, daemon)
			if got.AWS.RequestID != "req-"+tt.table {
				t.Fatalf("request id %q, want req-%s (the unsampled calls must send nothing)", got.AWS.RequestID, tt.table)
			}
			checks := []struct {
				name      string
				got, want any
			}{
				{"type", got.Type, "subsegment"},
				{"trace_id", got.TraceID, "1-5759e988-bd862e3fe1be46a994272793"},
				{"parent_id", got.ParentID, "53995c3f42cd8ad8"},
				{"name", got.Name, "DynamoDB"},
				{"namespace", got.Namespace, "aws"},
				{"operation", got.AWS.Operation, "DescribeTable"},
				{"region", got.AWS.Region, "sa-east-1"},
				{"status", got.HTTP.Response.Status, tt.wantStatus},
				{"error", got.Error, tt.error},
				{"throttle", got.Throttle, tt.throttle},
				{"fault", got.Fault, tt.fault},
				{"id length", len(got.ID), 16},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
				}
			}
			if got.EndTime < got.StartTime || got.StartTime == 0 {
				t.Errorf("start %f, end %f", got.StartTime, got.EndTime)
			}
		})
	}
}

// readSubsegment reads one datagram: the daemon header, then the document.
func readSubsegment(t *testing.T, daemon net.PacketConn) Subsegment {
	t.Helper()
	// A hang guard only: the datagram was sent before the call returned.
	_ = daemon.SetReadDeadline(time.Now().Add(30 * time.Second))
	buf := make([]byte, 64*1024)
	n, _, err := daemon.ReadFrom(buf)
	if err != nil {
		t.Fatal(err)
	}
	header, body, ok := strings.Cut(string(buf[:n]), "\n")
	if !ok || header != `{"format": "json", "version": 1}` {
		t.Fatalf("datagram %q does not start with the daemon header", buf[:n])
	}
	var s Subsegment
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatalf("document %s: %v", body, err)
	}
	if s.HTTP == nil {
		t.Fatalf("document %s has no http object", body)
	}
	return s
}

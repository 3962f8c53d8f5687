package stack

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// olderDynamoDB answers as a DynamoDB that takes neither streams nor TTL: CreateTable with a
// StreamSpecification and UpdateTimeToLive are refused with DynamoDB's errors. It records
// the operations it was sent.
type olderDynamoDB struct {
	mu    sync.Mutex
	calls []string
}

func (d *olderDynamoDB) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "DynamoDB_20120810.")
	body, _ := io.ReadAll(r.Body)
	var in map[string]any
	_ = json.Unmarshal(body, &in)
	_, stream := in["StreamSpecification"]
	d.mu.Lock()
	d.calls = append(d.calls, op+map[bool]string{true: "+stream"}[stream])
	d.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	refuse := func(kind, msg string) {
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"__type": "com.amazonaws.dynamodb.v20120810#" + kind, "message": msg})
	}
	switch {
	case op == "CreateTable" && stream:
		refuse("ValidationException", "StreamSpecification is not supported")
	case op == "CreateTable":
		_ = json.NewEncoder(w).Encode(map[string]any{"TableDescription": map[string]any{"TableName": in["TableName"], "TableStatus": "ACTIVE"}})
	case op == "UpdateTimeToLive":
		refuse("UnknownOperationException", "")
	default:
		refuse("UnknownOperationException", "")
	}
}

func TestCreateTableInAnOlderDynamoDB(t *testing.T) {
	tmpl, err := LoadTemplate(filepath.Join("..", ".."), "http://localhost:3000")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		tolerant  bool
		wantErr   bool
		wantCalls string
		wantSkip  []string
	}{
		{"tolerant: leaves the stream and TTL out and says so", true, false,
			"CreateTable+stream CreateTable UpdateTimeToLive", []string{"StreamSpecification (refused", "TimeToLiveSpecification (refused"}},
		{"strict (the local stack): fails", false, true, "CreateTable+stream", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &olderDynamoDB{}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			db := dynamodb.New(dynamodb.Options{Region: Region, Credentials: Credentials(), BaseEndpoint: aws.String(srv.URL),
				RetryMaxAttempts: 1})
			rep, err := CreateTable(context.Background(), db, tmpl, "portal", tt.tolerant)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if got := strings.Join(fake.calls, " "); got != tt.wantCalls {
				t.Errorf("calls = %q, want %q", got, tt.wantCalls)
			}
			skipped := strings.Join(rep.Skipped, "\n")
			for _, w := range append(tt.wantSkip, "DeletionProtectionEnabled") {
				if tt.wantErr {
					break
				}
				if !strings.Contains(skipped, w) {
					t.Errorf("skipped %q does not say %q", skipped, w)
				}
			}
		})
	}
}

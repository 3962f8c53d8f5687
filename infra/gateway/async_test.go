package gateway_test

import (
	"os"
	"strconv"
	"testing"

	"gopkg.in/yaml.v3"

	"crmportal/infra/gateway"
)

// The gateway delivers an S3 event again as often as Lambda does for the import worker.
func TestAsyncRetriesAreTheTemplates(t *testing.T) {
	data, err := os.ReadFile("../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	n := doc.Content[0]
	for _, k := range []string{"Resources", "ImportWorkerFunction", "Properties", "EventInvokeConfig", "MaximumRetryAttempts"} {
		n = child(n, k)
		if n == nil {
			t.Fatalf("template.yaml has no %s on the way to ImportWorkerFunction's MaximumRetryAttempts", k)
		}
	}
	got, err := strconv.Atoi(n.Value)
	if err != nil || got != gateway.AsyncRetries {
		t.Errorf("ImportWorkerFunction's MaximumRetryAttempts = %q, gateway.AsyncRetries = %d", n.Value, gateway.AsyncRetries)
	}
}

// child is the value of key in the mapping node n, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

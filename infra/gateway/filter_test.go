package gateway

import (
	"encoding/json"
	"testing"
)

// mailRequest is the pattern template.yaml gives the reset mailer.
const mailRequest = `{"eventName": ["INSERT"], "dynamodb": {"NewImage": {"PK": {"S": [{"prefix": "MAILREQ#"}]}}}}`

func record(t *testing.T, js string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestPatternMatches(t *testing.T) {
	insert := `{"eventName": "INSERT", "dynamodb": {"Keys": {"PK": {"S": "MAILREQ#1"}}, "NewImage": {"PK": {"S": "MAILREQ#1"}, "n": {"N": "5"}, "tags": {"SS": ["a", "b"]}, "gone": {"NULL": true}}}}`
	for _, tt := range []struct {
		name, pattern, record string
		want                  bool
	}{
		{"prefix and exact match", mailRequest, insert, true},
		{"another event name", mailRequest, `{"eventName": "MODIFY", "dynamodb": {"NewImage": {"PK": {"S": "MAILREQ#1"}}}}`, false},
		{"another prefix", mailRequest, `{"eventName": "INSERT", "dynamodb": {"NewImage": {"PK": {"S": "SESSION#1"}}}}`, false},
		{"no new image (a removal)", mailRequest, `{"eventName": "INSERT", "dynamodb": {"Keys": {"PK": {"S": "MAILREQ#1"}}}}`, false},
		{"a number is not its string", `{"eventName": ["5"]}`, `{"eventName": 5}`, false},
		{"one of several values", `{"eventName": ["MODIFY", "INSERT"]}`, insert, true},
		{"suffix", `{"dynamodb": {"Keys": {"PK": {"S": [{"suffix": "#1"}]}}}}`, insert, true},
		{"equals-ignore-case", `{"eventName": [{"equals-ignore-case": "insert"}]}`, insert, true},
		{"anything-but refuses the value", `{"eventName": [{"anything-but": ["INSERT", "MODIFY"]}]}`, insert, false},
		{"anything-but passes another", `{"eventName": [{"anything-but": "REMOVE"}]}`, insert, true},
		{"exists true", `{"dynamodb": {"NewImage": {"n": [{"exists": true}]}}}`, insert, true},
		{"exists false on a missing key", `{"dynamodb": {"NewImage": {"doneAt": [{"exists": false}]}}}`, insert, true},
		{"exists false on a present key", `{"dynamodb": {"NewImage": {"n": [{"exists": false}]}}}`, insert, false},
		{"a list value matches by an element", `{"dynamodb": {"NewImage": {"tags": {"SS": ["b"]}}}}`, insert, true},
		{"null", `{"dynamodb": {"NewImage": {"gone": {"NULL": [true]}}}}`, insert, true},
		{"an object where the record has a value", `{"eventName": {"S": ["INSERT"]}}`, insert, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePattern(tt.pattern)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Matches(record(t, tt.record)); got != tt.want {
				t.Errorf("Matches = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParsePatternRefusesWhatItDoesNotApply(t *testing.T) {
	for _, tt := range []struct{ name, pattern string }{
		{"not JSON", `{"eventName": [`},
		{"a bare value", `{"eventName": "INSERT"}`},
		{"an empty list", `{"eventName": []}`},
		{"an empty object", `{"dynamodb": {}}`},
		{"numeric", `{"dynamodb": {"NewImage": {"n": {"N": [{"numeric": [">", 1]}]}}}}`},
		{"wildcard", `{"eventName": [{"wildcard": "IN*"}]}`},
		{"two operators", `{"eventName": [{"prefix": "I", "suffix": "T"}]}`},
		{"prefix of a number", `{"eventName": [{"prefix": 1}]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParsePattern(tt.pattern); err == nil {
				t.Errorf("ParsePattern(%s) accepted it", tt.pattern)
			}
		})
	}
}

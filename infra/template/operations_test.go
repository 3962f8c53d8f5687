package template

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"
	"gopkg.in/yaml.v3"
)

// The operational invariants of template.yaml (docs/operations.md): what an edit could quietly
// break without any local test running the deployed stack.

const wafTemplateFile = "../../infra/deploy/waf.yaml"

// rawTemplate reads a CloudFormation template as plain data, its short-form intrinsics spelled
// out as CloudFormation does (!Ref X is {"Ref": "X"}, !GetAtt A.B is {"Fn::GetAtt": ["A", "B"]},
// !Sub s is {"Fn::Sub": s}), without evaluating anything; its nested stacks' resources merged in
// as the local tools read them (source: each child's parameters given what the root passes,
// Globals folded into each template's functions).
func rawTemplate(t *testing.T, file string) map[string]any {
	t.Helper()
	doc, err := sourceWith(file, func(data []byte) (map[string]any, error) {
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, err
		}
		v, err := plain(doc.Content[0])
		if err != nil {
			return nil, err
		}
		return v.(map[string]any), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func plain(n *yaml.Node) (any, error) {
	var v any
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			val, err := plain(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = val
		}
		v = m
	case yaml.SequenceNode:
		s := []any{}
		for _, c := range n.Content {
			val, err := plain(c)
			if err != nil {
				return nil, err
			}
			s = append(s, val)
		}
		v = s
	case yaml.AliasNode:
		return plain(n.Alias)
	default:
		if intrinsic(n.Tag) {
			v = n.Value
		} else if err := n.Decode(&v); err != nil {
			return nil, err
		}
	}
	if !intrinsic(n.Tag) {
		return v, nil
	}
	name := strings.TrimPrefix(n.Tag, "!")
	switch name {
	case "Ref", "Condition":
		return map[string]any{name: v}, nil
	case "GetAtt":
		if s, ok := v.(string); ok {
			id, attr, _ := strings.Cut(s, ".")
			v = []any{id, attr}
		}
	}
	return map[string]any{"Fn::" + name: v}, nil
}

// intrinsic tells whether a node's tag is a CloudFormation short form (!Ref), not a YAML
// type (!!str, !!map).
func intrinsic(tag string) bool {
	return strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!")
}

// dig walks m along keys; nil when a key is missing.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// resourcesOfType are the template's resources of type typ, by logical id.
func resourcesOfType(tmpl map[string]any, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range tmpl["Resources"].(map[string]any) {
		if m, ok := r.(map[string]any); ok && m["Type"] == typ {
			out[id] = m
		}
	}
	return out
}

// getAttOf is the logical id of v when v is !GetAtt id.attr.
func getAttOf(v any, attr string) string {
	args, ok := dig(v, "Fn::GetAtt").([]any)
	if !ok || len(args) != 2 || args[1] != attr {
		return ""
	}
	id, _ := args[0].(string)
	return id
}

// asyncEventTypes are the SAM event sources that invoke a function asynchronously: Lambda retries
// their failures itself and then drops the event unless it has somewhere to put it.
var asyncEventTypes = []string{"S3", "SNS", "EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2", "IoTRule", "CloudWatchLogs"}

// pollEventTypes are the event source mappings: a failed batch goes to the event's own
// DestinationConfig, except SQS's (below).
var pollEventTypes = []string{"DynamoDB", "Kinesis", "MSK", "MQ", "SelfManagedKafka", "DocumentDB"}

// failureQueues finds where each event-driven function of tmpl keeps the events it failed on
// for good (queue -> function) and says what is wrong: a function without such a queue, a queue
// that is not an encrypted SQS queue keeping messages 14 days, or one no depth alarm watches.
// async counts the functions invoked asynchronously. An SQS event source has no
// DestinationConfig (SAM's SQS event takes none): a message the function keeps failing on moves
// to the dead-letter queue of its queue's RedrivePolicy, so that queue is the failure queue.
func failureQueues(tmpl map[string]any) (found map[string]string, async int, problems []string) {
	queues := resourcesOfType(tmpl, "AWS::SQS::Queue")
	found = map[string]string{}
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for id, fn := range resourcesOfType(tmpl, "AWS::Serverless::Function") {
		events, _ := dig(fn, "Properties", "Events").(map[string]any)
		isAsync := false
		for name, ev := range events {
			typ, _ := dig(ev, "Type").(string)
			switch {
			case slices.Contains(asyncEventTypes, typ):
				isAsync = true
			case typ == "SQS":
				source := getAttOf(dig(ev, "Properties", "Queue"), "Arn")
				queue, ok := queues[source]
				if !ok {
					fail("%s event %s (SQS): Queue is not !GetAtt <queue>.Arn of an AWS::SQS::Queue of the template", id, name)
					continue
				}
				q := getAttOf(dig(queue, "Properties", "RedrivePolicy", "deadLetterTargetArn"), "Arn")
				if q == "" {
					fail("%s event %s (SQS): its queue %s has no RedrivePolicy.deadLetterTargetArn !GetAtt <queue>.Arn", id, name, source)
					continue
				}
				if n, _ := dig(queue, "Properties", "RedrivePolicy", "maxReceiveCount").(int); n < 1 {
					fail("%s event %s (SQS): its queue %s's RedrivePolicy has no maxReceiveCount (retries bounded)", id, name, source)
				}
				found[q] = id
			case slices.Contains(pollEventTypes, typ):
				dest := dig(ev, "Properties", "DestinationConfig", "OnFailure", "Destination")
				q := getAttOf(dest, "Arn")
				if q == "" {
					fail("%s event %s (%s): no DestinationConfig.OnFailure.Destination !GetAtt <queue>.Arn", id, name, typ)
					continue
				}
				found[q] = id
			}
		}
		if !isAsync {
			continue
		}
		async++
		cfg := dig(fn, "Properties", "EventInvokeConfig")
		if cfg == nil {
			fail("%s is invoked asynchronously but has no EventInvokeConfig", id)
			continue
		}
		if got := dig(cfg, "DestinationConfig", "OnFailure", "Type"); got != "SQS" {
			fail("%s: EventInvokeConfig.DestinationConfig.OnFailure.Type = %v, want SQS", id, got)
		}
		q := getAttOf(dig(cfg, "DestinationConfig", "OnFailure", "Destination"), "Arn")
		if q == "" {
			fail("%s: EventInvokeConfig has no OnFailure Destination !GetAtt <queue>.Arn", id)
			continue
		}
		for _, k := range []string{"MaximumRetryAttempts", "MaximumEventAgeInSeconds"} {
			if dig(cfg, k) == nil {
				fail("%s: EventInvokeConfig.%s is not set (Lambda's defaults keep an event 6 hours, retried twice)", id, k)
			}
		}
		found[q] = id
	}

	watched := map[string]bool{}
	for _, alarm := range resourcesOfType(tmpl, "AWS::CloudWatch::Alarm") {
		metrics := []any{dig(alarm, "Properties")}
		if ms, ok := dig(alarm, "Properties", "Metrics").([]any); ok {
			for _, m := range ms {
				metrics = append(metrics, dig(m, "MetricStat", "Metric"))
			}
		}
		for _, m := range metrics {
			if dig(m, "Namespace") != "AWS/SQS" || dig(m, "MetricName") != "ApproximateNumberOfMessagesVisible" {
				continue
			}
			dims, _ := dig(m, "Dimensions").([]any)
			for _, d := range dims {
				if dig(d, "Name") == "QueueName" {
					watched[getAttOf(dig(d, "Value"), "QueueName")] = true
				}
			}
		}
	}
	for q, fn := range found {
		queue, ok := queues[q]
		if !ok {
			fail("%s's failure destination %s is not an AWS::SQS::Queue of the template", fn, q)
			continue
		}
		if got := dig(queue, "Properties", "SqsManagedSseEnabled"); got != true {
			fail("queue %s: SqsManagedSseEnabled = %v, want true (the events carry personal data)", q, got)
		}
		if got := dig(queue, "Properties", "MessageRetentionPeriod"); got != 1209600 {
			fail("queue %s: MessageRetentionPeriod = %v, want 1209600 (14 days, the most SQS keeps)", q, got)
		}
		if !watched[q] {
			fail("no alarm watches ApproximateNumberOfMessagesVisible of %s (%s's failures)", q, fn)
		}
	}
	sort.Strings(problems)
	return found, async, problems
}

// TestEveryEventDrivenFunctionHasAFailureQueueWithADepthAlarm: an event that fails for good is
// kept in an SQS queue, and a message in any such queue raises an alarm. The HTTP functions need
// none: their caller gets the error.
func TestEveryEventDrivenFunctionHasAFailureQueueWithADepthAlarm(t *testing.T) {
	found, async, problems := failureQueues(rawTemplate(t, templateFile))
	for _, p := range problems {
		t.Error(p)
	}
	if async < 2 {
		t.Errorf("found %d asynchronously invoked functions, want at least the import worker and email events", async)
	}
	if len(found) < 3 {
		t.Errorf("failure queues %v, want at least the import worker's, email events' and reset mailer's", found)
	}
	// The digest mailer's failures are its queue's dead letters.
	if got := found["DigestDeadLetters"]; got != "DigestMailerFunction" {
		t.Errorf("DigestDeadLetters holds the failures of %q, want DigestMailerFunction's", got)
	}
}

// TestFailureQueuesOfAnSQSEventSource: an SQS event source's failures are its queue's dead
// letters, held to the same rules as the other failure queues; a queue without a redrive policy
// (a message failing for ever, or dropped after its retention) is refused.
func TestFailureQueuesOfAnSQSEventSource(t *testing.T) {
	const deadLetters = `
  Dead:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600
      SqsManagedSseEnabled: true
`
	const alarm = `
  Depth:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/SQS
      MetricName: ApproximateNumberOfMessagesVisible
      Dimensions:
        - Name: QueueName
          Value: !GetAtt Dead.QueueName
`
	const function = `
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/fn/
      Events:
        Work:
          Type: SQS
          Properties:
            Queue: !GetAtt Work.Arn
`
	const redrive = `
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt Dead.Arn
        maxReceiveCount: 5
`
	const work = `
  Work:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60`
	tests := []struct {
		name, resources string
		want            string // a problem naming this; "": none
	}{
		{"a redrive policy to a watched dead-letter queue", work + redrive + deadLetters + alarm + function, ""},
		{"no redrive policy", work + deadLetters + alarm + function, "Fn event Work (SQS): its queue Work has no RedrivePolicy"},
		{"a redrive policy without a count", work + "\n      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt Dead.Arn" + deadLetters + alarm + function,
			"Work's RedrivePolicy has no maxReceiveCount"},
		{"a dead-letter queue no alarm watches", work + redrive + deadLetters + function,
			"no alarm watches ApproximateNumberOfMessagesVisible of Dead (Fn's failures)"},
		{"a source that is not a queue of the template", deadLetters + alarm + function, "Queue is not !GetAtt <queue>.Arn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "template.yaml")
			doc := "Transform: AWS::Serverless-2016-10-31\nResources:" + tt.resources
			if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
			found, _, problems := failureQueues(rawTemplate(t, file))
			got := strings.Join(problems, "\n")
			if tt.want == "" {
				if len(problems) > 0 || found["Dead"] != "Fn" {
					t.Errorf("problems %q, failure queues %v; want none, and Dead holding Fn's failures", got, found)
				}
				return
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("problems %q, want one saying %q", got, tt.want)
			}
		})
	}
}

// TestEveryAlarmNotifiesTheAlarmTopic: an alarm nobody hears of is no alarm.
func TestEveryAlarmNotifiesTheAlarmTopic(t *testing.T) {
	tmpl := rawTemplate(t, templateFile)
	alarms := resourcesOfType(tmpl, "AWS::CloudWatch::Alarm")
	if len(alarms) < 10 {
		t.Fatalf("%d alarms, want the ones docs/operations.md lists", len(alarms))
	}
	topic := []any{map[string]any{"Ref": "AlarmTopic"}}
	for id, a := range alarms {
		t.Run(id, func(t *testing.T) {
			p := dig(a, "Properties")
			for _, k := range []string{"AlarmActions", "OKActions"} {
				if got := dig(p, k); !reflect.DeepEqual(got, topic) {
					t.Errorf("%s = %v, want [!Ref AlarmTopic]", k, got)
				}
			}
			if got := dig(p, "TreatMissingData"); got != "notBreaching" {
				t.Errorf("TreatMissingData = %v, want notBreaching (no requests is no failure)", got)
			}
			if d, _ := dig(p, "AlarmDescription").(string); len(d) < 40 {
				t.Errorf("AlarmDescription %q does not say what to do", d)
			}
			if dig(p, "AlarmName") != nil {
				t.Error("AlarmName is set: two stacks in one account would clash; CloudFormation names it after the stack")
			}
		})
	}
	if got := dig(tmpl, "Resources", "AlarmTopic", "Type"); got != "AWS::SNS::Topic" {
		t.Errorf("AlarmTopic type = %v, want AWS::SNS::Topic", got)
	}
}

// TestFunctionsLogToTheOneLogGroup: every function writes to FunctionLogs (its retention, its
// error metric filter), and the filter matches the error lines the functions' slog handler writes.
func TestFunctionsLogToTheOneLogGroup(t *testing.T) {
	tmpl := rawTemplate(t, templateFile)
	want := map[string]any{"Ref": "FunctionLogs"}
	// Each stack's Globals, folded into its functions by rawTemplate.
	for id, fn := range resourcesOfType(tmpl, "AWS::Serverless::Function") {
		if got := dig(fn, "Properties", "LoggingConfig", "LogGroup"); !reflect.DeepEqual(got, want) {
			t.Errorf("%s's LoggingConfig.LogGroup is %v, not the root's FunctionLogs: its logs would leave the one group", id, got)
		}
	}
	if got := dig(tmpl, "Resources", "FunctionLogs", "Properties", "RetentionInDays"); !reflect.DeepEqual(got, map[string]any{"Ref": "LogRetentionDays"}) {
		t.Errorf("FunctionLogs RetentionInDays = %v, want !Ref LogRetentionDays", got)
	}

	var pattern string
	for _, f := range resourcesOfType(tmpl, "AWS::Logs::MetricFilter") {
		if reflect.DeepEqual(dig(f, "Properties", "LogGroupName"), want) {
			pattern, _ = dig(f, "Properties", "FilterPattern").(string)
		}
	}
	m := regexp.MustCompile(`^\{ \$\.(\w+) = "(\w+)" \}$`).FindStringSubmatch(pattern)
	if m == nil {
		t.Fatalf("FunctionLogs' metric filter pattern %q is not { $.key = \"VALUE\" }", pattern)
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Error("audit entry not stored")
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatal(err)
	}
	if got := line[m[1]]; got != m[2] {
		t.Errorf("an error line has %s = %v, the filter counts %s = %q", m[1], got, m[1], m[2])
	}
}

// TestWebAclIsTheSameInBothTemplates: the stack's own web ACL (us-east-1) and infra/deploy/waf.yaml
// (every other region) are one definition.
func TestWebAclIsTheSameInBothTemplates(t *testing.T) {
	stack := dig(rawTemplate(t, templateFile), "Resources", "WebAcl", "Properties")
	standalone := dig(rawTemplate(t, wafTemplateFile), "Resources", "WebAcl", "Properties")
	if stack == nil || standalone == nil {
		t.Fatalf("WebAcl properties: template.yaml %v, waf.yaml %v", stack != nil, standalone != nil)
	}
	if !reflect.DeepEqual(stack, standalone) {
		a, _ := json.MarshalIndent(stack, "", " ")
		b, _ := json.MarshalIndent(standalone, "", " ")
		t.Errorf("template.yaml's WebAcl differs from infra/deploy/waf.yaml's:\n%s\nvs\n%s", a, b)
	}
}

// signInFunctions are the functions whose routes the WAF's rate-based rule must cover:
// password and second-factor code guessing, and the ones that send or consume a mailed secret.
var signInFunctions = []string{"StaffLoginFunction", "StaffResetRequestFunction", "StaffResetFunction",
	"PortalLoginFunction", "PortalResetRequestFunction", "PortalResetFunction", "InvitationAcceptFunction"}

// TestWafRateRuleCoversTheSignInRoutes: the rate rule's path pattern matches the sign-in, reset
// and invitation routes as template.yaml defines them, and no other POST route.
func TestWafRateRuleCoversTheSignInRoutes(t *testing.T) {
	rules, _ := dig(rawTemplate(t, templateFile), "Resources", "WebAcl", "Properties", "Rules").([]any)
	var regex, method string
	for _, r := range rules {
		stmts, _ := dig(r, "Statement", "RateBasedStatement", "ScopeDownStatement", "AndStatement", "Statements").([]any)
		for _, s := range stmts {
			if v, ok := dig(s, "RegexMatchStatement", "RegexString").(string); ok {
				regex = v
			}
			if v, ok := dig(s, "ByteMatchStatement", "SearchString").(string); ok {
				method = v
			}
		}
	}
	if regex == "" || method != "POST" {
		t.Fatalf("no rate-based rule scoped down to POST and a path pattern (regex %q, method %q)", regex, method)
	}
	re := regexp.MustCompile(regex)
	covered := map[string]bool{}
	for _, f := range MustLoad(t, nil).Functions {
		for _, r := range f.Routes {
			if r.Path == DefaultRoute {
				continue
			}
			sample := regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(r.Path, "x1")
			want := slices.Contains(signInFunctions, f.LogicalID)
			if got := re.MatchString(sample); r.Method == "POST" && got != want {
				t.Errorf("%s %s (%s): rate rule matches = %v, want %v", r.Method, r.Path, f.LogicalID, got, want)
			}
			if want {
				covered[f.LogicalID] = true
			}
		}
	}
	if len(covered) != len(signInFunctions) {
		t.Errorf("found routes of %d sign-in functions, want %d (%v)", len(covered), len(signInFunctions), signInFunctions)
	}
}

// parameterPattern is the AllowedPattern of the template's parameter name.
func parameterPattern(t *testing.T, name string) string {
	t.Helper()
	p, ok := dig(rawTemplate(t, templateFile), "Parameters", name, "AllowedPattern").(string)
	if !ok {
		t.Fatalf("parameter %s has no AllowedPattern", name)
	}
	return p
}

// javaMatch tells whether CloudFormation would accept value for pattern: its patterns are Java
// regular expressions that must match the whole value; regexp2 has the lookaheads Go's RE2 lacks.
func javaMatch(t *testing.T, pattern, value string) bool {
	t.Helper()
	re, err := regexp2.Compile(`\A(?:`+pattern+`)\z`, regexp2.None)
	if err != nil {
		t.Fatalf("pattern %q: %v", pattern, err)
	}
	ok, err := re.MatchString(value)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestSenderEmailRefusesExampleDomains(t *testing.T) {
	tmpl := rawTemplate(t, templateFile)
	if d := dig(tmpl, "Parameters", "SenderEmail", "Default"); d != nil {
		t.Errorf("SenderEmail has the default %v: a deploy must name its sender", d)
	}
	pattern := parameterPattern(t, "SenderEmail")
	tests := []struct {
		value string
		want  bool
	}{
		{"no-reply@acme.com", true},
		{"portal@mail.acme.co.uk", true},
		{"no-reply@example-shop.com", true},
		{"no-reply@myexample.com", true},
		{"no-reply@test.acme.com", true},
		{"no-reply@example.com", false},
		{"No-Reply@EXAMPLE.COM", false},
		{"no-reply@example.net", false},
		{"no-reply@example.org", false},
		{"no-reply@mail.example.com", false},
		{"no-reply@portal.example", false},
		{"no-reply@portal.test", false},
		{"no-reply@portal.invalid", false},
		{"no-reply@portal.localhost", false},
		{"no-reply", false},
		{"no-reply@acme", false},
		{"two@at@acme.com", false},
		{"", false},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.value), func(t *testing.T) {
			if got := javaMatch(t, pattern, tc.value); got != tc.want {
				t.Errorf("accepted = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCertificateArnMustBeInUsEast1(t *testing.T) {
	pattern := parameterPattern(t, "CertificateArn")
	tests := []struct {
		name, value string
		want        bool
	}{
		{"none", "", true},
		{"us-east-1", "arn:aws:acm:us-east-1:123456789012:certificate/1f2e3d4c-5b6a-4789-8abc-def012345678", true},
		{"eu-west-1", "arn:aws:acm:eu-west-1:123456789012:certificate/1f2e3d4c-5b6a-4789-8abc-def012345678", false},
		{"us-east-2", "arn:aws:acm:us-east-2:123456789012:certificate/1f2e3d4c-5b6a-4789-8abc-def012345678", false},
		{"not acm", "arn:aws:iam::123456789012:server-certificate/portal", false},
		{"not an arn", "portal.example.com", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := javaMatch(t, pattern, tc.value); got != tc.want {
				t.Errorf("accepted %q = %v, want %v", tc.value, got, tc.want)
			}
		})
	}
}

// evalRule evaluates the condition functions rules and conditions use (Fn::And, Fn::Or, Fn::Not,
// Fn::Equals, Ref, Condition) for the given parameter values; AWS::Region is params["AWS::Region"].
func evalRule(t *testing.T, tmpl map[string]any, v any, params map[string]string) any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	for k, arg := range m {
		switch k {
		case "Ref":
			name := arg.(string)
			if val, ok := params[name]; ok {
				return val
			}
			if d := dig(tmpl, "Parameters", name, "Default"); d != nil {
				return fmt.Sprint(d)
			}
			t.Fatalf("Ref %s: no value", name)
		case "Condition":
			return evalRule(t, tmpl, dig(tmpl, "Conditions", arg.(string)), params)
		case "Fn::Equals":
			args := arg.([]any)
			return fmt.Sprint(evalRule(t, tmpl, args[0], params)) == fmt.Sprint(evalRule(t, tmpl, args[1], params))
		case "Fn::Not":
			return !evalRule(t, tmpl, arg.([]any)[0], params).(bool)
		case "Fn::And", "Fn::Or":
			and := k == "Fn::And"
			for _, a := range arg.([]any) {
				if evalRule(t, tmpl, a, params).(bool) != and {
					return !and
				}
			}
			return and
		}
	}
	t.Fatalf("cannot evaluate %v", v)
	return nil
}

// ruleRefuses tells whether the template's rule name refuses params, as CloudFormation checks it
// before it creates anything.
func ruleRefuses(t *testing.T, tmpl map[string]any, name string, params map[string]string) bool {
	t.Helper()
	r := dig(tmpl, "Rules", name)
	if r == nil {
		t.Fatalf("template has no rule %s", name)
	}
	if c := dig(r, "RuleCondition"); c != nil && !evalRule(t, tmpl, c, params).(bool) {
		return false
	}
	for _, a := range dig(r, "Assertions").([]any) {
		if !evalRule(t, tmpl, dig(a, "Assert"), params).(bool) {
			return true
		}
	}
	return false
}

// TestWafParametersAreRefusedOrPlaced: outside us-east-1 a stack with the WAF on needs a web ACL
// made there; every accepted combination puts the expected ACL (or none) on the distribution.
func TestWafParametersAreRefusedOrPlaced(t *testing.T) {
	tmpl := rawTemplate(t, templateFile)
	const arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/portal/0a1b2c3d"
	tests := []struct {
		name, region, enable, acl string
		refused                   bool
		want                      string // "stack", "parameter" or "none"
	}{
		{"us-east-1, defaults", "us-east-1", "true", "", false, "stack"},
		{"us-east-1, an ACL given", "us-east-1", "true", arn, false, "parameter"},
		{"us-east-1, off", "us-east-1", "false", "", false, "none"},
		{"eu-west-1, defaults", "eu-west-1", "true", "", true, ""},
		{"eu-west-1, an ACL given", "eu-west-1", "true", arn, false, "parameter"},
		{"eu-west-1, off", "eu-west-1", "false", "", false, "none"},
		{"eu-west-1, off with an ACL", "eu-west-1", "false", arn, false, "none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			params := map[string]string{"AWS::Region": tc.region, "EnableWaf": tc.enable, "WebAclArn": tc.acl,
				"SenderEmail": "no-reply@acme.com"}
			refused := ruleRefuses(t, tmpl, "WafOutsideUsEast1", params)
			if refused != tc.refused {
				t.Fatalf("refused = %v, want %v", refused, tc.refused)
			}
			if refused {
				return
			}
			create := evalRule(t, tmpl, map[string]any{"Condition": "CreateWebAcl"}, params).(bool)
			given := evalRule(t, tmpl, map[string]any{"Condition": "UseWebAclArn"}, params).(bool)
			got := "none"
			switch {
			case create && given:
				t.Fatal("CreateWebAcl and UseWebAclArn both hold")
			case create:
				got = "stack"
			case given:
				got = "parameter"
			}
			if got != tc.want {
				t.Errorf("distribution's web ACL = %s, want %s", got, tc.want)
			}
		})
	}
	webACLID := dig(tmpl, "Resources", "Distribution", "Properties", "DistributionConfig", "WebACLId")
	want := map[string]any{"Fn::If": []any{"CreateWebAcl", map[string]any{"Fn::GetAtt": []any{"WebAcl", "Arn"}},
		map[string]any{"Fn::If": []any{"UseWebAclArn", map[string]any{"Ref": "WebAclArn"}, map[string]any{"Ref": "AWS::NoValue"}}}}}
	if !reflect.DeepEqual(webACLID, want) {
		t.Errorf("Distribution WebACLId = %v, want CreateWebAcl ? WebAcl.Arn : UseWebAclArn ? WebAclArn : none", webACLID)
	}
	if got := dig(tmpl, "Resources", "WebAcl", "Condition"); got != "CreateWebAcl" {
		t.Errorf("WebAcl's Condition = %v, want CreateWebAcl", got)
	}
}

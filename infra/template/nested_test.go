package template

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"crmportal/infra/iam"
)

// nestedRoot is a root template that keeps the table and includes two children, passing them
// the table's name and ARN, a stage and a spelled-out bucket name.
const nestedRoot = `Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: dev
Globals:
  Function:
    Timeout: 10
    Environment:
      Variables:
        ROOT_ONLY: "yes"
Resources:
  Table:
    Type: AWS::DynamoDB::Table
  StaffApi:
    Type: AWS::Serverless::Application
    Properties:
      Location: stacks/staff.yaml
      Parameters:
        Stage: !Ref Stage
        TableName: !Ref Table
        TableArn: !GetAtt Table.Arn
        FilesBucketName: !Sub ["files-${Suffix}", {Suffix: !Ref Stage}]
  PortalApi:
    Type: AWS::Serverless::Application
    Properties:
      Location: stacks/portal.yaml
      Parameters:
        TableName: !Ref Table
  Distribution:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Comment: !Sub "staff ${StaffApi.Outputs.ApiId}"
        Origins:
          - Id: portal
            DomainName: !GetAtt PortalApi.Outputs.ApiId
`

const nestedStaff = `Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
  TableName:
    Type: String
  TableArn:
    Type: String
  FilesBucketName:
    Type: String
  LogLevel:
    Type: String
    Default: info
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Globals:
  Function:
    MemorySize: 512
    Environment:
      Variables:
        TABLE_NAME: !Ref TableName
        LOG_LEVEL: !Ref LogLevel
Resources:
  HttpApi:
    Type: AWS::Serverless::HttpApi
  AdminFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ../functions/admin/
      Environment:
        Variables:
          FILES: !Sub "s3://${FilesBucketName}/in"
          PROD: !If [IsProd, "1", "0"]
      Events:
        Get:
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
            Method: get
            Path: /api/admin/things
      Policies:
        - Statement:
            - Effect: Allow
              Action: dynamodb:GetItem
              Resource: !Ref TableArn
            - Effect: Allow
              Action: s3:GetObject
              Resource: !Sub "arn:${AWS::Partition}:s3:::${FilesBucketName}/*"
  StaffFallbackFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ../functions/fallback/
      Events:
        Default:
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
Outputs:
  ApiId:
    Value: !Ref HttpApi
`

const nestedPortal = `Transform: AWS::Serverless-2016-10-31
Parameters:
  TableName:
    Type: String
Resources:
  HttpApi:
    Type: AWS::Serverless::HttpApi
  ThingsFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ../functions/things/
      Environment:
        Variables:
          TABLE_NAME: !Ref TableName
      Events:
        Get:
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
            Method: GET
            Path: /api/things
  PortalFallbackFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ../functions/fallback/
      Events:
        Default:
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
Outputs:
  ApiId:
    Value: !Ref HttpApi
`

// writeStacks writes files (path relative to a temporary folder -> text) and returns the
// folder's template.yaml.
func writeStacks(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return filepath.Join(dir, "template.yaml")
}

func nestedFiles() map[string]string {
	return map[string]string{"template.yaml": nestedRoot, "stacks/staff.yaml": nestedStaff, "stacks/portal.yaml": nestedPortal}
}

func TestChildFunctionsAndRoutesAreInTheModel(t *testing.T) {
	tmpl, err := Load(writeStacks(t, nestedFiles()), nil)
	if err != nil {
		t.Fatal(err)
	}
	type fn struct{ id, stack, code, routes string }
	var got []fn
	for _, f := range tmpl.Functions {
		var keys []string
		for _, r := range f.Routes {
			keys = append(keys, r.Key())
		}
		got = append(got, fn{f.LogicalID, f.Stack, f.CodeURI, strings.Join(keys, ",")})
	}
	want := []fn{
		{"AdminFunction", "stacks/staff.yaml", "functions/admin", "GET /api/admin/things"},
		{"PortalFallbackFunction", "stacks/portal.yaml", "functions/fallback", "$default $default"},
		{"StaffFallbackFunction", "stacks/staff.yaml", "functions/fallback", "$default $default"},
		{"ThingsFunction", "stacks/portal.yaml", "functions/things", "GET /api/things"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("functions\n got %v\nwant %v", got, want)
	}
	var keys []string
	for _, r := range tmpl.Routes() {
		keys = append(keys, r.Key()+" "+r.Function)
	}
	if got, want := strings.Join(keys, "; "), "GET /api/admin/things AdminFunction; GET /api/things ThingsFunction"; got != want {
		t.Errorf("Routes() = %s, want %s", got, want)
	}
	// The root reads a child's outputs: each child's HttpApi, the later one (by application id)
	// renamed, as two stacks use the id.
	raw := string(tmpl.resources["Distribution"])
	for _, w := range []string{`"DomainName": "HttpApi"`, `"staff StaffApiHttpApi"`} {
		if !strings.Contains(raw, w) {
			t.Errorf("Distribution %s lacks %s (the children's ApiId outputs)", raw, w)
		}
	}
}

func TestRootParametersResolveInChildren(t *testing.T) {
	file := writeStacks(t, nestedFiles())
	p := Placement{Parameters: map[string]any{"Stage": "prod"}, Resources: map[string]string{"Table": "portal-table"},
		AccountID: "000000000000", Region: "us-east-1"}
	all, err := LoadFunctionSettings(file, p)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		function  string
		variables map[string]string
		timeout   int
		memory    int
	}{
		// The staff child's Globals (memory, TABLE_NAME from its parameter, LOG_LEVEL from the
		// parameter's default) and the root's Timeout only for the root's functions.
		{"staff child", "AdminFunction", map[string]string{"TABLE_NAME": "portal-table", "LOG_LEVEL": "info",
			"FILES": "s3://files-prod/in", "PROD": "1"}, 3, 512},
		{"portal child", "ThingsFunction", map[string]string{"TABLE_NAME": "portal-table"}, 3, 128},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, ok := all[tc.function]
			if !ok {
				t.Fatalf("no %s in %v", tc.function, all)
			}
			if !reflect.DeepEqual(s.Environment, tc.variables) {
				t.Errorf("environment = %v, want %v", s.Environment, tc.variables)
			}
			if s.TimeoutSeconds != tc.timeout || s.MemorySize != tc.memory {
				t.Errorf("timeout %d memory %d, want %d %d", s.TimeoutSeconds, s.MemorySize, tc.timeout, tc.memory)
			}
		})
	}
	d := Deployment{Partition: "aws", Region: "us-east-1", AccountID: "000000000000", StackName: "s",
		Names: map[string]string{"Table": "portal-table"}}
	ps, err := FunctionPolicies(file, map[string]any{"Stage": "qa"}, d)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		req  iam.Request
		want bool
	}{
		{"the table's ARN the root passes", iam.Request{Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-1:000000000000:table/portal-table"}, true},
		{"another table", iam.Request{Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-1:000000000000:table/other"}, false},
		{"the spelled bucket name with the stage", iam.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::files-qa/k"}, true},
		{"the default stage's bucket", iam.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::files-dev/k"}, false},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if got := iam.Evaluate(ps["AdminFunction"], c.req) == iam.Allowed; got != c.want {
				t.Errorf("allowed %v = %v, want %v (policies %v)", c.req, got, c.want, ps["AdminFunction"])
			}
		})
	}
}

func TestNestedTemplateErrors(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(files map[string]string)
		wantErr string
	}{
		{"a Location that does not exist", func(f map[string]string) {
			f["template.yaml"] = strings.Replace(f["template.yaml"], "stacks/portal.yaml", "stacks/portl.yaml", 1)
		}, "application PortalApi: Location stacks/portl.yaml: no such template"},
		{"a Location that is not a local file", func(f map[string]string) {
			f["template.yaml"] = strings.Replace(f["template.yaml"], "stacks/portal.yaml", "s3://bucket/portal.yaml", 1)
		}, "application PortalApi: Location must be a local template file"},
		{"a parameter the child does not declare", func(f map[string]string) {
			f["template.yaml"] = strings.Replace(f["template.yaml"], "        TableName: !Ref Table\n  Distribution", "        TableName: !Ref Table\n        Nope: x\n  Distribution", 1)
		}, "application PortalApi passes parameter Nope, which stacks/portal.yaml does not declare"},
		{"a parameter without a default left out", func(f map[string]string) {
			f["template.yaml"] = strings.Replace(f["template.yaml"], "        TableArn: !GetAtt Table.Arn\n", "", 1)
		}, "application StaffApi does not pass stacks/staff.yaml's parameter TableArn, which has no default"},
		{"a function in two stacks", func(f map[string]string) {
			f["stacks/portal.yaml"] = strings.Replace(f["stacks/portal.yaml"], "ThingsFunction:", "AdminFunction:", 1)
		}, "function AdminFunction is defined in two stacks"},
		{"a child including itself", func(f map[string]string) {
			f["stacks/portal.yaml"] = strings.Replace(f["stacks/portal.yaml"], "Resources:\n",
				"Resources:\n  Again:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: portal.yaml\n", 1)
		}, "includes itself"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := nestedFiles()
			tc.edit(files)
			_, err := Load(writeStacks(t, files), nil)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Load error = %v, want one with %q", err, tc.wantErr)
			}
		})
	}
}

func TestAreaProblems(t *testing.T) {
	moveAdminRoute := func(f map[string]string) {
		f["stacks/staff.yaml"] = strings.Replace(f["stacks/staff.yaml"], "Path: /api/admin/things", "Path: /api/things2", 1)
	}
	tests := []struct {
		name string
		edit func(files map[string]string)
		want []string
	}{
		{"every route in its area", func(map[string]string) {}, nil},
		{"a portal route in the staff child", moveAdminRoute,
			[]string{"route GET /api/things2 (AdminFunction) is in stacks/staff.yaml; it belongs in stacks/portal.yaml (paths under /api/)"}},
		{"an admin route in the portal child", func(f map[string]string) {
			f["stacks/portal.yaml"] = strings.Replace(f["stacks/portal.yaml"], "Path: /api/things", "Path: /api/admin/x", 1)
		}, []string{"route GET /api/admin/x (ThingsFunction) is in stacks/portal.yaml; it belongs in stacks/staff.yaml (paths under /api/admin/)"}},
		{"a route in the root", func(f map[string]string) {
			f["template.yaml"] += "  RootFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: functions/root/\n" +
				"      Events:\n        Get:\n          Type: HttpApi\n          Properties:\n            Method: GET\n            Path: /api/admin/root\n"
		}, []string{"route GET /api/admin/root (RootFunction) is in the root template; it belongs in stacks/staff.yaml"}},
		{"a route of no area", func(f map[string]string) {
			f["stacks/portal.yaml"] = strings.Replace(f["stacks/portal.yaml"], "Path: /api/things", "Path: /health", 1)
		}, []string{"route GET /health (ThingsFunction) is in no area: its path starts with none of the areas' prefixes"}},
		{"a child without its $default", func(f map[string]string) {
			f["stacks/portal.yaml"] = strings.Replace(f["stacks/portal.yaml"],
				"      Events:\n        Default:\n          Type: HttpApi\n          Properties:\n            ApiId: !Ref HttpApi\n", "", 1)
		}, []string{"stacks/portal.yaml has 0 $default routes, want 1 (its API's)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := nestedFiles()
			tc.edit(files)
			tmpl, err := Load(writeStacks(t, files), nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := tmpl.AreaProblems(APIAreas); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("AreaProblems\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestAreaOf(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/api/admin/users", "stacks/staff.yaml"},
		{"/api/admin/", "stacks/staff.yaml"},
		{"/api/adminx", "stacks/portal.yaml"}, // a prefix, not a substring
		{"/api/me", "stacks/portal.yaml"},
		{"/web", ""},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			a, _ := AreaOf(APIAreas, tc.path)
			if a.Stack != tc.want {
				t.Errorf("AreaOf(%s) = %q, want %q", tc.path, a.Stack, tc.want)
			}
		})
	}
}

// TestProjectRoutesLiveInTheirAreasStack: every /api/admin route is in the staff stack, every
// other route in the portal stack, each with its own $default, so that each route is served by
// the API the distribution sends its path to.
func TestProjectRoutesLiveInTheirAreasStack(t *testing.T) {
	tmpl := MustLoad(t, nil)
	if got := tmpl.AreaProblems(APIAreas); len(got) > 0 {
		t.Errorf("routes outside their area's stack:\n%s", strings.Join(got, "\n"))
	}
	for _, a := range APIAreas {
		if _, err := os.Stat(filepath.Join("../..", a.Stack)); err != nil {
			t.Errorf("area %s: %v", a.Prefix, err)
		}
	}
}

// TestChildConditionsAreTheirOwn: a child's condition named as one of the root's, defined
// otherwise, keeps its own definition for the child's resources.
func TestChildConditionsAreTheirOwn(t *testing.T) {
	files := nestedFiles()
	files["template.yaml"] = strings.Replace(files["template.yaml"], "Resources:\n",
		"Conditions:\n  IsProd: !Equals [!Ref Stage, never]\nResources:\n", 1)
	p := Placement{Parameters: map[string]any{"Stage": "prod"}, Resources: map[string]string{"Table": "t"},
		AccountID: "000000000000", Region: "us-east-1"}
	all, err := LoadFunctionSettings(writeStacks(t, files), p)
	if err != nil {
		t.Fatal(err)
	}
	if got := all["AdminFunction"].Environment["PROD"]; got != "1" {
		t.Errorf("PROD = %q, want 1 (the staff child's IsProd, not the root's)", got)
	}
}

// TestDistributionSendsEachAreaToItsStacksAPI: the distribution's cache behavior of each area
// (its prefix and *) goes to an origin at the API of the area's stack and no other, and a
// longer prefix's behavior comes first (CloudFront takes the first pattern that matches), so a
// path never reaches an API without its routes.
func TestDistributionSendsEachAreaToItsStacksAPI(t *testing.T) {
	data, err := os.ReadFile(templateFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := decodeTemplate(data)
	if err != nil {
		t.Fatal(err)
	}
	resources, _ := doc["Resources"].(map[string]any)
	appOf := map[string]string{} // stack -> application id
	for id, r := range resources {
		m, _ := r.(map[string]any)
		if m["Type"] == ApplicationType {
			loc, _ := dig(m, "Properties", "Location").(string)
			appOf[loc] = id
		}
	}
	cfg := dig(resources, "Distribution", "Properties", "DistributionConfig")
	origins := map[string]string{}
	list, _ := dig(cfg, "Origins").([]any)
	for _, o := range list {
		id, _ := dig(o, "Id").(string)
		b, _ := json.Marshal(dig(o, "DomainName"))
		origins[id] = string(b)
	}
	behaviors, _ := dig(cfg, "CacheBehaviors").([]any)
	position := map[string]int{}
	for _, a := range APIAreas {
		t.Run(a.Prefix, func(t *testing.T) {
			app, ok := appOf[a.Stack]
			if !ok {
				t.Fatalf("no application has Location %s", a.Stack)
			}
			for i, b := range behaviors {
				if dig(b, "PathPattern") != a.Prefix+"*" {
					continue
				}
				position[a.Prefix] = i
				target, _ := dig(b, "TargetOriginId").(string)
				domain := origins[target]
				if !strings.Contains(domain, app+".Outputs.") {
					t.Errorf("%s* goes to origin %s (%s), not %s's API", a.Prefix, target, domain, app)
				}
				for _, other := range appOf {
					if other != app && strings.Contains(domain, other+".Outputs.") {
						t.Errorf("%s* goes to origin %s, which names %s's outputs", a.Prefix, target, other)
					}
				}
				return
			}
			t.Errorf("the distribution has no cache behavior %s*", a.Prefix)
		})
	}
	for _, a := range APIAreas {
		for _, b := range APIAreas {
			if len(a.Prefix) > len(b.Prefix) && strings.HasPrefix(a.Prefix, b.Prefix) && position[a.Prefix] > position[b.Prefix] {
				t.Errorf("behavior %s* comes after %s*, which takes its paths first", a.Prefix, b.Prefix)
			}
		}
	}
}

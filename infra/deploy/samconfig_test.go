package deploy

import (
	"bufio"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// readSamconfig reads samconfig.toml's [ENV.deploy.parameters] tables as ENV -> key -> value,
// the value as written (strings quoted). The file uses only tables and key = value lines.
func readSamconfig(t *testing.T, path string) map[string]map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	section := regexp.MustCompile(`^\[([a-z]+)\.deploy\.parameters\]$`)
	out := map[string]map[string]string{}
	var env string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if m := section.FindStringSubmatch(line); m != nil {
			env = m[1]
			out[env] = map[string]string{}
			continue
		}
		if strings.HasPrefix(line, "[") {
			t.Fatalf("%s: table %s is not ENV.deploy.parameters", path, line)
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("%s: %q is not key = value", path, line)
		}
		if env != "" {
			out[env][strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// samconfig.toml has one environment per stage of the template, each deploying its own stack
// without prompts; only prod asks to confirm the change set.
func TestSamconfig(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	envs := readSamconfig(t, filepath.Join(root, "samconfig.toml"))

	data, err := os.ReadFile(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var tmpl struct {
		Parameters struct {
			Stage struct {
				AllowedValues []string `yaml:"AllowedValues"`
			} `yaml:"Stage"`
		} `yaml:"Parameters"`
	}
	if err := yaml.Unmarshal(data, &tmpl); err != nil {
		t.Fatal(err)
	}
	var names []string
	for env := range envs {
		names = append(names, env)
	}
	sort.Strings(names)
	want := append([]string(nil), tmpl.Parameters.Stage.AllowedValues...)
	sort.Strings(want)
	stages := append([]string(nil), Stages...)
	sort.Strings(stages)
	if !reflect.DeepEqual(names, want) || !reflect.DeepEqual(stages, want) {
		t.Fatalf("samconfig.toml environments %v, deploy.Stages %v, template Stage values %v: must be the same", names, stages, want)
	}
	for _, stage := range names {
		t.Run(stage, func(t *testing.T) {
			p := envs[stage]
			confirm := "false"
			if stage == "prod" {
				confirm = "true"
			}
			wantKV := map[string]string{
				"stack_name":              `"crm-portal-` + stage + `"`,
				"resolve_s3":              "true",
				"capabilities":            `"CAPABILITY_IAM CAPABILITY_AUTO_EXPAND"`, // the nested stacks
				"confirm_changeset":       confirm,
				"fail_on_empty_changeset": "false",
				"parameter_overrides":     `"Stage=` + stage + `"`,
			}
			for k, v := range wantKV {
				if p[k] != v {
					t.Errorf("%s = %s, want %s", k, p[k], v)
				}
			}
			for _, k := range []string{"region", "profile"} {
				if _, ok := p[k]; ok {
					t.Errorf("%s is set: the operator's environment chooses it", k)
				}
			}
		})
	}
}

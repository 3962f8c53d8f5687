package deploy

import (
	"fmt"
	"os"
	"sort"

	"gopkg.in/yaml.v3"
)

// TemplateParameters returns the names of the parameters the template at path declares,
// sorted.
func TemplateParameters(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read template parameters: %w", err)
	}
	// Only Parameters is decoded: the rest holds CloudFormation's tags (!Ref, !Sub), which
	// a plain decode into Go values does not know.
	var doc struct {
		Parameters map[string]yaml.Node `yaml:"Parameters"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read template parameters of %s: %w", path, err)
	}
	names := make([]string, 0, len(doc.Parameters))
	for name := range doc.Parameters {
		names = append(names, name)
	}
	sort.Strings(names)
	return names, nil
}

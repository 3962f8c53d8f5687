package crm

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// bigFields is n picklist fields of 200 options with 100-character values (about 25.5 KB
// each).
func bigFields(n int) []Field {
	out := make([]Field, n)
	for i := range out {
		opts := make([]Option, MaxOptions)
		for j := range opts {
			opts[j] = Option{Value: fmt.Sprintf("%03d%s", j, strings.Repeat("v", MaxLabelLength-3))}
		}
		out[i] = Field{APIName: fmt.Sprintf("Pick_%03d", i), Labels: map[string]string{"en": "Pick"}, Type: TypePicklist, Options: opts}
	}
	return out
}

// bigLayouts is n layouts of 50 sections, each with 100-character labels in 20 languages
// (about 110 KB each).
func bigLayouts(n int) []Layout {
	out := make([]Layout, n)
	for i := range out {
		secs := make([]Section, MaxSections)
		for s := range secs {
			labels := map[string]string{}
			for l := 0; l < 20; l++ {
				labels[fmt.Sprintf("l%c", 'a'+l)] = strings.Repeat("x", MaxLabelLength)
			}
			secs[s] = Section{Name: "S", Labels: labels, Fields: []string{"Last_Name"}}
		}
		out[i] = Layout{ID: fmt.Sprintf("layout-%d", i), Name: "L", Sections: secs}
	}
	return out
}

func TestCustomizationSizeErrors(t *testing.T) {
	cases := []struct {
		name string
		c    Customization
		want []string // fields named, sorted
	}{
		{"an empty customization passes", Customization{}, nil},
		{"14 big fields (about 357 KB) pass", Customization{Fields: bigFields(14)}, nil},
		{"the most the validation allows (100 big fields, about 2.1 MB) names fields", Customization{Fields: bigFields(100)}, []string{"fields"}},
		{"big layouts name layouts", Customization{Fields: bigFields(1), Layouts: bigLayouts(5)}, []string{"layouts"}},
		{"big fields and layouts, each alone not enough to remove, name both",
			Customization{Fields: bigFields(17), Layouts: bigLayouts(4)}, []string{"fields", "layouts"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, _ := json.Marshal(c.c)
			errs := CustomizationSizeErrors(c.c)
			var got []string
			for _, e := range errs {
				got = append(got, e.Field)
				if !strings.Contains(e.Message, fmt.Sprintf("would take %d bytes, over its bound of %d", len(doc), MaxCustomizationBytes)) ||
					!strings.Contains(e.Message, e.Field+"[") {
					t.Errorf("%s: message %q", e.Field, e.Message)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("named %v (the customization is %d bytes), want %v", got, len(doc), c.want)
			}
		})
	}
}

func TestMaxCustomizationBytesLeavesRoomInAnItem(t *testing.T) {
	// PK "ORG#" + a 40-character id, SK "MODULE#Sales_Orders", version, the "doc" name.
	keys := len("PK") + 4 + 40 + len("SK") + len("MODULE#Sales_Orders") + len("version") + 21 + len("doc")
	if MaxCustomizationBytes+keys > 400*1024 {
		t.Errorf("a customization of %d bytes makes an item over 400 KB", MaxCustomizationBytes)
	}
}

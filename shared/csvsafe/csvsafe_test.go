package csvsafe

import (
	"reflect"
	"testing"
)

func TestCell(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain text", "C001", "C001"},
		{"formula", `=HYPERLINK("https://evil.example","x")`, `'=HYPERLINK("https://evil.example","x")`},
		{"plus", "+SUM(1)", "'+SUM(1)"},
		{"minus", "-1", "'-1"},
		{"at", "@x", "'@x"},
		{"tab", "\t=1", "'\t=1"},
		{"carriage return", "\r=1", "'\r=1"},
		{"trigger later in the value", "a=1+2", "a=1+2"},
		{"leading space", " =1", " =1"},
		{"apostrophe already", "'=1", "'=1"},
		{"non-ASCII first", "ção", "ção"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Cell(tt.in); got != tt.want {
				t.Errorf("Cell(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRecord(t *testing.T) {
	got := Record("12", "=1", "ok", "-x")
	want := []string{"12", "'=1", "ok", "'-x"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Record = %q, want %q", got, want)
	}
}

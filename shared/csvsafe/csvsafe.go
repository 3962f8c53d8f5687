// Package csvsafe keeps the CSV files the portal hands out (the audit export, the import
// report) from being read as formulas when a spreadsheet opens them (CSV injection).
package csvsafe

import "strings"

// triggers are the first characters that make a spreadsheet read a cell as a formula or
// command: =, +, -, @, and tab and carriage return, which some spreadsheets skip before
// looking for one of the others.
const triggers = "=+-@\t\r"

// Cell returns v so that a spreadsheet shows it as text: a value that starts with one of
// =, +, -, @, tab or carriage return gets a leading apostrophe; any other value is returned
// unchanged.
func Cell(v string) string {
	if v != "" && strings.ContainsRune(triggers, rune(v[0])) {
		return "'" + v
	}
	return v
}

// Record is the cells of one CSV record, each passed through Cell.
func Record(cells ...string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = Cell(c)
	}
	return out
}

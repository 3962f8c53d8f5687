package itemsize

import (
	"strings"
	"testing"
)

func TestNumber(t *testing.T) {
	cases := []struct {
		name string
		lit  string
		want int
	}{
		{"zero is 1 byte", "0", 1},
		{"zero with decimals is 1 byte", "0.000", 1},
		{"one digit: ceil(1/2)+1", "7", 2},
		{"two digits: 2/2+1", "42", 2},
		{"three digits: ceil(3/2)+1", "123", 3},
		{"trailing zeros of an integer are not significant", "1000", 2},
		{"leading and trailing zeros of a decimal are not significant", "0012.500", 3},
		{"inner zeros are significant", "10.01", 3},
		{"a small fraction", "0.05", 2},
		{"the sign is free: 12345 is five digits", "-1234.50", 4},
		{"the exponent is free", "1.5E+30", 2},
		{"a currency amount", "9999999999999.99", 9},
		{"38 significant digits are 20 bytes", strings.Repeat("9", 38), 20},
		{"more digits stop at the cap", strings.Repeat("9", 60), MaxNumberBytes},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Number(c.lit); got != c.want {
				t.Errorf("Number(%q) = %d, want %d", c.lit, got, c.want)
			}
		})
	}
}

func TestSizes(t *testing.T) {
	cases := []struct {
		name string
		got  int
		want int
	}{
		{"ASCII string: its bytes", String("hello"), 5},
		{"accented string: UTF-8 bytes, not characters", String("Ação"), 6},
		{"emoji: 4 bytes each", String("😀😀"), 8},
		{"empty string", String(""), 0},
		{"binary: raw bytes, not base64", Binary([]byte{1, 2, 3, 4}), 4},
		{"bool", Bool(), 1},
		{"null", Null(), 1},
		{"empty list: 3 bytes", List(), 3},
		{"list of two strings: 3 + (1+1) + (1+2)", List(String("a"), String("bc")), 8},
		{"empty map: 3 bytes", Map(), 3},
		{"map {id: 'abc', n: 12}: 3 + (1+2+3) + (1+1+2)", Map(Entry("id", String("abc")), Entry("n", Number("12"))), 13},
		{"nested: list of one empty map", List(Map()), 7},
		{"string set counted like a list", Set(String("x"), String("yz")), 8},
		{"attribute: name bytes + value", Entry("PK", String("ORG#1")), 7},
		{"item: sum of attributes, no overhead",
			Item(Entry("PK", String("ORG#1")), Entry("SK", String("ORG")), Entry("version", Number("3"))), 7 + 5 + 9},
		{"item of a 400 KB string is over the limit by its name",
			Item(Entry("doc", String(strings.Repeat("x", MaxItemBytes)))), MaxItemBytes + 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %d, want %d", c.got, c.want)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	cases := []struct {
		name string
		got  int
		want int
	}{
		{"item: 400 KiB", MaxItemBytes, 409600},
		{"transaction items", MaxTransactItems, 100},
		{"transaction bytes: 4 MiB", MaxTransactBytes, 4194304},
		{"batch write items", MaxBatchWriteItems, 25},
		{"batch write bytes: 16 MiB", MaxBatchWriteBytes, 16777216},
		{"batch get keys", MaxBatchGetItems, 100},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %d, want %d", c.got, c.want)
			}
		})
	}
}

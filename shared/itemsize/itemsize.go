// Package itemsize computes the size of a DynamoDB item as DynamoDB counts it toward its
// limits, and names those limits, so that a write can be refused before it is sent instead of
// failing on AWS with a ValidationException (answered as a 500).
//
// It is plain Go (no AWS SDK): sizes are built from the primitives below, bottom up. The
// store (shared/store) turns its attribute values into these calls.
//
// The rules are those of "DynamoDB item sizes and formats" (Amazon DynamoDB Developer Guide,
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
//
//   - the size of an item is the sum of the lengths of its attribute names and values;
//   - a string is its UTF-8 bytes; an attribute name counts its UTF-8 bytes too;
//   - a number is "approximately" 1 byte per two significant digits, plus 1 byte (leading and
//     trailing zeros are trimmed; at most 38 significant digits, so at most 20 bytes; we round
//     up and cap at [MaxNumberBytes] = 21 to stay on the safe side of "approximately");
//   - a binary is its raw bytes (not its base64 form);
//   - a null or a Boolean is 1 byte;
//   - a list or a map is 3 bytes of overhead plus the sizes of its elements, and each element
//     costs 1 byte more (a map element also counts its key's UTF-8 bytes);
//   - sets (string, number, binary) have no rule of their own on that page; we count them like
//     a list of their elements (3 + Σ(1 + element)), which can only over-count.
//
// The limits are those of "Constraints in Amazon DynamoDB"
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html), which
// says that every size uses binary units (1 KB = 1024 bytes, 1 MB = 1024 KB), and of the API
// reference of TransactWriteItems, BatchWriteItem and BatchGetItem.
package itemsize

import (
	"strings"
)

// DynamoDB's limits.
const (
	// MaxItemBytes is the largest item: 400 KB, attribute names and values included.
	MaxItemBytes = 400 * 1024
	// MaxTransactItems is the most actions (Put, Update, Delete, ConditionCheck) of one
	// TransactWriteItems.
	MaxTransactItems = 100
	// MaxTransactBytes is the most bytes of the items of one TransactWriteItems ("the
	// aggregate size of the items in the transaction cannot exceed 4 MB").
	MaxTransactBytes = 4 * 1024 * 1024
	// MaxBatchWriteItems is the most put or delete requests of one BatchWriteItem.
	MaxBatchWriteItems = 25
	// MaxBatchWriteBytes is the most data one BatchWriteItem may carry (16 MB).
	MaxBatchWriteBytes = 16 * 1024 * 1024
	// MaxBatchGetItems is the most keys of one BatchGetItem.
	MaxBatchGetItems = 100
	// MaxBatchGetBytes is the most data one BatchGetItem answers (16 MB; the rest comes back
	// as UnprocessedKeys).
	MaxBatchGetBytes = 16 * 1024 * 1024
	// MaxNumberBytes is the most a number counts here (38 significant digits are 20 bytes;
	// one more for the "approximately").
	MaxNumberBytes = 21
)

// Overheads of the document types.
const (
	// ContainerBytes is the overhead of a list, a map (and here of a set).
	ContainerBytes = 3
	// ElementBytes is the overhead of each element of a list or map.
	ElementBytes = 1
)

// String is the size of a string value: its UTF-8 bytes.
func String(s string) int { return len(s) }

// Binary is the size of a binary value: its raw bytes.
func Binary(b []byte) int { return len(b) }

// Bool is the size of a Boolean value.
func Bool() int { return 1 }

// Null is the size of a null value.
func Null() int { return 1 }

// Number is the size of a number written as DynamoDB receives it ("-12.50", "1E+3"):
// ceil(significant digits / 2) + 1, at most [MaxNumberBytes]. Leading and trailing zeros are
// not significant; zero is 1 byte.
func Number(lit string) int {
	if i := strings.IndexAny(lit, "eE"); i >= 0 {
		lit = lit[:i]
	}
	lit = strings.TrimLeft(lit, "+-")
	digits := strings.Replace(lit, ".", "", 1)
	digits = strings.Trim(digits, "0")
	n := 0
	for _, c := range digits {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	size := (n+1)/2 + 1
	if size > MaxNumberBytes {
		size = MaxNumberBytes
	}
	return size
}

// List is the size of a list whose elements have the given sizes.
func List(elems ...int) int {
	size := ContainerBytes
	for _, e := range elems {
		size += ElementBytes + e
	}
	return size
}

// Set is the size of a string, number or binary set whose elements have the given sizes,
// counted like a list (see the package comment).
func Set(elems ...int) int { return List(elems...) }

// Entry is the size of one map element or item attribute: its name's UTF-8 bytes plus the
// size of its value.
func Entry(name string, value int) int { return len(name) + value }

// Map is the size of a map whose entries have the given sizes (each from [Entry]).
func Map(entries ...int) int { return List(entries...) }

// Item is the size of an item whose attributes have the given sizes (each from [Entry]):
// their sum, with no overhead.
func Item(attrs ...int) int {
	size := 0
	for _, a := range attrs {
		size += a
	}
	return size
}

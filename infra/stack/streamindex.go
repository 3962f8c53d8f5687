package stack

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Dynoxide keeps the table's stream records in one SQLite table with no index but its row
// id, and every write to a table with a stream asks it for the next sequence number with
// MAX(CAST(sequence_number AS INTEGER)) over all the records written so far; every GetRecords
// filters and orders on the same expression. Each write therefore costs a scan of the whole
// stream, and a session's writes cost the square of their number: a 10,000-row import (a
// record, its links, its search keys and its events: some 80,000 stream records) slowed from
// seconds to a quarter of an hour and stalled the writes after it. The stack adds the two
// indexes those queries need, on the expression they use, to the database file Dynoxide
// serves (the file exists as soon as Dynoxide answers). SQLite then answers both from the
// index; nothing Dynoxide returns changes. AWS's streams have no such cost.
const streamIndexSQL = `
CREATE INDEX IF NOT EXISTS portal_stream_seq ON _stream_records (table_name, CAST(sequence_number AS INTEGER));
CREATE INDEX IF NOT EXISTS portal_stream_shard_seq ON _stream_records (table_name, shard_id, CAST(sequence_number AS INTEGER));
`

// streamIndexScript runs streamIndexSQL on the database file argv[1] with Python's own sqlite3
// (the stack's Python, the one moto runs on: no SQLite library is added for it).
const streamIndexScript = `import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
c.executescript(sys.argv[2])
c.close()`

// indexStreamRecords adds the stream-record indexes to the Dynoxide database at dbPath with
// root's Python.
func indexStreamRecords(ctx context.Context, root, dbPath string) error {
	python := filepath.Join(root, filepath.Dir(MotoServer), "python")
	out, err := exec.CommandContext(ctx, python, "-c", streamIndexScript, dbPath, streamIndexSQL).CombinedOutput()
	if err != nil {
		return fmt.Errorf("local stack: index the stream records of %s: %w: %s", dbPath, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// memoryDir is where a stack without a data directory keeps Dynoxide's database file: a
// memory-backed file system where the machine has one (Linux's /dev/shm), so that the file
// costs what Dynoxide's in-memory database would; the system's temporary directory otherwise.
func memoryDir() string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if f, err := os.CreateTemp("/dev/shm", "portal-probe-"); err == nil {
			f.Close()
			os.Remove(f.Name())
			return "/dev/shm"
		}
	}
	return ""
}

// DynamoDBFile is the SQLite file the stack's Dynoxide serves, "" when the stack uses an
// external DynamoDB.
func (s *Stack) DynamoDBFile() string { return s.dbPath }

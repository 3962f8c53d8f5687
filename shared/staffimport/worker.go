package staffimport

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"crmportal/shared/crm"
	"crmportal/shared/csvsafe"
	"crmportal/shared/httpapi"
	"crmportal/shared/outbox"
	"crmportal/shared/platform"
	"crmportal/shared/store"
)

// workers is how many rows are written at once.
const workers = 8

// HandleS3 runs the import of each uploaded file in the event, the object the event names by
// its ETag (see Run). A file whose job is not awaiting its upload (an S3 event delivered twice,
// or the upload form used again) is skipped. An error is returned only for failures that a
// retry of the event may fix.
func (s *Service) HandleS3(ctx context.Context, ev events.S3Event) error {
	var errs []error
	for _, rec := range ev.Records {
		key, err := url.QueryUnescape(rec.S3.Object.Key)
		if err != nil {
			continue
		}
		if err := s.Run(ctx, key, rec.S3.Object.ETag); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// rowError is one line of the report.
type rowError struct {
	Line       int
	ExternalID string
	Field      string
	Message    string
	// busy is a transient error of the storage (a throttle after the SDK's retries, a
	// conflict or an unprocessed batch after the store's): the row is tried again, never
	// reported as failed for it.
	busy error
}

// rowAttempts bounds the tries of a row that meets a busy storage; the waits between them
// are rowBackoff, doubled each time (with jitter), about 0.1+0.2+0.4+0.8 s at most.
const (
	rowAttempts = 5
	rowBackoff  = 100 * time.Millisecond
)

// errBusy ends a job whose rows kept meeting a busy storage through their retries.
var errBusy = errors.New("the storage stayed busy")

// busyRow is the transient error among a row's results, if any.
func busyRow(errs []rowError) error {
	for _, e := range errs {
		if e.busy != nil {
			return e.busy
		}
	}
	return nil
}

// rowRetrying imports one row, trying it again with backoff while the storage is busy (a
// row's attempt that met a busy storage wrote nothing: every write is one transaction). It
// returns the row's data errors, or the last transient error when the tries ran out.
func (s *Service) rowRetrying(ctx context.Context, m crm.Module, job store.ImportJob, col map[string]int, cells []string) ([]rowError, error) {
	wait := rowBackoff
	for attempt := 1; ; attempt++ {
		errs := s.row(ctx, m, job, col, cells)
		busy := busyRow(errs)
		if busy == nil {
			return errs, nil
		}
		if attempt == rowAttempts {
			return nil, busy
		}
		httpapi.Logger(ctx).Warn("import row: storage busy, trying again", "job", job.ID, "attempt", attempt, "err", busy.Error())
		t := time.NewTimer(wait/2 + rand.N(wait/2+1))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		}
		wait *= 2
	}
}

// Run imports the file at key (imports/<org>/<job>.csv) whose ETag is etag, as the upload's
// S3 event names it. The file is read once, by that ETag, and the bytes read are the ones
// parsed, checked and imported; the job records the ETag when it starts, and from then on no
// upload to its key (the upload URL used again) is imported or changes the job. When the
// object was replaced after the event, the read is refused and this event skipped: the
// replacement's own event runs the job, unless the job has started already.
func (s *Service) Run(ctx context.Context, key, etag string) error {
	rest, ok := strings.CutPrefix(key, uploadPrefix)
	org, file, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || !strings.HasSuffix(file, ".csv") {
		return nil
	}
	job, err := s.Store.GetImportJob(ctx, org, strings.TrimSuffix(file, ".csv"))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if job.Status != "awaiting_upload" {
		return nil
	}
	f, err := s.read(ctx, key, etag)
	if errors.Is(err, errReplaced) {
		httpapi.Logger(ctx).Info("import file replaced since its event; its own event follows", "job", job.ID, "etag", etag)
		return nil
	}
	if err != nil {
		return s.failUnstarted(ctx, job, err.Error())
	}
	// The module is read before the job starts: a busy table (a throttle after the SDK's
	// retries) is then returned, so Lambda delivers the event again to a job still awaiting
	// its upload; once started, a second delivery would skip it and leave it running.
	m, _, err := s.Modules.Module(ctx, org, job.Module)
	if httpapi.KindOf(err) == httpapi.NotFound {
		return s.failUnstarted(ctx, job, "the module is not available")
	}
	if err != nil {
		return fmt.Errorf("import %s: module %s: %w", job.ID, job.Module, err)
	}
	rows, header := f.rows, f.header
	if err := s.Store.StartImportJob(ctx, org, job.ID, len(rows), f.etag); err != nil {
		if errors.Is(err, store.ErrVersion) {
			return nil
		}
		return err
	}
	job.ETag = f.etag
	job.Status, job.Total = "running", len(rows)
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	var missing []string
	for c := range job.Mapping {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if _, ok := col[job.ExternalIDColumn]; job.ExternalIDColumn != "" && !ok {
		missing = append(missing, job.ExternalIDColumn)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return s.fail(ctx, job, "the file has no column "+strings.Join(missing, ", "))
	}

	var (
		mu     sync.Mutex
		failed []rowError
		done   int
		busy   error // the first row whose storage stayed busy through its retries
	)
	lines := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range lines {
				var errs []rowError
				if len(rows[i]) != len(header) {
					errs = []rowError{{Message: fmt.Sprintf("the row has %d cells, the header %d", len(rows[i]), len(header))}}
				} else {
					var err error
					if errs, err = s.rowRetrying(ctx, m, job, col, rows[i]); err != nil {
						mu.Lock()
						if busy == nil {
							busy = fmt.Errorf("line %d: %w", i+2, err)
						}
						mu.Unlock()
						continue
					}
				}
				mu.Lock()
				for _, e := range errs {
					e.Line = i + 2 // the header is line 1
					failed = append(failed, e)
				}
				done++
				n, f := done, len(failedLines(failed))
				mu.Unlock()
				if n%progressEvery == 0 {
					_ = s.Store.ImportProgress(ctx, org, job.ID, n, f)
				}
			}
		}()
	}
	for i := range rows {
		mu.Lock()
		stop := busy != nil
		mu.Unlock()
		if stop {
			break
		}
		lines <- i
	}
	close(lines)
	wg.Wait()
	if busy != nil {
		// Not the rows' fault: no row is reported failed for it. The rows imported so far
		// stay (with an external id column, importing the file again updates them).
		httpapi.Logger(ctx).Error("import stopped: storage busy", "job", job.ID, "err", busy.Error())
		job.Done = done
		if err := s.fail(ctx, job, "the storage was too busy to finish the import; import the file again"); err != nil {
			return errors.Join(fmt.Errorf("import %s: %w: %w", job.ID, errBusy, busy), err)
		}
		return nil
	}

	sort.Slice(failed, func(i, j int) bool {
		if failed[i].Line != failed[j].Line {
			return failed[i].Line < failed[j].Line
		}
		return failed[i].Field < failed[j].Field
	})
	job.Done, job.Failed, job.Status = done, len(failedLines(failed)), "done"
	if len(failed) > 0 {
		job.ReportKey = reportKey(job)
		if err := s.writeReport(ctx, job.ReportKey, failed); err != nil {
			return err
		}
	}
	return s.Store.FinishImportJob(ctx, job, "running")
}

func failedLines(errs []rowError) map[int]bool {
	out := map[int]bool{}
	for _, e := range errs {
		out[e.Line] = true
	}
	return out
}

// row imports one row: a create, or with an external id seen before, an update of the record
// imported then. It returns the row's errors (nothing is written when there are any).
func (s *Service) row(ctx context.Context, m crm.Module, job store.ImportJob, col map[string]int, cells []string) []rowError {
	in := rowInput(m, job.Mapping, col, cells)
	ext := ""
	if job.ExternalIDColumn != "" {
		ext = strings.TrimSpace(cells[col[job.ExternalIDColumn]])
		if utf8.RuneCountInString(ext) > 200 {
			return []rowError{{Field: job.ExternalIDColumn, Message: "the external id must be at most 200 characters"}}
		}
	}
	fail := func(err error) []rowError {
		if httpapi.Transient(err) {
			// Not the row's fault: the storage is busy. The caller tries the row again.
			return []rowError{{busy: err}}
		}
		var he *httpapi.Error
		if errors.As(err, &he) && len(he.Fields) > 0 {
			out := make([]rowError, len(he.Fields))
			for i, f := range he.Fields {
				out[i] = rowError{ExternalID: ext, Field: f.Field, Message: f.Message}
			}
			return out
		}
		if errors.As(err, &he) {
			return []rowError{{ExternalID: ext, Message: he.Detail}}
		}
		httpapi.Logger(ctx).Error("import row failed", "job", job.ID, "err", err.Error())
		return []rowError{{ExternalID: ext, Message: "internal error; import the row again"}}
	}
	if ext != "" {
		id, err := s.Store.RecordIDByExternalID(ctx, job.OrgID, m.APIName, ext)
		switch {
		case err == nil:
			old, err := s.Store.GetRecordConsistent(ctx, m, job.OrgID, id)
			if err != nil {
				return fail(err)
			}
			next, err := s.Modules.Apply(ctx, m, old, job.CreatedBy, "", in)
			if err != nil {
				return fail(err)
			}
			if err := s.Store.UpdateRecord(ctx, m, old, next, importEvents(m, &old, next, job)...); err != nil {
				return fail(err)
			}
			return nil
		case !errors.Is(err, store.ErrNotFound):
			return fail(err)
		}
	}
	rec, err := s.Modules.Build(ctx, m, job.OrgID, job.CreatedBy, "", in)
	if err != nil {
		return fail(err)
	}
	rec.ExternalID = ext
	if err := s.Store.CreateRecord(ctx, m, rec, importEvents(m, nil, rec, job)...); err != nil {
		if errors.Is(err, store.ErrExists) {
			return []rowError{{ExternalID: ext, Field: job.ExternalIDColumn, Message: "the external id appears twice in the file"}}
		}
		return fail(err)
	}
	return nil
}

// importEvents are the events of an imported row, a staff write by the job's creator: a
// record newly linked to a customer tells them (record.linked); a changed field does not
// (field.changed is for a staff member's edit, not for a file's bulk update of data).
func importEvents(m crm.Module, old *store.Record, next store.Record, job store.ImportJob) []store.Event {
	return outbox.StaffRecord(m, old, next, nil, store.Actor{Kind: store.ActorStaff, ID: job.CreatedBy.ID, Name: job.CreatedBy.Name})
}

// rowInput is a row's cells as the request body of a record: column c of mapping goes to field
// mapping[c], read by the field's type. An empty cell leaves the field as it is (on a re-run too).
func rowInput(m crm.Module, mapping map[string]string, col map[string]int, cells []string) map[string]json.RawMessage {
	in := map[string]json.RawMessage{}
	for c, field := range mapping {
		if cell := cells[col[c]]; strings.TrimSpace(cell) != "" {
			fd, _ := m.Field(field)
			in[field] = fd.RawFromText(cell)
		}
	}
	return in
}

// errReplaced: the object at the key is no longer the one the S3 event named.
var errReplaced = errors.New("the file was replaced")

// csvFile is an uploaded file as read: its rows after the header, and the ETag of the bytes
// read.
type csvFile struct {
	rows   [][]string
	header []string
	etag   string
}

// read fetches the object at key whose ETag is etag (any object when etag is "") and parses
// it: UTF-8 (a BOM is dropped), a header row, at most MaxRows rows of exactly the header's
// width. It answers the ETag of the bytes it read; errReplaced when the object is another one.
func (s *Service) read(ctx context.Context, key, etag string) (csvFile, error) {
	in := &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key)}
	if etag != "" {
		// Unquoted, as S3 events carry it: S3 and the local emulator both compare it so.
		in.IfMatch = aws.String(strings.Trim(etag, `"`))
	}
	out, err := s.S3.GetObject(ctx, in)
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorCode() == "PreconditionFailed" {
		return csvFile{}, errReplaced
	}
	if err != nil {
		httpapi.Logger(ctx).Error("import file not read", "key", key, "err", err.Error())
		return csvFile{}, fmt.Errorf("the file could not be read")
	}
	defer out.Body.Close()
	b, err := io.ReadAll(io.LimitReader(out.Body, MaxFileBytes+1))
	if err != nil {
		httpapi.Logger(ctx).Error("import file not read", "key", key, "err", err.Error())
		return csvFile{}, fmt.Errorf("the file could not be read")
	}
	if len(b) > MaxFileBytes {
		return csvFile{}, fmt.Errorf("the file is larger than %d MB", MaxFileBytes>>20)
	}
	rows, header, err := parseCSV(b)
	return csvFile{rows: rows, header: header, etag: strings.Trim(aws.ToString(out.ETag), `"`)}, err
}

// parseCSV parses a file: UTF-8 (a BOM is dropped), a header row, at most MaxRows rows; a
// row's width is checked by the caller.
func parseCSV(b []byte) ([][]string, []string, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		return nil, nil, fmt.Errorf("the file is not UTF-8 text")
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1 // a row of the wrong width is that row's error, not the file's
	header, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("the file has no header row")
	}
	if len(header) > MaxColumns {
		return nil, nil, fmt.Errorf("the file has more than %d columns", MaxColumns)
	}
	var rows [][]string
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, fmt.Errorf("line %d is not valid CSV: %v", pe.Line, pe.Err)
			}
			return nil, nil, fmt.Errorf("the file is not valid CSV")
		}
		if len(rows) == MaxRows {
			return nil, nil, fmt.Errorf("the file has more than %d rows", MaxRows)
		}
		rows = append(rows, row)
	}
	return rows, header, nil
}

func (s *Service) writeReport(ctx context.Context, key string, errs []rowError) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"line", "external_id", "field", "error"})
	for _, e := range errs {
		// The cells come from the uploaded file: none may open as a formula in a spreadsheet.
		_ = w.Write(csvsafe.Record(strconv.Itoa(e.Line), e.ExternalID, e.Field, e.Message))
	}
	w.Flush()
	if _, err := s.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key),
		Body: bytes.NewReader(buf.Bytes()), ContentType: aws.String("text/csv; charset=utf-8")}); err != nil {
		return fmt.Errorf("write import report %s: %w", key, err)
	}
	return nil
}

// fail ends a running job that could not finish, with the reason for the console.
func (s *Service) fail(ctx context.Context, job store.ImportJob, reason string) error {
	job.Status, job.Error = "failed", reason
	return s.Store.FinishImportJob(ctx, job, "running")
}

// failUnstarted ends a job still awaiting its upload whose file could not be read, with the
// reason; nothing when another upload's event started or ended it meanwhile.
func (s *Service) failUnstarted(ctx context.Context, job store.ImportJob, reason string) error {
	job.Status, job.Error = "failed", reason
	if err := s.Store.FinishImportJob(ctx, job, "awaiting_upload"); err != nil && !errors.Is(err, store.ErrVersion) {
		return err
	}
	return nil
}

// WorkerFunction is the handler of the imports bucket's S3 events.
func WorkerFunction(d platform.Deps) func(context.Context, events.S3Event) error {
	s := New(d)
	return func(ctx context.Context, ev events.S3Event) error {
		return s.HandleS3(httpapi.WithLogger(ctx, d.Logger), ev)
	}
}

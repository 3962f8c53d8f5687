package portalapi

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"crmportal/shared/attachments"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/platform/s3client"
	"crmportal/shared/store"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// ExportLinkLifetime is how long the download links of the files in an export work: long
// enough to save the file and open the links, short enough that a file passed on stops
// giving access soon.
const ExportLinkLifetime = 15 * time.Minute

// exportWritingsRecords bounds the records whose notes and files an export looks through:
// notes and files have no index by author, so each record costs two Queries of its notes
// and files partitions, and 200 records (400 Queries) fit the function's 10 seconds.
const exportWritingsRecords = 200

// exportWritingsBudget bounds the notes and files in the file (their JSON, as
// httpapi.WireSize counts it); the records have exportBudget, so the file stays under
// Lambda's 6 MB response limit.
const exportWritingsBudget = 512 << 10

// writingsPage bounds one Query of a record's notes or files partition.
const writingsPage = store.MaxPage

// ExportNoteJSON is a note the user wrote, with the record it is on.
type ExportNoteJSON struct {
	Module     string    `json:"module"`
	RecordID   string    `json:"recordId"`
	ID         string    `json:"id"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"createdAt"`
	ModifiedAt time.Time `json:"modifiedAt"`
}

// ExportFileJSON is a file the user uploaded, with the record it is on and a download link
// that works until ExpiresAt (ExportLinkLifetime after the export).
type ExportFileJSON struct {
	Module      string    `json:"module"`
	RecordID    string    `json:"recordId"`
	ID          string    `json:"id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"contentType"`
	Size        int64     `json:"size"`
	CreatedAt   time.Time `json:"createdAt"`
	URL         string    `json:"url"`
	ExpiresAt   time.Time `json:"expiresAt"`
}

// writingsStore reads the notes and files a portal user wrote on one record.
type writingsStore interface {
	ListNotesByAuthor(ctx context.Context, org, record, author string, limit int, after string) ([]store.Note, string, error)
	ListAttachmentsByUploader(ctx context.Context, org, record, uploader string, limit int, after string) ([]store.Attachment, string, error)
}

var _ writingsStore = (*store.Store)(nil)

// Writings finds the notes and files a portal user wrote, for the data export, and signs
// the files' download links.
type Writings struct {
	Store   writingsStore
	Presign attachments.Presigner
	Bucket  string
}

// recordRef names a record of the export.
type recordRef struct{ module, id string }

// exportRefs is the records the export looks through for the user's notes and files: the
// records of out, by tab in the order of tabs, each once, at most max. cut is true when out
// holds more, or when a tab's records are not all in the file (out.Truncated): the notes
// and files on the records left out are then not in the file.
func exportRefs(out ExportJSON, tabs []string, max int) (refs []recordRef, cut bool) {
	seen := map[recordRef]bool{}
	for _, m := range tabs {
		for _, rec := range out.Records[m] {
			ref := recordRef{m, rec.ID}
			if seen[ref] {
				continue
			}
			if len(refs) == max {
				return refs, true
			}
			seen[ref] = true
			refs = append(refs, ref)
		}
	}
	return refs, len(out.Truncated) > 0
}

// writtenBy tells whether a is the portal user user: the Query filters by author already;
// this check keeps another person's note out even if a filter were wrong.
func writtenBy(a store.Actor, user string) bool {
	return a.Kind == store.ActorPortal && a.ID == user && user != ""
}

// writingCost is what v costs in the file: its JSON, indented as the file holds it, with its
// separator (see exportCost).
func writingCost(v any) (int, error) {
	b, err := json.MarshalIndent(v, "    ", "  ")
	if err != nil {
		return 0, err
	}
	return httpapi.WireSize(b) + httpapi.WireSize([]byte(",\n    ")), nil
}

// add puts the notes and files user wrote on the records of refs into out, while they fit
// budget; out.WritingsTruncated says why some may be missing ("records" when cut, "size"
// when the budget is spent). Links are signed at now.
func (w *Writings) add(ctx context.Context, out *ExportJSON, org, user string, refs []recordRef, cut bool, now time.Time) error {
	budget := httpapi.Budget{Max: exportWritingsBudget}
	if cut {
		out.WritingsTruncated = truncatedRecords
	}
	for _, ref := range refs {
		for after := ""; ; {
			notes, next, err := w.Store.ListNotesByAuthor(ctx, org, ref.id, user, writingsPage, after)
			if err != nil {
				return fmt.Errorf("export notes of %s %s: %w", ref.module, ref.id, err)
			}
			for _, n := range notes {
				if !writtenBy(n.Author, user) || n.Internal {
					continue
				}
				item := ExportNoteJSON{Module: ref.module, RecordID: ref.id, ID: n.ID, Body: n.Body, CreatedAt: n.CreatedAt, ModifiedAt: n.ModifiedAt}
				if ok, err := take(&budget, item); err != nil || !ok {
					out.WritingsTruncated = truncatedSize
					return err
				}
				out.Notes = append(out.Notes, item)
			}
			if next == "" {
				break
			}
			after = next
		}
		for after := ""; ; {
			files, next, err := w.Store.ListAttachmentsByUploader(ctx, org, ref.id, user, writingsPage, after)
			if err != nil {
				return fmt.Errorf("export files of %s %s: %w", ref.module, ref.id, err)
			}
			for _, a := range files {
				if !writtenBy(a.UploadedBy, user) || a.Status != store.AttachmentReady {
					continue
				}
				link, err := attachments.SignDownload(ctx, w.Presign, w.Bucket, a, now, ExportLinkLifetime)
				if err != nil {
					return err
				}
				item := ExportFileJSON{Module: ref.module, RecordID: ref.id, ID: a.ID, Filename: a.Filename, ContentType: a.ContentType,
					Size: a.Size, CreatedAt: a.CreatedAt, URL: link.URL, ExpiresAt: link.ExpiresAt}
				if ok, err := take(&budget, item); err != nil || !ok {
					out.WritingsTruncated = truncatedSize
					return err
				}
				out.Files = append(out.Files, item)
			}
			if next == "" {
				break
			}
			after = next
		}
	}
	return nil
}

// take takes item's cost from budget.
func take(budget *httpapi.Budget, item any) (bool, error) {
	cost, err := writingCost(item)
	if err != nil {
		return false, err
	}
	return budget.Take(cost), nil
}

// withWritings gives s what the export needs to find the user's notes and files and sign
// the files' links (an S3 presigner: only the export's function builds one).
func withWritings(s *Service, d platform.Deps) *Service {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	s.Writings = &Writings{Store: st, Presign: s3.NewPresignClient(s3client.New(d)), Bucket: d.Config.AttachmentsBucket}
	return s
}

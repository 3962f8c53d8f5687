// Package staffimport runs CSV imports of CRM records: the route that creates a job and a
// presigned upload, the route that reports progress, and the worker that the upload's S3
// event starts.
package staffimport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/platform"
	"crmportal/shared/platform/s3client"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// Limits of an import.
const (
	MaxRows       = 50000
	MaxFileBytes  = 32 << 20
	MaxColumns    = 200
	UploadExpiry  = 5 * time.Minute // the console sends the file right after it creates the job
	ReportExpiry  = 5 * time.Minute
	uploadPrefix  = "imports/"
	reportPrefix  = "reports/"
	csvType       = "text/csv"
	progressEvery = 250
)

// Presigner signs the upload and report URLs.
type Presigner interface {
	PresignPutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.PresignOptions)) (*PresignedRequest, error)
	PresignGetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.PresignOptions)) (*PresignedRequest, error)
}

// Objects are the S3 calls of the worker.
type Objects interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

var _ Objects = (*s3.Client)(nil)

// importStore is what the import routes and the worker read and write: jobs and records.
type importStore interface {
	Now() time.Time
	CreateImportJob(ctx context.Context, j store.ImportJob) error
	GetImportJob(ctx context.Context, org, id string) (store.ImportJob, error)
	StartImportJob(ctx context.Context, org, id string, total int, etag string) error
	ImportProgress(ctx context.Context, org, id string, done, failed int) error
	FinishImportJob(ctx context.Context, j store.ImportJob, from string) error
	RecordIDByExternalID(ctx context.Context, org, module, ext string) (string, error)
	GetRecordConsistent(ctx context.Context, m crm.Module, org, id string) (store.Record, error)
	CreateRecord(ctx context.Context, m crm.Module, r store.Record, evs ...store.Event) error
	UpdateRecord(ctx context.Context, m crm.Module, old, r store.Record, evs ...store.Event) error
}

var _ importStore = (*store.Store)(nil)

// Service holds what the import routes and the worker share.
type Service struct {
	Guard   *staffguard.Guard
	Store   importStore
	Modules *modules.Catalog
	Presign Presigner
	S3      Objects
	Bucket  string
}

// New builds the service from a function's dependencies.
func New(d platform.Deps) *Service {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	objects := s3client.New(d)
	return &Service{Guard: staffguard.New(st, d.Config), Store: st, Modules: modules.New(st),
		Presign: s3.NewPresignClient(objects), S3: objects, Bucket: d.Config.ImportsBucket}
}

// Upload tells the browser how to send the file.
type Upload struct {
	URL       string            `json:"url"`
	Method    string            `json:"method"`
	Headers   map[string]string `json:"headers"`
	ExpiresAt time.Time         `json:"expiresAt"`
}

// JobJSON is an import job as the API answers it.
type JobJSON struct {
	store.ImportJob
	Upload    *Upload `json:"upload,omitempty"`
	ReportURL string  `json:"reportUrl,omitempty"`
}

type createBody struct {
	Filename         string            `json:"filename"`
	Mapping          map[string]string `json:"mapping"`
	ExternalIDColumn string            `json:"externalIdColumn"`
}

// Create checks the column mapping against the module and answers a new job with a presigned
// PUT for the file; the upload starts the worker.
func (s *Service) Create(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	m, _, err := s.Modules.Module(ctx, p.OrgID, r.PathParameters["module"])
	if err != nil {
		return nil, err
	}
	var in createBody
	if err := httpapi.Decode(r, &in); err != nil {
		return nil, err
	}
	var errs []httpapi.FieldError
	name := strings.TrimSpace(in.Filename)
	if name == "" || utf8.RuneCountInString(name) > 200 || !strings.HasSuffix(strings.ToLower(name), ".csv") {
		errs = append(errs, httpapi.FieldError{Field: "filename", Message: "must be a .csv file name of at most 200 characters"})
	}
	if len(in.Mapping) == 0 || len(in.Mapping) > MaxColumns {
		errs = append(errs, httpapi.FieldError{Field: "mapping", Message: fmt.Sprintf("must map 1 to %d columns to fields", MaxColumns)})
	}
	seen := map[string]string{}
	for col, field := range in.Mapping {
		if _, ok := m.Field(field); !ok {
			errs = append(errs, httpapi.FieldError{Field: "mapping." + col, Message: field + " is not a field of " + m.APIName})
		} else if other, dup := seen[field]; dup {
			errs = append(errs, httpapi.FieldError{Field: "mapping." + col, Message: "maps to " + field + ", like column " + other})
		}
		seen[field] = col
	}
	if len(in.ExternalIDColumn) > 200 {
		errs = append(errs, httpapi.FieldError{Field: "externalIdColumn", Message: "must be at most 200 characters"})
	}
	if len(errs) > 0 {
		return nil, httpapi.FieldErrors(errs...)
	}
	id, err := auth.NewID()
	if err != nil {
		return nil, err
	}
	// The job's author is named as the guard read the member on this request.
	job := store.ImportJob{OrgID: p.OrgID, ID: jobID(s.Store.Now(), id), Module: m.APIName, Status: "awaiting_upload",
		Filename: path.Base(name), Mapping: in.Mapping, ExternalIDColumn: in.ExternalIDColumn,
		CreatedBy: store.Ref{ID: p.UserID, Name: p.Name}, CreatedAt: s.Store.Now()}
	if err := s.Store.CreateImportJob(ctx, job); err != nil {
		return nil, err
	}
	req, err := s.Presign.PresignPutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.Bucket),
		Key: aws.String(uploadKey(job)), ContentType: aws.String(csvType)},
		s3.WithPresignExpires(UploadExpiry))
	if err != nil {
		return nil, fmt.Errorf("presign upload of import %s: %w", job.ID, err)
	}
	out := JobJSON{ImportJob: job, Upload: &Upload{URL: req.URL, Method: http.MethodPut,
		Headers: map[string]string{"Content-Type": csvType}, ExpiresAt: s.Store.Now().Add(UploadExpiry)}}
	return httpapi.JSON(http.StatusCreated, out), nil
}

// Get answers a job's status and progress, and a link to its report of failed rows.
func (s *Service) Get(ctx context.Context, p staffguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	id := r.PathParameters["jobId"]
	job, err := s.Store.GetImportJob(ctx, p.OrgID, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && job.Module != r.PathParameters["module"]) {
		return nil, httpapi.Errorf(httpapi.NotFound, "no import job with that id")
	}
	if err != nil {
		return nil, err
	}
	out := JobJSON{ImportJob: job}
	if job.ReportKey != "" {
		req, err := s.Presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(job.ReportKey),
			ResponseContentDisposition: aws.String(`attachment; filename="import-errors.csv"`)},
			s3.WithPresignExpires(ReportExpiry))
		if err != nil {
			return nil, fmt.Errorf("presign report of import %s: %w", job.ID, err)
		}
		out.ReportURL = req.URL
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// jobID sorts by creation time (newest last) and is unique.
func jobID(now time.Time, random string) string {
	return fmt.Sprintf("%013d", now.UnixMilli()) + random[:12]
}

func uploadKey(j store.ImportJob) string { return uploadPrefix + j.OrgID + "/" + j.ID + ".csv" }
func reportKey(j store.ImportJob) string { return reportPrefix + j.OrgID + "/" + j.ID + ".csv" }

// CreateFunction is the handler of POST /api/admin/import/{module}.
func CreateFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard.Guard(s.Create))
}

// GetFunction is the handler of GET /api/admin/import/{module}/{jobId}.
func GetFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard.Guard(s.Get))
}

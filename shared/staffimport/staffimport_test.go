package staffimport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/staffguard"
	"crmportal/shared/store"
)

// fakeStore keeps jobs and records in memory and records the writes. The worker writes rows
// from several goroutines, hence the lock.
type fakeStore struct {
	mu       sync.Mutex
	jobs     map[string]store.ImportJob
	records  map[string]store.Record // by id
	external map[string]string       // external id → record id

	started  []string
	finished []store.ImportJob
	created  []store.Record
	updated  []store.Record
}

var now = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)

func newStore() *fakeStore {
	return &fakeStore{jobs: map[string]store.ImportJob{}, records: map[string]store.Record{}, external: map[string]string{}}
}

func (f *fakeStore) Now() time.Time { return now }

func (f *fakeStore) CreateImportJob(_ context.Context, j store.ImportJob) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.jobs[j.OrgID+"/"+j.ID] = j
	return nil
}

func (f *fakeStore) GetImportJob(_ context.Context, org, id string) (store.ImportJob, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	j, ok := f.jobs[org+"/"+id]
	if !ok {
		return store.ImportJob{}, store.ErrNotFound
	}
	return j, nil
}

func (f *fakeStore) StartImportJob(_ context.Context, org, id string, total int, etag string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	j := f.jobs[org+"/"+id]
	if j.Status != "awaiting_upload" {
		return store.ErrVersion
	}
	j.Status, j.Total, j.ETag = "running", total, etag
	f.jobs[org+"/"+id] = j
	f.started = append(f.started, id)
	return nil
}

func (f *fakeStore) ImportProgress(context.Context, string, string, int, int) error { return nil }

func (f *fakeStore) FinishImportJob(_ context.Context, j store.ImportJob, from string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.jobs[j.OrgID+"/"+j.ID].Status != from {
		return store.ErrVersion
	}
	f.jobs[j.OrgID+"/"+j.ID] = j
	f.finished = append(f.finished, j)
	return nil
}

func (f *fakeStore) RecordIDByExternalID(_ context.Context, org, module, ext string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id, ok := f.external[ext]
	if !ok {
		return "", store.ErrNotFound
	}
	return id, nil
}

func (f *fakeStore) GetRecordConsistent(_ context.Context, _ crm.Module, org, id string) (store.Record, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.records[id]
	if !ok {
		return store.Record{}, store.ErrNotFound
	}
	return r, nil
}

func (f *fakeStore) CreateRecord(_ context.Context, _ crm.Module, r store.Record, _ ...store.Event) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, dup := f.external[r.ExternalID]; r.ExternalID != "" && dup {
		return store.ErrExists
	}
	f.created = append(f.created, r)
	if r.ExternalID != "" {
		f.external[r.ExternalID] = r.ID
	}
	return nil
}

func (f *fakeStore) UpdateRecord(_ context.Context, _ crm.Module, _, r store.Record, _ ...store.Event) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updated = append(f.updated, r)
	return nil
}

// The catalog reads no customization, and no lookup points anywhere.
func (f *fakeStore) GetCustomization(context.Context, string, string) (crm.Customization, int, error) {
	return crm.Customization{}, 0, nil
}

func (f *fakeStore) GetCustomizationConsistent(context.Context, string, string) (crm.Customization, int, error) {
	return crm.Customization{}, 0, nil
}

func (f *fakeStore) GetCustomizations(context.Context, string, []string) (map[string]crm.Customization, error) {
	return map[string]crm.Customization{}, nil
}

func (f *fakeStore) RecordNames(context.Context, string, []store.RefKey) (map[store.RefKey]string, error) {
	return map[store.RefKey]string{}, nil
}

// fakeS3 signs URLs that name their object, serves one uploaded file and keeps the reports.
type fakeS3 struct {
	file     string // the uploaded CSV
	etag     string // its ETag; a GetObject with another If-Match is refused
	getErr   error  // when set, what every GetObject answers
	gets     int
	reports  map[string]string
	presigns []string
}

func (f *fakeS3) PresignPutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.PresignOptions)) (*PresignedRequest, error) {
	f.presigns = append(f.presigns, "PUT "+aws.ToString(in.Key))
	return &PresignedRequest{URL: "https://bucket.example/" + aws.ToString(in.Key) + "?put", Method: http.MethodPut}, nil
}

func (f *fakeS3) PresignGetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.PresignOptions)) (*PresignedRequest, error) {
	f.presigns = append(f.presigns, "GET "+aws.ToString(in.Key))
	return &PresignedRequest{URL: "https://bucket.example/" + aws.ToString(in.Key) + "?get", Method: http.MethodGet}, nil
}

func (f *fakeS3) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	f.gets++
	if f.getErr != nil {
		return nil, f.getErr
	}
	if in.IfMatch != nil && aws.ToString(in.IfMatch) != f.etag {
		return nil, &smithy.GenericAPIError{Code: "PreconditionFailed", Message: "At least one of the pre-conditions you specified did not hold"}
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(strings.NewReader(f.file)), ETag: aws.String(`"` + f.etag + `"`)}, nil
}

func (f *fakeS3) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	b, err := io.ReadAll(in.Body)
	if err != nil {
		return nil, err
	}
	if f.reports == nil {
		f.reports = map[string]string{}
	}
	f.reports[aws.ToString(in.Key)] = string(b)
	return &s3.PutObjectOutput{}, nil
}

func service(st *fakeStore, objects *fakeS3) *Service {
	return &Service{Store: st, Modules: modules.New(st), Presign: objects, S3: objects, Bucket: "imports"}
}

var member = staffguard.Principal{OrgID: "org1", UserID: "u2", Role: store.RoleUser, Name: "Uri User"}

func status(reply *httpapi.Reply, err error) int {
	if err != nil {
		return httpapi.KindOf(err).Status()
	}
	return reply.Status
}

func TestCreate(t *testing.T) {
	tests := []struct {
		name       string
		module     string
		body       string
		wantStatus int
		wantFields []string
	}{
		{name: "an unknown module is not found", module: "Widgets", body: `{"filename":"a.csv","mapping":{"Name":"Last_Name"}}`,
			wantStatus: http.StatusNotFound},
		{name: "a file that is not CSV and an empty mapping are 422", module: crm.Contacts, body: `{"filename":"a.xlsx","mapping":{}}`,
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"filename", "mapping"}},
		{name: "a column mapped to no field is 422 naming it", module: crm.Contacts, body: `{"filename":"a.csv","mapping":{"Colour":"Favourite_Colour"}}`,
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"mapping.Colour"}},
		{name: "a job is created with an upload URL", module: crm.Contacts,
			body: `{"filename":"dir/contacts.csv","mapping":{"Name":"Last_Name","Mail":"Email"},"externalIdColumn":"Ref"}`, wantStatus: http.StatusCreated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, objects := newStore(), &fakeS3{}
			r := &httpapi.Request{PathParameters: map[string]string{"module": tc.module}, Body: tc.body,
				Headers: map[string]string{"content-type": "application/json"}}
			reply, err := service(st, objects).Create(t.Context(), member, r)
			if got := status(reply, err); got != tc.wantStatus {
				t.Fatalf("status = %d (%v), want %d", got, err, tc.wantStatus)
			}
			var he *httpapi.Error
			var named []string
			if errors.As(err, &he) {
				for _, f := range he.Fields {
					named = append(named, f.Field)
				}
			}
			if strings.Join(named, ",") != strings.Join(tc.wantFields, ",") {
				t.Errorf("fields named = %v, want %v", named, tc.wantFields)
			}
			if err != nil {
				if len(st.jobs) != 0 || len(objects.presigns) != 0 {
					t.Errorf("a refused job wrote %v and signed %v", st.jobs, objects.presigns)
				}
				return
			}
			out := reply.Body.(JobJSON)
			job, ok := st.jobs["org1/"+out.ID]
			if !ok || job.Status != "awaiting_upload" || job.Filename != "contacts.csv" || job.CreatedBy != (store.Ref{ID: "u2", Name: "Uri User"}) {
				t.Fatalf("stored job = %+v, want contacts.csv awaiting its upload, made by Uri User", job)
			}
			if want := "https://bucket.example/" + uploadKey(job) + "?put"; out.Upload == nil || out.Upload.URL != want || out.Upload.Method != http.MethodPut {
				t.Errorf("upload = %+v, want a PUT to %s", out.Upload, want)
			}
		})
	}
}

func TestGet(t *testing.T) {
	st, objects := newStore(), &fakeS3{}
	st.jobs["org1/job1"] = store.ImportJob{OrgID: "org1", ID: "job1", Module: crm.Contacts, Status: "done", ReportKey: "reports/org1/job1.csv"}
	st.jobs["org1/job2"] = store.ImportJob{OrgID: "org1", ID: "job2", Module: crm.Contacts, Status: "running"}
	st.jobs["org2/job3"] = store.ImportJob{OrgID: "org2", ID: "job3", Module: crm.Contacts, Status: "done"}
	tests := []struct {
		name       string
		module, id string
		wantStatus int
		wantReport string
	}{
		{name: "a job of another module is not found", module: crm.Leads, id: "job1", wantStatus: http.StatusNotFound},
		{name: "a job of another organization is not found", module: crm.Contacts, id: "job3", wantStatus: http.StatusNotFound},
		{name: "a running job has no report", module: crm.Contacts, id: "job2", wantStatus: http.StatusOK},
		{name: "a finished job links its report", module: crm.Contacts, id: "job1", wantStatus: http.StatusOK,
			wantReport: "https://bucket.example/reports/org1/job1.csv?get"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &httpapi.Request{PathParameters: map[string]string{"module": tc.module, "jobId": tc.id}}
			reply, err := service(st, objects).Get(t.Context(), member, r)
			if got := status(reply, err); got != tc.wantStatus {
				t.Fatalf("status = %d (%v), want %d", got, err, tc.wantStatus)
			}
			if err == nil {
				if got := reply.Body.(JobJSON).ReportURL; got != tc.wantReport {
					t.Errorf("report URL = %q, want %q", got, tc.wantReport)
				}
			}
		})
	}
}

func TestRun(t *testing.T) {
	const file = "Name,Mail,Ref\n" +
		"Silva,silva@example.com,ext1\n" + // ext1 was imported before: an update
		"Souza,souza@example.com,ext2\n" + // a create
		",not an address,ext3\n" + // no name, a bad address: reported, not written
		"Lima,lima@example.com\n" // too few cells: reported
	job := store.ImportJob{OrgID: "org1", ID: "job1", Module: crm.Contacts, Status: "awaiting_upload",
		Mapping: map[string]string{"Name": "Last_Name", "Mail": "Email"}, ExternalIDColumn: "Ref",
		CreatedBy: store.Ref{ID: "u2", Name: "Uri User"}}
	existing := store.Record{OrgID: "org1", Module: crm.Contacts, ID: "rec00001", LayoutID: "default", Version: 4,
		ExternalID: "ext1", Fields: map[string]any{"Last_Name": "Silva"}}
	tests := []struct {
		name       string
		key, etag  string
		unreadable bool   // S3 answers an error
		status     string // the job's status before
		wantGets   int
		wantStatus string // the job's status after
	}{
		{name: "a key outside the uploads is ignored", key: "reports/org1/job1.csv", etag: "e1", status: "awaiting_upload", wantStatus: "awaiting_upload"},
		{name: "a job already started is skipped unread", key: "imports/org1/job1.csv", etag: "e1", status: "running", wantStatus: "running"},
		{name: "a file replaced since its event is skipped", key: "imports/org1/job1.csv", etag: "old", status: "awaiting_upload", wantGets: 1,
			wantStatus: "awaiting_upload"},
		{name: "an unreadable file fails the job", key: "imports/org1/job1.csv", etag: "e1", unreadable: true, status: "awaiting_upload", wantGets: 1,
			wantStatus: "failed"},
		{name: "the rows are imported and the failed ones reported", key: "imports/org1/job1.csv", etag: "e1", status: "awaiting_upload", wantGets: 1,
			wantStatus: "done"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, objects := newStore(), &fakeS3{file: file, etag: "e1"}
			if tc.unreadable {
				objects.getErr = errors.New("fakeS3: connection reset")
			}
			j := job
			j.Status = tc.status
			st.jobs["org1/job1"] = j
			st.records[existing.ID] = existing
			st.external["ext1"] = existing.ID
			if err := service(st, objects).Run(t.Context(), tc.key, tc.etag); err != nil {
				t.Fatalf("Run = %v", err)
			}
			got := st.jobs["org1/job1"]
			if objects.gets != tc.wantGets || got.Status != tc.wantStatus {
				t.Fatalf("read the file %d times, job %s; want %d and %s", objects.gets, got.Status, tc.wantGets, tc.wantStatus)
			}
			if tc.wantStatus != "done" {
				if len(st.created)+len(st.updated) != 0 {
					t.Errorf("wrote records %v %v for a job that did not run", st.created, st.updated)
				}
				return
			}
			if got.Total != 4 || got.Done != 4 || got.Failed != 2 || got.ETag != "e1" {
				t.Errorf("job = total %d done %d failed %d etag %q; want 4, 4, 2, e1", got.Total, got.Done, got.Failed, got.ETag)
			}
			if len(st.updated) != 1 || st.updated[0].ID != existing.ID || st.updated[0].Version != 5 || st.updated[0].Fields["Email"] != "silva@example.com" {
				t.Errorf("updated %+v, want rec00001 at version 5 with its address", st.updated)
			}
			if len(st.created) != 1 || st.created[0].ExternalID != "ext2" || st.created[0].CreatedBy != job.CreatedBy {
				t.Errorf("created %+v, want ext2 made by the job's author", st.created)
			}
			report := objects.reports[got.ReportKey]
			for _, want := range []string{"line,external_id,field,error", "4,ext3,Email,", "4,ext3,Last_Name,", `5,,,"the row has 2 cells, the header 3"`} {
				if !strings.Contains(report, want) {
					t.Errorf("report lacks %q:\n%s", want, report)
				}
			}
		})
	}
}

package apitest

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/infra/seed"
	"crmportal/shared/auth"
	"crmportal/shared/store"
)

// staffMember adds a staff member with the role user to the demo organization and logs them
// in: a quota and uploads of their own, untouched by other tests.
func (e *env) staffMember(t *testing.T) (*client, store.Staff) {
	t.Helper()
	id, _ := auth.NewID()
	password := "a staff passphrase " + id
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	u := store.Staff{OrgID: seed.DemoOrgID, ID: id, Email: "files-" + id + "@acme.example", Name: "Files " + id[:4], Role: store.RoleUser, PasswordHash: hash}
	if err := e.store.CreateStaff(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return e.LoggedIn(t, u.Email, password), u
}

// eventsOfAttachment are the kinds of the events (the outbox's items) that name attachment id.
func (e *env) eventsOfAttachment(t *testing.T, id string) []string {
	t.Helper()
	var kinds []string
	var start map[string]types.AttributeValue
	for {
		out, err := e.deps.DynamoDB.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String(e.deps.Config.TableName),
			ConsistentRead: aws.Bool(true), ExclusiveStartKey: start,
			FilterExpression: aws.String("begins_with(PK, :ev) AND attachmentId = :id"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":ev": &types.AttributeValueMemberS{Value: store.EventPrefix},
				":id": &types.AttributeValueMemberS{Value: id}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range out.Items {
			if k, ok := it["kind"].(*types.AttributeValueMemberS); ok {
				kinds = append(kinds, k.Value)
			}
		}
		if start = out.LastEvaluatedKey; start == nil {
			return kinds
		}
	}
}

// staffUpload declares a staff upload on path (shared or not), posts body and completes it,
// answering the completion.
func staffUpload(t *testing.T, c *client, path, filename string, shared bool, body []byte) (string, response) {
	t.Helper()
	r := c.Do("POST", path, map[string]any{"filename": filename, "contentType": "application/pdf", "size": len(body), "shared": shared})
	MustStatus(t, r, http.StatusCreated)
	var up struct {
		Attachment attachmentJSON
		Upload     struct {
			URL    string
			Fields map[string]string
		}
	}
	r.JSON(t, &up)
	if code := postForm(t, up.Upload.URL, up.Upload.Fields, body); code != http.StatusNoContent && code != http.StatusOK && code != http.StatusCreated {
		t.Fatalf("upload to S3: status %d", code)
	}
	return up.Attachment.ID, c.Do("POST", path+"/"+up.Attachment.ID+"/complete", nil)
}

func TestStaffSharesFilesWithTheCustomer(t *testing.T) {
	e := MustEnv(t)
	d := e.mustDemo(t)
	contacts := e.demoContacts(t)
	ana := contacts[6]
	customer := e.customer(t, d, ana)
	var other *client // a customer of another account
	for _, c := range contacts[7:] {
		if c.Fields["Account_Name"].(map[string]any)["id"] != ana.Fields["Account_Name"].(map[string]any)["id"] {
			other = e.customer(t, d, c)
			break
		}
	}
	if other == nil {
		t.Fatal("no demo contact of another account")
	}
	r := customer.Do("POST", "/api/records/Cases", map[string]any{"fields": map[string]any{"Subject": "Segunda via da fatura"}})
	MustStatus(t, r, http.StatusCreated)
	var cs struct{ ID string }
	r.JSON(t, &cs)
	staffPath := "/api/admin/records/Cases/" + cs.ID + "/attachments"
	portalPath := "/api/records/Cases/" + cs.ID + "/attachments"
	staff, member := e.staffMember(t)

	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("1"), 3000)...)
	sharedID, r := staffUpload(t, staff, staffPath, "fatura-novembro.pdf", true, pdf)
	MustStatus(t, r, http.StatusOK)
	var done attachmentJSON
	var doneShared struct{ Shared bool }
	r.JSON(t, &done)
	r.JSON(t, &doneShared)
	if done.Status != "ready" || !doneShared.Shared || done.UploadedBy.Kind != "staff" || done.UploadedBy.ID != member.ID {
		t.Fatalf("completed shared file = %+v (shared %v)", done, doneShared.Shared)
	}
	internalID, r := staffUpload(t, staff, staffPath, "margem-interna.pdf", false, pdf)
	MustStatus(t, r, http.StatusOK)
	// Omitting shared keeps the file internal.
	r = staff.Do("POST", staffPath, map[string]any{"filename": "x.pdf", "contentType": "application/pdf", "size": 10})
	MustStatus(t, r, http.StatusCreated)
	var omitted struct{ Attachment struct{ Shared bool } }
	if r.JSON(t, &omitted); omitted.Attachment.Shared {
		t.Error("a staff upload without shared is shared")
	}

	t.Run("a shared file's completion records file.shared, an internal one nothing", func(t *testing.T) {
		if got := e.eventsOfAttachment(t, sharedID); len(got) != 1 || got[0] != store.EventFileShared {
			t.Errorf("events of the shared file = %v, want [%s]", got, store.EventFileShared)
		}
		if got := e.eventsOfAttachment(t, internalID); len(got) != 0 {
			t.Errorf("events of the internal file = %v, want none", got)
		}
		// Completing again answers the file and records nothing more.
		MustStatus(t, staff.Do("POST", staffPath+"/"+sharedID+"/complete", nil), http.StatusOK)
		if got := e.eventsOfAttachment(t, sharedID); len(got) != 1 {
			t.Errorf("events after a second completion = %v, want one", got)
		}
	})

	t.Run("the customer sees the shared file and never the internal one", func(t *testing.T) {
		var list struct{ Items []attachmentJSON }
		customer.Do("GET", portalPath, nil).JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID != sharedID || list.Items[0].Mine {
			t.Fatalf("portal attachments = %+v, want the shared file only", list.Items)
		}
		MustStatus(t, customer.Do("GET", portalPath+"/"+sharedID, nil), http.StatusOK)
		for _, c := range []struct{ method, path string }{
			{"GET", portalPath + "/" + internalID},
			{"DELETE", portalPath + "/" + internalID},
			{"POST", portalPath + "/" + internalID + "/complete"},
		} {
			MustStatus(t, customer.Do(c.method, c.path, nil), http.StatusNotFound)
		}
		// Staff see both.
		var staffList struct{ Items []attachmentJSON }
		d.admin.Do("GET", staffPath, nil).JSON(t, &staffList)
		if len(staffList.Items) != 2 {
			t.Errorf("staff attachments = %+v, want both files", staffList.Items)
		}
		MustStatus(t, d.admin.Do("GET", staffPath+"/"+internalID, nil), http.StatusOK)
	})

	t.Run("a customer of another account sees neither", func(t *testing.T) {
		MustStatus(t, other.Do("GET", portalPath, nil), http.StatusNotFound)
		MustStatus(t, other.Do("GET", portalPath+"/"+sharedID, nil), http.StatusNotFound)
	})

	t.Run("bad input", func(t *testing.T) {
		for _, tt := range []struct {
			name  string
			body  map[string]any
			want  int
			field string
		}{
			{"an executable type", map[string]any{"filename": "setup.exe", "contentType": "application/x-msdownload", "size": 10}, http.StatusUnprocessableEntity, "contentType"},
			{"an executable renamed with the pdf type", map[string]any{"filename": "setup.exe", "contentType": "application/pdf", "size": 10}, http.StatusUnprocessableEntity, "filename"},
			{"too big", map[string]any{"filename": "big.pdf", "contentType": "application/pdf", "size": 20<<20 + 1, "shared": true}, http.StatusUnprocessableEntity, "size"},
			{"empty", map[string]any{"filename": "empty.pdf", "contentType": "application/pdf", "size": 0}, http.StatusUnprocessableEntity, "size"},
			{"shared is not a boolean", map[string]any{"filename": "a.pdf", "contentType": "application/pdf", "size": 10, "shared": "yes"}, http.StatusBadRequest, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				r := staff.Do("POST", staffPath, tt.body)
				MustStatus(t, r, tt.want)
				if tt.field != "" {
					if f := r.Problem(t).fields(); len(f) != 1 || f[0] != tt.field {
						t.Errorf("fields = %v, want [%s]", f, tt.field)
					}
				}
			})
		}
		t.Run("content that is not what its type says", func(t *testing.T) {
			exe := append([]byte("MZ\x90\x00"), bytes.Repeat([]byte{0}, 500)...)
			id, r := staffUpload(t, staff, staffPath, "fatura.pdf", true, exe)
			MustStatus(t, r, http.StatusUnprocessableEntity)
			if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "file" {
				t.Errorf("fields = %v, want [file]", f)
			}
			if got := e.eventsOfAttachment(t, id); len(got) != 0 {
				t.Errorf("a refused shared file recorded events %v", got)
			}
			MustStatus(t, staff.Do("POST", staffPath+"/"+id+"/complete", nil), http.StatusNotFound)
		})
		t.Run("another member's upload is not theirs to complete", func(t *testing.T) {
			r := staff.Do("POST", staffPath, map[string]any{"filename": "y.pdf", "contentType": "application/pdf", "size": 10, "shared": true})
			MustStatus(t, r, http.StatusCreated)
			var up struct{ Attachment attachmentJSON }
			r.JSON(t, &up)
			MustStatus(t, d.admin.Do("POST", staffPath+"/"+up.Attachment.ID+"/complete", nil), http.StatusNotFound)
		})
		t.Run("an unknown record", func(t *testing.T) {
			MustStatus(t, staff.Do("POST", "/api/admin/records/Cases/zzzzzzzzzzzzzzzzzzzz/attachments",
				map[string]any{"filename": "a.pdf", "contentType": "application/pdf", "size": 10}), http.StatusNotFound)
			MustStatus(t, staff.Do("POST", "/api/admin/records/Nothing/"+cs.ID+"/attachments",
				map[string]any{"filename": "a.pdf", "contentType": "application/pdf", "size": 10}), http.StatusNotFound)
		})
		t.Run("another organization's record", func(t *testing.T) {
			o := e.MustOrg(t, "Outra Empresa")
			outsider := e.LoggedIn(t, o.AdminEmail, o.Password)
			MustStatus(t, outsider.Do("POST", staffPath, map[string]any{"filename": "a.pdf", "contentType": "application/pdf", "size": 10, "shared": true}),
				http.StatusNotFound)
			MustStatus(t, outsider.Do("POST", staffPath+"/"+sharedID+"/complete", nil), http.StatusNotFound)
		})
		t.Run("a full quota", func(t *testing.T) {
			_, err := e.deps.DynamoDB.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(e.deps.Config.TableName),
				Item: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "ORG#" + seed.DemoOrgID + "#QUOTA#" + member.ID},
					"SK": &types.AttributeValueMemberS{Value: "QUOTA"}, "files": &types.AttributeValueMemberN{Value: "200"},
					"bytes": &types.AttributeValueMemberN{Value: "6000"}}})
			if err != nil {
				t.Fatal(err)
			}
			r := staff.Do("POST", staffPath, map[string]any{"filename": "a.pdf", "contentType": "application/pdf", "size": 10, "shared": true})
			MustStatus(t, r, http.StatusUnprocessableEntity)
			if f := r.Problem(t).fields(); len(f) != 1 || f[0] != "size" {
				t.Errorf("fields = %v, want [size]", f)
			}
		})
	})
}

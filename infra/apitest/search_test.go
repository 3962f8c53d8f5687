package apitest

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/portalapi"
	"crmportal/shared/staffcrm"
	"crmportal/shared/store"
)

type searchAnswer struct {
	Items []struct {
		Module, ID, Name string
	}
	PerModule int
}

// found searches path?q= with c and answers the "module/name" of each record found, sorted.
func found(t *testing.T, c *client, path, q string) []string {
	t.Helper()
	r := c.Do("GET", path+"?q="+url.QueryEscape(q), nil)
	MustStatus(t, r, http.StatusOK)
	var a searchAnswer
	r.JSON(t, &a)
	if a.PerModule != 20 {
		t.Errorf("perModule = %d, want 20", a.PerModule)
	}
	out := []string{}
	for _, it := range a.Items {
		out = append(out, it.Module+"/"+it.Name)
	}
	sort.Strings(out)
	return out
}

func wantFound(t *testing.T, c *client, path, q string, want ...string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	sort.Strings(want)
	if got := found(t, c, path, q); !slices.Equal(got, want) {
		t.Errorf("%s?q=%s found %q, want %q", path, q, got, want)
	}
}

// TestSearch: a customer finds, by lower-case accent-less prefixes of the words of visible name
// fields, only records of their tabs in their scope; a word of a hidden field (the contact's
// first name) finds nothing; staff find records of every module; an edit moves the keys and a
// delete removes them; a query of one or 101 characters is a 400 naming q.
func TestSearch(t *testing.T) {
	e := MustEnv(t)
	p := e.mustPortalOrg(t, "Busca", 2)
	email := "busca-" + p.ID + "@cliente.example"
	ana := p.contact(t, "Brandão", email) // First_Name "Ana": hidden from the type
	other := p.contact(t, "Brandini", "")
	p.setTab(t, "Cases", func(tab map[string]any) {
		tab["enabled"], tab["view"] = true, true
		tab["scope"], tab["scopeField"] = "own", "Contact_Name"
		tab["display"] = map[string]any{"kind": "list", "columns": []string{"Subject"}}
	}, map[string]string{"Subject": "read"})
	mine := p.Admin.MustCreate("Cases", map[string]any{"Subject": "Mala extraviada em São Paulo", "Contact_Name": ana.ID})
	theirs := p.Admin.MustCreate("Cases", map[string]any{"Subject": "Mala danificada", "Contact_Name": other.ID})
	MustStatus(t, p.invite(t, "Contacts", ana.ID, p.Free.ID), http.StatusCreated)
	customer := e.Client(t)
	MustStatus(t, customer.Do("POST", "/api/invitations/"+tokenIn(t, email, "invite")+"/accept", map[string]string{"password": "a searcher's passphrase"}), http.StatusOK)
	settle()

	t.Run("portal: prefix, case and accents, scope", func(t *testing.T) {
		wantFound(t, customer, "/api/search", "sao", "Cases/Mala extraviada em São Paulo")
		wantFound(t, customer, "/api/search", "MALA", "Cases/Mala extraviada em São Paulo")
		wantFound(t, customer, "/api/search", "mala sã", "Cases/Mala extraviada em São Paulo")
		wantFound(t, customer, "/api/search", "mala dani") // the other contact's case
		wantFound(t, customer, "/api/search", "brand", "Contacts/Brandão")
		wantFound(t, customer, "/api/search", "busca-", "Contacts/Brandão") // the email, visible
	})
	t.Run("portal: a hidden field is not searched", func(t *testing.T) {
		wantFound(t, customer, "/api/search", "ana")
	})
	t.Run("staff: across modules, or one", func(t *testing.T) {
		wantFound(t, p.Admin, "/api/admin/search", "brand",
			"Accounts/Conta de Brandini", "Accounts/Conta de Brandão", "Contacts/Ana Brandini", "Contacts/Ana Brandão")
		wantFound(t, p.Admin, "/api/admin/search", "mala", "Cases/Mala danificada", "Cases/Mala extraviada em São Paulo")
		r := p.Admin.Do("GET", "/api/admin/search?module=Contacts&q=BRAND%C3%83", nil)
		MustStatus(t, r, http.StatusOK)
		var a searchAnswer
		r.JSON(t, &a)
		if len(a.Items) != 1 || a.Items[0].Name != "Ana Brandão" {
			t.Errorf("module=Contacts found %+v, want Brandão alone (\"brandã\" folds to \"branda\")", a.Items)
		}
	})
	t.Run("bad input", func(t *testing.T) {
		for _, c := range []struct {
			client *client
			path   string
		}{{customer, "/api/search"}, {p.Admin, "/api/admin/search"}} {
			for _, q := range []string{"", "a", " é ", strings.Repeat("x", 101)} {
				r := c.client.Do("GET", c.path+"?q="+url.QueryEscape(q), nil)
				MustStatus(t, r, http.StatusBadRequest)
				if pr := r.Problem(t); !slices.Equal(pr.fields(), []string{"q"}) || !strings.Contains(pr.Errors[0].Message, "2 to 100") {
					t.Errorf("%s q=%q: %+v, want q and the rule", c.path, q, pr)
				}
			}
		}
		r := p.Admin.Do("GET", "/api/admin/search?q=mala&module=Nope", nil)
		MustStatus(t, r, http.StatusBadRequest)
		if pr := r.Problem(t); !slices.Equal(pr.fields(), []string{"module"}) {
			t.Errorf("module=Nope: %+v", pr)
		}
		wantFound(t, customer, "/api/search", strings.Repeat("x", 100))
	})
	t.Run("an edit moves the keys, a delete removes them", func(t *testing.T) {
		MustStatus(t, p.Admin.Do("PATCH", "/api/admin/records/Cases/"+mine.ID, map[string]any{"fields": map[string]any{"Subject": "Bagagem atrasada"}},
			"If-Match", `"`+strconv.Itoa(mine.Version)+`"`), http.StatusOK)
		MustStatus(t, p.Admin.Do("DELETE", "/api/admin/records/Cases/"+theirs.ID, nil, "If-Match", `"`+strconv.Itoa(theirs.Version)+`"`), http.StatusNoContent)
		settle()
		wantFound(t, p.Admin, "/api/admin/search", "mala")
		wantFound(t, p.Admin, "/api/admin/search", "bagag", "Cases/Bagagem atrasada")
		wantFound(t, customer, "/api/search", "atras", "Cases/Bagagem atrasada")
		wantFound(t, customer, "/api/search", "extrav")
	})
	t.Run("reindex writes the keys of records stored without them", func(t *testing.T) {
		old := p.Admin.MustCreate("Cases", map[string]any{"Subject": "Reclamação antiga", "Contact_Name": ana.ID})
		pk := "ORG#" + p.ID + "#SRCH#Cases#re"
		res, err := e.deps.DynamoDB.Query(context.Background(), &dynamodb.QueryInput{TableName: &e.deps.Config.TableName,
			KeyConditionExpression: aws.String("PK = :pk"), ConsistentRead: aws.Bool(true),
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: pk}}})
		if err != nil || len(res.Items) != 1 {
			t.Fatalf("keys of %s: %d, %v; want the one of \"reclamacao\"", pk, len(res.Items), err)
		}
		if _, err := e.deps.DynamoDB.DeleteItem(context.Background(), &dynamodb.DeleteItemInput{TableName: &e.deps.Config.TableName,
			Key: map[string]types.AttributeValue{"PK": res.Items[0]["PK"], "SK": res.Items[0]["SK"]}}); err != nil {
			t.Fatal(err)
		}
		settle()
		wantFound(t, p.Admin, "/api/admin/search", "reclam")
		cases, _ := crm.StandardModule(crm.Cases)
		records, keys, err := e.store.ReindexSearch(context.Background(), cases, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if records < 2 || keys < records {
			t.Errorf("reindexed %d records, %d keys", records, keys)
		}
		settle()
		wantFound(t, p.Admin, "/api/admin/search", "reclam", "Cases/Reclamação antiga")
		wantFound(t, customer, "/api/search", "antiga", "Cases/Reclamação antiga")
		MustStatus(t, p.Admin.Do("DELETE", "/api/admin/records/Cases/"+old.ID, nil, "If-Match", `"1"`), http.StatusNoContent)
	})
	t.Run("a common word beside a rare one finds the rare record", func(t *testing.T) {
		// More records have "pedido" than one Query of keys reads (store.SearchKeysMax); the
		// rare record's id sorts after theirs, so it is not among the first keys of "pedido".
		// Only the keys of its rare word, read whole, find it.
		cases, _ := crm.StandardModule(crm.Cases)
		ref := map[string]any{"id": ana.ID, "name": "Ana Brandão"}
		ids := make(chan int)
		errs := make(chan error, 8)
		for range 8 {
			go func() {
				var err error
				for i := range ids {
					if err != nil {
						continue
					}
					id, idErr := auth.NewID()
					if idErr != nil {
						err = idErr
						continue
					}
					subject := "Pedido comum " + strconv.Itoa(i)
					if i < 0 {
						id, subject = "zzzzzzzz"+id[:8], "Pedido raro 7Q9"
					}
					now := e.store.Now()
					err = e.store.CreateRecord(context.Background(), cases, store.Record{OrgID: p.ID, Module: crm.Cases, ID: id,
						LayoutID: cases.Layouts[0].ID, Version: 1, Name: subject, CreatedAt: now, ModifiedAt: now,
						Fields: map[string]any{"Subject": subject, "Contact_Name": ref}})
				}
				errs <- err
			}()
		}
		for i := -1; i < store.SearchKeysMax+10; i++ {
			ids <- i
		}
		close(ids)
		for range 8 {
			if err := <-errs; err != nil {
				t.Fatalf("create a case: %v", err)
			}
		}
		settle()
		wantFound(t, customer, "/api/search", "pedido 7q9", "Cases/Pedido raro 7Q9")
		wantFound(t, p.Admin, "/api/admin/search", "PEDIDO 7q9", "Cases/Pedido raro 7Q9")
	})
	t.Run("round trips do not grow with the table", func(t *testing.T) {
		portalCookie := auth.PortalCookie + "=" + customer.cookies[auth.PortalCookie]
		staffCookie := auth.StaffCookie + "=" + p.Admin.cookies[auth.StaffCookie]
		var c callCounter
		d := e.countingDeps(&c)
		portal, staff := portalapi.ListOrSearchFunction(d), staffcrm.ListOrSearchFunction(d)
		count := func() (int, int) {
			c.roundTrips()
			e.search(t, portal, "GET /api/search", "/api/search", "bagagem", portalCookie)
			pc := len(c.roundTrips())
			e.search(t, staff, "GET /api/admin/search", "/api/admin/search", "bagagem", staffCookie)
			return pc, len(c.roundTrips())
		}
		portalBefore, staffBefore := count()
		for i := range 30 {
			p.Admin.MustCreate("Cases", map[string]any{"Subject": "Bagagem " + strconv.Itoa(i), "Contact_Name": other.ID})
		}
		settle()
		portalAfter, staffAfter := count()
		// Portal: the session's batch, the tabs' customizations, the own record, one Query per
		// tab (2), one BatchGetItem. Staff: the session, the customizations, one Query per
		// module (9), one BatchGetItem.
		if portalAfter != portalBefore || portalAfter > 6 {
			t.Errorf("portal search: %d round trips, then %d with 30 more matching records; want the same, at most 6", portalBefore, portalAfter)
		}
		if staffAfter != staffBefore || staffAfter > 12 {
			t.Errorf("staff search: %d round trips, then %d with 30 more matching records; want the same, at most 12", staffBefore, staffAfter)
		}
		t.Logf("round trips: portal %d, staff %d", portalAfter, staffAfter)
	})
	t.Run("the query plan: the first lead's keys, the others only where those were too many", func(t *testing.T) {
		// The records of the subtests above: "Bagagem atrasada", the many "Pedido" cases.
		portalCookie := auth.PortalCookie + "=" + customer.cookies[auth.PortalCookie]
		staffCookie := auth.StaffCookie + "=" + p.Admin.cookies[auth.StaffCookie]
		var c callCounter
		d := e.countingDeps(&c)
		portal, staff := portalapi.ListOrSearchFunction(d), staffcrm.ListOrSearchFunction(d)
		emailModules := 0
		for _, m := range crm.Standard() {
			if slices.Contains(crm.SearchFields(m), "Email") {
				emailModules++
			}
		}
		// The customer's searched tabs are Contacts and Cases; staff search nine modules.
		// The session's batch (with the customizations), the Queries, the records.
		rounds := []string{"BatchGetItem", "Query", "BatchGetItem"}
		tests := []struct {
			name, q         string
			portal, staff   int // Queries
			portalRounds    []string
			wantPortalFound []string
		}{
			{"one word: one Query per module", "bagagem", 2, 9, rounds, []string{"Cases/Bagagem atrasada"}},
			{"a number leads: its keys are read whole", "pedido 7q9", 2, 9, rounds, []string{"Cases/Pedido raro 7Q9"}},
			// "pedido" (the longest word) is in more keys than one Query reads, in Cases only:
			// "raro" is looked up there alone.
			{"a common first lead: the others where it was cut", "pedido raro", 3, 10, rounds, []string{"Cases/Pedido raro 7Q9"}},
			// The customer finds their own record, which came with the session: no BatchGetItem.
			{"an email: only modules with an email field", "busca-" + p.ID + "@", 1, emailModules, rounds[:2], []string{"Contacts/Brandão"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantFound(t, customer, "/api/search", tt.q, tt.wantPortalFound...)
				for _, side := range []struct {
					name, route string
					h           httpapi.LambdaFunc
					cookie      string
					queries     int
					rounds      []string
				}{{"portal", "GET /api/search", portal, portalCookie, tt.portal, tt.portalRounds}, {"staff", "GET /api/admin/search", staff, staffCookie, tt.staff, rounds}} {
					c.roundTrips()
					e.search(t, side.h, side.route, strings.TrimPrefix(side.route, "GET "), tt.q, side.cookie)
					calls := c.roundTrips()
					// Retries of a batch's unprocessed keys (injected faults) are one call each.
					if got := countOf(calls, "Query"); got != side.queries {
						t.Errorf("%s: %d Queries (%s), want %d", side.name, got, strings.Join(calls, ", "), side.queries)
					}
					if got := slices.Compact(slices.Clone(calls)); !slices.Equal(got, side.rounds) {
						t.Errorf("%s: calls %s, want the rounds %s", side.name, strings.Join(calls, ", "), strings.Join(side.rounds, ", "))
					}
				}
			})
		}
	})
}

// search calls a search handler in process with ?q= and the cookie; it must answer 200.
func (e *env) search(t *testing.T, h httpapi.LambdaFunc, routeKey, path, q, cookie string) {
	t.Helper()
	r := httpapi.Request{RouteKey: routeKey, RawPath: path, QueryStringParameters: map[string]string{"q": q}, Cookies: []string{cookie},
		Headers: map[string]string{"accept": "application/json", "x-requested-with": auth.RequestedWithValue}}
	if s := e.deps.Config.OriginVerifySecret; s != "" {
		r.Headers[strings.ToLower(httpapi.OriginVerifyHeader)] = s
	}
	r.RequestContext.HTTP.Method, r.RequestContext.HTTP.Path, r.RequestContext.HTTP.SourceIP = "GET", path, "203.0.113.9"
	r.RequestContext.RequestID = "search-" + q
	out, err := h(context.Background(), r)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if out.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, out.StatusCode, out.Body)
	}
}

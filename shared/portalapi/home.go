package portalapi

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"crmportal/shared/access"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/portalguard"
	"crmportal/shared/quotes"
	"crmportal/shared/store"
)

// The kinds of the home's sections: what needs a portal user's attention.
const (
	HomeOpenCases      = "openCases"
	HomeDueInvoices    = "dueInvoices"
	HomeAwaitingQuotes = "awaitingQuotes"
)

// The bounds of GET /api/me/home.
const (
	// HomeItems is the most items a section answers; more tells there are others.
	HomeItems = 5
	// HomeWindow is how many of a tab's most recently changed records a section reads (one
	// Query): an open case or a due invoice that nobody touched for longer is left to the tab.
	HomeWindow = 50
	// ReplyWindow is how many of a case's newest notes the latest staff reply is looked for
	// in (one Query per listed case; see store.Store.LatestPublicNote).
	ReplyWindow = 20
	// ReplyLength is the most characters of a reply the home answers; the case shows it all.
	ReplyLength = 280
)

// The standard picklist values the home's criteria read (crm's standard Cases, Invoices and
// Quotes). A value an organization adds counts as open for a case, and as neither due nor
// awaiting for an invoice or a quote.
var (
	// ClosedCaseStatuses end a case; every other Status, or none (a case just created in the
	// portal), is open.
	ClosedCaseStatuses = []string{"Closed"}
	// DueInvoiceStatuses are issued and not paid: the customer owes them.
	DueInvoiceStatuses = []string{"Created", "Approved", "Sent"}
	// OverdueInvoiceStatuses are past their due date by the staff's word.
	OverdueInvoiceStatuses = []string{"Overdue"}
	// AwaitingQuoteStages are with the customer for a decision unless the organization maps
	// others (its quoteStages setting, quotes.Stages.Awaiting).
	AwaitingQuoteStages = quotes.AwaitingStages
)

// CaseOpen reports whether a case with the stored fields needs the customer's attention: its
// Status is not one of ClosedCaseStatuses.
func CaseOpen(fields map[string]any) bool {
	status, _ := fields["Status"].(string)
	return !slices.Contains(ClosedCaseStatuses, status)
}

// InvoiceDue reports whether an invoice with the stored fields is due (a DueInvoiceStatuses or
// OverdueInvoiceStatuses Status) and whether it is overdue: by its Status, or because its
// Due_Date (YYYY-MM-DD) is before today (YYYY-MM-DD) when the date counts (datesShown: the
// user may see Due_Date; otherwise only the Status says it).
func InvoiceDue(fields map[string]any, today string, datesShown bool) (due, overdue bool) {
	status, _ := fields["Status"].(string)
	if slices.Contains(OverdueInvoiceStatuses, status) {
		return true, true
	}
	if !slices.Contains(DueInvoiceStatuses, status) {
		return false, false
	}
	date, _ := fields["Due_Date"].(string)
	return true, datesShown && date != "" && date < today
}

// QuoteAwaiting reports whether a quote with the stored fields awaits the customer's
// decision: its Quote_Stage is one of awaiting (the organization's quotes.Stages.Awaiting) and
// its Valid_Till (YYYY-MM-DD), when set, is not before today.
func QuoteAwaiting(fields map[string]any, today string, awaiting []string) bool {
	stage, _ := fields["Quote_Stage"].(string)
	if !slices.Contains(awaiting, stage) {
		return false
	}
	until, _ := fields["Valid_Till"].(string)
	return until == "" || until >= today
}

// homeKind is one section of the home: its module, the field its criterion reads (the
// section is left out when the user may not see it, so the home says nothing the tab hides)
// and the fields an item carries (those the user may see).
type homeKind struct {
	kind, module, criterion string
	fields                  []string
}

var homeKinds = []homeKind{
	{HomeOpenCases, crm.Cases, "Status", []string{"Subject", "Status", "Priority"}},
	{HomeDueInvoices, crm.Invoices, "Status", []string{"Subject", "Status", "Due_Date", "Grand_Total"}},
	{HomeAwaitingQuotes, crm.Quotes, "Quote_Stage", []string{"Subject", "Quote_Stage", "Valid_Till", "Grand_Total"}},
}

// HomeReply is the latest public note by staff on a case.
type HomeReply struct {
	Body   string    `json:"body"`
	At     time.Time `json:"at"`
	Author string    `json:"author"`
}

// HomeItem is one record of a home section: its id, its name (empty when the user may not
// see the name field) and the section's fields the user may see, picklist values under the
// tab's customer labels as the list route gives them.
type HomeItem struct {
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	Fields      map[string]any `json:"fields"`
	Overdue     bool           `json:"overdue,omitempty"`
	LatestReply *HomeReply     `json:"latestReply,omitempty"`
}

// HomeSection is what one tab has that needs attention, newest change first.
type HomeSection struct {
	Module string     `json:"module"`
	Kind   string     `json:"kind"`
	Items  []HomeItem `json:"items"`
	More   bool       `json:"more"`
}

// HomeJSON is the answer of GET /api/me/home.
type HomeJSON struct {
	Sections []HomeSection `json:"sections"`
}

// replyReader finds a case's latest public staff note.
type replyReader interface {
	LatestPublicNote(ctx context.Context, org, record, kind string, window int) (store.Note, bool, error)
}

var _ replyReader = (*store.Store)(nil)

// HomeService answers the portal home: the portal user's routes' Service and the notes the
// latest replies come from.
type HomeService struct {
	*Service
	Replies replyReader
}

// homeJob is a section to read: the tab, its module and where its records come from.
type homeJob struct {
	kind homeKind
	tab  access.Tab
	mod  crm.Module
	src  access.ListSource
}

// Home answers what needs the portal user's attention, from their own tabs: open cases (with
// the latest public staff reply where the tab shows notes), invoices due or overdue and quotes
// awaiting a decision. A section is there only when the type has the module's tab enabled
// with view, in a linked scope (own or account; catalog tabs are never these modules), and
// lets the user see the criterion's field. Each section is one Query of the tab's HomeWindow
// most recently changed records, in the scope and through the filters of the list route (the
// same ListFrom, InScope, layouts and projection), of which it answers HomeItems; the
// sections, then the replies, are read concurrently. Every read is eventually consistent: a
// home a moment behind a change is fine, and it costs half.
func (s *HomeService) Home(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	mods, err := s.Guard.Modules(ctx, p)
	if err != nil {
		return nil, err
	}
	self, err := s.Guard.Self(ctx, p)
	if err != nil {
		return nil, err
	}
	var jobs []homeJob
	for _, k := range homeKinds {
		t, ok := p.UserType.Tab(k.module)
		m, known := mods[k.module]
		if !ok || !known || !t.Enabled || !access.Can(t, access.ActionView) || !visible(p.UserType.UserType, m, k.criterion) {
			continue
		}
		if src, ok := access.ListFrom(t, self); ok && src.Kind == access.SourceLinked {
			jobs = append(jobs, homeJob{kind: k, tab: t, mod: m, src: src})
		}
	}
	// The awaiting quote stages are the organization's (its quoteStages setting): read only
	// when the home has a quotes section.
	awaiting := AwaitingQuoteStages
	for _, j := range jobs {
		if j.kind.kind == HomeAwaitingQuotes {
			org, err := s.Store.GetOrg(ctx, p.OrgID)
			if err != nil {
				return nil, err
			}
			awaiting = org.QuoteStages.WithDefaults().Awaiting
		}
	}
	out := HomeJSON{Sections: make([]HomeSection, len(jobs))}
	errs := make([]error, len(jobs))
	today := s.Store.Now().UTC().Format(time.DateOnly)
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() {
			out.Sections[i], errs[i] = s.section(ctx, p, self, j, r.QueryStringParameters["lang"], today, awaiting)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// section reads one section: one page of the tab's HomeWindow most recently changed records
// (the list route's query and read), kept when in scope, in an allowed layout and matching the
// section's criterion.
func (s *HomeService) section(ctx context.Context, p portalguard.Principal, self access.Self, j homeJob, lang, today string, awaiting []string) (HomeSection, error) {
	sec := HomeSection{Module: j.mod.APIName, Kind: j.kind.kind, Items: []HomeItem{}}
	lq, err := listQuery(j.tab, j.mod, map[string]string{"limit": strconv.Itoa(HomeWindow)}, j.mod.IndexedSorts())
	if err != nil {
		return sec, err
	}
	page, err := s.page(ctx, p, j.mod, j.src, lq)
	if err != nil {
		return sec, err
	}
	datesShown := visible(p.UserType.UserType, j.mod, "Due_Date")
	var listed []store.Record
	for _, rec := range page.Items {
		if !access.InScope(j.tab, self, rec.ID, rec.Fields) || !j.tab.AllowsLayout(rec.LayoutID) {
			continue
		}
		var match, overdue bool
		switch j.kind.kind {
		case HomeOpenCases:
			match = CaseOpen(rec.Fields)
		case HomeDueInvoices:
			match, overdue = InvoiceDue(rec.Fields, today, datesShown)
		case HomeAwaitingQuotes:
			match = QuoteAwaiting(rec.Fields, today, awaiting)
		}
		if !match {
			continue
		}
		if len(sec.Items) == HomeItems {
			sec.More = true
			break
		}
		sec.Items = append(sec.Items, s.homeItem(p, j, rec, lang, overdue))
		listed = append(listed, rec)
	}
	if j.kind.kind == HomeOpenCases && access.Can(j.tab, access.ActionNotes) {
		if err := s.replies(ctx, p.OrgID, listed, sec.Items); err != nil {
			return sec, err
		}
	}
	return sec, nil
}

// homeItem is rec as the section shows it: the list route's projection, cut to the section's
// fields.
func (s *HomeService) homeItem(p portalguard.Principal, j homeJob, rec store.Record, lang string, overdue bool) HomeItem {
	all := s.toJSON(p, j.tab, j.mod, rec, lang).Fields
	fields := map[string]any{}
	for _, f := range j.kind.fields {
		if v, ok := all[f]; ok {
			fields[f] = v
		}
	}
	name, _ := all[j.mod.NameField].(string)
	return HomeItem{ID: rec.ID, Name: name, Fields: fields, Overdue: overdue}
}

// replies sets the latest public staff reply of each listed case, reading them concurrently
// (at most HomeItems Queries).
func (s *HomeService) replies(ctx context.Context, org string, cases []store.Record, items []HomeItem) error {
	errs := make([]error, len(cases))
	var wg sync.WaitGroup
	for i, c := range cases {
		wg.Go(func() {
			n, ok, err := s.Replies.LatestPublicNote(ctx, org, c.ID, store.ActorStaff, ReplyWindow)
			if err != nil || !ok || n.Internal {
				errs[i] = err
				return
			}
			items[i].LatestReply = &HomeReply{Body: clip(n.Body, ReplyLength), At: n.CreatedAt, Author: n.Author.Name}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// clip is s cut to at most n characters, with an ellipsis when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// visible reports whether ut shows field of m to its users.
func visible(ut access.UserType, m crm.Module, field string) bool {
	return slices.ContainsFunc(access.Visible(ut, m), func(f crm.Field) bool { return f.APIName == field })
}

// HomeFunction is the handler of GET /api/me/home.
func HomeFunction(d platform.Deps) httpapi.LambdaFunc {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	s := &HomeService{Service: NewFrom(st, nil, nil, d), Replies: st}
	return d.Adapt(s.Guard.Guard(s.Home))
}

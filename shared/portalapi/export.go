package portalapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"time"

	"crmportal/shared/access"
	"crmportal/shared/audit"
	"crmportal/shared/crm"
	"crmportal/shared/csvsafe"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/portalguard"
	"crmportal/shared/store"
)

// exportPerTab bounds the records of one tab in an export.
const exportPerTab = 1000

// ExportsPerHour bounds a user's exports in a clock hour: each reads every record the user
// can see, so an unbounded loop of them is a cheap way to spend the table's capacity.
const ExportsPerHour = 10

// countExport counts an export by user of org (store.CountUse); past ExportsPerHour in the
// hour it is 429 with Retry-After until the next hour.
func countExport(ctx context.Context, st portalStore, org, user string) error {
	ok, next, err := st.CountUse(ctx, "export", org+"#"+user, ExportsPerHour)
	if err != nil || ok {
		return err
	}
	return &httpapi.Error{Kind: httpapi.TooManyRequests, RetryAfter: max(1, int(next.Sub(st.Now()).Seconds()+0.999)),
		Detail: fmt.Sprintf("at most %d exports an hour; try again after %s", ExportsPerHour, next.Format(time.RFC3339))}
}

// uncountExport gives back the export counted at counted when the export then failed: a
// client that retries a 503 does not use up its hour. A failure to give it back is logged
// (the user may then get the 429 one export early).
func uncountExport(ctx context.Context, st portalStore, org, user string, counted time.Time) {
	if err := st.UncountUse(ctx, "export", org+"#"+user, counted); err != nil {
		httpapi.Logger(ctx).Error("export use not given back", "org", org, "user", user, "err", err.Error())
	}
}

// exportBudget bounds what the records of an export cost in the Lambda response
// (httpapi.WireSize of each record as the file holds it): the file and its profile stay far
// under Lambda's 6 MB response limit, with the notes and files (exportWritingsBudget).
const exportBudget = httpapi.ResponseBudget - exportWritingsBudget

// Why an export is partial (ExportJSON.TruncatedReason).
const (
	truncatedRecords = "records" // a tab had more than exportPerTab records
	truncatedSize    = "size"    // the records reached exportBudget
)

// ExportJSON is what a portal user downloads about themselves (LGPD/GDPR): their portal
// profile and preferences, the records they can see, as they see them, and the notes and
// files they wrote on those records (files as links valid for ExportLinkLifetime).
type ExportJSON struct {
	ExportedAt time.Time               `json:"exportedAt"`
	Profile    ProfileJSON             `json:"profile"`
	Records    map[string][]RecordJSON `json:"records"`
	// Truncated names the tabs whose records are not all in the file; the rest are in the
	// portal. A tab is cut at 1,000 records, and the file stops at the record that would take
	// it over exportBudget (4.5 MiB): that tab and every later one are listed.
	Truncated []string `json:"truncated,omitempty"`
	// TruncatedReason is set with Truncated: "size" when the file reached its size bound
	// (tabs may also have passed 1,000 records), else "records".
	TruncatedReason string `json:"truncatedReason,omitempty"`
	// Notes are the notes the user wrote (never internal ones) on the records in the file,
	// without the records' fields: the records are under Records as the user sees them.
	Notes []ExportNoteJSON `json:"notes"`
	// Files are the files the user uploaded on the records in the file, each with a download
	// link that works for ExportLinkLifetime (15 minutes) after ExportedAt.
	Files []ExportFileJSON `json:"files"`
	// WritingsTruncated says why notes or files may be missing: "records" when the notes and
	// files of some records were not looked for (more than 200 records in the file, or a tab
	// not whole in it), "size" when they reached their 512 KiB bound.
	WritingsTruncated string `json:"writingsTruncated,omitempty"`
}

// ProfileJSON is the portal's data about a user.
type ProfileJSON struct {
	ID           string             `json:"id"`
	Email        string             `json:"email"`
	Name         string             `json:"name"`
	Status       string             `json:"status"`
	UserType     TypeRef            `json:"userType"`
	Preferences  *store.Preferences `json:"preferences,omitempty"`
	InvitedAt    time.Time          `json:"invitedAt"`
	AcceptedAt   time.Time          `json:"acceptedAt,omitzero"`
	LastLoginAt  time.Time          `json:"lastLoginAt,omitzero"`
	RecordID     string             `json:"recordId"`
	RecordModule string             `json:"recordModule"`
}

// Export answers the user's data as a JSON file to download, and records the export. The
// file holds at most 1,000 records of a tab and stops at the record that would take the
// records over exportBudget (4.5 MiB in the Lambda response); then the notes and files the
// user wrote on the first 200 of those records, within 512 KiB, so it always stays under
// Lambda's 6 MB response limit. Truncated, TruncatedReason and WritingsTruncated say what
// was left out.
func (s *Service) Export(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (_ *httpapi.Reply, err error) {
	if p.Preview {
		return nil, httpapi.Errorf(httpapi.Forbidden, "a preview has no data of its own to export")
	}
	format, err := exportFormat(r.QueryStringParameters["format"])
	if err != nil {
		return nil, err
	}
	counted := s.Store.Now()
	if err := countExport(ctx, s.Store, p.OrgID, p.UserID); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			uncountExport(ctx, s.Store, p.OrgID, p.UserID, counted)
		}
	}()
	u, err := s.Store.GetPortalUser(ctx, p.OrgID, p.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, portalguard.ErrNoSession
	}
	if err != nil {
		return nil, err
	}
	self, err := s.Guard.Self(ctx, p)
	if err != nil {
		return nil, err
	}
	lang := r.QueryStringParameters["lang"]
	if lang == "" && u.Preferences != nil {
		lang = u.Preferences.Language
	}
	if s.Writings == nil {
		return nil, errors.New("export: the service has no Writings (built without withWritings)")
	}
	out := ExportJSON{ExportedAt: s.Store.Now(), Records: map[string][]RecordJSON{}, Notes: []ExportNoteJSON{}, Files: []ExportFileJSON{},
		Profile: ProfileJSON{ID: u.ID, Email: u.Email, Name: u.Name, Status: u.Status, UserType: TypeRef{ID: p.UserType.ID, Name: p.UserType.Name},
			Preferences: u.Preferences, InvitedAt: u.InvitedAt, AcceptedAt: u.AcceptedAt, LastLoginAt: u.LastLoginAt,
			RecordID: u.RecordID, RecordModule: u.RecordModule}}
	budget := httpapi.Budget{Max: exportBudget}
	full := false
	var tabs []string
	for _, t := range p.UserType.Tabs {
		if !t.Enabled || !access.Can(t, access.ActionView) {
			continue
		}
		tabs = append(tabs, t.Module)
		if full {
			// The size bound was reached: the tab is in the portal, not in the file.
			out.Records[t.Module] = []RecordJSON{}
			out.Truncated = append(out.Truncated, t.Module)
			continue
		}
		m, _, err := s.Records.Module(ctx, p.OrgID, t.Module)
		if err != nil {
			return nil, err
		}
		items, cut, err := s.exportTab(ctx, p, t, m, self, lang, &budget)
		if err != nil {
			return nil, err
		}
		out.Records[t.Module] = items
		switch cut {
		case truncatedSize:
			full = true
			fallthrough
		case truncatedRecords:
			out.Truncated = append(out.Truncated, t.Module)
		}
	}
	switch {
	case full:
		out.TruncatedReason = truncatedSize
	case len(out.Truncated) > 0:
		out.TruncatedReason = truncatedRecords
	}
	refs, cut := exportRefs(out, tabs, exportWritingsRecords)
	if err := s.Writings.add(ctx, &out, p.OrgID, p.UserID, refs, cut, out.ExportedAt); err != nil {
		return nil, err
	}
	if format == "csv" {
		b, err := exportCSV(out, exportBudget)
		if err != nil {
			return nil, err
		}
		audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.DataExport})
		return &httpapi.Reply{Status: http.StatusOK, Raw: b, Headers: map[string]string{"Content-Type": "text/csv; charset=utf-8",
			"Content-Disposition": `attachment; filename="my-data.csv"`}}, nil
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	audit.Record(ctx, s.Store, r, audit.Entry{OrgID: p.OrgID, Actor: p.Actor(), Action: audit.DataExport})
	return &httpapi.Reply{Status: http.StatusOK, Raw: b, Headers: map[string]string{"Content-Type": "application/json",
		"Content-Disposition": `attachment; filename="my-data.json"`}}, nil
}

// exportFormat checks the export's format parameter: "json" (the default) or "csv".
func exportFormat(v string) (string, error) {
	switch v {
	case "", "json":
		return "json", nil
	case "csv":
		return "csv", nil
	}
	return "", &httpapi.Error{Kind: httpapi.Invalid, Detail: `query parameter "format" must be json or csv`,
		Fields: []httpapi.FieldError{{Field: "format", Message: "must be json or csv"}}}
}

// exportCSV is the export as one CSV table a spreadsheet opens: a header, then one row per
// value, "section,id,field,value": the profile's ("profile", the user's id), then each
// record's by tab (the module, the record's id; its fields by name, then createdAt and
// modifiedAt), then a "truncated" row per tab not whole in the file, its reason as the
// value, after the notes and files the user wrote (writingsCSV). A lookup is its record's name; a list or line items are their JSON. Every cell
// passes through csvsafe, so no value is read as a formula. A CSV row repeats the module
// and the record's id, so a record can take more bytes than in the JSON file: the records
// stop before the file passes limit (a record is never cut), and the tab where they stopped
// and every later one are listed as truncated for "size", as the JSON file does.
func exportCSV(out ExportJSON, limit int) ([]byte, error) {
	var buf bytes.Buffer
	rows := [][]string{{"section", "id", "field", "value"}}
	pr := out.Profile
	profile := [][2]string{{"email", pr.Email}, {"name", pr.Name}, {"status", pr.Status}, {"userType", pr.UserType.Name},
		{"recordModule", pr.RecordModule}, {"recordId", pr.RecordID}, {"invitedAt", csvTime(pr.InvitedAt)},
		{"acceptedAt", csvTime(pr.AcceptedAt)}, {"lastLoginAt", csvTime(pr.LastLoginAt)}}
	if pf := pr.Preferences; pf != nil {
		profile = append(profile, [2]string{"language", pf.Language}, [2]string{"timeFormat", pf.TimeFormat},
			[2]string{"timeZone", pf.TimeZone}, [2]string{"country", pf.Country})
	}
	for _, kv := range profile {
		rows = append(rows, []string{"profile", pr.ID, kv[0], kv[1]})
	}
	rows = append(rows, []string{"profile", pr.ID, "exportedAt", csvTime(out.ExportedAt)})
	if err := writeCSV(&buf, rows); err != nil {
		return nil, err
	}
	modules := make([]string, 0, len(out.Records))
	for m := range out.Records {
		modules = append(modules, m)
	}
	sort.Strings(modules)
	truncated, reason := out.Truncated, out.TruncatedReason
	var record bytes.Buffer
records:
	for i, m := range modules {
		for _, rec := range out.Records[m] {
			names := make([]string, 0, len(rec.Fields))
			for name := range rec.Fields {
				names = append(names, name)
			}
			sort.Strings(names)
			rows = rows[:0]
			for _, name := range names {
				v, err := csvValue(rec.Fields[name])
				if err != nil {
					return nil, fmt.Errorf("export csv %s %s.%s: %w", m, rec.ID, name, err)
				}
				rows = append(rows, []string{m, rec.ID, name, v})
			}
			rows = append(rows, []string{m, rec.ID, "createdAt", csvTime(rec.CreatedAt)}, []string{m, rec.ID, "modifiedAt", csvTime(rec.ModifiedAt)})
			record.Reset()
			if err := writeCSV(&record, rows); err != nil {
				return nil, err
			}
			if buf.Len()+record.Len() > limit {
				truncated, reason = truncatedFrom(truncated, modules[i:]), truncatedSize
				break records
			}
			buf.Write(record.Bytes())
		}
	}
	rows = writingsCSV(out)
	for _, m := range truncated {
		rows = append(rows, []string{m, "", "truncated", reason})
	}
	if err := writeCSV(&buf, rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writingsCSV is the rows of the notes ("note", the note's id) and files ("file", the
// file's id) the user wrote, and a "writings" "truncated" row when some may be missing. They
// have their own bound (exportWritingsBudget), so they are never cut here.
func writingsCSV(out ExportJSON) [][]string {
	var rows [][]string
	for _, n := range out.Notes {
		for _, kv := range [][2]string{{"module", n.Module}, {"recordId", n.RecordID}, {"body", n.Body},
			{"createdAt", csvTime(n.CreatedAt)}, {"modifiedAt", csvTime(n.ModifiedAt)}} {
			rows = append(rows, []string{"note", n.ID, kv[0], kv[1]})
		}
	}
	for _, f := range out.Files {
		for _, kv := range [][2]string{{"module", f.Module}, {"recordId", f.RecordID}, {"filename", f.Filename},
			{"contentType", f.ContentType}, {"size", fmt.Sprint(f.Size)}, {"createdAt", csvTime(f.CreatedAt)},
			{"url", f.URL}, {"expiresAt", csvTime(f.ExpiresAt)}} {
			rows = append(rows, []string{"file", f.ID, kv[0], kv[1]})
		}
	}
	if out.WritingsTruncated != "" {
		rows = append(rows, []string{"writings", "", "truncated", out.WritingsTruncated})
	}
	return rows
}

// truncatedFrom is the tabs already truncated and the ones from where the records stopped,
// each once, in order.
func truncatedFrom(already, from []string) []string {
	out := append([]string(nil), already...)
	for _, m := range from {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// writeCSV writes rows to b, each cell through csvsafe.
func writeCSV(b *bytes.Buffer, rows [][]string) error {
	w := csv.NewWriter(b)
	for _, row := range rows {
		if err := w.Write(csvsafe.Record(row...)); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}

// csvTime is t in RFC 3339, "" for the zero time.
func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// csvValue is a field's value as one cell: text as it is, a lookup as its record's name, a
// number or boolean as JSON writes it, a list (multi-select, line items) as its JSON.
func csvValue(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case map[string]any:
		if name, ok := x["name"].(string); ok {
			return name, nil
		}
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// exportTab pages through a tab's records in the user's scope, as the user sees them, up
// to exportPerTab and while they fit budget. cut says why it stopped early: "" when the
// tab is whole, truncatedRecords or truncatedSize.
func (s *Service) exportTab(ctx context.Context, p portalguard.Principal, t access.Tab, m crm.Module, self access.Self, lang string, budget *httpapi.Budget) ([]RecordJSON, string, error) {
	out := []RecordJSON{}
	src, ok := access.ListFrom(t, self)
	if !ok {
		return out, "", nil
	}
	q := crm.ListQuery{Sort: crm.ModifiedTime, Desc: true, Limit: store.MaxPage}
	for {
		page, err := s.page(ctx, p, m, src, q)
		if err != nil {
			return nil, "", err
		}
		for _, rec := range page.Items {
			if !access.InScope(t, self, rec.ID, rec.Fields) || !t.AllowsLayout(rec.LayoutID) {
				continue
			}
			if len(out) == exportPerTab {
				return out, truncatedRecords, nil
			}
			item := s.toJSON(p, t, m, rec, lang)
			cost, err := exportCost(item)
			if err != nil {
				return nil, "", err
			}
			if !budget.Take(cost) {
				return out, truncatedSize, nil
			}
			out = append(out, item)
		}
		if page.Next == "" {
			return out, "", nil
		}
		q.Cursor = page.Next
	}
}

// exportCost is what a record costs in the export's response: its JSON as the file holds it
// (indented under "records" and its tab, HTML-escaped like json.MarshalIndent), measured
// with httpapi.WireSize, with its separator.
func exportCost(item RecordJSON) (int, error) {
	b, err := json.MarshalIndent(item, "      ", "  ")
	if err != nil {
		return 0, err
	}
	return httpapi.WireSize(b) + httpapi.WireSize([]byte(",\n      ")), nil
}

// ExportFunction is the handler of GET /api/me/export.
func ExportFunction(d platform.Deps) httpapi.LambdaFunc {
	s := withWritings(New(d), d)
	return d.Adapt(s.Guard.Guard(s.Export))
}

package portalapi

import (
	"context"
	"net/http"

	"crmportal/shared/access"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/platform"
	"crmportal/shared/portalguard"
)

// FieldJSON is a field of a tab as the portal shows it: only visible fields are listed, with
// the mode the user has and the picklist values under their customer-facing labels.
type FieldJSON struct {
	APIName      string            `json:"apiName"`
	Labels       map[string]string `json:"labels"`
	Type         crm.FieldType     `json:"type"`
	Required     bool              `json:"required"`
	Mode         access.Perm       `json:"mode"` // read or write
	Options      []crm.Option      `json:"options,omitempty"`
	LookupModule string            `json:"lookupModule,omitempty"`
}

// Permissions are a tab's actions.
type Permissions struct {
	Create bool `json:"create"`
	Edit   bool `json:"edit"`
	View   bool `json:"view"`
	Delete bool `json:"delete"`
	// Decide: accept or decline the quotes awaiting the user (access.ActionDecide).
	Decide bool `json:"decide,omitempty"`
}

// TabJSON is one tab the user may open.
type TabJSON struct {
	Module         string            `json:"module"`
	Labels         map[string]string `json:"labels"`
	SingularLabels map[string]string `json:"singularLabels"`
	Scope          string            `json:"scope"`
	Layouts        []crm.Layout      `json:"layouts"`
	Display        access.Display    `json:"display"`
	Filterable     []string          `json:"filterable"`
	Permissions    Permissions       `json:"permissions"`
	Notes          bool              `json:"notes"`
	Attachments    bool              `json:"attachments"`
	Fields         []FieldJSON       `json:"fields"`
}

// Tabs is the answer of GET /api/me/tabs.
type Tabs struct {
	Preview  bool      `json:"preview"`
	UserType TypeRef   `json:"userType"`
	Tabs     []TabJSON `json:"tabs"`
}

// TypeRef names a user type.
type TypeRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Tabs answers the tabs of the principal's user type, in order: enabled ones the user may
// view, each with its allowed layouts (sections holding only visible fields), display,
// filterable fields, permissions and visible fields. Nothing about permissions is left to
// the browser: a field that is hidden is not in the answer at all.
func (s *Service) Tabs(ctx context.Context, p portalguard.Principal, r *httpapi.Request) (*httpapi.Reply, error) {
	mods, err := s.Guard.Modules(ctx, p)
	if err != nil {
		return nil, err
	}
	out := Tabs{Preview: p.Preview, UserType: TypeRef{ID: p.UserType.ID, Name: p.UserType.Name}, Tabs: []TabJSON{}}
	for _, t := range p.UserType.Tabs {
		m, ok := mods[t.Module]
		if !ok || !t.Enabled || !access.Can(t, access.ActionView) {
			continue
		}
		out.Tabs = append(out.Tabs, tabJSON(p, t, m))
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

func tabJSON(p portalguard.Principal, t access.Tab, m crm.Module) TabJSON {
	tj := TabJSON{Module: m.APIName, Labels: m.Labels, SingularLabels: m.SingularLabels, Scope: t.Scope,
		Display: t.Display, Filterable: nonNil(t.Filterable), Notes: t.Notes, Attachments: t.Attachments,
		Permissions: Permissions{Create: access.Can(t, access.ActionCreate), Edit: access.Can(t, access.ActionEdit),
			View: true, Delete: access.Can(t, access.ActionDelete), Decide: access.Can(t, access.ActionDecide)}, Layouts: []crm.Layout{}, Fields: []FieldJSON{}}
	visible := map[string]bool{}
	for _, f := range access.Visible(p.UserType.UserType, m) {
		visible[f.APIName] = true
		mode := p.UserType.Perm(m.APIName, f.APIName)
		// A preview answers the modes the type gives, as its customers see them; it still
		// cannot write, because the guard refuses every state change of a preview session.
		if access.SetByPortal(t, f) {
			mode = access.PermRead
		}
		tj.Fields = append(tj.Fields, FieldJSON{APIName: f.APIName, Labels: f.Labels, Type: f.Type, Required: f.Required,
			Mode: mode, Options: customerOptions(t, f), LookupModule: f.LookupModule})
	}
	for _, l := range m.Layouts {
		if !t.AllowsLayout(l.ID) {
			continue
		}
		shown := crm.Layout{ID: l.ID, Name: l.Name}
		for _, sec := range l.Sections {
			var fields []string
			for _, f := range sec.Fields {
				if visible[f] {
					fields = append(fields, f)
				}
			}
			if len(fields) > 0 {
				shown.Sections = append(shown.Sections, crm.Section{Name: sec.Name, Labels: sec.Labels, Fields: fields})
			}
		}
		tj.Layouts = append(tj.Layouts, shown)
	}
	return tj
}

// customerOptions are a picklist's options with the tab's customer-facing labels in place of
// the internal ones, per language.
func customerOptions(t access.Tab, f crm.Field) []crm.Option {
	if len(f.Options) == 0 {
		return nil
	}
	byValue := t.PicklistLabels[f.APIName]
	out := make([]crm.Option, len(f.Options))
	for i, o := range f.Options {
		labels := map[string]string{}
		for k, v := range o.Labels {
			labels[k] = v
		}
		for k, v := range byValue[o.Value] {
			labels[k] = v
		}
		out[i] = crm.Option{Value: o.Value, Labels: labels}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// TabsFunction is the handler of GET /api/me/tabs.
func TabsFunction(d platform.Deps) httpapi.LambdaFunc {
	s := New(d)
	return d.Adapt(s.Guard.Guard(s.Tabs))
}

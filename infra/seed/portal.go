package seed

import (
	"context"
	"errors"
	"fmt"
	"time"

	"crmportal/shared/access"
	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/store"
)

// The demo portal.
const (
	DemoPortalName  = "Acme"
	DemoPortalSlug  = "acme"
	DemoFreeType    = "Clientes"
	DemoLicensed    = "Fornecedores"
	DemoLicensedSet = 10 // seats of the licensed type, of the DemoLicensePool
)

func perms(pairs ...string) map[string]access.Perm {
	m := map[string]access.Perm{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = access.Perm(pairs[i+1])
	}
	return m
}

func listTab(module, scopeField string, columns ...string) access.Tab {
	return access.Tab{Module: module, Enabled: true, Scope: access.ScopeOwn, ScopeField: scopeField, Layouts: []string{"default"},
		View: true, Display: access.Display{Kind: access.DisplayList, Columns: columns}, Filterable: []string{}}
}

// demoTypes are the demo portal's user types: the free "Clientes" on Contacts (their own
// record with phone and address editable; invoices and quotes in own scope to view; cases in
// own scope to create, edit and view, with notes and attachments; products as a catalog; a
// list for invoices, cards for cases) and the licensed "Fornecedores" (sales orders and cases).
func demoTypes() []access.UserType {
	own := listTab(crm.Contacts, "", "First_Name", "Last_Name", "Email", "Phone")
	own.Edit = true
	invoices := listTab(crm.Invoices, "Contact_Name", "Subject", "Status", "Invoice_Date", "Due_Date", "Grand_Total")
	invoices.Filterable = []string{"Status"}
	invoices.Fixed = &access.Criterion{Field: "Status", Op: access.OpNe, Values: []string{"Draft"}}
	invoices.PicklistLabels = map[string]map[string]map[string]string{"Status": {
		"Created":  {"pt-BR": "Emitida", "en": "Issued", "es": "Emitida"},
		"Approved": {"pt-BR": "Emitida", "en": "Issued", "es": "Emitida"}}}
	quotes := listTab(crm.Quotes, "Contact_Name", "Subject", "Quote_Stage", "Valid_Till", "Grand_Total")
	quotes.Decide = true // the demo's customers accept (signing) or decline the quotes awaiting them
	cases := listTab(crm.Cases, "Contact_Name")
	cases.Create, cases.Edit, cases.Notes, cases.Attachments = true, true, true, true
	cases.Display = access.Display{Kind: access.DisplayCanvas, Title: "Subject", Subtitle: "Status", CardFields: []string{"Priority"}}
	cases.Filterable = []string{"Status", "Priority"}
	products := access.Tab{Module: crm.Products, Enabled: true, Scope: access.ScopeCatalog, Layouts: []string{"default"}, View: true,
		Display: access.Display{Kind: access.DisplayList, Columns: []string{"Product_Name", "Product_Category", "Unit_Price"}}, Filterable: []string{"Product_Category"}}
	contactFields := perms("First_Name", "read", "Last_Name", "read", "Email", "read", "Account_Name", "read",
		"Phone", "write", "Mobile", "write", "Mailing_Street", "write", "Mailing_City", "write", "Mailing_State", "write",
		"Mailing_Zip", "write", "Mailing_Country", "write")
	clientes := access.UserType{Name: DemoFreeType, Position: 0, BaseModule: crm.Contacts,
		Tabs: []access.Tab{own, invoices, quotes, cases, products},
		Fields: map[string]map[string]access.Perm{
			crm.Contacts: contactFields,
			crm.Invoices: perms("Subject", "read", "Status", "read", "Invoice_Date", "read", "Due_Date", "read", "Grand_Total", "read", "Product_Details", "read"),
			crm.Quotes:   perms("Subject", "read", "Quote_Stage", "read", "Valid_Till", "read", "Grand_Total", "read", "Product_Details", "read"),
			crm.Cases:    perms("Subject", "write", "Status", "read", "Priority", "write", "Description", "write"),
			crm.Products: perms("Product_Name", "read", "Product_Category", "read", "Unit_Price", "read"),
		}}
	orders := listTab(crm.SalesOrders, "Contact_Name", "Subject", "Status", "Due_Date", "Grand_Total")
	supplierCases := listTab(crm.Cases, "Contact_Name", "Subject", "Status", "Priority")
	supplierCases.Create, supplierCases.Edit = true, true
	fornecedores := access.UserType{Name: DemoLicensed, Position: 1, BaseModule: crm.Contacts, Seats: DemoLicensedSet,
		Tabs: []access.Tab{own, orders, supplierCases},
		Fields: map[string]map[string]access.Perm{
			crm.Contacts:    contactFields,
			crm.SalesOrders: perms("Subject", "read", "Status", "read", "Due_Date", "read", "Grand_Total", "read"),
			crm.Cases:       perms("Subject", "write", "Status", "read", "Priority", "write", "Description", "write"),
		}}
	return []access.UserType{clientes, fornecedores}
}

// ensurePortal gives the demo organization its portal (slug acme) and user types when it has
// none yet, so a demo seeded before they existed gets them too.
func ensurePortal(ctx context.Context, st *store.Store, password string, res *DemoResult, progress func(string)) error {
	_, err := st.GetPortal(ctx, DemoOrgID)
	if errors.Is(err, store.ErrNotFound) {
		err = st.CreatePortal(ctx, store.Portal{OrgID: DemoOrgID, Name: DemoPortalName, Slug: DemoPortalSlug, CreatedAt: time.Now().UTC(),
			Branding: store.Branding{PrimaryColor: "#0a5fb4", Welcome: map[string]string{
				"pt-BR": "Bem-vindo ao portal da Acme: suas faturas, cotações e chamados em um só lugar.",
				"en":    "Welcome to the Acme portal: your invoices, quotes and cases in one place.",
				"es":    "Bienvenido al portal de Acme: sus facturas, cotizaciones y casos en un solo lugar."}}})
		if err != nil {
			return fmt.Errorf("demo portal: %w", err)
		}
		progress("seed: portal /p/" + DemoPortalSlug)
	} else if err != nil {
		return fmt.Errorf("demo portal: %w", err)
	}
	existing, err := st.ListUserTypes(ctx, DemoOrgID)
	if err != nil {
		return err
	}
	if len(existing) > 0 {
		return ensureCustomer(ctx, st, password, res, progress)
	}
	ids := []string{"demotypeclientes0001", "demotypefornecedor02"}
	for i, ut := range demoTypes() {
		ut.ID = ids[i]
		if errs := access.ValidateUserType(ut, crm.StandardModule); len(errs) > 0 {
			return fmt.Errorf("demo user type %s: %v", ut.Name, errs)
		}
		org, err := st.GetOrg(ctx, DemoOrgID)
		if err != nil {
			return err
		}
		if err := st.CreateUserType(ctx, org, store.UserType{UserType: ut, OrgID: DemoOrgID, CreatedAt: time.Now().UTC()}); err != nil {
			return fmt.Errorf("demo user type %s: %w", ut.Name, err)
		}
	}
	progress(fmt.Sprintf("seed: user types %s (free) and %s (%d of %d licenses)", DemoFreeType, DemoLicensed, DemoLicensedSet, DemoLicensePool))
	return ensureCustomer(ctx, st, password, res, progress)
}

// demoCustomerID is the portal user id of the demo customer.
const demoCustomerID = "democustomer00000001"

// ensureCustomer makes the demo customer when there is none: an active Clientes user of the
// first demo contact (by name) with an account, invoices and cases, whose password is the
// demo password and whose preferences are the organization's, so they land on their first tab.
// It goes through the same invitation and acceptance transactions as a real customer.
func ensureCustomer(ctx context.Context, st *store.Store, password string, res *DemoResult, progress func(string)) error {
	if u, err := st.GetPortalUser(ctx, DemoOrgID, demoCustomerID); err == nil {
		res.CustomerEmail = u.Email
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	contacts, _ := crm.StandardModule(crm.Contacts)
	list, _, err := st.ListRecords(ctx, contacts, DemoOrgID, crm.ListQuery{Sort: contacts.NameField, Limit: store.MaxPage})
	if err != nil {
		return err
	}
	var who store.Record
	for _, c := range list {
		if _, ok := c.Fields["Account_Name"].(map[string]any); !ok {
			continue
		}
		invoices, err := st.LinkedRecords(ctx, DemoOrgID, c.ID, crm.Invoices)
		if err != nil {
			return err
		}
		cases, err := st.LinkedRecords(ctx, DemoOrgID, c.ID, crm.Cases)
		if err != nil {
			return err
		}
		if _, taken := st.PortalUserByRecord(ctx, DemoOrgID, c.ID); len(invoices) > 1 && len(cases) > 0 && errors.Is(taken, store.ErrNotFound) {
			who = c
			break
		}
	}
	if who.ID == "" {
		return fmt.Errorf("demo customer: no contact with an account, invoices and cases")
	}
	org, err := st.GetOrg(ctx, DemoOrgID)
	if err != nil {
		return err
	}
	ut, err := st.GetUserType(ctx, DemoOrgID, "demotypeclientes0001")
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	email, _ := who.Fields["Email"].(string)
	acct, _ := who.Fields["Account_Name"].(map[string]any)
	acctID, _ := acct["id"].(string)
	now := time.Now().UTC()
	tok := store.InviteToken{Hash: auth.HashSecret(demoCustomerID + "-seed"), OrgID: DemoOrgID, UserID: demoCustomerID, ExpiresAt: now.Add(time.Hour)}
	u := store.PortalUser{OrgID: DemoOrgID, ID: demoCustomerID, Email: store.NormalizeEmail(email), Name: who.Name, RecordID: who.ID,
		RecordModule: crm.Contacts, AccountID: acctID, UserTypeID: ut.ID, Status: "invited", Language: org.Language,
		TokenHash: tok.Hash, TokenExpiresAt: tok.ExpiresAt, InvitedAt: now,
		Preferences: &store.Preferences{Language: org.Language, TimeFormat: org.TimeFormat, TimeZone: org.TimeZone, Country: org.Country}}
	fs := org.Limits.FreeSeats
	if err := st.CreateInvitation(ctx, u, tok, store.Seat{UserType: ut, Delta: 1, Capacity: fs, FreeSeats: &fs}); err != nil {
		return fmt.Errorf("demo customer: %w", err)
	}
	u.Version = 1
	if _, err := st.AcceptInvitation(ctx, tok, u, hash); err != nil {
		return fmt.Errorf("demo customer: %w", err)
	}
	res.CustomerEmail = u.Email
	progress("seed: customer " + u.Email + " (" + DemoFreeType + ") on /p/" + DemoPortalSlug)
	return nil
}

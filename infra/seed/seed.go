// Package seed fills a deployment with the demo organization that `make dev` shows: Acme
// Comércio Ltda, its two staff accounts and a few hundred CRM records in every standard
// module. Records are built by the same validation as the API's, so the demo holds only
// values a user could have entered.
package seed

import (
	"context"
	crand "crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"crmportal/shared/auth"
	"crmportal/shared/crm"
	"crmportal/shared/httpapi"
	"crmportal/shared/modules"
	"crmportal/shared/store"
)

// The demo organization and its people.
const (
	DemoOrgID      = "acmedemo01"
	DemoOrgName    = "Acme Comércio Ltda"
	DemoAdminEmail = "admin@acme.example"
	DemoAdminName  = "Ana Administradora"
	DemoUserEmail  = "vendas@acme.example"
	DemoUserName   = "Vitor Vendas"
	// CustomerEmailDomain ends the email of every demo contact and lead.
	CustomerEmailDomain = "cliente.example"
	// DemoLicensePool is the demo's purchased licenses, so the paid user types can be tried.
	DemoLicensePool = 25
	// DemoInvitationHours is how long the demo's invitations stay valid.
	DemoInvitationHours = 72
)

// How many records of each module the demo holds.
const (
	numAccounts    = 10
	numContacts    = 50
	numProducts    = 12
	numQuotes      = 15
	numSalesOrders = 10
	numInvoices    = 30
	numCases       = 20
	numSolutions   = 8
	numLeads       = 20
	// DemoRecords is the number of records of a complete demo.
	DemoRecords = numAccounts + numContacts + numProducts + numQuotes + numSalesOrders + numInvoices + numCases + numSolutions + numLeads
)

// The fixed seed of the demo's random choices: every run makes the same data and ids.
const randSeed1, randSeed2 = 2026, 10

// DemoResult tells what Demo did.
type DemoResult struct {
	OrgID      string
	AdminEmail string
	// Records is how many records this call created: DemoRecords on a first run, fewer when
	// it finished a run that had stopped halfway, 0 when the organization existed.
	Records int
	// Created is false when the organization existed already and nothing was done.
	Created bool
	// CustomerEmail is the demo portal user's email (a Clientes user of /p/acme whose
	// password is the demo password).
	CustomerEmail string
}

// Demo creates the demo organization (DemoOrgID), its admin (DemoAdminEmail) and staff user
// (DemoUserEmail), both with password, and DemoRecords records, reporting each module's
// count through progress ("seed: 50/50 contacts"; progress may be nil).
//
// It is idempotent: when the organization exists it does nothing and says so. The
// organization is written last, so it exists only after a complete run; every account and
// record has a fixed id, so a run that stopped halfway is completed by the next one, which
// keeps what was written and sets both accounts' password to password.
//
// The password must pass the staff password policy (auth.CheckPassword). A demo email taken
// by an account of another organization is an error.
func Demo(ctx context.Context, st *store.Store, password string, progress func(string)) (DemoResult, error) {
	if progress == nil {
		progress = func(string) {}
	}
	res := DemoResult{OrgID: DemoOrgID, AdminEmail: DemoAdminEmail}
	_, err := st.GetOrg(ctx, DemoOrgID)
	if err == nil {
		progress("seed: the demo organization " + DemoOrgID + " exists already")
		err = ensurePortal(ctx, st, password, &res, progress)
		return res, err
	}
	if !errors.Is(err, store.ErrNotFound) {
		return res, fmt.Errorf("seed demo: %w", err)
	}
	if msg := auth.CheckPassword(password, DemoAdminEmail); msg != "" {
		return res, fmt.Errorf("seed demo: the demo %s", msg)
	}
	g := &generator{ctx: ctx, st: st, catalog: modules.New(st), rng: rand.New(rand.NewPCG(randSeed1, randSeed2)), modules: map[string]crm.Module{}}

	admin := store.Staff{OrgID: DemoOrgID, ID: g.id(), Email: DemoAdminEmail, Name: DemoAdminName, Role: store.RoleAdmin}
	user := store.Staff{OrgID: DemoOrgID, ID: g.id(), Email: DemoUserEmail, Name: DemoUserName, Role: store.RoleUser}
	for _, u := range []store.Staff{admin, user} {
		if err := createStaff(ctx, st, u, password); err != nil {
			return res, fmt.Errorf("seed demo: %w", err)
		}
	}
	progress("seed: 2/2 staff accounts")

	g.by = store.Ref{ID: admin.ID, Name: admin.Name}
	steps := []struct {
		what string
		n    int
		make func() error
	}{
		{"accounts", numAccounts, g.accounts},
		{"contacts", numContacts, g.contacts},
		{"products", numProducts, g.products},
		{"quotes", numQuotes, g.quotes},
		{"sales orders", numSalesOrders, g.salesOrders},
		{"invoices", numInvoices, g.invoices},
		{"cases", numCases, g.cases},
		{"solutions", numSolutions, g.solutions},
		{"leads", numLeads, g.leads},
	}
	for _, s := range steps {
		if err := s.make(); err != nil {
			return res, fmt.Errorf("seed demo: %w", err)
		}
		progress(fmt.Sprintf("seed: %d/%d %s", s.n, s.n, s.what))
	}
	res.Records = g.created

	limits := store.DefaultLimits
	limits.LicensePool = DemoLicensePool
	err = st.CreateOrg(ctx, store.Org{ID: DemoOrgID, Name: DemoOrgName, Language: "pt-BR", TimeFormat: "24h",
		TimeZone: "America/Sao_Paulo", Country: "BR", Limits: limits, InvitationHours: DemoInvitationHours})
	if errors.Is(err, store.ErrExists) {
		// Another run finished first; the data is the same.
		progress("seed: the demo organization " + DemoOrgID + " was completed by another run")
		err = ensurePortal(ctx, st, password, &res, progress)
		return res, err
	}
	if err != nil {
		return res, fmt.Errorf("seed demo: %w", err)
	}
	res.Created = true
	progress(fmt.Sprintf("seed: organization %s (%s) ready, %d records", DemoOrgID, DemoOrgName, DemoRecords))
	err = ensurePortal(ctx, st, password, &res, progress)
	return res, err
}

// createStaff creates u with password, or, when an earlier run created it, sets its password.
func createStaff(ctx context.Context, st *store.Store, u store.Staff, password string) error {
	hash, err := auth.HashPassword(password)
	if err != nil {
		return fmt.Errorf("staff %s: %w", u.Email, err)
	}
	u.PasswordHash = hash
	err = st.CreateStaff(ctx, u)
	if !errors.Is(err, store.ErrExists) {
		return err
	}
	have, err := st.StaffByEmail(ctx, u.Email)
	if err != nil {
		return fmt.Errorf("staff %s: %w", u.Email, err)
	}
	if have.OrgID != u.OrgID || have.ID != u.ID {
		return fmt.Errorf("staff %s: the email belongs to an account of organization %s", u.Email, have.OrgID)
	}
	return st.RehashPassword(ctx, u.OrgID, u.ID, have.PasswordHash, hash)
}

// PasswordLength is the length of a password from NewPassword.
const PasswordLength = 20

// passwordAlphabet leaves out look-alike characters (0 O 1 l I), so a printed password is
// easy to type.
const passwordAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// NewPassword returns a random password of PasswordLength characters from crypto/rand, for
// a demo whose password is not given (about 116 bits; it passes auth.CheckPassword). The
// error is only from the system's random source.
func NewPassword() (string, error) {
	b := make([]byte, PasswordLength)
	limit := big.NewInt(int64(len(passwordAlphabet)))
	for i := range b {
		n, err := crand.Int(crand.Reader, limit)
		if err != nil {
			return "", fmt.Errorf("new password: %w", err)
		}
		b[i] = passwordAlphabet[n.Int64()]
	}
	return string(b), nil
}

// generator makes the demo records in order, each module's after the ones it looks up.
type generator struct {
	ctx     context.Context
	st      *store.Store
	catalog *modules.Catalog
	rng     *rand.Rand
	by      store.Ref
	modules map[string]crm.Module
	created int

	accts  []accountRef
	people []contactRef
	prods  []productRef
	// quoteContacts and quoteLines are each quote's contact and line items; the first
	// numSalesOrders quotes become the sales orders and the first invoices.
	quoteIDs      []string
	quoteContacts []contactRef
	quoteLines    [][]line
	orderIDs      []string
	emails        map[string]bool
}

type accountRef struct {
	id string
	demoAccount
	number string
}

type contactRef struct {
	id, name, email, phone string
	account                int
}

type productRef struct {
	id          string
	priceCents  int64
	unitPrice   string
	productName string
}

type line struct {
	product  int
	quantity int64
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// id draws a record or account id of auth.IDLen characters from the demo's random source.
func (g *generator) id() string {
	b := make([]byte, auth.IDLen)
	for i := range b {
		b[i] = idAlphabet[g.rng.IntN(len(idAlphabet))]
	}
	return string(b)
}

func (g *generator) module(name string) (crm.Module, error) {
	if m, ok := g.modules[name]; ok {
		return m, nil
	}
	m, _, err := g.catalog.Module(g.ctx, DemoOrgID, name)
	if err != nil {
		return crm.Module{}, err
	}
	g.modules[name] = m
	return m, nil
}

// create validates fields as the API does (lookups given by id), then stores the record under
// the next fixed id. A record that an earlier run stored is kept.
func (g *generator) create(module string, fields map[string]any) (string, error) {
	id := g.id()
	m, err := g.module(module)
	if err != nil {
		return "", err
	}
	in := make(map[string]json.RawMessage, len(fields))
	for k, v := range fields {
		raw, err := json.Marshal(v)
		if err != nil {
			return "", fmt.Errorf("%s field %s: %w", module, k, err)
		}
		in[k] = raw
	}
	rec, err := g.catalog.Build(g.ctx, m, DemoOrgID, g.by, "", in)
	if err != nil {
		return "", fmt.Errorf("%s %q: %s", module, crm.NameOf(m, fields), describe(err))
	}
	rec.ID = id
	err = g.st.CreateRecord(g.ctx, m, rec)
	switch {
	case errors.Is(err, store.ErrExists):
	case err != nil:
		return "", err
	default:
		g.created++
	}
	return id, nil
}

// describe adds a validation error's field messages to its text.
func describe(err error) string {
	var he *httpapi.Error
	if !errors.As(err, &he) || len(he.Fields) == 0 {
		return err.Error()
	}
	parts := make([]string, len(he.Fields))
	for i, f := range he.Fields {
		parts[i] = f.Field + " " + f.Message
	}
	return err.Error() + " (" + strings.Join(parts, "; ") + ")"
}

func (g *generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// digits returns n random decimal digits.
func (g *generator) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.rng.IntN(10))
	}
	return string(b)
}

// landline and mobile are Brazilian numbers in international form: "+55 11 3456-7890" and
// "+55 11 98765-4321".
func (g *generator) landline(ddd string) string {
	return "+55 " + ddd + " 3" + g.digits(3) + "-" + g.digits(4)
}

func (g *generator) mobile(ddd string) string {
	return "+55 " + ddd + " 9" + g.digits(4) + "-" + g.digits(4)
}

// day returns a date of 2026 as YYYY-MM-DD, from offset days after 5 January.
func day(offset int) string {
	return time.Date(2026, time.January, 5, 0, 0, 0, 0, time.UTC).AddDate(0, 0, offset).Format(time.DateOnly)
}

// emailLocal is "nome.sobrenome" with accents folded and spaces removed.
func emailLocal(first, last string) string {
	f := strings.ReplaceAll(crm.SortKey(first), " ", "")
	l := strings.ReplaceAll(crm.SortKey(last), " ", "")
	return f + "." + l
}

// person draws a first and last name whose email is not used yet in the demo.
func (g *generator) person() (first, last, email string) {
	if g.emails == nil {
		g.emails = map[string]bool{}
	}
	for {
		first, last = g.pick(firstNames), g.pick(lastNames)
		email = emailLocal(first, last) + "@" + CustomerEmailDomain
		if !g.emails[email] {
			g.emails[email] = true
			return first, last, email
		}
	}
}

func cents(s string) int64 {
	whole, frac, _ := strings.Cut(s, ".")
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	return w*100 + f
}

func money(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

func (g *generator) accounts() error {
	for i, a := range demoAccounts {
		number := fmt.Sprintf("ACME-%04d", 1001+i)
		id, err := g.create(crm.Accounts, map[string]any{
			"Account_Name": a.name, "Account_Number": number, "Account_Type": a.kind,
			"Phone": g.landline(a.ddd), "Website": a.website, "Industry": a.industry,
			"Annual_Revenue": a.revenue, "Employees": a.employees, "Ownership": "Privada",
			"Billing_Street": a.street, "Billing_City": a.city, "Billing_State": a.state,
			"Billing_Code": a.zip, "Billing_Country": "Brasil",
			"Shipping_Street": a.street, "Shipping_City": a.city, "Shipping_State": a.state,
			"Shipping_Code": a.zip, "Shipping_Country": "Brasil",
			"Description": "Cliente da Acme desde " + strconv.Itoa(2015+i%8) + ".",
		})
		if err != nil {
			return err
		}
		g.accts = append(g.accts, accountRef{id: id, demoAccount: a, number: number})
	}
	return nil
}

func (g *generator) contacts() error {
	for i := range numContacts {
		acc := i % len(g.accts)
		a := g.accts[acc]
		first, last, email := g.person()
		t := titles[g.rng.IntN(len(titles))]
		phone := g.landline(a.ddd)
		id, err := g.create(crm.Contacts, map[string]any{
			"First_Name": first, "Last_Name": last, "Email": email,
			"Phone": phone, "Mobile": g.mobile(a.ddd),
			"Title": t.title, "Department": t.department,
			"Account_Name": a.id, "Lead_Source": g.pick(leadSources),
			"Date_of_Birth":  fmt.Sprintf("%d-%02d-%02d", 1965+g.rng.IntN(35), 1+g.rng.IntN(12), 1+g.rng.IntN(28)),
			"Email_Opt_Out":  i%7 == 6,
			"Mailing_Street": fmt.Sprintf("%s, %d", g.pick(streets), 10+g.rng.IntN(1990)),
			"Mailing_City":   a.city, "Mailing_State": a.state, "Mailing_Zip": a.zip, "Mailing_Country": "Brasil",
		})
		if err != nil {
			return err
		}
		g.people = append(g.people, contactRef{id: id, name: first + " " + last, email: email, phone: phone, account: acc})
	}
	return nil
}

func (g *generator) products() error {
	for _, p := range demoProducts {
		fields := map[string]any{
			"Product_Name": p.name, "Product_Code": p.code, "Product_Category": p.category,
			"Manufacturer": p.manufacturer, "Product_Active": true, "Sales_Start_Date": "2025-07-01",
			"Unit_Price": p.price, "Tax": p.tax, "Usage_Unit": p.unit,
		}
		if p.category == "Hardware" {
			fields["Qty_in_Stock"] = p.stock
		}
		id, err := g.create(crm.Products, fields)
		if err != nil {
			return err
		}
		g.prods = append(g.prods, productRef{id: id, priceCents: cents(p.price), unitPrice: p.price, productName: p.name})
	}
	return nil
}

// lines draws one to three line items of distinct products.
func (g *generator) lines() []line {
	n := 1 + g.rng.IntN(3)
	perm := g.rng.Perm(len(g.prods))
	out := make([]line, n)
	for i := range out {
		out[i] = line{product: perm[i], quantity: int64(1 + g.rng.IntN(10))}
	}
	return out
}

// lineFields are the Product_Details and Grand_Total values of ls.
func (g *generator) lineFields(ls []line) ([]map[string]any, string) {
	details := make([]map[string]any, len(ls))
	var total int64
	for i, l := range ls {
		p := g.prods[l.product]
		details[i] = map[string]any{"Product": p.id, "Quantity": l.quantity, "Unit_Price": p.unitPrice}
		total += l.quantity * p.priceCents
	}
	return details, money(total)
}

// linked returns the contact and account fields every sales document shares.
func (g *generator) linked(c contactRef) map[string]any {
	a := g.accts[c.account]
	return map[string]any{
		"Contact_Name": c.id, "Account_Name": a.id,
		"Billing_Street": a.street, "Billing_City": a.city, "Billing_State": a.state,
		"Billing_Code": a.zip, "Billing_Country": "Brasil",
		"Shipping_Street": a.street, "Shipping_City": a.city, "Shipping_State": a.state,
		"Shipping_Code": a.zip, "Shipping_Country": "Brasil",
	}
}

func (g *generator) contact() contactRef { return g.people[g.rng.IntN(len(g.people))] }

func (g *generator) quotes() error {
	for i := range numQuotes {
		c := g.contact()
		ls := g.lines()
		details, total := g.lineFields(ls)
		stage := g.pick(quoteStages)
		if i < numSalesOrders {
			stage = "Closed Won" // each sales order comes from one of these
		}
		f := g.linked(c)
		f["Subject"] = fmt.Sprintf("Cotação %d/2026 — %s", 101+i, g.prods[ls[0].product].productName)
		f["Quote_Stage"] = stage
		f["Valid_Till"] = day(30 + i*12)
		f["Carrier"] = g.pick(carriers)
		f["Product_Details"] = details
		f["Grand_Total"] = total
		f["Terms_and_Conditions"] = terms
		id, err := g.create(crm.Quotes, f)
		if err != nil {
			return err
		}
		g.quoteIDs = append(g.quoteIDs, id)
		g.quoteContacts = append(g.quoteContacts, c)
		g.quoteLines = append(g.quoteLines, ls)
	}
	return nil
}

func (g *generator) salesOrders() error {
	for i := range numSalesOrders {
		c := g.quoteContacts[i]
		details, total := g.lineFields(g.quoteLines[i])
		f := g.linked(c)
		f["Subject"] = fmt.Sprintf("Pedido %d/2026", 501+i)
		f["Status"] = g.pick(orderStatuses)
		f["Due_Date"] = day(45 + i*20)
		f["Customer_No"] = g.accts[c.account].number
		f["Purchase_Order"] = "OC-" + g.digits(5)
		f["Quote_Name"] = g.quoteIDs[i]
		f["Carrier"] = g.pick(carriers)
		f["Product_Details"] = details
		f["Grand_Total"] = total
		f["Terms_and_Conditions"] = terms
		id, err := g.create(crm.SalesOrders, f)
		if err != nil {
			return err
		}
		g.orderIDs = append(g.orderIDs, id)
	}
	return nil
}

func (g *generator) invoices() error {
	for i := range numInvoices {
		var c contactRef
		var ls []line
		f := map[string]any{}
		if i < numSalesOrders {
			c, ls = g.quoteContacts[i], g.quoteLines[i]
		} else {
			c, ls = g.contact(), g.lines()
		}
		for k, v := range g.linked(c) {
			f[k] = v
		}
		if i < numSalesOrders {
			f["Sales_Order"] = g.orderIDs[i]
		}
		details, total := g.lineFields(ls)
		issued := i * 11
		f["Subject"] = fmt.Sprintf("Fatura NF-2026-%04d", 1+i)
		f["Status"] = g.pick(invoiceStatuses)
		f["Invoice_Date"] = day(issued)
		f["Due_Date"] = day(issued + 30)
		f["Purchase_Order"] = "OC-" + g.digits(5)
		f["Product_Details"] = details
		f["Grand_Total"] = total
		f["Terms_and_Conditions"] = terms
		if _, err := g.create(crm.Invoices, f); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) cases() error {
	brt := time.FixedZone("BRT", -3*3600)
	for i := range numCases {
		k := demoCases[i%len(demoCases)]
		c := g.contact()
		reported := time.Date(2026, time.January, 8, 9, 0, 0, 0, brt).
			Add(time.Duration(i*13)*24*time.Hour + time.Duration(g.rng.IntN(9*60))*time.Minute)
		status := g.pick(caseStatuses)
		f := map[string]any{
			"Subject": k.subject, "Status": status, "Priority": g.pick(priorities),
			"Case_Origin": g.pick(caseOrigins), "Type": k.kind,
			"Contact_Name": c.id, "Account_Name": g.accts[c.account].id,
			"Product_Name": g.prods[k.product].id,
			"Email":        c.email, "Phone": c.phone,
			"Reported_At": reported.Format(time.RFC3339), "Description": k.description,
		}
		if status == "Closed" {
			f["Solution"] = "Resolvido pelo suporte; o cliente confirmou."
		}
		if _, err := g.create(crm.Cases, f); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) solutions() error {
	for _, s := range demoSolutions {
		if _, err := g.create(crm.Solutions, map[string]any{
			"Solution_Title": s.title, "Status": s.status, "Product_Name": g.prods[s.product].id,
			"Question": s.question, "Answer": s.answer,
		}); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) leads() error {
	for i := range numLeads {
		co := leadCompanies[i%len(leadCompanies)]
		company := co.company
		if i >= len(leadCompanies) {
			company += " — filial " + co.city
		}
		first, last, email := g.person()
		ddd := ddds[co.city]
		if _, err := g.create(crm.Leads, map[string]any{
			"First_Name": first, "Last_Name": last, "Company": company,
			"Designation": g.pick(leadTitles), "Email": email,
			"Phone": g.landline(ddd), "Mobile": g.mobile(ddd),
			"Lead_Status": g.pick(leadStatuses), "Lead_Source": g.pick(leadSources),
			"Industry": co.industry, "Annual_Revenue": money(int64(5+g.rng.IntN(200)) * 10_000_000),
			"No_of_Employees": 10 + g.rng.IntN(490),
			"City":            co.city, "State": co.state, "Country": "Brasil",
		}); err != nil {
			return err
		}
	}
	return nil
}

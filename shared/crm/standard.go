package crm

// The standard module API names.
const (
	Contacts    = "Contacts"
	Leads       = "Leads"
	Accounts    = "Accounts"
	Products    = "Products"
	Quotes      = "Quotes"
	SalesOrders = "Sales_Orders"
	Invoices    = "Invoices"
	Cases       = "Cases"
	Solutions   = "Solutions"
)

// standardModules builds each standard module afresh, in display order.
var standardModules = []func() Module{
	contactsModule, leadsModule, accountsModule, productsModule, quotesModule,
	salesOrdersModule, invoicesModule, casesModule, solutionsModule,
}

// Standard returns the nine standard modules, in display order. Every call returns new
// values: callers may change them freely.
func Standard() []Module {
	mods := make([]Module, len(standardModules))
	for i, build := range standardModules {
		mods[i] = build()
	}
	return mods
}

// StandardModule returns the standard module with the given API name (exact, e.g.
// "Sales_Orders"), as a new value. It builds that module only: every request of a record
// route asks for one.
func StandardModule(name string) (Module, bool) {
	var build func() Module
	switch name {
	case Contacts:
		build = contactsModule
	case Leads:
		build = leadsModule
	case Accounts:
		build = accountsModule
	case Products:
		build = productsModule
	case Quotes:
		build = quotesModule
	case SalesOrders:
		build = salesOrdersModule
	case Invoices:
		build = invoicesModule
	case Cases:
		build = casesModule
	case Solutions:
		build = solutionsModule
	default:
		return Module{}, false
	}
	return build(), true
}

// StandardNames are the API names of the nine standard modules, in display order (those of
// [Standard], without building the modules).
func StandardNames() []string {
	return []string{Contacts, Leads, Accounts, Products, Quotes, SalesOrders, Invoices, Cases, Solutions}
}

// IsStandard reports whether name is the API name of a standard module.
func IsStandard(name string) bool {
	switch name {
	case Contacts, Leads, Accounts, Products, Quotes, SalesOrders, Invoices, Cases, Solutions:
		return true
	}
	return false
}

// Line item keys: what each line of a lineitems value holds.
const (
	LineProduct   = "Product"
	LineQuantity  = "Quantity"
	LineUnitPrice = "Unit_Price"
	LineTotal     = "Total"
	// LineDiscount (optional) is an amount off the line's Quantity × Unit_Price; LineTax
	// (optional) a percent added to what the line costs after the discount.
	LineDiscount = "Discount"
	LineTax      = "Tax"
)

// labels are a standard label in English and Portuguese, with its Spanish (spanishLabels) when
// there is one.
func labels(en, pt string) map[string]string {
	l := map[string]string{"en": en, "pt-BR": pt}
	if es := spanishLabels[pt]; es != "" {
		l["es"] = es
	}
	return l
}

func field(name string, t FieldType, en, pt string) Field {
	return Field{APIName: name, Labels: labels(en, pt), Type: t}
}

func required(f Field) Field {
	f.Required = true
	return f
}

func text(name, en, pt string) Field      { return field(name, TypeText, en, pt) }
func textarea(name, en, pt string) Field  { return field(name, TypeTextarea, en, pt) }
func email(name, en, pt string) Field     { return field(name, TypeEmail, en, pt) }
func phone(name, en, pt string) Field     { return field(name, TypePhone, en, pt) }
func website(name, en, pt string) Field   { return field(name, TypeURL, en, pt) }
func number(name, en, pt string) Field    { return field(name, TypeNumber, en, pt) }
func currency(name, en, pt string) Field  { return field(name, TypeCurrency, en, pt) }
func date(name, en, pt string) Field      { return field(name, TypeDate, en, pt) }
func datetime(name, en, pt string) Field  { return field(name, TypeDatetime, en, pt) }
func boolean(name, en, pt string) Field   { return field(name, TypeBoolean, en, pt) }
func lineItems(name, en, pt string) Field { return field(name, TypeLineItems, en, pt) }

func lookup(name, module, en, pt string) Field {
	f := field(name, TypeLookup, en, pt)
	f.LookupModule = module
	return f
}

// picklist builds a picklist whose options are given as pairs of value (also the English
// label) and Portuguese label.
func picklist(name, en, pt string, pairs ...string) Field {
	f := field(name, TypePicklist, en, pt)
	for i := 0; i+1 < len(pairs); i += 2 {
		f.Options = append(f.Options, Option{Value: pairs[i], Labels: labels(pairs[i], pairs[i+1])})
	}
	return f
}

func section(name string, fields ...string) Section {
	sec := Section{Name: name, Fields: fields}
	if pt, ok := sectionPT[name]; ok {
		sec.Labels = labels(name, pt)
	}
	return sec
}

// sectionPT are the standard layouts' section titles in Portuguese.
var sectionPT = map[string]string{
	"Account Information":     "Informações da conta",
	"Address Information":     "Endereço",
	"Case Information":        "Informações do caso",
	"Contact Information":     "Informações do contato",
	"Description Information": "Descrição",
	"Invoice Information":     "Informações da fatura",
	"Lead Information":        "Informações do lead",
	"Price Information":       "Preço",
	"Product Details":         "Itens",
	"Product Information":     "Informações do produto",
	"Question and Answer":     "Pergunta e resposta",
	"Quote Information":       "Informações da cotação",
	"Sales Order Information": "Informações do pedido de venda",
	"Solution Information":    "Informações da solução",
	"Terms and Conditions":    "Termos e condições",
}

func defaultLayout(sections ...Section) []Layout {
	return []Layout{{ID: DefaultLayoutID, Name: "Standard", Sections: sections}}
}

// Fields shared by several modules.

func contactName() Field {
	return lookup("Contact_Name", Contacts, "Contact Name", "Nome do contato")
}

func accountName() Field {
	return lookup("Account_Name", Accounts, "Account Name", "Nome da conta")
}

func description() Field { return textarea("Description", "Description", "Descrição") }

func productDetails() Field {
	return lineItems("Product_Details", "Product Details", "Detalhes do produto")
}

func grandTotal() Field { return currency("Grand_Total", "Grand Total", "Total geral") }

func termsAndConditions() Field {
	return textarea("Terms_and_Conditions", "Terms and Conditions", "Termos e condições")
}

func emailOptOut() Field { return boolean("Email_Opt_Out", "Email Opt Out", "Não receber e-mails") }

func carrier() Field {
	return picklist("Carrier", "Carrier", "Transportadora",
		"FedEx", "FedEx", "UPS", "UPS", "USPS", "USPS", "DHL", "DHL", "Correios", "Correios")
}

func billingAddress() []Field {
	return []Field{
		text("Billing_Street", "Billing Street", "Rua de cobrança"),
		text("Billing_City", "Billing City", "Cidade de cobrança"),
		text("Billing_State", "Billing State", "Estado de cobrança"),
		text("Billing_Code", "Billing Code", "CEP de cobrança"),
		text("Billing_Country", "Billing Country", "País de cobrança"),
	}
}

func shippingAddress() []Field {
	return []Field{
		text("Shipping_Street", "Shipping Street", "Rua de entrega"),
		text("Shipping_City", "Shipping City", "Cidade de entrega"),
		text("Shipping_State", "Shipping State", "Estado de entrega"),
		text("Shipping_Code", "Shipping Code", "CEP de entrega"),
		text("Shipping_Country", "Shipping Country", "País de entrega"),
	}
}

func names(fields []Field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.APIName
	}
	return out
}

func leadSource() Field {
	return picklist("Lead_Source", "Lead Source", "Origem do lead",
		"Advertisement", "Anúncio",
		"Cold Call", "Ligação não solicitada",
		"Employee Referral", "Indicação de funcionário",
		"External Referral", "Indicação externa",
		"Online Store", "Loja online",
		"Partner", "Parceiro",
		"Public Relations", "Relações públicas",
		"Seminar", "Seminário",
		"Trade Show", "Feira",
		"Web Download", "Download na web",
		"Web Research", "Pesquisa na web",
		"Chat", "Chat",
	)
}

func industry() Field {
	return picklist("Industry", "Industry", "Setor",
		"Agriculture", "Agronegócio",
		"Banking", "Bancos",
		"Construction", "Construção",
		"Consulting", "Consultoria",
		"Education", "Educação",
		"Energy", "Energia",
		"Government", "Governo",
		"Healthcare", "Saúde",
		"Hospitality", "Hotelaria",
		"Insurance", "Seguros",
		"Manufacturing", "Indústria",
		"Media", "Mídia",
		"Retail", "Varejo",
		"Technology", "Tecnologia",
		"Telecommunications", "Telecomunicações",
		"Transportation", "Transporte",
		"Other", "Outro",
	)
}

func contactsModule() Module {
	mailing := []Field{
		text("Mailing_Street", "Mailing Street", "Rua de correspondência"),
		text("Mailing_City", "Mailing City", "Cidade de correspondência"),
		text("Mailing_State", "Mailing State", "Estado de correspondência"),
		text("Mailing_Zip", "Mailing Zip", "CEP de correspondência"),
		text("Mailing_Country", "Mailing Country", "País de correspondência"),
	}
	info := []Field{
		text("First_Name", "First Name", "Nome"),
		required(text("Last_Name", "Last Name", "Sobrenome")),
		email("Email", "Email", "E-mail"),
		phone("Phone", "Phone", "Telefone"),
		phone("Mobile", "Mobile", "Celular"),
		text("Title", "Title", "Cargo"),
		text("Department", "Department", "Departamento"),
		accountName(),
		date("Date_of_Birth", "Date of Birth", "Data de nascimento"),
		leadSource(),
		emailOptOut(),
	}
	fields := append(append(info, mailing...), description())
	return Module{
		APIName:        Contacts,
		Labels:         labels("Contacts", "Contatos"),
		SingularLabels: labels("Contact", "Contato"),
		NameField:      "Last_Name",
		Fields:         fields,
		Layouts: defaultLayout(
			section("Contact Information", names(info)...),
			section("Address Information", names(mailing)...),
			section("Description Information", "Description"),
		),
	}
}

func leadsModule() Module {
	address := []Field{
		text("Street", "Street", "Rua"),
		text("City", "City", "Cidade"),
		text("State", "State", "Estado"),
		text("Zip_Code", "Zip Code", "CEP"),
		text("Country", "Country", "País"),
	}
	info := []Field{
		text("First_Name", "First Name", "Nome"),
		required(text("Last_Name", "Last Name", "Sobrenome")),
		required(text("Company", "Company", "Empresa")),
		text("Designation", "Title", "Cargo"),
		email("Email", "Email", "E-mail"),
		phone("Phone", "Phone", "Telefone"),
		phone("Mobile", "Mobile", "Celular"),
		website("Website", "Website", "Site"),
		picklist("Lead_Status", "Lead Status", "Status do lead",
			"Not Contacted", "Não contatado",
			"Attempted to Contact", "Tentativa de contato",
			"Contact in Future", "Contatar no futuro",
			"Contacted", "Contatado",
			"Pre-Qualified", "Pré-qualificado",
			"Not Qualified", "Não qualificado",
			"Junk Lead", "Lead inválido",
			"Lost Lead", "Lead perdido",
		),
		leadSource(),
		industry(),
		currency("Annual_Revenue", "Annual Revenue", "Receita anual"),
		number("No_of_Employees", "No. of Employees", "Nº de funcionários"),
		emailOptOut(),
	}
	fields := append(append(info, address...), description())
	return Module{
		APIName:        Leads,
		Labels:         labels("Leads", "Leads"),
		SingularLabels: labels("Lead", "Lead"),
		NameField:      "Last_Name",
		Fields:         fields,
		Layouts: defaultLayout(
			section("Lead Information", names(info)...),
			section("Address Information", names(address)...),
			section("Description Information", "Description"),
		),
	}
}

func accountsModule() Module {
	info := []Field{
		required(text("Account_Name", "Account Name", "Nome da conta")),
		text("Account_Number", "Account Number", "Número da conta"),
		picklist("Account_Type", "Account Type", "Tipo de conta",
			"Customer", "Cliente",
			"Prospect", "Cliente potencial",
			"Partner", "Parceiro",
			"Reseller", "Revendedor",
			"Distributor", "Distribuidor",
			"Supplier", "Fornecedor",
			"Competitor", "Concorrente",
			"Investor", "Investidor",
			"Press", "Imprensa",
			"Other", "Outro",
		),
		phone("Phone", "Phone", "Telefone"),
		phone("Fax", "Fax", "Fax"),
		website("Website", "Website", "Site"),
		industry(),
		currency("Annual_Revenue", "Annual Revenue", "Receita anual"),
		number("Employees", "Employees", "Funcionários"),
		text("Ownership", "Ownership", "Propriedade"),
	}
	billing, shipping := billingAddress(), shippingAddress()
	fields := append(append(append(info, billing...), shipping...), description())
	return Module{
		APIName:        Accounts,
		Labels:         labels("Accounts", "Contas"),
		SingularLabels: labels("Account", "Conta"),
		NameField:      "Account_Name",
		Fields:         fields,
		Layouts: defaultLayout(
			section("Account Information", names(info)...),
			section("Address Information", append(names(billing), names(shipping)...)...),
			section("Description Information", "Description"),
		),
	}
}

func productsModule() Module {
	info := []Field{
		required(text("Product_Name", "Product Name", "Nome do produto")),
		text("Product_Code", "Product Code", "Código do produto"),
		picklist("Product_Category", "Product Category", "Categoria do produto",
			"Hardware", "Hardware",
			"Software", "Software",
			"Service", "Serviço",
			"Subscription", "Assinatura",
			"Training", "Treinamento",
		),
		text("Manufacturer", "Manufacturer", "Fabricante"),
		boolean("Product_Active", "Product Active", "Produto ativo"),
		date("Sales_Start_Date", "Sales Start Date", "Início das vendas"),
		date("Sales_End_Date", "Sales End Date", "Fim das vendas"),
	}
	price := []Field{
		currency("Unit_Price", "Unit Price", "Preço unitário"),
		percent("Tax", "Tax", "Imposto"),
		picklist("Usage_Unit", "Usage Unit", "Unidade de uso",
			"Each", "Unidade",
			"Box", "Caixa",
			"Pack", "Pacote",
			"Hours", "Horas",
			"Kg", "Kg",
			"Month", "Mês",
		),
		number("Qty_in_Stock", "Qty in Stock", "Qtd. em estoque"),
	}
	fields := append(append(info, price...), description())
	return Module{
		APIName:        Products,
		Labels:         labels("Products", "Produtos"),
		SingularLabels: labels("Product", "Produto"),
		NameField:      "Product_Name",
		Fields:         fields,
		Layouts: defaultLayout(
			section("Product Information", names(info)...),
			section("Price Information", names(price)...),
			section("Description Information", "Description"),
		),
	}
}

func percent(name, en, pt string) Field { return field(name, TypePercent, en, pt) }

// inventoryModule builds the shape Quotes, Sales Orders and Invoices share: a header, the
// address, the line items with the grand total, and the terms and description.
func inventoryModule(api string, plural, singular map[string]string, header []Field, infoSection string) Module {
	billing, shipping := billingAddress(), shippingAddress()
	items := []Field{productDetails(), grandTotal()}
	tail := []Field{termsAndConditions(), description()}
	var fields []Field
	for _, group := range [][]Field{header, billing, shipping, items, tail} {
		fields = append(fields, group...)
	}
	return Module{
		APIName:        api,
		Labels:         plural,
		SingularLabels: singular,
		NameField:      "Subject",
		Fields:         fields,
		Layouts: defaultLayout(
			section(infoSection, names(header)...),
			section("Address Information", append(names(billing), names(shipping)...)...),
			section("Product Details", names(items)...),
			section("Terms and Conditions", "Terms_and_Conditions"),
			section("Description Information", "Description"),
		),
	}
}

func quotesModule() Module {
	header := []Field{
		required(text("Subject", "Subject", "Assunto")),
		picklist("Quote_Stage", "Quote Stage", "Estágio da cotação",
			"Draft", "Rascunho",
			"Negotiation", "Negociação",
			"Delivered", "Entregue",
			"On Hold", "Em espera",
			"Confirmed", "Confirmada",
			"Closed Won", "Fechada ganha",
			"Closed Lost", "Fechada perdida",
		),
		date("Valid_Till", "Valid Till", "Válida até"),
		contactName(),
		accountName(),
		carrier(),
	}
	return inventoryModule(Quotes, labels("Quotes", "Cotações"), labels("Quote", "Cotação"),
		header, "Quote Information")
}

func salesOrdersModule() Module {
	header := []Field{
		required(text("Subject", "Subject", "Assunto")),
		picklist("Status", "Status", "Status",
			"Created", "Criado",
			"Approved", "Aprovado",
			"Delivered", "Entregue",
			"Cancelled", "Cancelado",
		),
		date("Due_Date", "Due Date", "Data de vencimento"),
		text("Customer_No", "Customer No.", "Nº do cliente"),
		text("Purchase_Order", "Purchase Order", "Ordem de compra"),
		lookup("Quote_Name", Quotes, "Quote Name", "Nome da cotação"),
		contactName(),
		accountName(),
		carrier(),
	}
	return inventoryModule(SalesOrders, labels("Sales Orders", "Pedidos de venda"),
		labels("Sales Order", "Pedido de venda"), header, "Sales Order Information")
}

func invoicesModule() Module {
	header := []Field{
		required(text("Subject", "Subject", "Assunto")),
		picklist("Status", "Status", "Status",
			"Draft", "Rascunho",
			"Created", "Criada",
			"Approved", "Aprovada",
			"Sent", "Enviada",
			"Paid", "Paga",
			"Cancelled", "Cancelada",
			"Overdue", "Vencida",
		),
		date("Invoice_Date", "Invoice Date", "Data da fatura"),
		date("Due_Date", "Due Date", "Data de vencimento"),
		text("Purchase_Order", "Purchase Order", "Ordem de compra"),
		lookup("Sales_Order", SalesOrders, "Sales Order", "Pedido de venda"),
		contactName(),
		accountName(),
	}
	return inventoryModule(Invoices, labels("Invoices", "Faturas"), labels("Invoice", "Fatura"),
		header, "Invoice Information")
}

func casesModule() Module {
	info := []Field{
		required(text("Subject", "Subject", "Assunto")),
		picklist("Status", "Status", "Status",
			"New", "Novo",
			"Open", "Aberto",
			"Escalated", "Escalado",
			"On Hold", "Em espera",
			"Closed", "Fechado",
		),
		picklist("Priority", "Priority", "Prioridade",
			"High", "Alta",
			"Medium", "Média",
			"Low", "Baixa",
		),
		picklist("Case_Origin", "Case Origin", "Origem do caso",
			"Email", "E-mail",
			"Phone", "Telefone",
			"Web", "Web",
			"Portal", "Portal",
			"Chat", "Chat",
		),
		picklist("Type", "Type", "Tipo",
			"Question", "Pergunta",
			"Problem", "Problema",
			"Feature Request", "Pedido de funcionalidade",
		),
		contactName(),
		accountName(),
		lookup("Product_Name", Products, "Product Name", "Nome do produto"),
		email("Email", "Email", "E-mail"),
		phone("Phone", "Phone", "Telefone"),
		datetime("Reported_At", "Reported At", "Relatado em"),
	}
	desc := []Field{
		description(),
		textarea("Solution", "Solution", "Solução"),
		textarea("Internal_Comments", "Internal Comments", "Comentários internos"),
	}
	return Module{
		APIName:        Cases,
		Labels:         labels("Cases", "Casos"),
		SingularLabels: labels("Case", "Caso"),
		NameField:      "Subject",
		Fields:         append(info, desc...),
		Layouts: defaultLayout(
			section("Case Information", names(info)...),
			section("Description Information", names(desc)...),
		),
	}
}

func solutionsModule() Module {
	info := []Field{
		required(text("Solution_Title", "Solution Title", "Título da solução")),
		picklist("Status", "Status", "Status",
			"Draft", "Rascunho",
			"Reviewed", "Revisada",
			"Published", "Publicada",
		),
		lookup("Product_Name", Products, "Product Name", "Nome do produto"),
	}
	qa := []Field{
		textarea("Question", "Question", "Pergunta"),
		textarea("Answer", "Answer", "Resposta"),
	}
	return Module{
		APIName:        Solutions,
		Labels:         labels("Solutions", "Soluções"),
		SingularLabels: labels("Solution", "Solução"),
		NameField:      "Solution_Title",
		Fields:         append(info, qa...),
		Layouts: defaultLayout(
			section("Solution Information", names(info)...),
			section("Question and Answer", names(qa)...),
		),
	}
}

package seed

// The demo data: a Brazilian reseller of IT products and services and its customers. Every
// picklist value here is an option of the standard modules in shared/crm.

type demoAccount struct {
	name, industry, kind string
	street, city, state  string
	zip, ddd, website    string
	employees            int
	revenue              string
}

var demoAccounts = []demoAccount{
	{"Padaria Pão Dourado Ltda", "Retail", "Customer", "Rua Augusta, 1508", "São Paulo", "SP", "01304-001", "11", "https://paodourado.example", 45, "3200000.00"},
	{"Construtora Horizonte S.A.", "Construction", "Customer", "Av. do Contorno, 6594", "Belo Horizonte", "MG", "30110-044", "31", "https://horizonte.example", 320, "85000000.00"},
	{"Clínica Saúde Integral", "Healthcare", "Customer", "Rua XV de Novembro, 700", "Curitiba", "PR", "80020-310", "41", "https://saudeintegral.example", 80, "12500000.00"},
	{"TechSul Sistemas Ltda", "Technology", "Partner", "Av. Ipiranga, 6681", "Porto Alegre", "RS", "90619-900", "51", "https://techsul.example", 60, "9800000.00"},
	{"Hotel Mar Azul", "Hospitality", "Customer", "Av. Boa Viagem, 3722", "Recife", "PE", "51020-000", "81", "https://marazul.example", 150, "21000000.00"},
	{"Escola Aprender Mais", "Education", "Customer", "Rua Voluntários da Pátria, 190", "Rio de Janeiro", "RJ", "22270-010", "21", "https://aprendermais.example", 95, "7400000.00"},
	{"Agropecuária Vale Verde", "Agriculture", "Prospect", "Rodovia BR-277, km 112", "Curitiba", "PR", "81350-000", "41", "https://valeverde.example", 210, "56000000.00"},
	{"Transportes Rápido Nordeste", "Transportation", "Customer", "Av. Caxangá, 2200", "Recife", "PE", "50711-000", "81", "https://rapidonordeste.example", 400, "64000000.00"},
	{"Energia Solar Gaúcha", "Energy", "Reseller", "Rua dos Andradas, 1234", "Porto Alegre", "RS", "90020-008", "51", "https://solargaucha.example", 38, "15800000.00"},
	{"Metalúrgica São João", "Manufacturing", "Customer", "Av. Presidente Wilson, 2100", "São Paulo", "SP", "04220-000", "11", "https://metalurgicasj.example", 560, "132000000.00"},
}

var firstNames = []string{
	"João", "Maria", "José", "Ana", "Luíza", "Márcio", "Fábio", "Cecília", "Antônio", "Letícia",
	"Sérgio", "Patrícia", "Otávio", "Vinícius", "Júlia", "Tânia", "Mônica", "Rogério", "Cláudia", "André",
	"Lúcia", "Renato", "Fernanda", "Caio", "Bárbara", "Gustavo", "Débora", "Flávio", "Helena", "Ícaro",
}

var lastNames = []string{
	"Silva", "Souza", "Araújo", "Gonçalves", "Conceição", "Simões", "Magalhães", "Brandão", "Azevedo", "Assunção",
	"Leão", "Falcão", "Guimarães", "Lemos", "Carvalho", "Ribeiro", "Pereira", "Nóbrega", "Peçanha", "Romão",
}

var titles = []struct{ title, department string }{
	{"Gerente de Compras", "Compras"},
	{"Gerente de Finanças", "Financeiro"},
	{"Analista de TI", "Tecnologia"},
	{"Gerente de Administração", "Administração"},
	{"Presidente", "Diretoria"},
	{"Assistente de Compras", "Compras"},
	{"Gerente de Operações", "Operações"},
	{"Analista Fiscal", "Financeiro"},
}

var streets = []string{
	"Rua das Flores", "Rua São Bento", "Av. Brasil", "Rua da Consolação", "Rua Sete de Setembro",
	"Av. Getúlio Vargas", "Rua Marechal Deodoro", "Rua Tiradentes", "Av. Santos Dumont", "Rua Dom Pedro II",
}

var leadSources = []string{
	"Advertisement", "Cold Call", "Employee Referral", "External Referral", "Online Store",
	"Partner", "Public Relations", "Seminar", "Trade Show", "Web Download", "Web Research", "Chat",
}

type demoProduct struct {
	name, code, category, unit, manufacturer string
	price                                    string
	tax                                      float64
	stock                                    int
}

var demoProducts = []demoProduct{
	{"Notebook Pro 14", "HW-NB14", "Hardware", "Each", "Lumen", "6490.00", 12, 38},
	{"Monitor 27 polegadas 4K", "HW-MN27", "Hardware", "Each", "Lumen", "2390.00", 12, 54},
	{"Impressora Multifuncional Laser", "HW-IMP1", "Hardware", "Each", "Grafia", "1890.00", 12, 21},
	{"Roteador Wi-Fi 6", "HW-RT06", "Hardware", "Each", "Conecta", "749.90", 12, 120},
	{"Licença ERP Gestão Total", "SW-ERP1", "Software", "Each", "Acme Software", "12000.00", 5, 0},
	{"Antivírus Empresarial", "SW-AV01", "Software", "Each", "Escudo", "189.00", 5, 0},
	{"Suporte Técnico Mensal", "SV-SUP1", "Service", "Month", "Acme Comércio", "890.00", 5, 0},
	{"Instalação e Configuração", "SV-INS1", "Service", "Hours", "Acme Comércio", "350.00", 5, 0},
	{"Backup em Nuvem 1 TB", "SB-BKP1", "Subscription", "Month", "Nuvem Segura", "99.90", 5, 0},
	{"Portal do Cliente CRM", "SB-CRM1", "Subscription", "Month", "Acme Software", "249.00", 5, 0},
	{"Treinamento Excel Avançado", "TR-XLS1", "Training", "Hours", "Acme Educação", "690.00", 0, 0},
	{"Treinamento LGPD para Equipes", "TR-LGP1", "Training", "Hours", "Acme Educação", "1200.00", 0, 0},
}

var quoteStages = []string{"Draft", "Negotiation", "Delivered", "On Hold", "Confirmed", "Closed Lost"}

var carriers = []string{"Correios", "DHL", "FedEx", "UPS"}

var orderStatuses = []string{"Created", "Approved", "Delivered", "Cancelled"}

var invoiceStatuses = []string{"Draft", "Created", "Approved", "Sent", "Paid", "Paid", "Overdue", "Cancelled"}

var terms = "Pagamento em até 30 dias pelo boleto. Preços em reais, impostos inclusos. Garantia de 12 meses para hardware."

type demoCase struct {
	subject, kind, description string
	product                    int
}

var demoCases = []demoCase{
	{"Impressora não imprime frente e verso", "Problem", "Desde a última atualização a impressora ignora a opção de duplex.", 2},
	{"Notebook esquenta muito durante reuniões", "Problem", "O notebook desliga sozinho após uma hora de videoconferência.", 0},
	{"Como cadastrar novos usuários no ERP?", "Question", "Precisamos dar acesso a três novos funcionários do financeiro.", 4},
	{"Roteador perde conexão à noite", "Problem", "A rede sem fio cai todos os dias por volta das 22h.", 3},
	{"Relatório de vendas por região no ERP", "Feature Request", "Gostaríamos de um relatório de vendas agrupado por estado.", 4},
	{"Antivírus bloqueia o sistema fiscal", "Problem", "O emissor de notas fiscais é colocado em quarentena.", 5},
	{"Agendar visita técnica", "Question", "Qual a disponibilidade para instalação na próxima semana?", 7},
	{"Backup não concluído", "Problem", "O painel mostra o último backup completo há cinco dias.", 8},
	{"Monitor com pixels apagados", "Problem", "Três pixels apagados no canto superior do monitor recém-entregue.", 1},
	{"Certificado do treinamento LGPD", "Question", "Os participantes ainda não receberam o certificado.", 11},
	{"Acesso ao portal do cliente", "Question", "Como convidar nossos clientes para o portal?", 9},
	{"Integração do ERP com o banco", "Feature Request", "Precisamos importar extratos bancários automaticamente.", 4},
}

var caseStatuses = []string{"New", "Open", "Open", "Escalated", "On Hold", "Closed"}

var priorities = []string{"High", "Medium", "Medium", "Low"}

var caseOrigins = []string{"Email", "Phone", "Web", "Portal", "Chat"}

type demoSolution struct {
	title, question, answer, status string
	product                         int
}

var demoSolutions = []demoSolution{
	{"Ativar impressão frente e verso", "A impressora não imprime dos dois lados.", "Em Preferências de impressão, marque \"Imprimir em ambos os lados\" e atualize o driver para a versão 4.2.", "Published", 2},
	{"Reduzir o aquecimento do notebook", "O notebook esquenta e desliga.", "Ative o modo de energia equilibrado, mantenha as saídas de ar livres e atualize a BIOS.", "Published", 0},
	{"Cadastrar usuários no ERP", "Como dar acesso a um novo funcionário?", "Em Configurações > Usuários, clique em Novo, escolha o perfil e envie o convite.", "Published", 4},
	{"Estabilizar a rede Wi-Fi", "A conexão cai em horários fixos.", "Desative o reinício agendado do roteador e fixe o canal em 36 ou 44 na faixa de 5 GHz.", "Reviewed", 3},
	{"Liberar o emissor fiscal no antivírus", "O antivírus bloqueia um programa confiável.", "Adicione a pasta do emissor às exceções da política da empresa no console do antivírus.", "Published", 5},
	{"Restaurar um arquivo do backup", "Como recuperar um arquivo apagado?", "No painel do backup, abra Restaurar, escolha a data e o arquivo e confirme o destino.", "Published", 8},
	{"Calibrar cores do monitor 4K", "As cores parecem lavadas.", "Use o perfil sRGB do menu do monitor e a calibração de cores do sistema operacional.", "Draft", 1},
	{"Convidar clientes para o portal", "Como um cliente recebe acesso ao portal?", "No registro do contato, use Mais > Enviar convite do portal e escolha o tipo de usuário.", "Published", 9},
}

var leadCompanies = []struct{ company, city, state, industry string }{
	{"Farmácia Bem-Estar", "São Paulo", "SP", "Healthcare"},
	{"Cooperativa Agrícola Serra Alta", "Curitiba", "PR", "Agriculture"},
	{"Banco Popular do Sul", "Porto Alegre", "RS", "Banking"},
	{"Seguradora Confiança", "Rio de Janeiro", "RJ", "Insurance"},
	{"Rádio Cidade FM", "Belo Horizonte", "MG", "Media"},
	{"Telecom Litoral", "Recife", "PE", "Telecommunications"},
	{"Consultoria Ponto Certo", "São Paulo", "SP", "Consulting"},
	{"Prefeitura de Vila Nova", "Belo Horizonte", "MG", "Government"},
	{"Loja Moda & Cia", "Rio de Janeiro", "RJ", "Retail"},
	{"Indústria Têxtil Aurora", "Porto Alegre", "RS", "Manufacturing"},
}

var leadStatuses = []string{
	"Not Contacted", "Attempted to Contact", "Contact in Future", "Contacted",
	"Pre-Qualified", "Not Qualified", "Junk Lead", "Lost Lead",
}

var leadTitles = []string{"Gerente de TI", "Gerente de Compras", "Presidente", "Analista de Finanças", "Gerente de Administração"}

var ddds = map[string]string{
	"São Paulo": "11", "Rio de Janeiro": "21", "Belo Horizonte": "31",
	"Curitiba": "41", "Porto Alegre": "51", "Recife": "81",
}

# Deploying to AWS: included by the root Makefile. See README, Deploy.
#
#   make deploy STAGE=dev SENDER_EMAIL=no-reply@mail.acme.com [DOMAIN_NAME=portal.acme.com
#        CERTIFICATE_ARN=arn:aws:acm:us-east-1:...] [API_DOMAIN_NAME=api.portal.acme.com
#        API_CERTIFICATE_ARN=arn:aws:acm:REGION:...] [MAIL_DOMAIN=mail.acme.com]
#        [ALARM_EMAIL=ops@acme.com] [EXTRA_PARAMS="LogRetentionDays=30 EnableWaf=true"]
#                    check the values, make build, sam deploy (samconfig.toml's STAGE
#                    environment, no prompts but prod's change set), then publish the web app
#                    (portalctl web publish: cache headers, stale files deleted, CloudFront
#                    invalidated). Needs AWS credentials (AWS_PROFILE, AWS_REGION, ...).
#   make deploy-check  everything before the change set, without credentials: the values'
#                    rules, cfn-lint, sam validate, checkov, the resource budget, make build and
#                    Lambda's package limits
#   make deploy-check-quick  the parts without make build (part of make test, through lint)
#
# The variables may also live in .deploy/STAGE.env (git-ignored; KEY=VALUE lines, e.g.
# SENDER_EMAIL=no-reply@mail.acme.com), so a stage's values are written once; the command
# line wins.

STAGE ?= dev
DEPLOY_ENV_FILE ?= .deploy/$(STAGE).env
-include $(DEPLOY_ENV_FILE)
# samconfig.toml names the stacks crm-portal-STAGE; another name gives a second stack of a
# stage (account-wide names derive from the stack name).
STACK_NAME ?= crm-portal-$(STAGE)
# What GET /api/health reports: only the health function is given it (template parameter
# Version), so the other functions' code stays the same from one deploy to the next.
DEPLOY_VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null)
# The SAM CLI (boto3) reads AWS_DEFAULT_REGION but not AWS_REGION, which the Go SDK and
# portalctl read first: make passes either as --region. Neither set: the profile's region.
DEPLOY_REGION ?= $(or $(AWS_REGION),$(AWS_DEFAULT_REGION))
# The resource budget: CloudFormation's limit is 500 resources a stack; each stack (the root and
# each nested one, after the SAM transform) stays under 300 (docs/deploy.md, "The resource budget").
RESOURCE_BUDGET ?= 300

DEPLOY_TOOL := bin/deploy
PORTALCTL := bin/portalctl

.PHONY: deploy deploy-check deploy-check-quick deploy-params resource-budget web-publish lint-checkov checkov-lock

$(DEPLOY_TOOL): $(GO_SOURCES)
	$(GO) build -o $@ ./infra/cmd/deploy

$(PORTALCTL): $(GO_SOURCES)
	$(GO_BUILD) -o $@ ./infra/cmd/portalctl

# Prints sam deploy's parameter overrides, or the refused values with exit status 2.
DEPLOY_PARAMS = $(DEPLOY_TOOL) params --template $(ROOT)/template.yaml --stage '$(STAGE)' \
	--sender-email '$(SENDER_EMAIL)' --domain-name '$(DOMAIN_NAME)' --certificate-arn '$(CERTIFICATE_ARN)' \
	--api-domain-name '$(API_DOMAIN_NAME)' --api-certificate-arn '$(API_CERTIFICATE_ARN)' --region '$(DEPLOY_REGION)' \
	--mail-domain '$(MAIL_DOMAIN)' --alarm-email '$(ALARM_EMAIL)' --version '$(DEPLOY_VERSION)' \
	--extra '$(EXTRA_PARAMS)'

deploy-params: $(DEPLOY_TOOL)
	@$(DEPLOY_PARAMS)

# The values are checked before anything is built or created; sam deploy gets no --guided
# (whose questions include one per route without an authorizer: the functions check the
# session themselves).
deploy: $(DEPLOY_TOOL) $(PORTALCTL) $(VENV_STAMP)
	@$(DEPLOY_PARAMS) >/dev/null
	$(MAKE) build
	@overrides=$$($(DEPLOY_PARAMS)) && echo "sam deploy $(STACK_NAME): $$overrides" && \
	cd $(ROOT) && $(SAM) deploy --config-env $(STAGE) --stack-name $(STACK_NAME) --s3-prefix $(STACK_NAME) \
		$(if $(DEPLOY_REGION),--region $(DEPLOY_REGION)) --no-progressbar --parameter-overrides $$overrides
	$(MAKE) web-publish STACK_NAME=$(STACK_NAME)

# make web, then the files of web/dist into the stack's WebBucket and a CloudFront invalidation.
web-publish: $(PORTALCTL) web
	./$(PORTALCTL) --stack $(STACK_NAME) web publish web/dist

# Each stack's resources (the root's and its nested stacks'), counted by the pinned SAM
# translator (what CloudFormation runs); fails when any is above RESOURCE_BUDGET.
resource-budget: $(VENV_STAMP)
	cd $(ROOT) && $(VENV_BIN)/python infra/deploy/resources.py --budget $(RESOURCE_BUDGET) template.yaml

deploy-check-quick: $(DEPLOY_TOOL) resource-budget
	@$(DEPLOY_TOOL) params --template $(ROOT)/template.yaml --stage dev --sender-email no-reply@mail.acme.com.br \
		--version '$(DEPLOY_VERSION)' >/dev/null && echo "deploy params: the rules accept a sample stage"

# checkov has its own lock and virtual environment: its pins conflict with aws-sam-cli's.
CHECKOV_VENV ?= $(ROOT)/.venv-checkov
CHECKOV_REQUIREMENTS ?= $(ROOT)/infra/requirements-checkov.txt
CHECKOV_STAMP := $(CHECKOV_VENV)/.requirements.stamp
# The templates checkov reads; the accepted findings, each with its reason, are in .checkov.yaml.
CHECKOV_FILES ?= template.yaml $(sort $(wildcard stacks/*.yaml)) $(wildcard infra/deploy/waf.yaml)

$(CHECKOV_STAMP): $(CHECKOV_REQUIREMENTS)
	@test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(CHECKOV_REQUIREMENTS)
	$(CHECKOV_VENV)/bin/python -m pip check --disable-pip-version-check
	@touch $@

# checkov reads SAM's AWS::Serverless::Function as it is, so the template needs no transform.
lint-checkov: $(CHECKOV_STAMP)
	cd $(ROOT) && $(CHECKOV_VENV)/bin/checkov --config-file .checkov.yaml $(addprefix -f ,$(CHECKOV_FILES))

# Recompiles infra/requirements-checkov.txt from requirements-checkov.in, as tools-lock does.
checkov-lock:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp" && \
	"$$tmp/bin/python" -m pip install --quiet --disable-pip-version-check pip-tools==$(PIP_TOOLS_VERSION) && \
	cd $(ROOT)/infra && "$$tmp/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file=requirements-checkov.txt requirements-checkov.in

deploy-check: deploy-check-quick lint-cfn lint-checkov
	$(MAKE) build
	$(DEPLOY_TOOL) packages --build-dir $(ROOT)/.aws-sam/build

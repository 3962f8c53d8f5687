# Customer portal for CRM data. `make dev` runs the portal locally; `make test` runs every check.
# Everything the targets need is installed into the project (bin/, .venv/, node_modules/).

ROOT := $(CURDIR)
GO ?= go
NPM ?= npm
# This machine's go env may turn VCS stamping off; binaries stamp their revision (the version
# GET /api/health reports) when built from a git checkout.
GO_BUILD := $(GO) build -buildvcs=auto

VERSITYGW := bin/versitygw
STATICCHECK := bin/staticcheck
LAMBDA_RIE := bin/aws-lambda-rie
PORTAL_DEV := bin/portal-dev
INFRA_NPM_STAMP := infra/node_modules/.package-lock.json
WEB_NPM_STAMP := web/node_modules/.package-lock.json
GO_SOURCES := $(shell find shared functions infra -name '*.go' -not -path '*/node_modules/*') go.mod go.sum

include infra/make/python.mk
include infra/make/fuzz.mk
include infra/make/deploy.mk

.DEFAULT_GOAL := help
.PHONY: help dev dev-reset tools web lint lint-go lint-web test test-go test-go-injected test-web test-e2e bench load gen genweb fuzz clean

help:
	@echo "make dev        run the portal on http://localhost:3000 (local stack, gateway, web app)"
	@echo "make dev-reset  wipe the data make dev keeps"
	@echo "make test       lint, Go unit and integration tests, web unit tests, browser tests"
	@echo "make lint       gofmt, go vet, staticcheck, go mod tidy, tsc, eslint, cfn-lint, sam validate --lint, checkov, resource budget"
	@echo "make build      sam build: every function for arm64, reproducibly (see README, Deploy)"
	@echo "make deploy STAGE=dev SENDER_EMAIL=...  build, sam deploy, publish the web app (see README, Deploy)"
	@echo "make deploy-check  everything before the change set, without AWS credentials"
	@echo "make fuzz       every Go fuzz target for FUZZTIME (20s) each"
	@echo "make fuzz-api   Schemathesis against the portal in memory (make fuzz-api-quick: the short run of make test)"
	@echo "make bench      benchmarks against the local stack; writes docs/benchmarks.md"
	@echo "make load       20 portal users at once for 60 s through the local gateway; writes its section of docs/benchmarks.md"
	@echo "make gen        regenerate the route table, the web app's API types and its limits (make genweb)"
	@echo "make invoke-NAME  sam local invoke NAMEFunction with events/NAME.json (needs Docker)"

# ---------------------------------------------------------------- tools

# The local stack's SQS, moto's server, comes with the project's Python tools (.venv,
# infra/requirements-tools.txt).
tools: $(VERSITYGW) $(LAMBDA_RIE) $(INFRA_NPM_STAMP) $(VENV_STAMP)

# Versity S3 Gateway, pinned in the tools module (infra/tools/go.mod), built once.
$(VERSITYGW): infra/tools/go.mod infra/tools/go.sum
	cd infra/tools && $(GO) build -trimpath -o ../../$(VERSITYGW) github.com/versity/versitygw/cmd/versitygw

# AWS's Lambda Runtime Interface Emulator, for the gateway's Lambda runtime mode (infra/lambdarun).
$(LAMBDA_RIE): infra/tools/go.mod infra/tools/go.sum
	cd infra/tools && $(GO) build -trimpath -o ../../$(LAMBDA_RIE) github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie

$(STATICCHECK): infra/tools/go.mod infra/tools/go.sum
	cd infra/tools && $(GO) build -trimpath -o ../../$(STATICCHECK) honnef.co/go/tools/cmd/staticcheck

# Dynoxide and aws-ses-v2-local, pinned in infra/package-lock.json.
$(INFRA_NPM_STAMP): infra/package.json infra/package-lock.json
	cd infra && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WEB_NPM_STAMP): web/package.json web/package-lock.json
	cd web && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

# ---------------------------------------------------------------- run

web: $(WEB_NPM_STAMP)
	cd web && $(NPM) run build

$(PORTAL_DEV): $(GO_SOURCES) template.yaml $(wildcard stacks/*.yaml)
	$(GO_BUILD) -o $(PORTAL_DEV) ./infra/cmd/dev

dev: tools web $(PORTAL_DEV)
	exec ./$(PORTAL_DEV)

dev-reset:
	rm -rf .dev-data

# ---------------------------------------------------------------- checks

lint: lint-go lint-web lint-cfn lint-checkov deploy-check-quick

lint-go: $(STATICCHECK)
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './web/*')); \
		if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	./$(STATICCHECK) ./...
	$(GO) mod tidy -diff
	cd infra/tools && $(GO) mod tidy -diff

lint-web: $(WEB_NPM_STAMP)
	cd web && $(NPM) run --silent typecheck
	cd web && $(NPM) run --silent lint
	cd web && $(NPM) run --silent check:api

test: lint test-go test-go-injected test-web test-e2e fuzz-api-quick

# Unit tests and integration tests; the integration tests start the local stack themselves,
# in memory on free ports. A plain `go test` skips them where the emulators are not installed;
# REQUIRE_STACK=1 makes that a failure here, so make test (and CI) always runs them.
# The integration package takes several minutes (more on a busy machine): past go test's
# default 10-minute limit per package, so the limit is GO_TEST_TIMEOUT.
GO_TEST_TIMEOUT ?= 30m
test-go: tools
	REQUIRE_STACK=1 $(GO) test -count=1 -timeout $(GO_TEST_TIMEOUT) ./...

# The integration tests once more, all but INJECTED_SKIP, with DynamoDB's behaviour under load
# injected by the strict layer (infra/ddbstrict): 10% each of transaction conflicts, throttles,
# partial batches and stale eventually consistent reads, from a fixed seed. No answer may be a
# 500. Skipped: TestFaultsGiveCleanAnswers injects faults of its own (with DynamoDB's on too it
# takes minutes and its "table unchanged" checks meet the injected throttles' retries);
# TestLoginsOfKnownAndUnknownEmailsDoTheSameWork and
# TestResetRequestsDoTheSameWorkForKnownAndUnknownEmails compare the storage calls of two
# requests one by one, which the store's retries of injected conflicts make differ;
# TestReadsTakeTwoRoundTrips counts calls, which the store's retries of injected partial
# batches and conflicts add to. The run mostly waits out those backoffs, so it runs as two
# processes at once (tests A-N, the rest), each with its own stack; the run fails when a kind
# of fault asked for was injected in neither (the counts they append to INJECTED_COUNTS).
DDB_FAULTS_INJECTED ?= conflict=0.1,throttle=0.1,unprocessed=0.1,stale=0.1,seed=1
INJECTED_SKIP ?= ^TestFaultsGiveCleanAnswers$$|^TestLoginsOfKnownAndUnknownEmailsDoTheSameWork$$|^TestResetRequestsDoTheSameWorkForKnownAndUnknownEmails$$|^TestReadsTakeTwoRoundTrips$$
INJECTED_HALF = ^Test[A-N]
INJECTED_COUNTS := $(or $(TMPDIR),/tmp)/crmportal-injected-counts.$(shell echo $$PPID)
test-go-injected: tools
	$(GO) test -c -o /dev/null ./infra/apitest
	@rm -f $(INJECTED_COUNTS); touch $(INJECTED_COUNTS)
	export REQUIRE_STACK=1 DDB_FAULTS=$(DDB_FAULTS_INJECTED) DDB_FAULTS_SHARD_COUNTS=$(INJECTED_COUNTS); \
	$(GO) test -count=1 -timeout $(GO_TEST_TIMEOUT) ./infra/apitest -run '$(INJECTED_HALF)' -skip '$(INJECTED_SKIP)' & first=$$!; \
	$(GO) test -count=1 -timeout $(GO_TEST_TIMEOUT) ./infra/apitest -skip '$(INJECTED_HALF)|$(INJECTED_SKIP)'; second=$$?; \
	wait $$first; first=$$?; \
	awk -F'\t' '{rate[$$1] = $$2; n[$$1] += $$3} END {for (k in rate) {printf "DynamoDB faults injected: %d %s\n", n[k], k; if (rate[k] > 0 && n[k] == 0) {print "FAIL: DDB_FAULTS asked for " k " but none were injected"; bad = 1}} exit bad}' $(INJECTED_COUNTS); counted=$$?; \
	rm -f $(INJECTED_COUNTS); \
	[ $$first -eq 0 ] && [ $$second -eq 0 ] && [ $$counted -eq 0 ]

test-web: $(WEB_NPM_STAMP)
	cd web && $(NPM) test

# The browser tests: Debian's chromium through the local gateway.
test-e2e: tools web $(PORTAL_DEV)
	infra/e2e.sh ./$(PORTAL_DEV)

bench: tools
	$(GO) run ./infra/cmd/bench -out docs/benchmarks.md

# The load run: portal users listing and opening records at once (infra/load); its bounded
# 5 s run is a test of make test-go. Fails on any error.
load: tools
	$(GO) run ./infra/cmd/load -users 20 -duration 60s -doc docs/benchmarks.md

gen: genweb
	$(GO) generate ./shared/routes
	cd web && $(NPM) run gen:api

# The limits and allowlists the browser checks (attachment types and size, note length, ...),
# written from the Go packages that own them; infra/cmd/genweb's test fails when it is stale.
genweb:
	$(GO) run ./infra/cmd/genweb

clean:
	rm -rf bin .aws-sam web/dist

# Python tooling and `sam build`: included by the root Makefile.
#
#   make .venv           project-local virtual environment with the pinned tools
#                        (no-op while infra/requirements-tools.txt is unchanged)
#   make lint-cfn        cfn-lint and `sam validate --lint` on template.yaml and each nested stack's
#                        template (stacks/*.yaml; no AWS credentials needed),
#                        and the SAM policy templates copy checked against the pinned translator
#   make build           sam build: every function as a static, stripped linux/arm64 `bootstrap`
#   make invoke-NAME     sam local invoke NAMEFunction --event events/NAME.json --env-vars
#                        events/env.local.json (needs Docker and `make dev` running);
#                        kebab-case names map to PascalCase: email-events -> EmailEventsFunction
#   make tools-lock      recompile infra/requirements-tools.txt (pins and hashes) from requirements-tools.in
#
# Paths are relative to ROOT, the repository root (the root Makefile's directory by default).

ROOT ?= $(CURDIR)
PYTHON ?= python3
VENV ?= $(ROOT)/.venv
VENV_BIN := $(VENV)/bin
TOOLS_REQUIREMENTS ?= $(ROOT)/infra/requirements-tools.txt
# Written after a successful install; newer than the requirements file means nothing to do.
VENV_STAMP := $(VENV)/.requirements-tools.stamp
PIP_TOOLS_VERSION ?= 7.6.2

SAM := $(VENV_BIN)/sam
CFN_LINT := $(VENV_BIN)/cfn-lint
SCHEMATHESIS := $(VENV_BIN)/schemathesis

# SAM CLI telemetry is off for every command started from make.
export SAM_CLI_TELEMETRY := 0

# `sam validate` needs a region but no credentials; any region gives the same answer.
LINT_REGION ?= us-east-1

# How every function is compiled. SAM's go1.x build method (aws-lambda-builders'
# go_modules workflow) runs `go build -o <artifacts>/bootstrap <CodeUri>` with GOOS=linux
# and GOARCH from Architectures, and the rest of the environment passed through; it has no
# property for tags or ldflags, so they go in GOFLAGS (the go command's own quoting keeps
# "-ldflags=-s -w" one flag). GOFLAGS from the environment comes first, so these win.
# -buildvcs=false and -trimpath make the build reproducible: the same tree gives the same bytes,
# so a deploy changes only the functions whose code changed (a VCS stamp would change all of
# them at every commit). The version GET /api/health reports reaches the health function alone,
# as the template's Version parameter (make deploy). infra/deploy's TestLambdaBuildIsReproducible
# builds a function twice with these flags.
LAMBDA_GOFLAGS := -trimpath -tags=lambda.norpc "-ldflags=-s -w" -buildvcs=false
LAMBDA_GO_ENV = CGO_ENABLED=0 GOFLAGS='$(strip $(GOFLAGS) $(LAMBDA_GOFLAGS))'
# Extra flags for `sam build`, e.g. SAM_BUILD_FLAGS=--parallel. Not --cached: SAM hashes only
# CodeUri (functions/NAME/), so a change under shared/ would not rebuild the function.
SAM_BUILD_FLAGS ?=

# events/NAME.json for `make invoke-NAME`; EVENT=path overrides it (.dev-data/events/NAME.json
# after `portalctl --local events mint`). SAM_LOCAL_FLAGS adds flags, e.g. on Linux
# SAM_LOCAL_FLAGS="--docker-network host --add-host host.docker.internal:127.0.0.1".
EVENT ?=
SAM_LOCAL_ENV_VARS ?= events/env.local.json
SAM_LOCAL_FLAGS ?=

# The nested stacks' templates (template.yaml includes each as an AWS::Serverless::Application).
STACK_TEMPLATES := $(sort $(wildcard $(ROOT)/stacks/*.yaml))

.PHONY: .venv lint-cfn build tools-lock

.venv: $(VENV_STAMP)

# The lock lists every package with its hashes, so pip installs exactly it (--no-deps: pip's
# resolver would otherwise trip over extras such as boto3[crt] in hash mode) and pip check
# confirms that nothing is missing.
$(VENV_STAMP): $(TOOLS_REQUIREMENTS)
	@test -x $(VENV_BIN)/python || $(PYTHON) -m venv $(VENV)
	$(VENV_BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(TOOLS_REQUIREMENTS)
	$(VENV_BIN)/python -m pip check --disable-pip-version-check
	@touch $@

# The SAM policy templates the local IAM guard expands (infra/template/samtemplates) must be
# the pinned translator's own file, and its version the one infra/template names.
lint-cfn: $(VENV_STAMP)
	cd $(ROOT) && $(CFN_LINT) template.yaml $(STACK_TEMPLATES:$(ROOT)/%=%) infra/deploy/waf.yaml
	cd $(ROOT) && cmp infra/template/samtemplates/policy_templates.json \
		"$$($(VENV_BIN)/python -c 'import os, samtranslator; print(os.path.join(os.path.dirname(samtranslator.__file__), "policy_templates_data", "policy_templates.json"))')"
	cd $(ROOT) && v=$$($(VENV_BIN)/python -c 'import samtranslator; print(samtranslator.__version__)') && \
		grep -q "SAMPolicyTemplatesVersion = \"$$v\"" infra/template/policies.go || \
		{ echo "infra/template/policies.go: SAMPolicyTemplatesVersion is not the installed aws-sam-translator $$v"; exit 1; }
	cd $(ROOT) && for t in template.yaml $(STACK_TEMPLATES:$(ROOT)/%=%); do \
		AWS_REGION=$(LINT_REGION) AWS_DEFAULT_REGION=$(LINT_REGION) $(SAM) validate --lint --template-file $$t || exit 1; done

build: $(VENV_STAMP)
	cd $(ROOT) && $(LAMBDA_GO_ENV) $(SAM) build --template-file template.yaml $(SAM_BUILD_FLAGS)

# health -> HealthFunction, email-events -> EmailEventsFunction.
_ucfirst = $(patsubst a%,A%,$(patsubst b%,B%,$(patsubst c%,C%,$(patsubst d%,D%,$(patsubst e%,E%,$(patsubst f%,F%,$(patsubst g%,G%,$(patsubst h%,H%,$(patsubst i%,I%,$(patsubst j%,J%,$(patsubst k%,K%,$(patsubst l%,L%,$(patsubst m%,M%,$(patsubst n%,N%,$(patsubst o%,O%,$(patsubst p%,P%,$(patsubst q%,Q%,$(patsubst r%,R%,$(patsubst s%,S%,$(patsubst t%,T%,$(patsubst u%,U%,$(patsubst v%,V%,$(patsubst w%,W%,$(patsubst x%,X%,$(patsubst y%,Y%,$(patsubst z%,Z%,$(1)))))))))))))))))))))))))))
_empty :=
_space := $(_empty) $(_empty)
function_logical_id = $(subst $(_space),,$(call _ucfirst,$(subst -, ,$(1))))Function

# Builds only that function, into its own folder: a one-function build in .aws-sam/build would
# leave the other functions pointing at their sources for a later `sam deploy`. Then invokes it
# in Docker.
INVOKE_BUILD_DIR ?= .aws-sam/invoke

invoke-%: $(VENV_STAMP)
	@cd $(ROOT) && test -f $(or $(EVENT),events/$*.json) || { echo "no event file $(or $(EVENT),events/$*.json)" >&2; exit 1; }
	cd $(ROOT) && $(LAMBDA_GO_ENV) $(SAM) build --template-file template.yaml --build-dir $(INVOKE_BUILD_DIR) $(SAM_BUILD_FLAGS) $(call function_logical_id,$*)
	cd $(ROOT) && $(SAM) local invoke --template-file $(INVOKE_BUILD_DIR)/template.yaml --event $(or $(EVENT),events/$*.json) \
		--env-vars $(SAM_LOCAL_ENV_VARS) $(SAM_LOCAL_FLAGS) $(call function_logical_id,$*)

# Recompiles the lock with pip-tools from a throwaway virtual environment; then `make .venv`.
tools-lock:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp" && \
	"$$tmp/bin/python" -m pip install --quiet --disable-pip-version-check pip-tools==$(PIP_TOOLS_VERSION) && \
	cd $(ROOT)/infra && "$$tmp/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file=requirements-tools.txt requirements-tools.in

# Fuzzing: included by the root Makefile.
#
#   make fuzz-api-quick  Schemathesis from docs/openapi.yaml against the portal in memory, signed in
#                        as the demo staff admin and the demo customer: few examples, fixed seed
#                        (part of make test)
#   make fuzz-api        the same with many more examples and the stateful phase
#   make fuzz            every Go fuzz target for FUZZTIME each, one after the other; a crasher
#                        is written to the package's testdata/fuzz/<target>/ (the seed corpus)
#
# infra/fuzzapi.sh starts the portal and says which operations it leaves out and why.

FUZZTIME ?= 20s
# Examples per operation and the seed of the runs; FUZZ_API_FLAGS adds Schemathesis options.
FUZZ_API_QUICK_EXAMPLES ?= 5
FUZZ_API_EXAMPLES ?= 200
FUZZ_API_SEED ?= 1
FUZZ_API_FLAGS ?=

# package:target of every Go fuzz target.
GO_FUZZ_TARGETS := \
	./shared/access:FuzzProject \
	./shared/access:FuzzSlug \
	./shared/access:FuzzCheckWrite \
	./shared/auth:FuzzParseTokens \
	./shared/crm:FuzzValidate \
	./shared/crm:FuzzParseListQuery \
	./shared/files:FuzzSanitize \
	./shared/httpapi:FuzzDecode \
	./shared/httpapi:FuzzIfMatch \
	./shared/importer:FuzzImportRows \
	./shared/store:FuzzDecodeCursor

.PHONY: fuzz fuzz-api fuzz-api-quick

fuzz-api-quick: $(PORTAL_DEV) $(VENV_STAMP) tools
	FUZZ_API_EXAMPLES=$(FUZZ_API_QUICK_EXAMPLES) FUZZ_API_SEED=$(FUZZ_API_SEED) \
		FUZZ_API_PHASES=examples,coverage,fuzzing infra/fuzzapi.sh ./$(PORTAL_DEV) $(SCHEMATHESIS) $(FUZZ_API_FLAGS)

fuzz-api: $(PORTAL_DEV) $(VENV_STAMP) tools
	FUZZ_API_EXAMPLES=$(FUZZ_API_EXAMPLES) FUZZ_API_SEED=$(FUZZ_API_SEED) \
		FUZZ_API_PHASES=examples,coverage,fuzzing,stateful infra/fuzzapi.sh ./$(PORTAL_DEV) $(SCHEMATHESIS) $(FUZZ_API_FLAGS)

# Each target alone (go test -fuzz takes one); prints the executions of each (the last
# progress line) and stops at the first crasher. A failure that left no crasher (go test's
# "context deadline exceeded" when the time runs out mid-input on a loaded machine) is retried
# once.
fuzz:
	@for t in $(GO_FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; corpus=$$pkg/testdata/fuzz/$$name; \
		for try in 1 2; do \
			before=$$(ls $$corpus 2>/dev/null | wc -l); \
			if out=$$($(GO) test $$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) 2>&1); then break; fi; \
			if [ $$try = 2 ] || [ $$(ls $$corpus 2>/dev/null | wc -l) != $$before ]; then \
				echo "$$out"; echo "$$name failed: the crasher is in $$corpus/"; exit 1; \
			fi; \
		done; \
		echo "$$name ($$pkg): $$(echo "$$out" | grep -o 'elapsed: [^,]*, execs: [0-9]*' | tail -n 1)"; \
	done

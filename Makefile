# The two commands of the README, and the steps they are made of.
#
#   make start   the portal on embedded SQLite: http://localhost:3000
#   make test    the whole suite; ends with a summary line
#
# Needs only Node.js >= 20, npm and make: Node 22 is fetched into .tools/ when
# the system's Node is older (scripts/ensure-node.sh), and Yarn is the release
# committed under .yarn/releases/. TechDocs pages also need mkdocs: Debian's
# packages, installed by scripts/ensure-mkdocs.sh when run as root.

SHELL := /bin/bash
.DEFAULT_GOAL := help
ROOT := $(CURDIR)

NODE_BIN := $(shell $(ROOT)/scripts/ensure-node.sh)
ifeq ($(NODE_BIN),)
$(error Could not provide Node.js 22: see the message above)
endif
NODE_HOME := $(abspath $(NODE_BIN)/..)
export PATH := $(NODE_BIN):$(ROOT)/.tools/bin:$(PATH)
# Native addons (better-sqlite3) must be built against the headers of the Node
# that runs them, not the ones ~/.npmrc may point at.
ifneq ($(wildcard $(NODE_HOME)/include/node/node.h),)
export npm_config_nodedir := $(NODE_HOME)
endif

# TechDocs: the mkdocs that techdocs-cli and the tests spawn finds the
# techdocs-core plugin stand-in here (techdocs/README.md); the backend puts it
# on its mkdocs' PYTHONPATH itself (techdocs.generator.mkdocs.pythonPath).
TECHDOCS_CORE := $(ROOT)/techdocs/mkdocs-techdocs-core
ifeq ($(filter $(TECHDOCS_CORE),$(subst :, ,$(PYTHONPATH))),)
export PYTHONPATH := $(TECHDOCS_CORE)$(if $(PYTHONPATH),:$(PYTHONPATH))
endif

# The PostgreSQL the tests use (TestDatabases reads the connection string).
POSTGRES_HOST ?= 127.0.0.1
POSTGRES_PORT ?= 5432
POSTGRES_USER ?= postgres
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ?= postgresql://$(POSTGRES_USER)$(if $(POSTGRES_PASSWORD),:$(POSTGRES_PASSWORD))@$(POSTGRES_HOST):$(POSTGRES_PORT)

YARN_RELEASE := $(ROOT)/.yarn/releases/yarn-4.13.0.cjs
YARN := node $(YARN_RELEASE)
INSTALL_STAMP := node_modules/.install-stamp
WORKSPACE_MANIFESTS := $(wildcard packages/*/package.json plugins/*/package.json bench/package.json)

.PHONY: help
help:
	@echo "make start        run the portal (backend :7007, frontend :3000) on embedded SQLite"
	@echo "make test         type check, lint, format, unit, integration (SQLite + PostgreSQL), browser e2e"
	@echo "make install      install dependencies (done by start and test)"
	@echo "make tsc|lint|format-check|test-unit|test-integration|test-e2e   single steps"
	@echo "make bench        benchmarks (print figures; see bench/README.md)"
	@echo "make sandbox      only the local stand-ins (GitHub, Kubernetes, Argo CD, Vault, PagerDuty, Slack, SonarQube, Grafana, OCI registry, Snyk, Cost Explorer, an example website), in the foreground"
	@echo "make clean-data   forget the local SQLite database in .data/"

# --- install ---------------------------------------------------------------

.tools/bin/yarn: $(YARN_RELEASE)
	@mkdir -p .tools/bin
	@printf '#!/bin/sh\nexec node "%s" "$$@"\n' "$(YARN_RELEASE)" > $@
	@chmod +x $@

$(INSTALL_STAMP): yarn.lock package.json .yarnrc.yml $(WORKSPACE_MANIFESTS) | .tools/bin/yarn
	@echo "==> Installing dependencies (yarn install --immutable, Node $$(node -v))"
	@start=$$(date +%s); $(YARN) install --immutable && \
	  echo "==> Installed in $$(( $$(date +%s) - start ))s"
	@node scripts/backstage-release.mjs check
	@touch $@

.PHONY: install
install: $(INSTALL_STAMP)

# --- run -------------------------------------------------------------------

.PHONY: start
start: install
	@scripts/ensure-mkdocs.sh
	@node scripts/start.mjs

.PHONY: sandbox
sandbox: install
	@node packages/sandbox/bin/sandbox

.PHONY: clean-data
clean-data:
	rm -rf .data

# --- benchmarks ------------------------------------------------------------

.PHONY: bench
bench: install
	node scripts/ensure-postgres.mjs
	node bench/run-all.mjs --readme

# --- test ------------------------------------------------------------------

.PHONY: test
test: install
	@scripts/ensure-mkdocs.sh
	@scripts/test-all.sh

.PHONY: tsc
tsc: install
	$(YARN) tsc

.PHONY: lint
lint: install
	$(YARN) backstage-cli repo lint

.PHONY: format-check
format-check: install
	$(YARN) prettier --check .

.PHONY: test-unit
test-unit: install
	CI=true $(YARN) backstage-cli repo test --testPathIgnorePatterns '/node_modules/' '\.integration\.test\.'

.PHONY: test-integration
# two files at a time (616 s against 922 s one at a time, measured with the
# image test among the others): the processes the tests start get their ports
# from sandbox/freePort, a block per Jest worker below the kernel's ephemeral
# range, so no other worker takes them first.
# The backend image test runs alone, after the others: its build rewrites
# packages/app/dist, which every other test's backend serves (it runs even
# when the others failed).
IMAGE_TEST := packages/system-tests/src/image/
test-integration: install
	node scripts/ensure-postgres.mjs
	status=0; \
	CI=true $(YARN) backstage-cli repo test --testPathPatterns '\.integration\.test\.' --testPathIgnorePatterns '/node_modules/' '$(IMAGE_TEST)' --maxWorkers=2 || status=1; \
	CI=true $(YARN) backstage-cli repo test --testPathPatterns '$(IMAGE_TEST).*\.integration\.test\.' || status=1; \
	exit $$status

.PHONY: test-e2e
test-e2e: install
	$(YARN) playwright test

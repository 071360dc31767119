# `make test` is what CI runs (.ci/run) and what the README gives.
.PHONY: fuzz test lint unit check-builds check-fuzz check-rendered check-custom-resources-checker lint-workflows check-make-targets check-cluster-scripts \
	render snapshots generate hydrate check-hydrated \
	validate apply rollout health delete status cluster push-mode build-render release check-release \
	preview-apply preview-delete preview-cluster expire-previews

ENV ?=
# Where cargo builds (CARGO_TARGET_DIR is honoured); our own work files go beside its builds.
TARGET_DIR := $(shell scripts/target_dir.sh)
ifeq ($(TARGET_DIR),)
$(error cannot tell where cargo builds: scripts/target_dir.sh failed)
endif
RENDER := $(TARGET_DIR)/debug/render
WORK := $(TARGET_DIR)/axisor
RENDERED := $(WORK)/rendered
VENV := .venv
NODE_MODULES := scripts/node_modules
# A field of an environment's line in `render list` (tab-separated `key=value`):
# $(call list_field,staging,namespace).
list_field = $(shell $(RENDER) list | awk -F'\t' '$$1 == "$(1)" { for (i = 2; i <= NF; i++) if (index($$i, "$(2)=") == 1) print substr($$i, length("$(2)") + 2) }')
# The environment's namespace and instance label, from the profiles.
NS = $(call list_field,$(ENV),namespace)
INSTANCE = axisor-$(ENV)
# The environment whose cluster a target acts on: ENV, or for previews the profile they
# are rendered from (the one that sets `previews`).
CLUSTER_ENV = $(ENV)
PREVIEW_ENV = $(shell $(RENDER) list | awk -F'\t' '$$NF == "previews=yes" { print $$1 }')
# kubectl on the profile's kubeconfig context, when it names one.
CLUSTER_CONTEXT = $(call list_field,$(CLUSTER_ENV),context)
KUBECTL = kubectl$(if $(CLUSTER_CONTEXT), --context=$(CLUSTER_CONTEXT))
# Refuses unless kubectl talks to $(CLUSTER_ENV)'s own cluster (scripts/check_cluster.sh).
check_cluster = scripts/check_cluster.sh "$(CLUSTER_ENV)" "$(call list_field,$(CLUSTER_ENV),cluster)" "$(CLUSTER_CONTEXT)"

# The Python and npm checkers install while clippy compiles (two jobs: downloading and
# unpacking leave a core to spare); then every check, one after the other.
test:
	@$(MAKE) --no-print-directory -j2 --output-sync=target lint $(VENV)/installed $(NODE_MODULES)/installed
	@$(MAKE) --no-print-directory check-builds unit check-rendered check-hydrated lint-workflows check-make-targets check-cluster-scripts

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	@# The profile crate and its build script stay light: k8s-openapi belongs to the renderer.
	deps=$$(cargo tree --locked -p axisor-profile -p axisor-environments -e normal,build) \
		&& ! printf '%s\n' "$$deps" | grep k8s-openapi
	@# Users have nothing beside their clone: no tracked file but docs reads or names the
	@# folder the requirements came from.
	git grep -n -e '\.\.[/]shared' -e 'shared[/]crds' -e 'shared[/]seed' -- . ':!docs' ':!*.md'; test $$? -eq 1

# Every test. insta fails on a changed or missing snapshot (INSTA_UPDATE=no) and records
# each snapshot a test asserts; scripts/check_snapshots.sh then fails on a committed one
# that no test asserts, or a pending .snap.new.
unit:
	@mkdir -p $(WORK) && rm -f $(WORK)/snapshot-references
	INSTA_UPDATE=no INSTA_SNAPSHOT_REFERENCES_FILE=$(WORK)/snapshot-references \
		cargo test --workspace --locked
	scripts/check_snapshots.sh $(WORK)/snapshot-references

# Whole checkouts built through a nested cargo (crates/environments/tests/nested_builds.rs):
# a broken profile fails the build, and checkouts sharing a target folder each embed their
# own templates and profiles. Slow, so `cargo test` skips them (#[ignore]). Here the test
# binary runs outside cargo, whose lock would otherwise keep the nested builds out of this
# target folder: they reuse the dependencies `make lint` checked.
check-builds:
	@mkdir -p $(WORK)
	cargo fetch --locked --quiet
	binary=$$(cargo test --locked --quiet -p axisor-environments --test tests --no-run --message-format=json \
		| jq -r 'select(.executable != null and .target.name == "tests") | .executable') \
		&& AXISOR_NESTED_TARGET_DIR=$(TARGET_DIR) "$$binary" --ignored --test-threads=1 nested_builds \
		| tee $(WORK)/check-builds.out
	@# A test renamed away from the filter would leave nothing run, and exit 0.
	@grep -q '^test result: ok. 2 passed' $(WORK)/check-builds.out || { echo "error: make check-builds: the two nested-build tests did not both run and pass" >&2; exit 1; }

# The fuzz targets still compile against the libraries (CI); `make fuzz` runs them.
check-fuzz:
	cargo check --locked --quiet --manifest-path fuzz/Cargo.toml --bins

# Every environment as DIR/ENV.yaml and DIR/ENV.json, with render's extra FLAGS:
# $(call render_every_env,DIR,FLAGS).
render_every_env = for env in $$($(RENDER) list | cut -f1); do \
		$(RENDER) $$env $(2) > $(1)/$$env.yaml && $(RENDER) $$env $(2) -o json > $(1)/$$env.json || exit 1; \
	done

# Every environment, checked by tools we did not write.
check-rendered: build-render $(VENV)/installed check-custom-resources-checker
	rm -rf $(RENDERED) && mkdir -p $(RENDERED)
	$(call render_every_env,$(RENDERED),)
	@# A pull request's preview goes through the same checks.
	$(RENDER) preview --pr 123 --created-at 2026-11-29T10:00:00Z > $(RENDERED)/preview-pr-123.yaml
	$(RENDER) preview --pr 123 --created-at 2026-11-29T10:00:00Z -o json > $(RENDERED)/preview-pr-123.json
	@# The Argo CD and Flux objects (docs/gitops.md), against their CRDs and YAML 1.1.
	for controller in argocd flux; do \
		$(RENDER) gitops $$controller > $(RENDERED)/gitops-$$controller.yaml && \
		$(RENDER) gitops $$controller -o json > $(RENDERED)/gitops-$$controller.json || exit 1; \
	done
	$(VENV)/bin/kubernetes-validate --kubernetes-version 1.37.0 --strict --quiet $(RENDERED)/*.yaml
	$(VENV)/bin/python scripts/check_rendered.py $(RENDERED)
	@# Kinds of the table no shipped template prints (ClusterRole, PriorityClass, StorageClass,
	@# PodTemplate, EndpointSlice, admission policies, ...), rendered beside the shipped
	@# templates into a folder of their own: the same strict schemas and YAML 1.1 reading.
	rm -rf $(WORK)/extra-kinds && mkdir -p $(WORK)/extra-kinds/rendered && cp -r templates $(WORK)/extra-kinds/templates \
		&& cp scripts/fixtures/extra-kinds/*.yaml.j2 $(WORK)/extra-kinds/templates/
	$(call render_every_env,$(WORK)/extra-kinds/rendered,--templates $(WORK)/extra-kinds/templates)
	$(VENV)/bin/kubernetes-validate --kubernetes-version 1.37.0 --strict --quiet $(WORK)/extra-kinds/rendered/*.yaml
	$(VENV)/bin/python scripts/check_rendered.py $(WORK)/extra-kinds/rendered
	node scripts/check_custom_resources.mjs $(RENDERED)
	@# The free-text property cases of `make unit` (CARGO_TARGET_TMPDIR), read by a YAML 1.1 reader.
	$(VENV)/bin/python scripts/check_free_text.py $(TARGET_DIR)/tmp/free-text-cases.json
	@# Every failed check is fixed or skipped with a reason in the object's annotations.
	$(VENV)/bin/checkov --framework kubernetes --quiet --compact --skip-download \
		--directory $(RENDERED) --skip-path '\.json$$'

# The generated workflows pass actionlint, which refuses a broken one of our own.
lint-workflows: $(VENV)/installed
	$(VENV)/bin/actionlint .github/workflows/*.yml
	scripts/check_lint_catches.sh $(VENV)/bin/actionlint

# The scripts that talk to a cluster, against a recording test double of kubectl.
check-cluster-scripts: build-render $(VENV)/installed
	RENDER=$(RENDER) $(VENV)/bin/python -m unittest scripts/test_cluster_scripts.py

# The environment targets without a cluster: validate works offline, the others refuse.
check-make-targets: build-render
	scripts/check_make_targets.sh

# The rendered manifests in git (docs/gitops.md): every environment in deploy/<env>, one
# file per object, the secrets as ExternalSecrets (never values). A GitOps controller
# applies these folders; `make hydrate` rewrites them after a change to a profile or a
# template, and `make check-hydrated` (part of `make test`) fails while they lag behind.
HYDRATED ?= deploy
hydrate: build-render
	$(RENDER) --all --secrets external --out-dir $(HYDRATED)

check-hydrated: build-render
	@for env in $$($(RENDER) list | cut -f1); do \
		differences=$$($(RENDER) diff $$env --secrets external --against $(HYDRATED)/$$env 2>&1) || { \
			printf '%s\n' "$$differences" >&2; \
			echo "error: $(HYDRATED)/$$env is not what $$env renders; run make hydrate and commit it" >&2; exit 1; }; \
	done
	@# Committed manifests never hold a secret value: only ExternalSecrets.
	@! grep -rl '^kind: Secret$$' $(HYDRATED) || { echo "error: $(HYDRATED) holds a Secret; hydrate with --secrets external (make hydrate)" >&2; exit 1; }
	@echo "$(HYDRATED)/ holds what every environment renders"

$(VENV)/installed: scripts/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements.txt
	touch $@

# The custom-resource checkers, pinned by scripts/package-lock.json. The packages declare
# Node 22; they run on Node 20, which check-custom-resources-checker shows.
$(NODE_MODULES)/installed: scripts/package.json scripts/package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || { echo "error: make test needs Node.js 20 or later with npm (apt-get install nodejs npm)" >&2; exit 1; }
	npm ci --prefix scripts --no-audit --no-fund --loglevel=error
	touch $@

# The custom-resource check refuses what it should (unknown fields, wrong types, unpinned
# versions), with Node's test runner.
check-custom-resources-checker: $(NODE_MODULES)/installed
	node --test scripts/check_custom_resources.test.mjs

build-render:
	cargo build --quiet --locked -p render

# The binary to ship and to benchmark, ripgrep's recipe: Cargo's `dist` profile (fat LTO
# in one codegen unit, panics abort) and, on Linux, a static musl binary with jemalloc as
# its allocator (musl's own is slow for a render's many small allocations). jemalloc's C
# build needs musl-gcc (Debian's musl-tools). Elsewhere, the `dist` profile for the host.
HOST := $(shell rustc -vV | sed -n 's/^host: //p')
MUSL := $(findstring linux-gnu,$(HOST))
RELEASE_TARGET := $(if $(MUSL),$(subst linux-gnu,linux-musl,$(HOST)),$(HOST))
RELEASE_BIN := $(TARGET_DIR)/$(RELEASE_TARGET)/dist/render
release:
ifneq ($(MUSL),)
	@command -v musl-gcc >/dev/null || { echo "error: make release needs musl-gcc to build jemalloc: apt-get install musl-tools" >&2; exit 1; }
	@rustup target list --installed | grep -qx $(RELEASE_TARGET) || rustup target add $(RELEASE_TARGET)
endif
	cargo build --profile dist --locked --quiet -p render --target $(RELEASE_TARGET)
	@echo $(RELEASE_BIN)

# The shipped binary prints byte for byte what the test build prints (CI runs this after
# `make test`; it needs what `make release` needs).
check-release: release build-render
	scripts/check_release.sh $(RELEASE_BIN) $(RENDER)

# make render ENV=staging
render: build-render
	@test -n "$(ENV)" || { echo "error: name an environment: make render ENV=production" >&2; exit 1; }
	$(RENDER) $(ENV)

# Review workflow: writes changed snapshots as .snap.new beside the old ones and shows
# the differences. Accept a reviewed .snap.new by renaming it over its .snap (or with
# `cargo insta accept`, after cargo install cargo-insta); commit with the reason for the change.
snapshots:
	-INSTA_UPDATE=new cargo test --workspace --locked --quiet --no-fail-fast
	@find snapshots crates -name '*.snap.new' | while read -r new; do \
		if [ -f "$${new%.new}" ]; then diff -u "$${new%.new}" "$$new"; else echo "new snapshot to review: $$new"; fi; \
	done; true

# Fuzzes loading and rendering a profile from arbitrary bytes for FUZZ_SECONDS (60), or
# another target: make fuzz FUZZ_TARGET=yaml_differential (docs/fuzzing.md).
# Stable Rust: no sanitizer (panics, hangs and memory growth are still caught), and
# RUSTC_BOOTSTRAP for the flags cargo-fuzz passes. Longer: make fuzz FUZZ_SECONDS=3600.
FUZZ_SECONDS ?= 60
FUZZ_TARGET ?= load_and_render
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
	RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none $(FUZZ_TARGET) fuzz/corpus/$(FUZZ_TARGET) -- \
		-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=512

# Regenerates committed outputs; review the diff before committing.
# After adding or changing an environment or a template: the schema, the workflows,
# deploy/ (each environment's output, reviewed in git's diff), and any changed snapshots
# (shown as diffs; accept with `cargo insta review` or by renaming the .snap.new).
generate:
	cargo run --quiet --locked -p xtask -- generate
	$(MAKE) --no-print-directory hydrate
	$(MAKE) --no-print-directory snapshots

# --- The environment targets, over the renderer ---------------------------------------

# Offline checks always (strict schemas, CRDs, YAML 1.1, checkov); against a reachable
# cluster also `kubectl diff` and the prerequisites. Without ENV: every environment.
validate: build-render $(VENV)/installed $(NODE_MODULES)/installed
	@if [ -z "$(ENV)" ]; then \
		for env in $$($(RENDER) list | cut -f1); do $(MAKE) --no-print-directory validate ENV=$$env || exit 1; done; \
	else \
		scripts/validate_environment.sh "$(RENDER)" "$(WORK)/validate" "$(ENV)" "$(NS)" \
			"$(call list_field,$(ENV),cluster)" "$(CLUSTER_CONTEXT)"; \
	fi

# Fails with a clear message when no cluster is reachable.
# Stops with a clear message when no cluster is reachable; $(1) names what was asked for.
need_cluster = $(KUBECTL) cluster-info --request-timeout=5s >/dev/null 2>&1 || { \
	echo "error: make $(MAKECMDGOALS) $(1) needs a Kubernetes cluster, and none is reachable (kubectl cluster-info failed; check KUBECONFIG and the current context)" >&2; \
	exit 1; }

# Refuses where a GitOps controller deploys the environment (`gitops.mode: pull`,
# docs/gitops.md): applying or deleting from here as well would fight it. For previews,
# the profile they come from decides.
push-mode: build-render
	@test "$(call list_field,$(CLUSTER_ENV),deploy)" != pull || { \
		echo "error: $(CLUSTER_ENV) is deployed by its GitOps controller (gitops.mode: pull in its profile), so make $(MAKECMDGOALS) would fight it; change git instead (make hydrate, commit) and let the controller sync, or switch the environment to push first (docs/gitops.md)" >&2; \
		exit 1; }

cluster:
	@test -n "$(ENV)" || { echo "error: name an environment: make $(MAKECMDGOALS) ENV=staging" >&2; exit 1; }
	@test -n "$(NS)" || { echo "error: unknown environment $(ENV); see $(RENDER) list" >&2; exit 1; }
	@$(call need_cluster,ENV=$(ENV))
	@$(check_cluster)

# Applies the environment's stream (server-side apply) and prunes what its profile no
# longer defines (scripts/apply_environment.sh).
apply: build-render push-mode cluster
	mkdir -p $(WORK)/apply
	$(RENDER) $(ENV) > $(WORK)/apply/$(ENV).yaml
	KUBECTL_CONTEXT="$(CLUSTER_CONTEXT)" scripts/apply_environment.sh "$(RENDER)" \
		$(WORK)/apply/$(ENV).yaml app.kubernetes.io/instance=$(INSTANCE)

# A pull request's preview (docs/previews.md): make preview-apply PR=123. Applies the stream
# of `render preview`, pruning what the preview no longer has; preview-delete removes it whole.
PREVIEW_NS = axisor-pr-$(PR)
# PR reaches shell commands: digits only, checked by make before any shell runs.
PR_NOT_DIGITS = $(subst 0,,$(subst 1,,$(subst 2,,$(subst 3,,$(subst 4,,$(subst 5,,$(subst 6,,$(subst 7,,$(subst 8,,$(subst 9,,$(PR)))))))))))
preview-cluster preview-apply preview-delete expire-previews: CLUSTER_ENV = $(PREVIEW_ENV)
preview-cluster: build-render
	$(if $(or $(PR_NOT_DIGITS),$(filter-out 1,$(words $(PR)))),$(error PR must be a pull request number such as 123))
	@$(call need_cluster,PR=$(PR))
	@$(check_cluster)

preview-apply: build-render push-mode preview-cluster
	mkdir -p $(WORK)/apply
	$(RENDER) preview --pr "$(PR)" > $(WORK)/apply/preview-$(PR).yaml
	KUBECTL_CONTEXT="$(CLUSTER_CONTEXT)" scripts/apply_environment.sh "$(RENDER)" \
		$(WORK)/apply/preview-$(PR).yaml axisor.io/preview=pr-$(PR)

preview-delete: build-render push-mode preview-cluster
	$(KUBECTL) delete namespace $(PREVIEW_NS) --ignore-not-found

# Removes the previews whose time has passed, and nothing else (docs/previews.md: what
# `render preview --expired` prints). The deploy workflow runs it hourly.
expire-previews: build-render
	@$(call need_cluster,)
	@$(check_cluster)
	mkdir -p $(WORK)/previews
	$(KUBECTL) get namespaces -l axisor.io/preview -o json > $(WORK)/previews/namespaces.json
	$(RENDER) preview --expired < $(WORK)/previews/namespaces.json > $(WORK)/previews/expired.txt
	while read -r namespace; do $(KUBECTL) delete namespace "$$namespace" --ignore-not-found; done < $(WORK)/previews/expired.txt

rollout: build-render cluster
	$(KUBECTL) rollout status deployment/axisor-backend -n $(NS) --timeout=600s
	$(KUBECTL) rollout status deployment/axisor-frontend -n $(NS) --timeout=600s

health: build-render cluster
	$(KUBECTL) wait --for=condition=available deployment/axisor-backend deployment/axisor-frontend -n $(NS) --timeout=300s

status: build-render cluster
	$(KUBECTL) get all,$$($(RENDER) prune --list-kinds) -A -l app.kubernetes.io/instance=$(INSTANCE)

# Deletes the environment's objects outside its namespace (its ServiceMonitor and
# PrometheusRule; any kind the templates emit, by the renderer's labels), then the namespace
# (scripts/delete_environment.sh):
# every environment but development asks first (CONFIRM=<name> answers in advance), and a
# namespace without the environment's instance label is refused.
delete: build-render push-mode cluster
	KUBECTL_CONTEXT="$(CLUSTER_CONTEXT)" scripts/delete_environment.sh "$(ENV)" "$(NS)" "$(INSTANCE)" \
		"$$($(RENDER) prune --list-kinds)"

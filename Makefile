# `make test` is what CI runs (.ci/run) and what the README gives.
.PHONY: test lint unit validate render snapshots generate

ENV ?= production
RENDERED := target/rendered
VENV := .venv

test: lint unit validate

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	@# The profile crate and its build script stay light: k8s-openapi belongs to the renderer.
	cargo tree --locked -p axisor-profile -p axisor-environments -e normal,build > target/light-deps.txt
	! grep k8s-openapi target/light-deps.txt

# INSTA_UPDATE=no: a changed or missing snapshot fails instead of being written.
unit:
	INSTA_UPDATE=no cargo test --workspace --locked

# Renders every environment and checks the output with tools we did not write.
validate: $(VENV)/installed
	cargo build --quiet --locked -p render
	rm -rf $(RENDERED) && mkdir -p $(RENDERED)
	for env in $$(target/debug/render list | cut -f1); do \
		target/debug/render $$env > $(RENDERED)/$$env.yaml && \
		target/debug/render $$env -o json > $(RENDERED)/$$env.json || exit 1; \
	done
	$(VENV)/bin/kubernetes-validate --kubernetes-version 1.37.0 --strict --quiet $(RENDERED)/*.yaml
	$(VENV)/bin/python scripts/check_rendered.py ../shared/crds $(RENDERED)
	@# Every failed check is fixed or skipped with a reason in the object's annotations.
	$(VENV)/bin/checkov --framework kubernetes --quiet --compact --skip-download \
		--directory $(RENDERED) --skip-path '\.json$$'

$(VENV)/installed: scripts/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements.txt
	touch $@

# make render ENV=staging
render:
	cargo run --quiet --locked -p render -- $(ENV)

# Review workflow: writes changed snapshots as .snap.new beside the old ones and shows
# the differences. Accept with `cargo insta accept` (cargo install cargo-insta), or
# rename a reviewed .snap.new over its .snap; commit with the reason for the change.
snapshots:
	-INSTA_UPDATE=new cargo test --workspace --locked --quiet
	@find snapshots crates -name '*.snap.new' | while read -r new; do \
		diff -u "$${new%.new}" "$$new"; \
	done; true

# Regenerates committed outputs; review the diff before committing.
generate:
	cargo run --quiet --locked -p axisor-profile --example write_schema -- environments/schema.json

# The test command CI runs (.ci/run) and the README gives.
.PHONY: test lint unit generate

test: lint unit

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	@# The profile crate and its build script stay light: k8s-openapi belongs to the renderer.
	cargo tree --locked -p axisor-profile -p axisor-environments -e normal,build > target/light-deps.txt
	! grep k8s-openapi target/light-deps.txt

# INSTA_UPDATE=no: a changed or missing snapshot fails instead of being written.
unit:
	INSTA_UPDATE=no cargo test --workspace --locked

# Regenerates committed outputs; review the diff before committing.
generate:
	cargo run --quiet --locked -p axisor-profile --example write_schema -- environments/schema.json

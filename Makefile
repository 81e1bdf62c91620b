# crossdock's entry points. `make run` and `make test` work on a machine with only the Rust
# toolchain (rustup): everything else they need is installed or built here.

CARGO ?= cargo
# First-party plugins, shipped with crossdock.
PLUGINS := customs-eu customs-gb customs-ch customs-no customs-us customs-ca customs-au customs-nz customs-sg customs-jp carrier-table-rate carrier-dhl-express carrier-ups carrier-fedex carrier-postal returns-standard returns-local-hub returns-eu-withdrawal
# Plugins that exist to be refused or stopped by the host, for its tests.
TEST_PLUGINS := hostile sneaky malformed probe-carrier
WASM_TARGET := wasm32-wasip2
LISTEN ?= 127.0.0.1:8080
DATA_DIR ?= ./data
# Where the carrier sandbox (fake-carriers) listens for `make run` and `make demo`.
SANDBOX ?= 127.0.0.1:8091

.PHONY: all setup plugins test-plugins build run demo test bench fmt lint clean-data

all: build

## setup: install the wasm target the plugins are built for
setup:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)

## plugins: build the first-party plugins (target/wasm32-wasip2/release/<crate>.wasm)
plugins: setup
	$(CARGO) build --release --target $(WASM_TARGET) $(addprefix -p ,$(PLUGINS))

test-plugins: setup
	$(CARGO) build --release --target $(WASM_TARGET) $(addprefix -p ,$(PLUGINS) $(TEST_PLUGINS))

## build: the host at target/release/crossdock, the plugins beside it in target/release/plugins/
## (where `crossdock serve` finds them without --plugin), and the carrier sandbox
build: plugins
	$(CARGO) build --release -p crossdock -p fake-carriers
	rm -rf target/release/plugins
	mkdir -p target/release/plugins
	cp $(foreach p,$(PLUGINS),target/$(WASM_TARGET)/release/$(subst -,_,$(p)).wasm) target/release/plugins/

## run: start the server with the bundled plugins and the demo merchant, on the embedded default,
## with the carrier sandbox the demo merchant's DHL, UPS and FedEx bindings point at
run: build
	./target/release/fake-carriers $(SANDBOX) & sandbox=$$!; trap "kill $$sandbox" EXIT INT TERM; \
	./target/release/crossdock serve --listen $(LISTEN) --data-dir $(DATA_DIR) --config host/demo/crossdock.toml \
		--allow-internal-host $(SANDBOX) --fx host/demo/fx.json

## demo: send the demo merchant's orders through the whole pipeline and print what happened
demo: build
	./target/release/fake-carriers $(SANDBOX) & sandbox=$$!; trap "kill $$sandbox" EXIT INT TERM; \
	./target/release/crossdock demo --carrier-sandbox $(SANDBOX) --allow-internal-host $(SANDBOX)

## test: every test of the workspace (plugins are built for wasm first, once)
test: test-plugins
	@if $(CARGO) nextest --version >/dev/null 2>&1; then \
		$(CARGO) nextest run --workspace --no-fail-fast; \
	else \
		$(CARGO) test --workspace --no-fail-fast; \
	fi
	$(CARGO) test --workspace --doc

## bench: per-call cost of a sandboxed plugin against the same logic natively, and the ordinary
## merchants' latency with hostile plugins and carriers beside them (containment)
bench: test-plugins
	$(CARGO) bench -p crossdock-tests --bench runtime
	$(CARGO) bench -p crossdock-tests --bench containment

fmt:
	$(CARGO) fmt --all

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

clean-data:
	rm -rf $(DATA_DIR)

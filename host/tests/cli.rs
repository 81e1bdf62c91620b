//! The `crossdock` binary as a user runs it: `plugin inspect`, `plugin run`, `plugin new` and
//! `serve`, with their output and exit codes, and the errors a user can cause.
//!
//! The plugin components must be built first (`make test` does it: `make test-plugins`).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod support;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn wasm(crate_name: &str) -> PathBuf {
    let path = root().join("target/wasm32-wasip2/release").join(format!("{}.wasm", crate_name.replace('-', "_")));
    assert!(path.exists(), "{} is missing: run `make test-plugins` first", path.display());
    path
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

fn crossdock(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crossdock"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run crossdock {args:?}: {e}"))
}

fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", String::from_utf8_lossy(&out.stdout), stderr(out))
    })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("crossdock-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("temp file");
    path
}

#[test]
fn inspect_prints_what_each_first_party_plugin_is() {
    for bundled in crossdock::cli::demo::BUNDLED {
        let name = bundled.replace('_', "-");
        let name = name.as_str();
        let kind = name.split('-').next().expect("a kind prefix");
        let out = crossdock(&["plugin", "inspect", wasm(name).to_str().expect("utf-8 path")]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let report = stdout_json(&out);
        assert_eq!(report["name"], name);
        assert_eq!(report["kind"], kind);
        assert_eq!(report["contract"], "crossdock:plugin@0.1.0");
        assert_eq!(report["sha256"].as_str().map(str::len), Some(64));
        assert!(report["size_bytes"].as_u64().is_some_and(|n| n > 0 && n < 512 * 1024), "{name} is 512 KiB or more");
        assert!(report["covers"].as_array().is_some_and(|c| !c.is_empty()), "{report}");
        assert_eq!(report["config_schema"]["type"], "object", "{report}");
        let imports = report["imports"].as_array().expect("imports");
        assert!(imports.iter().any(|i| i == "crossdock:plugin/types@0.1.0"), "{imports:?}");
        let http = imports.iter().any(|i| i.as_str().is_some_and(|i| i.starts_with("crossdock:plugin/http")));
        assert!(!http || kind == "carrier", "{name} must not import http");
    }
}

#[test]
fn inspect_says_what_a_file_that_is_not_a_plugin_is_missing() {
    let text = temp_file("notes.wasm", "not wasm at all");
    let out = crossdock(&["plugin", "inspect", text.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not a WebAssembly file"), "{}", stderr(&out));

    let core = std::env::temp_dir().join(format!("crossdock-core-{}.wasm", std::process::id()));
    std::fs::write(&core, b"\0asm\x01\0\0\0").expect("core module");
    let out = crossdock(&["plugin", "inspect", core.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("core WebAssembly module, not a component"), "{}", stderr(&out));

    let out = crossdock(&["plugin", "inspect", "/nonexistent/plugin.wasm"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read /nonexistent/plugin.wasm"), "{}", stderr(&out));
}

#[test]
fn run_assesses_a_shipment_and_prints_output_and_stats() {
    let out = crossdock(&[
        "plugin",
        "run",
        wasm("customs-eu").to_str().expect("path"),
        "--input",
        fixture("shipment-10.json").to_str().expect("path"),
        "--now",
        "2026-11-25T12:00:00Z",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout_json(&out);
    assert_eq!(printed["output"]["duty"]["currency"], "EUR");
    assert_eq!(printed["output"]["lines"].as_array().map(Vec::len), Some(10));
    for stat in ["fuel", "wall_us", "memory_peak_bytes"] {
        assert!(printed["stats"][stat].as_u64().is_some_and(|n| n > 0), "{stat}: {printed}");
    }
}

#[test]
fn run_drives_every_carrier_call() {
    let plugin = wasm("carrier-table-rate");
    let plugin = plugin.to_str().expect("path");
    let shipment = std::fs::read_to_string(fixture("shipment-10.json")).expect("fixture");
    let parcels = r#"[{"weight_g": 1200, "length_mm": 300, "width_mm": 200, "height_mm": 100}]"#;
    let rate_in = temp_file("rate.json", &format!(r#"{{"shipment": {shipment}, "parcels": {parcels}}}"#));
    let out = crossdock(&["plugin", "run", plugin, "--input", rate_in.to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rates = stdout_json(&out);
    let service = rates["output"][0]["service_code"].as_str().expect("a rate").to_owned();

    let label_in = temp_file(
        "label.json",
        &format!(r#"{{"shipment": {shipment}, "parcels": {parcels}, "service_code": "{service}"}}"#),
    );
    let out =
        crossdock(&["plugin", "run", plugin, "--input", label_in.to_str().expect("path"), "--call", "create_label"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let label = stdout_json(&out);
    let tracking = label["output"]["tracking_number"].as_str().expect("tracking number").to_owned();
    assert!(label["output"]["data_base64"].as_str().is_some_and(|d| d.starts_with("JVBERi0")), "a base64 PDF");

    let track_in = temp_file("track.json", &format!(r#"{{"tracking_number": "{tracking}"}}"#));
    let out = crossdock(&["plugin", "run", plugin, "--input", track_in.to_str().expect("path"), "--call", "track"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout_json(&out)["output"]["status"], "pre_transit");
}

#[test]
fn run_evaluates_a_return() {
    let out = crossdock(&[
        "plugin",
        "run",
        wasm("returns-standard").to_str().expect("path"),
        "--input",
        fixture("return-request.json").to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout_json(&out);
    assert_eq!(printed["output"]["items"].as_array().map(Vec::len), Some(2));
}

#[test]
fn run_names_the_field_of_a_bad_input() {
    let shipment = std::fs::read_to_string(fixture("shipment-10.json")).expect("fixture");
    let bad = temp_file("bad-currency.json", &shipment.replacen(r#""currency":"EUR"}"#, r#""currency":"EURO"}"#, 1));
    let out =
        crossdock(&["plugin", "run", wasm("customs-eu").to_str().expect("path"), "--input", bad.to_str().expect("p")]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("is not a valid shipment at `shipping_cost.currency`"), "{err}");
    assert!(err.contains("`EURO` is not an ISO 4217 currency code"), "{err}");

    let broken = temp_file("broken.json", "{\"id\": ");
    let out = crossdock(&[
        "plugin",
        "run",
        wasm("customs-eu").to_str().expect("path"),
        "--input",
        broken.to_str().expect("p"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("EOF while parsing"), "{}", stderr(&out));
}

#[test]
fn run_reports_a_limit_hit_and_exits_non_zero() {
    let shipment = std::fs::read_to_string(fixture("shipment-10.json")).expect("fixture");
    let looping = temp_file("loop.json", &shipment.replacen(r#""id":"shp_1""#, r#""id":"loop""#, 1));
    let out = crossdock(&[
        "plugin",
        "run",
        wasm("hostile").to_str().expect("path"),
        "--input",
        looping.to_str().expect("path"),
        "--fuel",
        "1000000",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("hostile@0.1.0") && stderr(&out).contains("fuel limit of 1000000"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_fuel_limit_says_what_was_used_and_how_to_raise_it() {
    let shipment = std::fs::read_to_string(fixture("shipment-10.json")).expect("fixture");
    let looping = temp_file("loop-hint.json", &shipment.replacen(r#""id":"shp_1""#, r#""id":"loop""#, 1));
    let plugin = wasm("hostile");
    let out = crossdock(&["plugin", "run", plugin.to_str().expect("p"), "--input", looping.to_str().expect("p")]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("all 50000000 used"), "{err}");
    assert!(err.contains("the call used 50000000 of its 50000000 fuel"), "{err}");
    assert!(err.contains("raise the budget with `--fuel N`"), "{err}");
    assert!(err.contains("the server gives every call 50000000"), "{err}");
}

fn run_customs_eu(extra: &[&str]) -> Output {
    let plugin = wasm("customs-eu");
    let input = fixture("shipment-10.json");
    let mut args = vec!["plugin", "run", plugin.to_str().expect("p"), "--input", input.to_str().expect("p")];
    args.extend_from_slice(&["--now", "2026-11-25T12:00:00Z"]);
    args.extend_from_slice(extra);
    crossdock(&args)
}

#[test]
fn run_takes_the_config_inline_or_from_a_file() {
    let out = run_customs_eu(&["--config", r#"{"channel": "postal"}"#]);
    assert!(out.status.success(), "{}", stderr(&out));
    let inline = stdout_json(&out)["output"].clone();
    assert!(inline["documents"].to_string().contains("cn2"), "postal adds a CN22 or CN23: {inline}");

    let file = temp_file("postal.json", r#"{"channel": "postal"}"#);
    let out = run_customs_eu(&["--config", file.to_str().expect("p")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout_json(&out)["output"], inline);

    let out = run_customs_eu(&["--config", "/nonexistent/config.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no such file; give inline JSON"), "{}", stderr(&out));
    let out = run_customs_eu(&["--config", "{\"channel\": "]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--config is not valid JSON"), "{}", stderr(&out));
}

#[test]
fn run_checks_the_config_against_the_plugins_schema_as_the_server_does() {
    let out = run_customs_eu(&["--config", r#"{"channel": "pigeon"}"#]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "a schema violation is refused before the call: {err}");
    assert!(err.contains("does not match the config schema of customs-eu@"), "{err}");
    assert!(err.contains("config/channel"), "{err}");
    assert!(out.stdout.is_empty(), "nothing was run");
}

#[test]
fn a_decimal_fx_rate_is_refused_with_the_micro_unit_hint() {
    let fx = temp_file("fx-float.json", r#"{"date": "2026-11-24", "base": "EUR", "rates": {"USD": 1.0523}}"#);
    let out = run_customs_eu(&["--fx", fx.to_str().expect("p")]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("rates.USD is 1.0523, a decimal"), "{err}");
    assert!(err.contains("rates are integer micro-units"), "{err}");
    assert!(err.contains("1.0523 USD per EUR is 1052300"), "{err}");
}

#[test]
fn run_help_explains_fx_micro_units_and_the_config_forms() {
    let out = crossdock(&["plugin", "run", "--help"]);
    // clap wraps long help to the terminal: compare with the line breaks folded.
    let help = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("integer micro-units"), "{help}");
    assert!(help.contains("1.0523 USD per EUR is `1052300`"), "{help}");
    assert!(help.contains("inline JSON"), "{help}");
}

#[test]
fn run_prints_a_plugin_error_and_exits_2() {
    let shipment = std::fs::read_to_string(fixture("shipment-10.json")).expect("fixture");
    let to_us = shipment.replacen(r#""destination":{"country":"DE""#, r#""destination":{"country":"US""#, 1);
    assert_ne!(to_us, shipment, "the fixture's destination changed");
    let input = temp_file("to-us.json", &to_us);
    let out = crossdock(&[
        "plugin",
        "run",
        wasm("customs-eu").to_str().expect("path"),
        "--input",
        input.to_str().expect("p"),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stdout_json(&out)["error"]["code"].is_string());
}

#[test]
fn run_refuses_call_on_a_plugin_that_is_not_a_carrier() {
    let out = crossdock(&[
        "plugin",
        "run",
        wasm("customs-eu").to_str().expect("path"),
        "--input",
        fixture("shipment-10.json").to_str().expect("path"),
        "--call",
        "track",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--call applies to carrier plugins only"), "{}", stderr(&out));
}

#[test]
fn new_refuses_a_name_that_is_not_a_crate_name() {
    let out = crossdock(&["plugin", "new", "--kind", "customs", "Customs CH", "--dir", "/tmp"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Customs CH"), "{}", stderr(&out));
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split(' ').nth(1)?.parse().ok()?;
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned())?;
    Some((status, body))
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_answers_health_caches_its_plugins_and_guards_the_admin_api() {
    let port = free_port();
    let data = std::env::temp_dir().join(format!("crossdock-serve-{}", std::process::id()));
    let listen = format!("127.0.0.1:{port}");
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_crossdock"))
            .args(["serve", "--listen", &listen, "--data-dir", data.to_str().expect("path")])
            .args(["--plugin", wasm("customs-eu").to_str().expect("path")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server"),
    );
    let started = Instant::now();
    let health = loop {
        if let Some(answer) = get(port, "/healthz") {
            break answer;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "the server did not answer within 30 s");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(health.0, 200);
    let (status, body) = get(port, "/api/v1/plugins").expect("plugins");
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("\"code\":\"unauthorized\""), "{body}");
    assert!(data.join("plugin-cache").read_dir().expect("cache dir").next().is_some(), "the plugin was cached");
    drop(server);
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn serve_refuses_a_plugin_that_does_not_load() {
    let text = temp_file("bogus.wasm", "bogus");
    let data = std::env::temp_dir().join(format!("crossdock-serve-bad-{}", std::process::id()));
    let out = crossdock(&[
        "serve",
        "--listen",
        &format!("127.0.0.1:{}", free_port()),
        "--data-dir",
        data.to_str().expect("path"),
        "--plugin",
        text.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bogus.wasm cannot be loaded: not a WebAssembly file"), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn serve_on_a_port_already_taken_changes_nothing() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("a port");
    let listen = taken.local_addr().expect("its address").to_string();
    let data = std::env::temp_dir().join(format!("crossdock-serve-taken-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let setup = root().join("host/demo/minimal.toml");
    let out = crossdock(&[
        "serve",
        "--listen",
        &listen,
        "--data-dir",
        data.to_str().expect("path"),
        "--config",
        setup.to_str().expect("path"),
        "--plugin",
        wasm("customs-eu").to_str().expect("path"),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("cannot listen on {listen}")) && err.contains("nothing was changed"), "{err}");
    assert!(!data.exists(), "the data directory (database, secret key, plugin cache) was created: {}", data.display());
    drop(taken);
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_with_a_setup_its_plugins_cannot_serve_records_no_plugin_and_no_setup() {
    support::on_each_backend("serve refused setup", |backend| async move {
        // minimal.toml binds customs-eu, carrier-table-rate and returns-standard; give one.
        let data = backend.dir.path().join("data");
        let setup = root().join("host/demo/minimal.toml");
        let mut args = vec!["serve".to_owned(), "--listen".into(), format!("127.0.0.1:{}", free_port())];
        args.extend(["--data-dir".into(), data.to_str().expect("path").into()]);
        args.extend(["--config".into(), setup.to_str().expect("path").into()]);
        args.extend(["--plugin".into(), wasm("customs-eu").to_str().expect("path").into()]);
        if let Some(url) = &backend.database_url {
            args.extend(["--database-url".into(), url.clone()]);
        }
        let out = tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            crossdock(&args)
        })
        .await
        .expect("crossdock");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("carrier-table-rate"), "the refusal names the missing plugin: {err}");

        let target = crossdock::store::StoreTarget::from_args(&data, backend.database_url.as_deref()).expect("target");
        let store = crossdock::store::Store::open(&target).await.expect("the store");
        let plugins = store.plugins_visible(None).await.expect("plugins");
        assert!(
            plugins.is_empty(),
            "the file's plugin was recorded: {:?}",
            plugins.iter().map(|p| &p.name).collect::<Vec<_>>()
        );
        assert!(store.merchant("acme").await.expect("merchant").is_none(), "the setup was applied");
        store.close().await;
    })
    .await;
}

/// SLOW (compiles a crate; warm after the scaffold tests): what `plugin new` prints builds
/// into a component that `plugin inspect` and `plugin run` accept.
#[test]
fn slow_a_scaffolded_plugin_inspects_and_runs() {
    let parent = std::env::temp_dir().join(format!("crossdock-new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&parent);
    let out = crossdock(&["plugin", "new", "--kind", "customs", "customs-xy", "--dir", parent.to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = parent.join("customs-xy");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let build = |offline: bool| {
        let mut cmd = Command::new(&cargo);
        cmd.args(["build", "--release", "--target", "wasm32-wasip2"]).current_dir(&dir);
        cmd.env("CARGO_TARGET_DIR", root().join("target/scaffold-test"));
        if offline {
            cmd.arg("--offline");
        }
        cmd.output().expect("cargo")
    };
    let built = build(true);
    let built = if built.status.success() { built } else { build(false) };
    assert!(built.status.success(), "{}", stderr(&built));

    let component = root().join("target/scaffold-test/wasm32-wasip2/release/customs_xy.wasm");
    let out = crossdock(&["plugin", "inspect", component.to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout_json(&out)["name"], "customs-xy");

    let input = dir.join("example-input.json");
    let out =
        crossdock(&["plugin", "run", component.to_str().expect("path"), "--input", input.to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout_json(&out)["output"]["duty"]["amount"].as_i64().is_some_and(|d| d > 0));
    let _ = std::fs::remove_dir_all(&parent);
}

/// Runs `crossdock ARGS` against the API at `port` with `token`.
fn admin(port: u16, token: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crossdock"))
        .args(args)
        .env("CROSSDOCK_URL", format!("http://127.0.0.1:{port}"))
        .env("CROSSDOCK_TOKEN", token)
        .output()
        .unwrap_or_else(|e| panic!("cannot run crossdock {args:?}: {e}"))
}

#[test]
fn the_control_plane_commands_drive_a_running_server_through_its_api() {
    let port = free_port();
    let data = tempfile::tempdir().expect("dir");
    let operator = "operator-token-for-the-cli-test";
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_crossdock"))
            .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data-dir"])
            .arg(data.path())
            .args(["--plugin", wasm("customs-eu").to_str().expect("path")])
            .args(["--plugin", wasm("carrier-table-rate").to_str().expect("path")])
            .env("CROSSDOCK_OPERATOR_TOKEN", operator)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server"),
    );
    let started = Instant::now();
    while get(port, "/healthz").is_none() {
        assert!(started.elapsed() < Duration::from_secs(30), "the server did not answer within 30 s");
        std::thread::sleep(Duration::from_millis(50));
    }

    // The operator creates a merchant; its first admin token is printed once.
    let out = admin(port, operator, &["merchant", "create", "globex", "--name", "Globex", "--currency", "USD"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = String::from_utf8_lossy(&out.stdout);
    let token = printed.lines().find(|l| l.starts_with("cdk_")).expect("a token").trim().to_owned();

    let out = admin(port, &token, &["market", "create", "EU", "--countries", "DE,FR,NL"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("DE,FR,NL"), "a table row");
    let out = admin(port, &token, &["binding", "enable", "EU", "customs-eu"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = admin(port, &token, &["binding", "enable", "EU", "carrier-table-rate"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = admin(
        port,
        &token,
        &["binding", "config", "EU", "carrier-table-rate", "--config", r#"{"label_format": "zpl"}"#],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = admin(port, &token, &["binding", "disable", "EU", "carrier-table-rate"]);
    assert!(out.status.success(), "{}", stderr(&out));

    // --json gives the API's own answer, for scripts.
    let out = admin(port, &token, &["binding", "list", "--market", "EU", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list = stdout_json(&out);
    let carrier = list["items"].as_array().and_then(|i| i.iter().find(|b| b["plugin"] == "carrier-table-rate"));
    let carrier = carrier.unwrap_or_else(|| panic!("{list}"));
    assert_eq!((carrier["enabled"].clone(), carrier["config"]["label_format"].clone()), (json!(false), json!("zpl")));

    // An upload, and the API's refusals come back as errors naming what is wrong.
    let out = admin(port, &token, &["plugin", "install", wasm("probe-carrier").to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("installed"), "{}", String::from_utf8_lossy(&out.stdout));
    let out = admin(port, &token, &["binding", "config", "EU", "customs-eu", "--config", r#"{"channel": 7}"#]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("422 invalid") && stderr(&out).contains("config/channel"), "{}", stderr(&out));
    let out = admin(port, &token, &["events", "replay", "999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("404 not_found"), "{}", stderr(&out));
    let out = admin(port, "cdk_wrong", &["market", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("401 unauthorized"), "{}", stderr(&out));

    // Tokens: issue a read token, see it listed, revoke it.
    let out = admin(port, &token, &["token", "issue", "--scope", "read", "--name", "ci", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let issued = stdout_json(&out);
    let id = issued["id"].as_i64().expect("id").to_string();
    let out = admin(port, &token, &["token", "revoke", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = admin(port, issued["token"].as_str().expect("token"), &["market", "list"]);
    assert!(stderr(&out).contains("revoked"), "{}", stderr(&out));
}

/// A node on the demo setup with the EU plugins, serving the API and webhooks on a free port.
async fn start_node(backend: &support::Backend) -> (crossdock::app::Node, std::net::SocketAddr) {
    use std::sync::Arc;

    use crossdock::app::AppState;
    use crossdock::app::Node;
    use crossdock::cli::serve::ServeArgs;
    use crossdock::server::router;

    let setup = backend.dir.path().join("crossdock.toml");
    std::fs::write(&setup, crossdock::cli::demo::SETUP).expect("setup");
    let args = ServeArgs {
        listen: "127.0.0.1:0".parse().expect("addr"),
        data_dir: backend.dir.path().join("data"),
        database_url: backend.database_url.clone(),
        config: Some(setup),
        plugins: vec![
            support::wasm("customs_eu"),
            support::wasm("carrier_table_rate"),
            support::wasm("returns_standard"),
        ],
        plugins_dirs: Vec::new(),
        workers: 1,
        max_attempts: 2,
        lease_secs: 60,
        track_every_secs: 300,
        fx: None,
        body_limit: 1 << 20,
        plugin_limit: 1 << 20,
        operator_token: None,
        allow_internal_hosts: Vec::new(),
    };
    let node = Node::start(&args).await.unwrap_or_else(|e| panic!("{}: {e:#}", backend.name));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = router(Arc::new(AppState::new(&node, None)), 1 << 20);
    tokio::spawn(async move { axum::serve(listener, app).await });
    (node, addr)
}

/// A Shopify order lacking several needed fields is acknowledged, then dead-lettered with one
/// reason that names every missing field.
#[tokio::test(flavor = "multi_thread")]
async fn a_shopify_order_lacking_fields_is_dead_lettered_naming_them_all() {
    support::on_each_backend("shopify missing fields", |backend| async move {
        let (node, addr) = start_node(&backend).await;
        let order = json!({
            "id": 7201, "created_at": "2026-11-24T10:00:00Z",
            "line_items": [{"id": 72010, "sku": "TEE-M", "quantity": 1}],
            "shipping_address": {"city": "Town", "country_code": "DE"},
        });
        support::post_shopify(addr, "orders/create", "missing-7201", serde_json::to_vec(&order).expect("json")).await;
        support::drain(&node).await;
        let dead = node.store.dead_letters("acme", 10).await.expect("dead letters");
        assert_eq!(dead.len(), 1, "the order is dead-lettered");
        let reason = dead[0].last_error.clone().unwrap_or_default();
        for field in ["currency", "total_price", "line_items[0].price"] {
            assert!(reason.contains(&format!("`{field}`")), "the reason does not name `{field}`: {reason}");
        }
        node.store.close().await;
    })
    .await;
}

/// `shipments show` and `runs list --shipment` against a server that has processed an order:
/// the shipment as labelled lines, and exactly the plugin calls made for it.
#[tokio::test(flavor = "multi_thread")]
async fn shipments_show_and_runs_list_read_one_shipment_and_its_plugin_calls() {
    support::on_each_backend("shipments show", |backend| async move {
        let (node, addr) = start_node(&backend).await;
        for (id, zip) in [(7101u64, "10115"), (7102, "80331")] {
            let order = json!({
                "id": id, "name": format!("#{id}"), "created_at": "2026-11-24T10:00:00Z", "currency": "EUR",
                "total_price": "31.99", "taxes_included": true,
                "line_items": [{"id": id * 10, "sku": "TEE-M", "title": "T-shirt", "quantity": 1, "price": "19.99",
                                "requires_shipping": true}],
                "shipping_lines": [{"price": "12.00"}],
                "shipping_address": {"name": "Lena Fischer", "address1": "Street 1", "city": "Town", "zip": zip,
                                     "country_code": "DE"},
            });
            let body = serde_json::to_vec(&order).expect("json");
            support::post_shopify(addr, "orders/create", &format!("show-{id}"), body).await;
        }
        support::drain(&node).await;
        let token = crossdock::api::new_token().expect("randomness");
        node.store.create_token("acme", "read", &crossdock::api::hash_token(&token)).await.expect("token");

        let port = addr.port();
        let cli = move |args: Vec<String>| {
            let token = token.clone();
            tokio::task::spawn_blocking(move || {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                admin(port, &token, &args)
            })
        };
        let out = cli(vec!["shipments".into(), "list".into(), "--json".into()]).await.expect("cli");
        assert!(out.status.success(), "{}", stderr(&out));
        let shipments = stdout_json(&out);
        let items = shipments["items"].as_array().expect("items");
        assert_eq!(items.len(), 2, "{shipments}");
        let id = items.iter().find(|s| s["order"] == "7101").and_then(|s| s["id"].as_str()).expect("a shipment");

        let out = cli(vec!["shipments".into(), "show".into(), id.into()]).await.expect("cli");
        let shown = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(shown.starts_with("shipment:") && shown.lines().next().is_some_and(|l| l.ends_with(id)));
        for label in ["order:", "status:", "carrier:", "price:", "tracking:", "duty:", "tax:"] {
            assert!(shown.lines().any(|l| l.starts_with(label)), "no {label} line:\n{shown}");
        }
        assert!(shown.contains("carrier-table-rate"), "{shown}");

        let out = cli(vec!["runs".into(), "list".into(), "--shipment".into(), id.into(), "--json".into()])
            .await
            .expect("cli");
        assert!(out.status.success(), "{}", stderr(&out));
        let runs = stdout_json(&out);
        let runs = runs["items"].as_array().expect("items");
        assert!(!runs.is_empty(), "the shipment's plugin calls are listed");
        assert!(runs.iter().all(|r| r["subject"] == id), "only this shipment's calls: {runs:?}");
        assert!(runs.iter().any(|r| r["plugin"] == "customs-eu" && r["function"] == "assess"), "{runs:?}");
        let out = cli(vec!["runs".into(), "list".into()]).await.expect("cli");
        let table = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(table.starts_with("AT") && table.lines().count() > runs.len() + 1, "both shipments' calls:\n{table}");

        let out = cli(vec!["shipments".into(), "show".into(), "no-such-shipment".into()]).await.expect("cli");
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("not_found"), "{}", stderr(&out));
        node.store.close().await;
    })
    .await;
}

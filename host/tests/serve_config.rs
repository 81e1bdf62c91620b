//! How `crossdock serve` is configured: the plugins it finds without `--plugin` (plugins
//! directories), and its options from flags, `CROSSDOCK_<OPTION>` environment variables and the
//! server config file, in that order of precedence.
//!
//! The plugin components must be built first (`make test-plugins`).

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use clap::CommandFactory;
use crossdock::app::{AppState, Node};
use crossdock::cli::Cli;
use crossdock::cli::demo::BUNDLED;
use crossdock::domain::ShipmentStatus;
use crossdock::server::router;
use serde_json::Value;

mod support;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A plugins directory holding every first-party plugin, as `make build` lays it out.
fn bundled_plugins_dir(dir: &Path) {
    std::fs::create_dir_all(dir).expect("plugins dir");
    for name in BUNDLED {
        std::fs::copy(support::wasm(name), dir.join(format!("{name}.wasm"))).expect("copy a plugin");
    }
}

/// `crossdock serve` with `args`, in `cwd`, with exactly the `CROSSDOCK_*` variables of `env`
/// (none inherited), logging JSON.
fn serve(cwd: &Path, env: &[(&str, &str)], args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_crossdock"));
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("CROSSDOCK_")) {
        command.env_remove(name);
    }
    command.current_dir(cwd).envs(env.iter().copied()).args(["--log-format", "json", "serve"]).args(args);
    command
}

/// Runs a `serve` that is expected to stop before it serves; its stderr. A server that starts
/// instead fails the test at once rather than running on.
fn serve_fails(cwd: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    let mut child = Child(serve(cwd, env, args).stdin(Stdio::null()).stderr(Stdio::piped()).spawn().expect("start"));
    let lines = log_lines(&mut child.0);
    let mut stderr = String::new();
    loop {
        match lines.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => {
                assert!(!line.contains("crossdock is serving"), "serve started:\n{stderr}{line}");
                stderr.push_str(&line);
                stderr.push('\n');
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("serve neither stopped nor served within 60 s:\n{stderr}"),
        }
    }
    let status = child.0.wait().expect("wait for serve");
    assert!(!status.success(), "serve exited 0:\n{stderr}");
    stderr
}

/// The lines `child` writes to stderr, as they come.
fn log_lines(child: &mut std::process::Child) -> mpsc::Receiver<String> {
    let stderr = child.stderr.take().expect("stderr piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// A child process killed when dropped, so that a failing test leaves no server behind.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running server, stopped when dropped, and the log lines it wrote until it served.
struct Server {
    _child: Child,
    logs: Vec<Value>,
}

impl Server {
    /// Starts `serve` and waits, reading its log, until it says it is serving.
    fn start(mut command: Command) -> Server {
        let mut child =
            Child(command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("start"));
        let lines = log_lines(&mut child.0);
        let mut logs = Vec::new();
        loop {
            let line = lines.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|e| {
                panic!("the server stopped or did not start within 60 s ({e}); it said:\n{logs:#?}")
            });
            let Ok(entry) = serde_json::from_str::<Value>(&line) else {
                logs.push(Value::String(line));
                continue;
            };
            let serving = entry["fields"]["message"] == "crossdock is serving";
            logs.push(entry);
            if serving {
                return Server { _child: child, logs };
            }
        }
    }

    /// The log entries with `message`.
    fn logged(&self, message: &str) -> Vec<&Value> {
        self.logs.iter().filter(|e| e["fields"]["message"] == message).collect()
    }
}

#[test]
fn every_serve_option_has_a_crossdock_environment_variable_and_secrets_hide_their_values() {
    let mut cli = Cli::command();
    cli.build();
    let serve = cli.find_subcommand("serve").expect("serve");
    let mut checked = 0;
    for arg in serve.get_arguments() {
        let Some(long) = arg.get_long().filter(|l| !matches!(*l, "help" | "version")) else { continue };
        let expected = format!("CROSSDOCK_{}", long.to_uppercase().replace('-', "_"));
        assert_eq!(arg.get_env().and_then(|e| e.to_str()), Some(expected.as_str()), "--{long}");
        let secret = matches!(long, "database-url" | "operator-token");
        assert_eq!(arg.is_hide_env_values_set(), secret, "--{long}: its environment value is shown iff not secret");
        checked += 1;
    }
    assert!(checked >= 18, "only {checked} options checked");
}

/// The done-criterion of the plugins directory: `serve --data-dir D --config
/// host/demo/crossdock.toml`, no `--plugin`, runs the full demo merchant from `D/plugins/`.
#[test]
fn serve_without_plugin_flags_runs_the_demo_merchant_from_the_data_dir_plugins() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    bundled_plugins_dir(&data.join("plugins"));
    let setup = root().join("host/demo/crossdock.toml");
    let server = Server::start(serve(
        dir.path(),
        &[],
        &["--listen", "127.0.0.1:0", "--data-dir", path(&data), "--config", path(&setup)],
    ));
    let loaded = server.logged("plugin file loaded");
    assert_eq!(loaded.len(), BUNDLED.len(), "{:#?}", server.logs);
    for entry in loaded {
        let file = entry["fields"]["file"].as_str().expect("file");
        assert!(Path::new(file).starts_with(data.join("plugins")), "{file}");
    }
    assert_eq!(server.logged("setup applied").len(), 1, "{:#?}", server.logs);
}

/// Two plugins directories (here from `CROSSDOCK_PLUGINS_DIR`, comma-separated): a plugin in
/// both is taken from the first, and the other file is logged as shadowed.
#[test]
fn a_plugin_in_two_directories_is_taken_from_the_first_and_the_other_is_logged_as_shadowed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    for d in [&first, &second] {
        std::fs::create_dir_all(d).expect("dir");
        std::fs::copy(support::wasm("customs_eu"), d.join("customs_eu.wasm")).expect("copy");
    }
    std::fs::copy(support::wasm("carrier_table_rate"), second.join("carrier_table_rate.wasm")).expect("copy");
    let data = dir.path().join("data");
    let server = Server::start(serve(
        dir.path(),
        &[("CROSSDOCK_PLUGINS_DIR", &format!("{},{}", path(&first), path(&second)))],
        &["--listen", "127.0.0.1:0", "--data-dir", path(&data)],
    ));
    let loaded: Vec<&str> =
        server.logged("plugin file loaded").iter().filter_map(|e| e["fields"]["file"].as_str()).collect();
    let eu = first.join("customs_eu.wasm");
    let rate = second.join("carrier_table_rate.wasm");
    assert_eq!(loaded, [path(&eu), path(&rate)], "{:#?}", server.logs);
    let shadowed = server.logged("plugin file shadowed by one found first");
    assert_eq!(shadowed.len(), 1, "{:#?}", server.logs);
    assert_eq!(shadowed[0]["fields"]["used"], path(&eu));
    assert_eq!(shadowed[0]["fields"]["shadowed"], path(&second.join("customs_eu.wasm")));
}

#[test]
fn a_file_in_a_plugins_directory_that_is_not_a_plugin_stops_the_start_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plugins = dir.path().join("plugins");
    std::fs::create_dir_all(&plugins).expect("dir");
    std::fs::copy(support::wasm("customs_eu"), plugins.join("customs_eu.wasm")).expect("copy");
    std::fs::write(plugins.join("broken.wasm"), "not a component").expect("write");
    std::fs::write(plugins.join("README.txt"), "not a plugin, and not read").expect("write");
    let data = dir.path().join("data");
    let args = ["--listen", "127.0.0.1:0", "--data-dir", path(&data), "--plugins-dir", path(&plugins)];
    let err = serve_fails(dir.path(), &[], &args);
    let named = format!("{} cannot be loaded: not a WebAssembly file", plugins.join("broken.wasm").display());
    assert!(err.contains(&named), "{err}");

    // A directory named on purpose must exist; the defaults may be missing.
    let missing = dir.path().join("nowhere");
    let err = serve_fails(dir.path(), &[], &["--listen", "127.0.0.1:0", "--plugins-dir", path(&missing)]);
    assert!(err.contains(&format!("cannot read the plugins directory {}: No such file", missing.display())), "{err}");
}

/// `--listen` from each place in turn, each address held by another socket so that the
/// server stops at once naming the address it tried.
#[test]
fn listen_is_taken_from_the_flag_then_the_environment_then_the_server_config_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let taken: Vec<TcpListener> = (0..3).map(|_| TcpListener::bind("127.0.0.1:0").expect("a port")).collect();
    let [flag, env, file] = [0, 1, 2].map(|i| taken[i].local_addr().expect("addr").to_string());
    let config = dir.path().join("server.toml");
    std::fs::write(&config, format!("listen = \"{file}\"\n")).expect("config");
    let tried = |env_vars: &[(&str, &str)], args: &[&str]| {
        let mut all = vec!["--server-config", path(&config)];
        all.extend_from_slice(args);
        let err = serve_fails(dir.path(), env_vars, &all);
        let address = err.split("cannot listen on ").nth(1).and_then(|rest| rest.split(' ').next());
        address.unwrap_or_else(|| panic!("no address in: {err}")).to_owned()
    };
    assert_eq!(tried(&[("CROSSDOCK_LISTEN", &env)], &["--listen", &flag]), flag);
    assert_eq!(tried(&[("CROSSDOCK_LISTEN", &env)], &[]), env);
    assert_eq!(tried(&[], &[]), file);
}

/// `--data-dir` from each place in turn, each data directory with a broken plugin in its
/// `plugins/`, so that the server stops naming the data directory it used. Last, the default
/// `./data`.
#[test]
fn data_dir_is_taken_from_the_flag_then_the_environment_then_the_file_then_the_default() {
    let dir = tempfile::tempdir().expect("temp dir");
    let [flag, env, file, default] = ["flag", "env", "file", "data"].map(|name| {
        let data = dir.path().join(name);
        std::fs::create_dir_all(data.join("plugins")).expect("dir");
        std::fs::write(data.join("plugins/broken.wasm"), name).expect("write");
        data
    });
    let config = dir.path().join("server.toml");
    std::fs::write(&config, format!("data-dir = \"{}\"\nlisten = \"127.0.0.1:0\"\n", path(&file))).expect("config");
    let config_env = ("CROSSDOCK_SERVER_CONFIG", path(&config));
    let used = |env_vars: &[(&str, &str)], args: &[&str]| {
        let err = serve_fails(dir.path(), env_vars, args);
        [&flag, &env, &file, &default]
            .into_iter()
            .find(|d| err.contains(&format!("{}/plugins/broken.wasm cannot be loaded", d.display())))
            .unwrap_or_else(|| panic!("no data directory named in: {err}"))
            .clone()
    };
    assert_eq!(used(&[config_env, ("CROSSDOCK_DATA_DIR", path(&env))], &["--data-dir", path(&flag)]), flag);
    assert_eq!(used(&[config_env, ("CROSSDOCK_DATA_DIR", path(&env))], &[]), env);
    assert_eq!(used(&[config_env], &[]), file);
    let err = serve_fails(dir.path(), &[], &["--listen", "127.0.0.1:0"]);
    assert!(err.contains("./data/plugins/broken.wasm cannot be loaded"), "the default ./data was not used: {err}");
}

#[test]
fn an_unknown_key_in_the_server_config_file_is_refused_by_name_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("server.toml");
    std::fs::write(&config, "listen = \"127.0.0.1:0\"\ndata-dir = \"d\"\nwrokers = 4\n").expect("config");
    let err = serve_fails(dir.path(), &[], &["--server-config", path(&config)]);
    assert!(err.contains("unknown key `wrokers`"), "{err}");
    assert!(err.contains("`workers`"), "the known keys are listed: {err}");
    assert!(!dir.path().join("d").exists(), "the data directory was created");

    // A known key with a value its option refuses names the option.
    std::fs::write(&config, "workers = \"many\"\n").expect("config");
    let err = serve_fails(dir.path(), &[], &["--server-config", path(&config)]);
    assert!(err.contains("server.toml") && err.contains("'many' for '--workers"), "{err}");
}

/// The database URL never needs to be on the command line: `CROSSDOCK_DATABASE_URL` is read,
/// and never echoed with its password.
#[test]
fn the_database_url_is_read_from_the_environment_and_its_password_not_shown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = "mysql://shop:hunter2@127.0.0.1:3306/shop";
    let err = serve_fails(dir.path(), &[("CROSSDOCK_DATABASE_URL", url)], &["--listen", "127.0.0.1:0"]);
    assert!(err.contains("is not a PostgreSQL URL") && err.contains("mysql://shop:"), "{err}");
    assert!(!err.contains("hunter2"), "the password was shown: {err}");
}

/// On PostgreSQL (when `CROSSDOCK_TEST_DATABASE_URL` is set), a server whose only database
/// option is `CROSSDOCK_DATABASE_URL` serves from it.
#[tokio::test(flavor = "multi_thread")]
async fn a_server_given_the_database_url_in_the_environment_serves_from_postgresql() {
    support::on_each_backend("database URL from the environment", |backend| async move {
        let Some(url) = backend.database_url.clone() else { return };
        tokio::task::spawn_blocking(move || {
            let data = backend.dir.path().join("data");
            let server = Server::start(serve(
                backend.dir.path(),
                &[("CROSSDOCK_DATABASE_URL", &url)],
                &["--listen", "127.0.0.1:0", "--data-dir", path(&data)],
            ));
            let serving = server.logged("crossdock is serving");
            assert_eq!(serving[0]["fields"]["backend"], "Postgres", "{:#?}", server.logs);
        })
        .await
        .expect("server");
    })
    .await;
}

/// A node started with no plugin files named finds them in `<data-dir>/plugins/` and runs the
/// demo merchant's order through them to a label.
#[tokio::test(flavor = "multi_thread")]
async fn a_node_without_plugin_files_named_labels_an_order_with_the_data_dir_plugins() {
    support::on_each_backend("plugins directory default", |backend| async move {
        let args = support::serve_args(&backend, Vec::new());
        bundled_plugins_dir(&args.data_dir.join("plugins"));
        let node = Node::start(&args).await.unwrap_or_else(|e| panic!("{}: {e:#}", backend.name));
        assert_eq!(node.registry.list().len(), BUNDLED.len());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = router(Arc::new(AppState::new(&node, None)), 1 << 20);
        tokio::spawn(async move { axum::serve(listener, app).await });
        let order = serde_json::json!({
            "id": 8001, "name": "#8001", "created_at": "2026-11-24T10:00:00Z", "currency": "EUR",
            "total_price": "51.98", "taxes_included": true,
            "line_items": [{"id": 80010, "sku": "TEE-M", "title": "Cotton T-shirt - M", "quantity": 2,
                "price": "19.99", "requires_shipping": true}],
            "shipping_lines": [{"price": "12.00"}],
            "shipping_address": {"name": "Lena Fischer", "address1": "Street 1", "city": "Berlin",
                "zip": "10115", "country_code": "DE"},
        });
        support::post_shopify(addr, "orders/create", "dir-8001", serde_json::to_vec(&order).expect("json")).await;
        support::drain(&node).await;
        let shipments = node.store.shipments_for_order("acme", "8001").await.expect("shipments");
        assert!(!shipments.is_empty(), "{}: no shipment", backend.name);
        for shipment in &shipments {
            assert_eq!(shipment.status, ShipmentStatus::Labelled, "{}: {:?}", backend.name, shipment.hold_reason);
        }
        node.store.close().await;
    })
    .await;
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

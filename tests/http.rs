//! Outbound HTTP from inside the sandbox, against a real HTTP server in this process: a carrier
//! plugin reaches only the hosts its binding allows (no grant, or an empty allow-list, denies
//! everything), only over http(s), within the request deadline and the response size cap, and
//! it sees redirects instead of following them. What it sends arrives as sent.
//!
//! The server listens on loopback, which the address guard refuses by default: the shared
//! runtime here lets `127.0.0.1` through as an operator's `--allow-internal-host` would, and the
//! guard's own tests use runtimes without that allowance.
//!
//! The plugin is `probe-carrier`, which makes the request its configuration names and reports
//! the outcome in its `rate` result (see its crate docs). Each test starts its own server on an
//! ephemeral port, so tests run in parallel without sharing anything but the runtime.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use crossdock::runtime::http::HttpGrant;
use crossdock::runtime::{CallContext, CallError, Limit, Limits, Plugin, Runtime, RuntimeConfig};
use crossdock_tests::{fixture_as, plugin_bytes};
use crossdock_types::{CarrierError, Parcel, Rate, RateRequest, Shipment, Timestamp};
use serde_json::json;

/// The grant's request deadline; the server's `/slow` answers well after it.
const DEADLINE: Duration = Duration::from_millis(500);
/// The grant's response size cap; the server's `/big` is twice as large.
const MAX_RESPONSE: u64 = 1 << 20;
const SLOW: Duration = Duration::from_secs(2);
const BIG: usize = 2 << 20;

// ---- the server -------------------------------------------------------------------------------

/// A request as the server read it off the wire.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    path: String,
    /// Names lower-cased, in the order received.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A one-request-per-connection HTTP/1.1 server on 127.0.0.1, a thread per connection.
///
/// | path | answer |
/// | --- | --- |
/// | `/ok` | 200, `{"ok":true}` |
/// | `/echo` | 200, the method, `x-probe` header and body it received, as JSON |
/// | `/slow` | 200 after sleeping [`SLOW`] |
/// | `/big` | 200 with a [`BIG`]-byte body |
/// | `/redirect` | 302 to `/ok` on the same server |
/// | anything else | 404 |
struct Server {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = log.clone();
                thread::spawn(move || {
                    // The client may hang up mid-answer (deadline, size cap); that is its right.
                    let _ = handle(stream, addr, &log);
                });
            }
        });
        Self { addr, received }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The allow-list entry for this server: `127.0.0.1:<port>`.
    fn host(&self) -> String {
        self.addr.to_string()
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    fn paths(&self) -> Vec<String> {
        self.received().into_iter().map(|r| r.path).collect()
    }
}

fn handle(stream: TcpStream, addr: SocketAddr, log: &Mutex<Vec<Received>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = line.trim_end().split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let length = headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let request = Received { method, path, headers, body };
    log.lock().expect("lock").push(request.clone());

    let mut stream = stream;
    match request.path.as_str() {
        "/ok" => respond(&mut stream, "200 OK", &[], br#"{"ok":true}"#),
        "/echo" => {
            let echo = json!({
                "method": request.method,
                "x-probe": request.header("x-probe"),
                "body": String::from_utf8_lossy(&request.body),
            });
            respond(&mut stream, "200 OK", &[], echo.to_string().as_bytes())
        }
        "/slow" => {
            thread::sleep(SLOW);
            respond(&mut stream, "200 OK", &[], b"late")
        }
        "/big" => respond(&mut stream, "200 OK", &[], &vec![b'x'; BIG]),
        "/redirect" => respond(&mut stream, "302 Found", &[("location", format!("http://{addr}/ok"))], b""),
        _ => respond(&mut stream, "404 Not Found", &[], b"no such path"),
    }
}

fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, String)], body: &[u8]) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

// ---- the plugin -------------------------------------------------------------------------------

/// A runtime built from `config` and `probe-carrier` loaded into it.
fn probe_in(config: RuntimeConfig) -> (Runtime, Plugin) {
    let runtime = Runtime::new(config).expect("runtime");
    let plugin = runtime.load(&plugin_bytes("probe-carrier")).expect("probe-carrier loads");
    (runtime, plugin)
}

/// One runtime that lets plugin HTTP reach loopback, and `probe-carrier`, for the whole binary.
fn probe_plugin() -> &'static (Runtime, Plugin) {
    static PROBE: OnceLock<(Runtime, Plugin)> = OnceLock::new();
    PROBE.get_or_init(|| {
        probe_in(RuntimeConfig { internal_hosts: vec!["127.0.0.1".into()], ..RuntimeConfig::default() })
    })
}

/// A grant of `allowed` hosts with the test deadline and size cap.
fn grant(allowed: &[String]) -> Option<HttpGrant> {
    Some(HttpGrant::new(allowed.to_vec(), DEADLINE, MAX_RESPONSE))
}

/// Runs the probe's `rate` with this configuration and grant; its outcome and how long it took.
fn probe(config: serde_json::Value, http: Option<HttpGrant>) -> (Result<Vec<Rate>, CarrierError>, Duration) {
    let (runtime, plugin) = probe_plugin();
    let started = Instant::now();
    let call = call_probe(runtime, plugin, config, http).unwrap_or_else(|e| panic!("the call itself failed: {e}"));
    (call, started.elapsed())
}

/// Runs `plugin`'s `rate` in `runtime` with this configuration and grant.
fn call_probe(
    runtime: &Runtime,
    plugin: &Plugin,
    config: serde_json::Value,
    http: Option<HttpGrant>,
) -> Result<Result<Vec<Rate>, CarrierError>, CallError> {
    let mut ctx = CallContext::new("2026-11-25T12:00:00Z".parse::<Timestamp>().expect("time"));
    ctx.config_json = Arc::from(config.to_string());
    ctx.http = http.map(Arc::new);
    let request = RateRequest {
        shipment: fixture_as::<Shipment>("shipment-10.json"),
        parcels: vec![Parcel { weight_g: 1200, length_mm: 300, width_mm: 200, height_mm: 100 }],
    };
    runtime.rate(plugin, ctx, &request).map(|call| call.output)
}

/// What the plugin saw of a response: the `service_name` of its one rate.
fn seen(outcome: Result<Vec<Rate>, CarrierError>) -> String {
    let rates = outcome.unwrap_or_else(|e| panic!("expected a response, the plugin reported {e:?}"));
    assert_eq!(rates.len(), 1, "{rates:?}");
    rates[0].service_name.clone()
}

/// The message of a denial, or a panic naming what happened instead.
fn denial(outcome: Result<Vec<Rate>, CarrierError>) -> String {
    match outcome {
        Err(CarrierError::AuthFailed(message)) => message,
        other => panic!("expected a denial, got {other:?}"),
    }
}

// ---- the tests --------------------------------------------------------------------------------

#[test]
fn an_allowed_host_answers_and_the_plugin_sees_status_and_body() {
    let server = Server::start();
    let (outcome, _) = probe(json!({"url": server.url("/ok")}), grant(&[server.host()]));
    assert_eq!(seen(outcome), r#"status=200 len=11 body={"ok":true}"#);
    let received = server.received();
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!((received[0].method.as_str(), received[0].path.as_str()), ("GET", "/ok"));
    assert!(received[0].body.is_empty(), "{received:?}");
}

#[test]
fn method_header_and_body_reach_the_server_as_sent() {
    let server = Server::start();
    let sent = r#"{"parcel":"P-1","note":"grüße"}"#;
    let (outcome, _) =
        probe(json!({"url": server.url("/echo"), "method": "POST", "body": sent}), grant(&[server.host()]));

    let received = server.received();
    assert_eq!(received.len(), 1, "{received:?}");
    let request = &received[0];
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/echo"));
    assert_eq!(request.header("x-probe"), Some("1"), "{:?}", request.headers);
    assert_eq!(request.header("host"), Some(server.host().as_str()), "{:?}", request.headers);
    assert_eq!(request.body, sent.as_bytes());

    let echo = json!({"method": "POST", "x-probe": "1", "body": sent}).to_string();
    assert_eq!(seen(outcome), format!("status=200 len={} body={echo}", echo.len()));
}

#[test]
fn a_host_outside_the_allow_list_is_denied_by_name() {
    let server = Server::start();
    let (outcome, _) = probe(json!({"url": server.url("/ok")}), grant(&["127.0.0.1:1".into()]));
    let message = denial(outcome);
    assert!(message.contains(&format!("`{}`", server.host())), "{message}");
    assert!(message.contains("allow-list"), "{message}");
    assert_eq!(server.paths(), Vec::<String>::new(), "a denied request never leaves the host");
}

#[test]
fn an_empty_allow_list_denies_every_host() {
    let server = Server::start();
    let (outcome, _) = probe(json!({"url": server.url("/ok")}), grant(&[]));
    let message = denial(outcome);
    assert!(message.contains(&server.host()), "{message}");
    assert_eq!(server.paths(), Vec::<String>::new());
}

#[test]
fn without_a_grant_every_request_is_denied() {
    let server = Server::start();
    let (outcome, _) = probe(json!({"url": server.url("/ok")}), None);
    let message = denial(outcome);
    assert!(message.contains("grants no outbound HTTP"), "{message}");
    assert_eq!(server.paths(), Vec::<String>::new());
}

#[test]
fn a_non_http_scheme_is_denied_by_name() {
    let server = Server::start();
    let (outcome, _) = probe(json!({"url": "file:///etc/passwd"}), grant(&[server.host(), "localhost".into()]));
    let message = denial(outcome);
    assert!(message.contains("scheme `file`"), "{message}");
}

#[test]
fn a_slow_server_hits_the_request_deadline_and_the_call_returns_promptly() {
    let server = Server::start();
    let (outcome, took) = probe(json!({"url": server.url("/slow")}), grant(&[server.host()]));
    assert_eq!(outcome, Err(CarrierError::Timeout("timeout".into())));
    assert!(took >= DEADLINE - Duration::from_millis(50), "gave up after {took:?}, before the deadline");
    assert!(took < SLOW / 2, "took {took:?}: the deadline of {DEADLINE:?} did not cut the request short");
    assert_eq!(server.paths(), ["/slow"]);
}

#[test]
fn a_body_over_the_size_cap_is_too_large() {
    let server = Server::start();
    let (outcome, _) = probe(json!({"url": server.url("/big")}), grant(&[server.host()]));
    assert_eq!(outcome, Err(CarrierError::BadResponse(format!("too large: {MAX_RESPONSE}"))));
}

#[test]
fn a_redirect_is_not_followed_and_the_plugin_sees_the_3xx() {
    let server = Server::start();
    let (outcome, _) = probe(json!({"url": server.url("/redirect")}), grant(&[server.host()]));
    assert_eq!(seen(outcome), "status=302 len=0 body=");
    assert_eq!(server.paths(), ["/redirect"], "the target of the redirect was never asked");
}

#[test]
fn an_allow_list_entry_with_the_default_port_allows_urls_that_leave_it_implicit() {
    // Nothing needs to listen on port 80: a refused connection is a failure, not a denial.
    let (outcome, _) = probe(json!({"url": "http://127.0.0.1/ok"}), grant(&["127.0.0.1:80".into()]));
    assert!(!matches!(outcome, Err(CarrierError::AuthFailed(_))), "{outcome:?}");
    let (outcome, _) = probe(json!({"url": "http://127.0.0.1/ok"}), grant(&["127.0.0.1:443".into()]));
    let message = denial(outcome);
    assert!(message.contains("`127.0.0.1:80`"), "{message}");
}

#[test]
fn time_blocked_in_http_does_not_count_against_the_call_deadline() {
    // The call's own deadline is 1 s (the default); the server answers after 2 s, within the
    // grant's 5 s. The plugin gets its answer instead of being interrupted.
    let server = Server::start();
    let patient = Some(HttpGrant::new(vec![server.host()], Duration::from_secs(5), MAX_RESPONSE));
    let (outcome, took) = probe(json!({"url": server.url("/slow")}), patient);
    assert!(seen(outcome).starts_with("status=200"), "took {took:?}");
    assert!(took >= SLOW, "{took:?}");
}

// ---- the address guard and the hard deadline ---------------------------------------------------

#[test]
fn a_loopback_server_is_refused_without_the_operator_allowance() {
    let server = Server::start();
    let (runtime, plugin) = probe_in(RuntimeConfig::default());
    let outcome = call_probe(&runtime, &plugin, json!({"url": server.url("/ok")}), grant(&[server.host()]));
    let message = denial(outcome.expect("the call completes"));
    assert!(message.contains("loopback") && message.contains("--allow-internal-host"), "{message}");
    assert_eq!(server.paths(), Vec::<String>::new(), "a refused request never reaches the server");
}

#[test]
fn a_name_resolving_to_loopback_is_refused_without_the_operator_allowance() {
    let server = Server::start();
    let (runtime, plugin) = probe_in(RuntimeConfig::default());
    let host = format!("localhost:{}", server.addr.port());
    let url = format!("http://{host}/ok");
    let outcome = call_probe(&runtime, &plugin, json!({"url": url}), grant(std::slice::from_ref(&host)));
    let message = denial(outcome.expect("the call completes"));
    assert!(message.contains(&format!("`{host}`")) && message.contains("loopback"), "{message}");
    assert_eq!(server.paths(), Vec::<String>::new());
}

#[test]
fn a_loopback_server_named_by_the_operator_is_reached() {
    let server = Server::start();
    let (runtime, plugin) = probe_in(RuntimeConfig { internal_hosts: vec![server.host()], ..RuntimeConfig::default() });
    let outcome = call_probe(&runtime, &plugin, json!({"url": server.url("/ok")}), grant(&[server.host()]));
    assert_eq!(seen(outcome.expect("the call completes")), r#"status=200 len=11 body={"ok":true}"#);
    // The allowance names one port: the same address on another port stays refused.
    let other = Server::start();
    let outcome = call_probe(&runtime, &plugin, json!({"url": other.url("/ok")}), grant(&[other.host()]));
    assert!(denial(outcome.expect("the call completes")).contains("loopback"));
    assert_eq!(other.paths(), Vec::<String>::new());
}

#[test]
fn a_response_body_held_by_the_host_counts_against_the_plugin_memory_cap() {
    // The grant would accept 8 MiB, but the plugin may only have 3 MiB of memory in all: the
    // 2 MiB body does not fit beside what the plugin already uses, so the host stops reading.
    let server = Server::start();
    let memory_bytes = 3 << 20;
    let (runtime, plugin) = probe_in(RuntimeConfig {
        limits: Limits { memory_bytes, ..Limits::default() },
        internal_hosts: vec!["127.0.0.1".into()],
        ..RuntimeConfig::default()
    });
    let roomy = Some(HttpGrant::new(vec![server.host()], DEADLINE, 8 << 20));
    let outcome = call_probe(&runtime, &plugin, json!({"url": server.url("/big")}), roomy);
    match outcome.expect("the call completes: the plugin is told, not killed") {
        Err(CarrierError::BadResponse(m)) => {
            let cap: u64 = m.trim_start_matches("too large: ").parse().unwrap_or_else(|_| panic!("{m}"));
            assert!(cap < BIG as u64 && cap < memory_bytes as u64, "{m}");
        }
        other => panic!("expected `too large`, got {other:?}"),
    }
}

#[test]
fn a_carrier_retrying_a_slow_server_is_stopped_at_the_hard_deadline() {
    // Each request gives up after 500 ms and the probe tries again, up to 20 times (10 s of
    // waiting in all); the call's hard deadline of 1.5 s ends it with a limit error instead.
    let server = Server::start();
    let hard_deadline = Duration::from_millis(1500);
    let (runtime, plugin) = probe_in(RuntimeConfig {
        limits: Limits { hard_deadline, ..Limits::default() },
        internal_hosts: vec!["127.0.0.1".into()],
        ..RuntimeConfig::default()
    });
    let config = json!({"url": server.url("/slow"), "attempts": 20});
    let err = call_probe(&runtime, &plugin, config, grant(&[server.host()])).expect_err("stopped");
    assert_eq!(err.limit(), Some(Limit::WallClock(hard_deadline)), "{err}");
    let message = err.to_string();
    assert!(message.contains("probe-carrier@0.1.0") && message.contains("hard deadline of 1500 ms"), "{message}");
    assert!(server.paths().len() < 20, "{:?}", server.paths());
}

//! Carrier API doubles for crossdock's tests and demo: DHL Express (MyDHL API 3.1), UPS
//! (OAuth 2, Rating/Shipping, Track v1), FedEx (OAuth 2, Rate/Ship/Track v1) and USPS (v3).
//!
//! One HTTP server answers for every carrier, each under its own path prefix (`/dhl`, `/ups`,
//! `/fedex`, `/usps`), so a binding's base URL is `{server}/dhl` where the real one would be
//! `https://express.api.dhl.com/mydhlapi`. Requests and responses are shaped exactly as the
//! carriers document them (see `tests/fixtures/carriers/CARRIERS.md`); the sample responses are
//! the files in `tests/fixtures/carriers/`. Each carrier checks its own authentication and the
//! fields it requires, and answers mistakes with its own error body.
//!
//! A test can switch a carrier into a failure [`Mode`] to see how its adapter copes, hold its
//! requests until the test lets them go ([`Mode::Held`]), and read back every request the
//! server received.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use tokio::sync::watch;

mod dhl;
mod fedex;
mod ups;
mod usps;

/// How a carrier answers from now on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// As documented: rates, labels and tracking from the fixtures.
    #[default]
    Normal,
    /// Credentials refused (the carrier's 401 body).
    RejectAuth,
    /// The carrier's 503 / service-unavailable body.
    Unavailable,
    /// The carrier's address-validation error for the receiver.
    BadAddress,
    /// A 200 whose body is not what the carrier documents (truncated JSON).
    Malformed,
    /// Answers correctly, but only after this long.
    Slow(Duration),
    /// Answers correctly, but only once the test lets the request go
    /// ([`FakeCarriers::release`]): a carrier exactly as slow as the test needs, however long
    /// that is. [`FakeCarriers::held`] waits for a request to arrive.
    Held,
    /// Rates and tracks as documented, but refuses to make labels with the carrier's 503
    /// (DHL only): a carrier that quoted and then cannot ship.
    LabelsUnavailable,
    /// Not the carrier at all: every request (token endpoints included) is answered `status`
    /// by some other service, with an HTML page (`json: false`) or a JSON document
    /// (`json: true`) that holds [`IMPOSTOR_SECRET`] in fields the carriers' error formats
    /// also use (`detail`, `message`, `errors[].message`) but is none of those formats: what a
    /// binding pointed at an internal service gets back.
    Impostor { status: u16, json: bool },
}

/// The secret an [`Mode::Impostor`] answer holds; it must never appear in a carrier error.
pub const IMPOSTOR_SECRET: &str = "postgres://admin:hunter2@10.0.0.5/billing";

/// An impostor's answer (see [`Mode::Impostor`]).
fn impostor(status: u16, json: bool) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    if json {
        let body = serde_json::json!({
            "detail": IMPOSTOR_SECRET,
            "message": IMPOSTOR_SECRET,
            "errors": [{"message": IMPOSTOR_SECRET}],
            "response": {"errors": [{"message": IMPOSTOR_SECRET}]},
            "error": {"message": IMPOSTOR_SECRET},
        });
        (status, [(axum::http::header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
    } else {
        let page = format!("<html><body><h1>Admin console</h1><p>DATABASE_URL={IMPOSTOR_SECRET}</p></body></html>");
        (status, [(axum::http::header::CONTENT_TYPE, "text/html")], page).into_response()
    }
}

/// Answers for a carrier in [`Mode::Impostor`] before its routes see the request.
async fn impersonate(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let carrier = request.uri().path().trim_start_matches('/').split('/').next().unwrap_or_default().to_owned();
    if let Mode::Impostor { status, json } = state.mode(&carrier) {
        return impostor(status, json);
    }
    next.run(request).await
}

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `dhl`, `ups`, `fedex` or `usps`.
    pub carrier: &'static str,
    pub method: String,
    /// The path below the carrier's prefix, with the query string.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// A request as `carrier` received it: its path with the query string, every header, the body.
    pub fn of(
        carrier: &'static str,
        method: &axum::http::Method,
        uri: &axum::http::Uri,
        headers: &axum::http::HeaderMap,
        body: &[u8],
    ) -> Self {
        Self {
            carrier,
            method: method.to_string(),
            path: uri.path_and_query().map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned()),
            headers: headers
                .iter()
                .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
            body: body.to_vec(),
        }
    }

    /// The first header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What every carrier's handlers share.
#[derive(Debug, Default)]
pub struct State {
    modes: Mutex<Vec<(&'static str, Mode)>>,
    requests: Mutex<Vec<Recorded>>,
    /// Labels made so far: (carrier, tracking number), so tracking knows them.
    labels: Mutex<Vec<(&'static str, String)>>,
    /// The requests held under [`Mode::Held`] and the test's releases; a watch channel, so
    /// the held requests and a test waiting for one wake when it changes.
    holds: watch::Sender<Holds>,
}

/// What [`Mode::Held`] has held and let go so far.
#[derive(Debug, Default)]
struct Holds {
    /// Every request held, released or not, oldest first.
    arrived: Vec<Recorded>,
    /// How many times each carrier's held requests were let go.
    releases: BTreeMap<String, u64>,
}

impl Holds {
    fn releases(&self, carrier: &str) -> u64 {
        self.releases.get(carrier).copied().unwrap_or_default()
    }
}

impl State {
    /// The mode of `carrier`.
    pub fn mode(&self, carrier: &str) -> Mode {
        let modes = self.modes.lock().unwrap_or_else(|p| p.into_inner());
        modes.iter().rev().find(|(c, _)| *c == carrier).map(|(_, m)| *m).unwrap_or_default()
    }

    /// Keeps a request for [`FakeCarriers::requests`], then waits as the carrier's mode says:
    /// out `Slow`'s delay, or under `Held` until the test releases it. The carrier answers
    /// after this, by the mode it is in then.
    pub async fn receive(&self, request: Recorded) {
        let carrier = request.carrier;
        self.requests.lock().unwrap_or_else(|p| p.into_inner()).push(request.clone());
        match self.mode(carrier) {
            Mode::Slow(delay) => tokio::time::sleep(delay).await,
            Mode::Held => {
                let mut releases = 0;
                self.holds.send_modify(|holds| {
                    releases = holds.releases(carrier);
                    holds.arrived.push(request);
                });
                // Only a release after this request arrived lets it go. The sender lives in
                // `self`, which outlives this wait, so waiting ends only by a release.
                let _ = self.holds.subscribe().wait_for(|holds| holds.releases(carrier) > releases).await;
            }
            _ => {}
        }
    }

    /// Remembers a label this server issued.
    pub fn issue_label(&self, carrier: &'static str, tracking_number: String) {
        self.labels.lock().unwrap_or_else(|p| p.into_inner()).push((carrier, tracking_number));
    }

    /// Whether this server issued `tracking_number` for `carrier`.
    pub fn issued(&self, carrier: &str, tracking_number: &str) -> bool {
        let labels = self.labels.lock().unwrap_or_else(|p| p.into_inner());
        labels.iter().any(|(c, t)| *c == carrier && t == tracking_number)
    }
}

/// A sample response from `tests/fixtures/carriers/`, as text.
pub fn fixture(name: &str) -> String {
    let path = fixtures_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The sample response, parsed.
pub fn fixture_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/carriers")
}

/// The router for every carrier, each under its prefix.
pub fn router(state: Arc<State>) -> Router {
    Router::new()
        .nest("/dhl", dhl::routes())
        .nest("/ups", ups::routes())
        .nest("/fedex", fedex::routes())
        .nest("/usps", usps::routes())
        .layer(axum::middleware::from_fn_with_state(state.clone(), impersonate))
        .with_state(state)
}

/// A running server on a free loopback port, on its own thread; stops when dropped.
pub struct FakeCarriers {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl FakeCarriers {
    /// Starts the server on `127.0.0.1` and a free port.
    pub fn start() -> Self {
        Self::start_on("127.0.0.1:0").unwrap_or_else(|e| panic!("cannot start the fake carriers: {e}"))
    }

    /// Starts the server on `listen` (`127.0.0.1:8091`).
    pub fn start_on(listen: &str) -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind(listen)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State::default());
        let app = router(state.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new().name("fake-carriers".into()).spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(r) => r,
                Err(e) => panic!("fake carriers: no runtime: {e}"),
            };
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(l) => l,
                    Err(e) => panic!("fake carriers: {e}"),
                };
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await;
            });
        })?;
        Ok(Self { addr, state, shutdown: Some(tx) })
    }

    /// `127.0.0.1:port`, the entry for a binding's HTTP allow-list.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// The base URL a binding of `carrier` (`dhl`, `ups`, `fedex`, `usps`) is configured with.
    pub fn base_url(&self, carrier: &str) -> String {
        format!("http://{}/{carrier}", self.addr)
    }

    /// Switches `carrier` into `mode` for every later request.
    pub fn set_mode(&self, carrier: &'static str, mode: Mode) {
        self.state.modes.lock().unwrap_or_else(|p| p.into_inner()).push((carrier, mode));
    }

    /// Waits until `carrier` has held its `n`th request under [`Mode::Held`] (the first is 1,
    /// counted since the server started, released or not) and returns that request.
    pub async fn held(&self, carrier: &str, n: usize) -> Recorded {
        let mut holds = self.state.holds.subscribe();
        let nth =
            |holds: &Holds| holds.arrived.iter().filter(|r| r.carrier == carrier).nth(n.saturating_sub(1)).cloned();
        let holds = holds.wait_for(|holds| nth(holds).is_some()).await;
        match holds.ok().as_deref().and_then(nth) {
            Some(request) => request,
            None => panic!("the fake carriers stopped before {carrier} held request {n}"),
        }
    }

    /// Lets every request `carrier` holds now go on, answered by the mode the carrier is in
    /// then (as in [`Mode::Normal`] while it is still `Held`). Requests arriving later are held
    /// again while the carrier stays `Held`.
    pub fn release(&self, carrier: &str) {
        self.state.holds.send_modify(|holds| *holds.releases.entry(carrier.to_owned()).or_default() += 1);
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// How many labels `carrier` has made (bought) so far: a request it answered from its
    /// idempotency store is not a purchase.
    pub fn purchases(&self, carrier: &str) -> usize {
        let labels = self.state.labels.lock().unwrap_or_else(|p| p.into_inner());
        labels.iter().filter(|(c, _)| *c == carrier).count()
    }

    /// The requests `carrier` received.
    pub fn requests_to(&self, carrier: &str) -> Vec<Recorded> {
        self.requests().into_iter().filter(|r| r.carrier == carrier).collect()
    }
}

impl Drop for FakeCarriers {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

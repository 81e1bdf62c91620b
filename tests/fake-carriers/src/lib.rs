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
//! A test can switch a carrier into a failure [`Mode`] to see how its adapter copes, and read
//! back every request the server received.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;

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
    /// Rates and tracks as documented, but refuses to make labels with the carrier's 503
    /// (DHL only): a carrier that quoted and then cannot ship.
    LabelsUnavailable,
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
}

impl State {
    /// The mode of `carrier`.
    pub fn mode(&self, carrier: &str) -> Mode {
        let modes = self.modes.lock().unwrap_or_else(|p| p.into_inner());
        modes.iter().rev().find(|(c, _)| *c == carrier).map(|(_, m)| *m).unwrap_or_default()
    }

    /// Keeps a request for [`FakeCarriers::requests`].
    pub fn record(&self, request: Recorded) {
        self.requests.lock().unwrap_or_else(|p| p.into_inner()).push(request);
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

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap_or_else(|p| p.into_inner()).clone()
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

//! Outbound events reach the merchant's endpoint signed the Standard Webhooks way, are retried
//! when the endpoint fails, and given up on when it answers 410 Gone; a slow endpoint delays
//! only its own events.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossdock::clock::{Clock, ManualClock};
use crossdock::ingest::standard::{self, SigningSecret};
use crossdock::outbound::{self, DispatchConfig, dispatch_once, message_id};
use crossdock::store::{OutboundStatus, Store, StoreOptions, StoreTarget};
use crossdock::worker::WorkerConfig;
use crossdock_types::Timestamp;

const SECRET: &str = "whsec_Y3Jvc3Nkb2NrLXRlc3Qta2V5LW5vdC1mb3ItcHJvZCE=";

/// One request as the receiver saw it: lower-cased headers and the body.
type Received = (Vec<(String, String)>, Vec<u8>);

/// A receiver that answers the statuses in `script` in turn and keeps what it was sent.
struct Receiver {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

fn receiver(script: Vec<u16>) -> Receiver {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hooks", listener.local_addr().expect("addr"));
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = received.clone();
    std::thread::spawn(move || {
        for (stream, status) in listener.incoming().zip(script) {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut headers = Vec::new();
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = line.trim().split_once(':') {
                    headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
                }
            }
            let length = headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.parse().ok());
            let mut body = vec![0; length.unwrap_or(0)];
            let _ = reader.read_exact(&mut body);
            log.lock().expect("log").push((headers, body));
            let _ = write!(stream, "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    });
    Receiver { url, received }
}

async fn store_with_endpoint(dir: &std::path::Path, url: &str) -> Store {
    let store = Store::open(&StoreTarget::Sqlite { path: dir.join("crossdock.db") }).await.expect("store");
    store.upsert_merchant("acme", "Acme Outdoor", "EUR".parse().expect("EUR")).await.expect("merchant");
    store.add_endpoint("acme", url, SECRET).await.expect("endpoint");
    store
}

/// Retries a second apart at most, on a clock that moves only when the test advances it (from
/// the real time, so the signatures' timestamps are fresh).
fn quick_retries() -> (DispatchConfig, ManualClock) {
    let retry =
        WorkerConfig { base_backoff: Duration::from_millis(500), max_backoff: BACKOFF_CAP, ..WorkerConfig::default() };
    let (clock, hand) = Clock::manual(crossdock::clock::system_now_ms());
    (DispatchConfig { retry, max_attempts: 3, clock, ..DispatchConfig::default() }, hand)
}

/// The longest nominal retry delay of [`quick_retries`].
const BACKOFF_CAP: Duration = Duration::from_secs(1);
/// Past the longest retry delay, jitter (up to +25 %) included: advancing the clock by it makes
/// any retry due.
const ANY_RETRY: Duration = Duration::from_secs(2);

#[tokio::test(flavor = "multi_thread")]
async fn an_event_is_signed_retried_after_a_failure_and_delivered() {
    let dir = tempfile::tempdir().expect("dir");
    let endpoint = receiver(vec![500, 200]);
    let store = store_with_endpoint(dir.path(), &endpoint.url).await;
    let payload = r#"{"type":"label.created","data":{"shipment":"acme:1001:shenzhen"}}"#;
    store
        .enqueue_outbound("acme", "label.created", payload, "label.created:acme:1001:shenzhen", 0)
        .await
        .expect("queue");

    let (config, clock) = quick_retries();
    assert!(dispatch_once(&store, &config, "test").await.expect("first attempt"));
    assert!(!dispatch_once(&store, &config, "test").await.expect("the retry is not due yet"));
    clock.advance(ANY_RETRY);
    assert!(dispatch_once(&store, &config, "test").await.expect("second attempt"));
    assert!(!dispatch_once(&store, &config, "test").await.expect("nothing left"));

    let rows = store.outbound_for_merchant("acme", 10).await.expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, OutboundStatus::Delivered);
    assert_eq!((rows[0].attempts, rows[0].last_status_code), (2, Some(200)));

    let received = endpoint.received.lock().expect("log").clone();
    assert_eq!(received.len(), 2, "one failed and one good delivery");
    let secret: SigningSecret = SECRET.parse().expect("secret");
    for (headers, body) in &received {
        assert_eq!(body, payload.as_bytes());
        let lookup: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let now = Timestamp::from_unix(
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_secs() as i64,
        );
        let verified = standard::verify_signature(&lookup[..], body, std::slice::from_ref(&secret), now)
            .expect("a valid signature");
        assert_eq!(verified.id, message_id("label.created:acme:1001:shenzhen"), "the same id on every retry");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_endpoint_that_answers_gone_is_not_tried_again() {
    let dir = tempfile::tempdir().expect("dir");
    let endpoint = receiver(vec![410]);
    let store = store_with_endpoint(dir.path(), &endpoint.url).await;
    store
        .enqueue_outbound("acme", "order.accepted", r#"{"type":"order.accepted"}"#, "order.accepted:1", 0)
        .await
        .expect("queue");
    let (config, clock) = quick_retries();
    assert!(dispatch_once(&store, &config, "test").await.expect("attempt"));
    clock.advance(ANY_RETRY);
    assert!(!dispatch_once(&store, &config, "test").await.expect("nothing left"));
    let rows = store.outbound_for_merchant("acme", 10).await.expect("rows");
    assert_eq!(rows[0].status, OutboundStatus::Failed);
    assert_eq!(rows[0].last_status_code, Some(410));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_endpoint_fails_after_the_last_attempt() {
    let dir = tempfile::tempdir().expect("dir");
    let closed = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr"); // dropped: refused
    let store = store_with_endpoint(dir.path(), &format!("http://{closed}/hooks")).await;
    store
        .enqueue_outbound("acme", "order.accepted", r#"{"type":"order.accepted"}"#, "order.accepted:2", 0)
        .await
        .expect("queue");
    let (config, clock) = quick_retries();
    for _ in 0..config.max_attempts {
        assert!(dispatch_once(&store, &config, "test").await.expect("attempt"));
        clock.advance(ANY_RETRY);
    }
    assert!(!dispatch_once(&store, &config, "test").await.expect("given up"));
    let rows = store.outbound_for_merchant("acme", 10).await.expect("rows");
    assert_eq!((rows[0].status, rows[0].attempts), (OutboundStatus::Failed, 3));
    assert!(rows[0].last_error.as_deref().is_some_and(|e| !e.is_empty()));
}

/// An endpoint that accepts connections and never answers, a receiver stuck past any timeout;
/// and the connections it holds, to hang up on when the test is done.
fn silent_endpoint() -> (String, Arc<Mutex<Vec<std::net::TcpStream>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hooks", listener.local_addr().expect("addr"));
    let held = Arc::new(Mutex::new(Vec::new()));
    let keep = held.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            keep.lock().expect("held").push(stream); // kept open, never read or answered
        }
    });
    (url, held)
}

/// Two merchants: `acme` whose endpoint is `slow_url`, `globex` whose endpoint is `fast_url`.
async fn two_merchants(db: &support::Backend, slow_url: &str, fast_url: &str) -> Store {
    let options = StoreOptions { max_connections: 4, ..StoreOptions::default() };
    let store = Store::open_with(&db.target(), &options).await.expect("store");
    store.upsert_merchant("acme", "Acme Outdoor", "EUR".parse().expect("EUR")).await.expect("merchant");
    store.upsert_merchant("globex", "Globex", "USD".parse().expect("USD")).await.expect("merchant");
    store.add_endpoint("acme", slow_url, SECRET).await.expect("endpoint");
    store.add_endpoint("globex", fast_url, SECRET).await.expect("endpoint");
    store
}

#[tokio::test(flavor = "multi_thread")]
async fn an_endpoint_with_a_delivery_in_flight_is_skipped_for_the_next_endpoint() {
    support::on_each_backend(
        "an_endpoint_with_a_delivery_in_flight_is_skipped_for_the_next_endpoint",
        |db| async move {
            let store = two_merchants(&db, "http://127.0.0.1:9/slow", "http://127.0.0.1:9/fast").await;
            for (merchant, key, at) in [("acme", "a:1", 0), ("acme", "a:2", 1), ("globex", "g:1", 2)] {
                store.enqueue_outbound(merchant, "order.accepted", "{}", key, at).await.expect("queue");
            }
            let lease = Duration::from_secs(60);
            let now = 1_000;
            let first = store.claim_outbound("node-1", lease, now).await.expect("claim").expect("a delivery");
            assert_eq!(first.idempotency_key, "a:1");
            // a:2 is older than g:1, but acme's endpoint is busy with a:1.
            let second = store.claim_outbound("node-1", lease, now).await.expect("claim").expect("a delivery");
            assert_eq!(second.idempotency_key, "g:1");
            assert!(store.claim_outbound("node-1", lease, now).await.expect("claim").is_none());
            // Once a:1 is settled, acme's next delivery is due in its turn.
            let done = crossdock::store::OutboundResult::Delivered { status_code: 200 };
            store.mark_outbound(first.id, "node-1", &done).await.expect("mark");
            let third = store.claim_outbound("node-1", lease, now).await.expect("claim").expect("a delivery");
            assert_eq!(third.idempotency_key, "a:2");
            store.close().await;
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_endpoint_does_not_delay_another_merchant_s_events() {
    support::on_each_backend("a_slow_endpoint_does_not_delay_another_merchant_s_events", |db| async move {
        let fast = receiver(vec![200, 200, 200]);
        let (silent, held) = silent_endpoint();
        let store = two_merchants(&db, &silent, &fast.url).await;
        // acme's events are older, so a single sender would take them first and wait out the
        // timeout on each.
        for (i, key) in ["a:1", "a:2", "a:3"].iter().enumerate() {
            store.enqueue_outbound("acme", "order.accepted", "{}", key, i as i64).await.expect("queue");
        }
        for (i, key) in ["g:1", "g:2", "g:3"].iter().enumerate() {
            store.enqueue_outbound("globex", "order.accepted", "{}", key, 10 + i as i64).await.expect("queue");
        }
        let settled = Arc::new(tokio::sync::Notify::new());
        let retry = WorkerConfig { settled: Some(settled.clone()), ..WorkerConfig::default() };
        let config = DispatchConfig { timeout: Duration::from_secs(120), retry, ..DispatchConfig::default() };
        let (stop_tx, stop) = tokio::sync::watch::channel(false);
        let dispatcher = tokio::spawn(outbound::run(store.clone(), config, "node-1".into(), stop));

        // Generous: globex's three events need well under a second; acme's endpoint holds its
        // first delivery for the whole 120 s timeout, so waiting behind it would time out here.
        support::wait_for(&settled, Duration::from_secs(60), "globex's events are delivered", || async {
            let rows = store.outbound_for_merchant("globex", 10).await.expect("rows");
            rows.len() == 3 && rows.iter().all(|r| r.status == OutboundStatus::Delivered)
        })
        .await;
        assert_eq!(fast.received.lock().expect("log").len(), 3, "globex's endpoint got its three events");
        let acme = store.outbound_for_merchant("acme", 10).await.expect("rows");
        let sending = acme.iter().filter(|r| r.status == OutboundStatus::Sending).count();
        assert_eq!(sending, 1, "one delivery at a time to acme's endpoint: {acme:?}");
        let _ = stop_tx.send(true);
        dispatcher.abort(); // acme's delivery would hold it until the timeout
        for stream in held.lock().expect("held").iter() {
            let _ = stream.shutdown(std::net::Shutdown::Both); // frees the sender's thread
        }
        store.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delivery_whose_signing_key_cannot_be_opened_fails_with_the_key_problem_and_the_next_is_sent() {
    use crossdock::store::secrets::{SecretKey, SecretKeys};
    support::on_each_backend(
        "a_delivery_whose_signing_key_cannot_be_opened_fails_with_the_key_problem_and_the_next_is_sent",
        |db| async move {
            let open = |key: u8| {
                let keys = SecretKeys::new(SecretKey::from_bytes([key; 32]), Vec::new());
                let options = StoreOptions { max_connections: 4, secret_keys: Some(keys), ..StoreOptions::default() };
                let target = db.target();
                async move { Store::open_with(&target, &options).await.expect("store") }
            };
            // Acme's endpoint key was sealed under a key this node is not given.
            let old = open(1).await;
            old.upsert_merchant("acme", "Acme Outdoor", "EUR".parse().expect("EUR")).await.expect("merchant");
            old.add_endpoint("acme", "http://127.0.0.1:9/acme", SECRET).await.expect("endpoint");
            old.close().await;

            let fast = receiver(vec![200]);
            let store = open(2).await;
            store.upsert_merchant("globex", "Globex", "USD".parse().expect("USD")).await.expect("merchant");
            store.add_endpoint("globex", &fast.url, SECRET).await.expect("endpoint");
            store.enqueue_outbound("acme", "order.accepted", "{}", "a:1", 0).await.expect("queue");
            store.enqueue_outbound("globex", "order.accepted", "{}", "g:1", 1).await.expect("queue");

            let (config, _clock) = quick_retries();
            assert!(dispatch_once(&store, &config, "node-1").await.expect("the dispatcher moves on"));
            assert!(!dispatch_once(&store, &config, "node-1").await.expect("nothing left"));
            assert_eq!(fast.received.lock().expect("log").len(), 1, "globex's event was sent");

            let acme = store.outbound_for_merchant("acme", 10).await.expect("rows");
            assert_eq!(acme.len(), 1);
            assert_eq!(acme[0].status, OutboundStatus::Failed, "{acme:?}");
            let error = acme[0].last_error.clone().unwrap_or_default();
            let written_with = SecretKey::from_bytes([1; 32]);
            assert!(error.contains(written_with.id()) && error.contains("CROSSDOCK_SECRET_KEY"), "{error}");
            assert!(!error.contains(SECRET) && !error.contains(&written_with.to_base64()), "{error}");
            let globex = store.outbound_for_merchant("globex", 10).await.expect("rows");
            assert_eq!(globex[0].status, OutboundStatus::Delivered, "{globex:?}");
            store.close().await;
        },
    )
    .await;
}

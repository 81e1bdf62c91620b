//! Outbound events reach the merchant's endpoint signed the Standard Webhooks way, are retried
//! when the endpoint fails, and given up on when it answers 410 Gone.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossdock::ingest::standard::{self, SigningSecret};
use crossdock::outbound::{DispatchConfig, dispatch_once, message_id};
use crossdock::store::{OutboundStatus, Store, StoreTarget};
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

fn quick_retries() -> DispatchConfig {
    let retry = WorkerConfig { base_backoff: Duration::from_millis(1), ..WorkerConfig::default() };
    DispatchConfig { retry, max_attempts: 3, ..DispatchConfig::default() }
}

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

    let config = quick_retries();
    assert!(dispatch_once(&store, &config, "test").await.expect("first attempt"));
    tokio::time::sleep(Duration::from_millis(20)).await;
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
    let config = quick_retries();
    assert!(dispatch_once(&store, &config, "test").await.expect("attempt"));
    tokio::time::sleep(Duration::from_millis(20)).await;
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
    let config = quick_retries();
    for _ in 0..config.max_attempts {
        assert!(dispatch_once(&store, &config, "test").await.expect("attempt"));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!dispatch_once(&store, &config, "test").await.expect("given up"));
    let rows = store.outbound_for_merchant("acme", 10).await.expect("rows");
    assert_eq!((rows[0].status, rows[0].attempts), (OutboundStatus::Failed, 3));
    assert!(rows[0].last_error.as_deref().is_some_and(|e| !e.is_empty()));
}

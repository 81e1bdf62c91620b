//! The storage layer against both backends: every test runs on a fresh SQLite file in a
//! temporary directory, then on PostgreSQL when `CROSSDOCK_TEST_DATABASE_URL` is set
//! (e.g. `postgres://postgres@127.0.0.1:5432/test`); without it the PostgreSQL half prints
//! "skipped: CROSSDOCK_TEST_DATABASE_URL is not set" and passes.
//!
//! PostgreSQL isolation: each test creates its own schema, points the store at it through the
//! connection's startup options (`options=-c search_path=<schema>`, so migrations and every
//! query land there), and drops it with everything in it at the end, whether the test passed
//! or panicked.

mod support;

use crossdock::domain::{Platform, ShipmentStatus};
use std::path::PathBuf;
use std::time::Duration;

use crossdock::store::{
    BindingRow, CatalogRow, ConnectionRow, EventStatus, NewEvent, OrderRow, OutboundResult, OutboundStatus,
    PluginRunRow, ShipmentLabel, ShipmentRow, Store, StoreError, StoreOptions, StoreTarget, WarehouseRow,
};
use crossdock_types::{CountryCode, Money};
use sqlx::Connection;
use support::on_each_backend;

/// One database for one test: the backend of [`support::on_each_backend`].
type Db = support::Backend;

trait OpenDb {
    async fn open(&self) -> Store;
    fn sqlite_path(&self) -> Option<PathBuf>;
}

impl OpenDb for Db {
    async fn open(&self) -> Store {
        let options = StoreOptions { max_connections: 4, ..StoreOptions::default() };
        let target = self.target();
        match Store::open_with(&target, &options).await {
            Ok(store) => store,
            Err(e) => panic!("opening {target} failed: {e}"),
        }
    }

    fn sqlite_path(&self) -> Option<PathBuf> {
        match self.target() {
            StoreTarget::Sqlite { path } => Some(path),
            StoreTarget::Postgres { .. } => None,
        }
    }
}

const T0: i64 = 1_800_000_000_000;
const LEASE: Duration = Duration::from_secs(30);

fn cc(code: &str) -> CountryCode {
    code.parse().expect("a country code")
}

async fn seed(store: &Store) {
    store.upsert_merchant("m1", "Merchant One", "EUR".parse().expect("EUR")).await.expect("merchant");
    let connection = ConnectionRow {
        id: "c1".into(),
        merchant_id: "m1".into(),
        platform: Platform::Shopify,
        shop_domain: Some("one.myshopify.com".into()),
        secret: "s3cret".into(),
    };
    store.upsert_connection(&connection).await.expect("connection");
}

fn event(delivery_id: &str, at: i64) -> NewEvent {
    NewEvent {
        connection_id: "c1".into(),
        merchant_id: "m1".into(),
        platform: Platform::Shopify,
        delivery_id: delivery_id.into(),
        topic: "orders/create".into(),
        body: format!("{{\"delivery\":\"{delivery_id}\"}}").into_bytes(),
        received_at_ms: at,
    }
}

#[tokio::test]
async fn migrates_an_empty_database_and_again_idempotently() {
    on_each_backend("migrates_an_empty_database_and_again_idempotently", |db| async move {
        let store = db.open().await;
        assert!(store.merchant("nobody").await.expect("query").is_none());
        store.close().await;
        let again = db.open().await; // migrations already applied: a no-op
        seed(&again).await;
        assert_eq!(again.merchant("m1").await.expect("query").map(|m| m.name), Some("Merchant One".into()));
        if let Some(path) = db.sqlite_path() {
            let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.expect("raw");
            let mode: (String,) = sqlx::query_as("PRAGMA journal_mode").fetch_one(&mut conn).await.expect("pragma");
            assert_eq!(mode.0, "wal");
            let page: (i64,) = sqlx::query_as("PRAGMA page_size").fetch_one(&mut conn).await.expect("pragma");
            assert_eq!(page.0, 16384);
        }
    })
    .await;
}

#[tokio::test]
async fn rows_the_store_stamps_itself_take_the_node_s_clock() {
    on_each_backend("rows_the_store_stamps_itself_take_the_node_s_clock", |db| async move {
        let (clock, hand) = crossdock::clock::Clock::manual(1_765_000_000_000);
        let options = StoreOptions { max_connections: 4, clock, ..StoreOptions::default() };
        let store = Store::open_with(&db.target(), &options).await.expect("open");
        seed(&store).await;
        hand.advance(Duration::from_secs(90));
        let entry = crossdock::store::NewAudit {
            merchant_id: "m1",
            actor: "operator",
            action: "market.create",
            target: "EU",
            before: None,
            after: None,
        };
        store.audit(entry).await.expect("audit");
        let hash = crossdock::api::hash_token("cdk_a-token-for-the-clock-test");
        let token = store.create_token("m1", "read", &hash).await.expect("token");
        let page = crossdock::store::Page { limit: 10, after: None };
        let log = store.audit_log("m1", Some("market.create"), &page).await.expect("log");
        assert_eq!(log[0].at_ms, 1_765_000_090_000, "the audit entry is stamped by the node's clock");
        let tokens = store.tokens("m1").await.expect("tokens");
        let (row, _) = tokens.iter().find(|(t, _)| t.id == token).expect("the token");
        assert_eq!(row.created_at_ms, 1_765_000_090_000, "the token is stamped by the node's clock");
    })
    .await;
}

#[tokio::test]
async fn enqueue_is_durable_and_a_redelivery_is_stored_once() {
    on_each_backend("enqueue_is_durable_and_a_redelivery_is_stored_once", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        let first = store.enqueue(event("d-1", T0)).await.expect("enqueue");
        assert!(!first.duplicate);
        store.close().await;
        drop(store);

        let store = db.open().await; // a restart: what was acknowledged is there
        let stored = store.event(first.id).await.expect("read").expect("the event survived a restart");
        assert_eq!(stored.body, b"{\"delivery\":\"d-1\"}");
        assert_eq!(stored.status, EventStatus::Pending);
        let again = store.enqueue(event("d-1", T0 + 5)).await.expect("redelivery");
        assert_eq!((again.id, again.duplicate), (first.id, true));
        assert_eq!(store.inbox_counts().await.expect("counts").pending, 1);
    })
    .await;
}

#[tokio::test]
async fn duplicates_in_the_same_batch_are_stored_once() {
    on_each_backend("duplicates_in_the_same_batch_are_stored_once", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        let answers =
            store.enqueue_many(vec![event("a", T0), event("a", T0), event("b", T0)]).await.expect("enqueue_many");
        assert!(!answers[0].duplicate && answers[1].duplicate && !answers[2].duplicate);
        assert_eq!(answers[0].id, answers[1].id);
        assert_ne!(answers[0].id, answers[2].id);

        let (x, y) = tokio::join!(store.enqueue(event("c", T0)), store.enqueue(event("c", T0)));
        let (x, y) = (x.expect("x"), y.expect("y"));
        assert_eq!(x.id, y.id);
        assert!(x.duplicate != y.duplicate, "exactly one of the two is new: {x:?} {y:?}");
        assert_eq!(store.inbox_counts().await.expect("counts").pending, 3);

        // More rows than one statement takes: several INSERTs in one transaction.
        let mut many: Vec<_> = (0..300).map(|i| event(&format!("bulk-{i}"), T0)).collect();
        many.push(event("a", T0)); // stored before
        many.push(event("bulk-7", T0)); // earlier in this batch
        let answers = store.enqueue_many(many).await.expect("a large batch");
        assert_eq!(answers.iter().filter(|a| a.duplicate).count(), 2);
        assert_eq!((answers[300].id, answers[301].id), (stored_id(&store, "a").await, answers[7].id));
        assert_eq!(store.inbox_counts().await.expect("counts").pending, 303);
    })
    .await;
}

/// The id under which delivery `delivery_id` of connection c1 is stored.
async fn stored_id(store: &Store, delivery_id: &str) -> i64 {
    store.enqueue(event(delivery_id, T0)).await.expect("redelivery").id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_enqueues_are_group_committed_and_deduplicated() {
    on_each_backend("two_hundred_concurrent_enqueues_are_group_committed_and_deduplicated", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        let tasks: Vec<_> = (0..200)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move { (i % 100, store.enqueue(event(&format!("d-{}", i % 100), T0 + i)).await) })
            })
            .collect();
        let mut ids = std::collections::HashMap::new();
        let mut fresh = 0;
        for task in tasks {
            let (key, answer) = task.await.expect("task");
            let answer = answer.expect("enqueue");
            fresh += usize::from(!answer.duplicate);
            if let Some(id) = ids.insert(key, answer.id) {
                assert_eq!(id, answer.id, "both deliveries of d-{key} map to one row");
            }
        }
        assert_eq!(fresh, 100);
        assert_eq!(store.inbox_counts().await.expect("counts").pending, 100);
        let stats = store.ingest_stats();
        assert_eq!(stats.events, 200);
        assert!(stats.batches < 200, "requests were group-committed: {stats:?}");
    })
    .await;
}

#[tokio::test]
async fn a_bad_event_in_a_batch_does_not_fail_the_others() {
    on_each_backend("a_bad_event_in_a_batch_does_not_fail_the_others", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        let bad = NewEvent { connection_id: "no-such-connection".into(), ..event("bad", T0) };
        let (good, bad) = tokio::join!(store.enqueue(event("good", T0)), store.enqueue(bad));
        assert!(!good.expect("the good event is stored").duplicate);
        assert!(matches!(bad, Err(StoreError::IngestFailed { .. })), "{bad:?}");
        store.close().await;
        let after = store.enqueue(event("late", T0)).await;
        assert!(after.is_err(), "a closed store never acknowledges: {after:?}");
    })
    .await;
}

#[tokio::test]
async fn a_lease_keeps_an_event_from_a_second_worker_until_it_expires() {
    on_each_backend("a_lease_keeps_an_event_from_a_second_worker_until_it_expires", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        let id = store.enqueue(event("d-1", T0)).await.expect("enqueue").id;
        assert!(store.claim("w1", LEASE, T0 - 1).await.expect("claim").is_none(), "not due before it arrived");
        let first = store.claim("w1", LEASE, T0).await.expect("claim").expect("due");
        assert_eq!((first.id, first.attempts, first.status), (id, 1, EventStatus::Processing));
        assert_eq!(first.locked_by.as_deref(), Some("w1"));
        assert!(store.claim("w2", LEASE, T0 + 29_999).await.expect("claim").is_none(), "leased to w1");

        let second = store.claim("w2", LEASE, T0 + 30_000).await.expect("claim").expect("lease expired");
        assert_eq!((second.id, second.attempts), (id, 2));
        let late = store.complete(id, "w1").await;
        assert!(matches!(late, Err(StoreError::LeaseLost { .. })), "{late:?}");
        store.complete(id, "w2").await.expect("w2 holds the lease");
        assert!(store.claim("w3", LEASE, T0 + 999_999).await.expect("claim").is_none());
        let counts = store.inbox_counts().await.expect("counts");
        assert_eq!((counts.pending, counts.processing, counts.done), (0, 0, 1));
        assert!(matches!(store.complete(999_999, "w2").await, Err(StoreError::NotFound { .. })));
    })
    .await;
}

#[tokio::test]
async fn a_merchant_with_an_event_in_hand_cannot_hold_every_worker_while_another_waits() {
    on_each_backend("a_merchant_with_an_event_in_hand_cannot_hold_every_worker_while_another_waits", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        store.upsert_merchant("m2", "Merchant Two", "EUR".parse().expect("EUR")).await.expect("merchant");
        let two = ConnectionRow {
            id: "c2".into(),
            merchant_id: "m2".into(),
            platform: Platform::Shopify,
            shop_domain: Some("two.myshopify.com".into()),
            secret: "s3cret-two".into(),
        };
        store.upsert_connection(&two).await.expect("connection");
        // m1 floods the inbox first; m2's one order arrives after all of them.
        let flood: Vec<_> = (0..5).map(|i| event(&format!("flood-{i}"), T0 + i)).collect();
        store.enqueue_many(flood).await.expect("enqueue_many");
        let waiting = NewEvent { connection_id: "c2".into(), merchant_id: "m2".into(), ..event("m2-order", T0 + 10) };
        let waiting = store.enqueue(waiting).await.expect("enqueue").id;

        let first = store.claim("w1", LEASE, T0 + 20).await.expect("claim").expect("due");
        assert_eq!(first.merchant_id, "m1", "the oldest event goes first");
        let second = store.claim("w2", LEASE, T0 + 20).await.expect("claim").expect("due");
        assert_eq!(second.id, waiting, "m2 waits for no more of m1's flood while m1 has a worker");
        // With every merchant busy, the oldest due event is next: no worker idles.
        let third = store.claim("w3", LEASE, T0 + 20).await.expect("claim").expect("due");
        assert_eq!(third.merchant_id, "m1");
    })
    .await;
}

#[tokio::test]
async fn claims_take_the_oldest_due_event_and_never_give_one_to_two_workers() {
    on_each_backend("claims_take_the_oldest_due_event_and_never_give_one_to_two_workers", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        let late = store.enqueue(event("late", T0 + 10)).await.expect("enqueue").id;
        let early = store.enqueue(event("early", T0)).await.expect("enqueue").id;
        assert_eq!(store.claim("w", LEASE, T0 + 10).await.expect("claim").map(|e| e.id), Some(early));
        assert_eq!(store.claim("w", LEASE, T0 + 10).await.expect("claim").map(|e| e.id), Some(late));

        let events: Vec<_> = (0..60).map(|i| event(&format!("many-{i}"), T0)).collect();
        store.enqueue_many(events).await.expect("enqueue_many");
        let workers: Vec<_> = (0..6)
            .map(|w| {
                let store = store.clone();
                tokio::spawn(async move {
                    let mut mine = Vec::new();
                    while let Some(e) = store.claim(&format!("w{w}"), LEASE, T0 + 20).await.expect("claim") {
                        mine.push(e.id);
                    }
                    mine
                })
            })
            .collect();
        let mut all = Vec::new();
        for worker in workers {
            all.extend(worker.await.expect("worker"));
        }
        all.sort_unstable();
        let before = all.len();
        all.dedup();
        assert_eq!((before, all.len()), (60, 60), "each event claimed exactly once");
    })
    .await;
}

#[tokio::test]
async fn retry_later_delays_the_next_attempt() {
    on_each_backend("retry_later_delays_the_next_attempt", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        let id = store.enqueue(event("d-1", T0)).await.expect("enqueue").id;
        store.claim("w1", LEASE, T0).await.expect("claim").expect("due");
        store.retry_later(id, "w1", "carrier timed out", T0 + 5_000).await.expect("retry");
        assert!(store.claim("w1", LEASE, T0 + 4_999).await.expect("claim").is_none(), "backing off");
        let again = store.claim("w1", LEASE, T0 + 5_000).await.expect("claim").expect("due again");
        assert_eq!(again.attempts, 2);
        assert_eq!(again.last_error.as_deref(), Some("carrier timed out"));
        let huge = "x".repeat(100_000);
        store.retry_later(id, "w1", &huge, T0).await.expect("retry");
        let stored = store.event(id).await.expect("read").expect("exists");
        assert!(stored.last_error.map_or(0, |e| e.len()) <= 4096, "errors are clipped");
    })
    .await;
}

#[tokio::test]
async fn dead_letter_keeps_the_last_error_and_replay_brings_it_back() {
    on_each_backend("dead_letter_keeps_the_last_error_and_replay_brings_it_back", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        let id = store.enqueue(event("d-1", T0)).await.expect("enqueue").id;
        store.claim("w1", LEASE, T0).await.expect("claim").expect("due");
        store.retry_later(id, "w1", "first failure", T0).await.expect("retry");
        store.claim("w1", LEASE, T0).await.expect("claim").expect("due");
        store.dead_letter(id, "w1", "second failure").await.expect("dead-letter");

        let dead = store.dead_letters("m1", 10).await.expect("dead letters");
        assert_eq!(dead.len(), 1);
        assert_eq!((dead[0].id, dead[0].status, dead[0].attempts), (id, EventStatus::Dead, 2));
        assert_eq!(dead[0].last_error.as_deref(), Some("second failure"));
        assert!(store.claim("w1", LEASE, T0 + 999_999).await.expect("claim").is_none(), "dead is not claimable");
        assert_eq!(store.inbox_counts().await.expect("counts").dead, 1);

        store.replay(id, T0 + 100).await.expect("replay");
        let back = store.claim("w2", LEASE, T0 + 100).await.expect("claim").expect("replayed");
        assert_eq!((back.id, back.attempts), (id, 1));
        assert!(matches!(store.replay(id, T0).await, Err(StoreError::Conflict(_))), "not dead any more");
        assert!(matches!(store.replay(424_242, T0).await, Err(StoreError::NotFound { .. })));
    })
    .await;
}

fn shipment(id: &str, status: ShipmentStatus) -> ShipmentRow {
    ShipmentRow {
        id: id.into(),
        merchant_id: "m1".into(),
        order_external_id: "1001".into(),
        warehouse_id: "w-de".into(),
        destination_country: cc("FR"),
        status,
        hold_reason: None,
        carrier: None,
        service_code: None,
        tracking_number: None,
        label_format: None,
        label: None,
        price: None,
        customs_json: None,
        invoice_json: None,
        created_at_ms: T0,
        updated_at_ms: T0,
    }
}

#[tokio::test]
async fn shipment_insert_and_order_upsert_are_idempotent() {
    on_each_backend("shipment_insert_and_order_upsert_are_idempotent", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        let order = |event_id, status: &str| OrderRow {
            merchant_id: "m1".into(),
            external_id: "1001".into(),
            platform: Platform::Shopify,
            event_id,
            status: status.into(),
            data_json: "{}".into(),
            updated_at_ms: T0,
        };
        assert!(store.upsert_order(&order(5, "paid")).await.expect("order"));
        assert!(store.upsert_order(&order(5, "paid")).await.expect("the same event again"));
        assert!(!store.upsert_order(&order(3, "created")).await.expect("an older event is ignored"));
        assert_eq!(store.order("m1", "1001").await.expect("read").map(|o| o.status), Some("paid".into()));

        assert!(
            store.insert_shipment_if_absent(&shipment("m1:1001:w-de", ShipmentStatus::Pending)).await.expect("insert")
        );
        let eur = "EUR".parse().expect("EUR");
        let label = ShipmentLabel {
            carrier: "acme".into(),
            service_code: "express".into(),
            tracking_number: "TRK1".into(),
            label_format: "pdf".into(),
            label: vec![0x25, 0x50, 0x44, 0x46],
            price: Money::new(1299, eur),
        };
        assert!(store.claim_shipment("m1:1001:w-de", "w1", T0, T0 + 60_000).await.expect("claim"));
        store.set_shipment_label("m1:1001:w-de", "w1", &label, ShipmentStatus::Labelled, T0 + 1).await.expect("label");
        assert!(
            !store.insert_shipment_if_absent(&shipment("m1:1001:w-de", ShipmentStatus::Pending)).await.expect("retry")
        );
        let all = store.shipments_for_order("m1", "1001").await.expect("shipments");
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].status, ShipmentStatus::Labelled, "a retried insert leaves the shipment as it was");
        assert_eq!(all[0].price, Some(Money::new(1299, eur)));
        assert_eq!(all[0].label.as_deref(), Some(&[0x25, 0x50, 0x44, 0x46][..]));
        store
            .update_shipment_status("m1:1001:w-de", ShipmentStatus::Held, Some("no HS code"), T0 + 2)
            .await
            .expect("status");
        let held = store.shipment("m1:1001:w-de").await.expect("read").expect("exists");
        assert_eq!((held.status.as_str(), held.hold_reason.as_deref()), ("held", Some("no HS code")));
        let missing = store.update_shipment_status("nope", ShipmentStatus::Held, None, T0).await;
        assert!(matches!(missing, Err(StoreError::NotFound { .. })));

        let run = PluginRunRow {
            merchant_id: "m1".into(),
            event_id: Some(5),
            shipment_id: Some("m1:1001:w-de".into()),
            plugin_name: "customs-eu".into(),
            plugin_digest: "ab".repeat(32),
            function: "assess".into(),
            input_sha256: "cd".repeat(32),
            outcome: "ok".into(),
            error: None,
            fuel: Some(123_456),
            wall_us: 42,
            memory_peak_bytes: Some(1 << 20),
            created_at_ms: T0,
        };
        store.record_plugin_run(&run).await.expect("run");
        assert_eq!(store.plugin_runs("m1", 10).await.expect("runs"), vec![run]);
    })
    .await;
}

#[tokio::test]
async fn tokens_are_found_by_hash() {
    on_each_backend("tokens_are_found_by_hash", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        let hash = "0123456789abcdef".repeat(4);
        let id = store.create_token("m1", "admin", &hash).await.expect("token");
        let found = store.token_by_hash(&hash).await.expect("lookup").expect("found");
        assert_eq!(
            (found.id, found.merchant_id.as_str(), found.scope.as_str(), found.revoked),
            (id, "m1", "admin", false)
        );
        store.revoke_token(id).await.expect("revoke");
        assert!(store.token_by_hash(&hash).await.expect("lookup").expect("still there").revoked);
        assert!(store.token_by_hash(&"f".repeat(64)).await.expect("lookup").is_none());
        assert!(matches!(store.create_token("m1", "admin", "not-a-hash").await, Err(StoreError::Invalid(_))));
        assert!(matches!(store.create_token("m1", "admin", &hash).await, Err(StoreError::Conflict(_))));
    })
    .await;
}

#[tokio::test]
async fn setup_upserts_round_trip_and_refuse_contradictions() {
    on_each_backend("setup_upserts_round_trip_and_refuse_contradictions", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        seed(&store).await; // idempotent
        let by_domain = store.connection_by_shop_domain("one.myshopify.com").await.expect("lookup");
        assert_eq!(by_domain.map(|c| c.id), Some("c1".into()));
        let clash = ConnectionRow { id: "c2".into(), ..store.connection("c1").await.expect("read").expect("c1") };
        assert!(matches!(store.upsert_connection(&clash).await, Err(StoreError::Conflict(_))));

        store.upsert_market("m1", "EU", &[cc("DE"), cc("FR"), cc("DE")]).await.expect("market");
        store.upsert_market("m1", "EU", &[cc("DE"), cc("FR"), cc("IT")]).await.expect("market again");
        let taken = store.upsert_market("m1", "FR-only", &[cc("FR")]).await;
        assert!(matches!(taken, Err(StoreError::Conflict(ref m)) if m.contains("FR")), "{taken:?}");
        let binding = |name: &str, priority| BindingRow {
            allow_hosts: Vec::new(),
            plugin_name: name.into(),
            enabled: true,
            priority,
            config_json: "{\"ddp\":true}".into(),
        };
        store.set_bindings("m1", "EU", &[binding("customs-eu", 0), binding("acme", 1)]).await.expect("bindings");
        let disabled = BindingRow { enabled: false, ..binding("acme", 1) };
        store.set_bindings("m1", "EU", std::slice::from_ref(&disabled)).await.expect("replace");
        let markets = store.markets_with_bindings("m1").await.expect("markets");
        assert_eq!(markets.len(), 1);
        assert_eq!(markets[0].countries, vec![cc("DE"), cc("FR"), cc("IT")]);
        assert_eq!(markets[0].bindings, vec![disabled]);
        let bad_json = BindingRow { config_json: "{".into(), ..binding("x", 0) };
        assert!(matches!(store.set_bindings("m1", "EU", &[bad_json]).await, Err(StoreError::Invalid(_))));
        assert!(matches!(store.set_bindings("m1", "US", &[]).await, Err(StoreError::NotFound { .. })));

        let warehouse = |id: &str, country| WarehouseRow {
            merchant_id: "m1".into(),
            id: id.into(),
            country: cc(country),
            postal_code: "10115".into(),
            city: "Berlin".into(),
            street: "Invalidenstraße 1".into(),
            phone: None,
            kind: "own".into(),
        };
        store.upsert_warehouse(&warehouse("w-de", "DE")).await.expect("warehouse");
        store.upsert_warehouse(&warehouse("w-fr", "FR")).await.expect("warehouse");
        store.set_stock("m1", "w-de", "SKU-1", 5).await.expect("stock");
        store.set_stock("m1", "w-fr", "SKU-1", 2).await.expect("stock");
        store.set_stock("m1", "w-de", "SKU-1", 7).await.expect("stock replaced");
        let stock = store.stock("m1", &["SKU-1", "SKU-2"]).await.expect("stock");
        let quantities: Vec<_> = stock.iter().map(|s| (s.warehouse_id.as_str(), s.quantity)).collect();
        assert_eq!(quantities, vec![("w-de", 7), ("w-fr", 2)]);
        assert_eq!(store.warehouses("m1").await.expect("warehouses").len(), 2);
        assert!(store.stock::<&str>("m1", &[]).await.expect("no SKUs").is_empty());

        let item = CatalogRow {
            merchant_id: "m1".into(),
            sku: "SKU-1".into(),
            title: "T-shirt".into(),
            hs_code: Some("6109.10".into()),
            origin_country: Some(cc("PT")),
            unit_weight_g: Some(180),
        };
        store.upsert_catalog_item(&item).await.expect("catalog");
        store.upsert_catalog_item(&item).await.expect("catalog again");
        assert_eq!(store.catalog("m1", &["SKU-1".to_owned()]).await.expect("catalog"), vec![item]);
    })
    .await;
}

#[tokio::test]
async fn outbound_events_are_queued_once_per_endpoint_and_leased() {
    on_each_backend("outbound_events_are_queued_once_per_endpoint_and_leased", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        let a = store.add_endpoint("m1", "https://a.example/hook", "sa").await.expect("endpoint");
        assert_eq!(store.add_endpoint("m1", "https://a.example/hook", "sa2").await.expect("same URL"), a);
        store.add_endpoint("m1", "https://b.example/hook", "sb").await.expect("endpoint");
        assert!(matches!(store.add_endpoint("m1", "ftp://x", "s").await, Err(StoreError::Invalid(_))));
        let payload = "{\"shipment\":\"s1\"}";
        assert_eq!(store.enqueue_outbound("m1", "label.created", payload, "k1", T0).await.expect("queue"), 2);
        assert_eq!(store.enqueue_outbound("m1", "label.created", payload, "k1", T0).await.expect("again"), 0);

        let first = store.claim_outbound("d1", LEASE, T0).await.expect("claim").expect("due");
        assert_eq!((first.url.as_str(), first.secret.as_str()), ("https://a.example/hook", "sa2"));
        let second = store.claim_outbound("d2", LEASE, T0).await.expect("claim").expect("due");
        assert!(store.claim_outbound("d3", LEASE, T0).await.expect("claim").is_none(), "both leased");
        store.mark_outbound(first.id, "d1", &OutboundResult::Delivered { status_code: 204 }).await.expect("mark");
        let retry =
            OutboundResult::Retry { next_attempt_at_ms: T0 + 1_000, status_code: Some(503), error: "busy".into() };
        store.mark_outbound(second.id, "d2", &retry).await.expect("mark");
        let stolen = store.mark_outbound(second.id, "d2", &retry).await;
        assert!(matches!(stolen, Err(StoreError::LeaseLost { .. })), "{stolen:?}");
        let again = store.claim_outbound("d3", LEASE, T0 + 1_000).await.expect("claim").expect("due again");
        assert_eq!((again.id, again.attempts), (second.id, 2));
        store
            .mark_outbound(again.id, "d3", &OutboundResult::Failed { status_code: Some(410), error: "gone".into() })
            .await
            .expect("mark");

        let rows = store.outbound_for_merchant("m1", 10).await.expect("list");
        let mut statuses: Vec<_> = rows.iter().map(|r| (r.status, r.last_status_code)).collect();
        statuses.sort_by_key(|(s, _)| s.as_str());
        assert_eq!(statuses, vec![(OutboundStatus::Delivered, Some(204)), (OutboundStatus::Failed, Some(410))]);
    })
    .await;
}

#[tokio::test]
async fn reopening_keeps_the_data() {
    on_each_backend("reopening_keeps_the_data", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        store.upsert_market("m1", "EU", &[cc("DE")]).await.expect("market");
        let id = store.enqueue(event("d-1", T0)).await.expect("enqueue").id;
        store.claim("w1", LEASE, T0).await.expect("claim").expect("due");
        drop(store); // no orderly close: as after a crash

        let store = db.open().await;
        assert_eq!(store.connection("c1").await.expect("read").map(|c| c.secret), Some("s3cret".into()));
        assert_eq!(store.markets_with_bindings("m1").await.expect("markets")[0].countries, vec![cc("DE")]);
        let back = store.claim("w2", LEASE, T0 + 30_000).await.expect("claim").expect("the crashed claim expires");
        assert_eq!((back.id, back.attempts), (id, 2));
    })
    .await;
}

#[test]
fn the_target_comes_from_data_dir_or_a_postgres_url() {
    let dir = std::path::Path::new("/var/lib/crossdock");
    assert_eq!(
        StoreTarget::from_args(dir, None).expect("sqlite"),
        StoreTarget::Sqlite { path: dir.join("crossdock.db") }
    );
    let pg = StoreTarget::from_args(dir, Some("postgresql://u:pw@db/x")).expect("postgres");
    assert_eq!(pg.to_string(), "postgresql://u:***@db/x");
    let err = StoreTarget::from_args(dir, Some("mysql://u:pw@db/x")).expect_err("not postgres");
    let message = err.to_string();
    assert!(message.contains("mysql://u:***@db/x") && message.contains("PostgreSQL"), "{message}");
}

fn plugin_record(digest: char, owner: Option<&str>, name: &str, version: &str) -> crossdock::store::PluginRecord {
    crossdock::store::PluginRecord {
        digest: std::iter::repeat_n(digest, 64).collect(),
        owner_merchant_id: owner.map(str::to_owned),
        name: name.into(),
        version: version.into(),
        kind: "carrier".into(),
        contract_version: "0.1.0".into(),
        description: "test".into(),
        covers: vec!["test".into()],
        config_schema: "{\"type\":\"object\"}".into(),
        size_bytes: 4,
        installed_at_ms: T0,
    }
}

#[tokio::test]
async fn plugins_are_immutable_per_version_but_a_first_party_rebuild_replaces_its_row() {
    on_each_backend("plugin rows", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        // An upload: the same bytes again are nothing new; other bytes under the version are refused.
        assert!(store.insert_plugin(&plugin_record('a', Some("m1"), "acme", "1.0.0"), b"wasm").await.expect("insert"));
        assert!(!store.insert_plugin(&plugin_record('a', Some("m1"), "acme", "1.0.0"), b"wasm").await.expect("again"));
        let clash = store.insert_plugin(&plugin_record('b', Some("m1"), "acme", "1.0.0"), b"wasm").await;
        assert!(matches!(clash, Err(StoreError::Conflict(ref m)) if m.contains("bump the version")), "{clash:?}");
        assert!(store.insert_plugin(&plugin_record('c', Some("m1"), "acme", "1.1.0"), b"wasm").await.expect("v1.1"));
        // A first-party name cannot be taken, and a first-party rebuild replaces its row.
        assert!(store.insert_plugin(&plugin_record('d', None, "carrier-x", "0.1.0"), b"wasm").await.expect("first"));
        let taken = store.insert_plugin(&plugin_record('e', Some("m1"), "carrier-x", "0.2.0"), b"wasm").await;
        assert!(matches!(taken, Err(StoreError::Conflict(_))), "{taken:?}");
        assert!(store.insert_plugin(&plugin_record('f', None, "carrier-x", "0.1.0"), b"wasm").await.expect("rebuild"));
        let rows = store.plugins_visible(None).await.expect("list");
        let first_party: Vec<&str> = rows.iter().filter(|r| r.name == "carrier-x").map(|r| &r.digest[..1]).collect();
        assert_eq!(first_party, vec!["f"]);
        assert_eq!(rows.iter().filter(|r| r.name == "acme").count(), 2, "two versions, two rows");
        assert!(
            store.plugins_visible(Some("nobody")).await.expect("list").iter().all(|r| r.owner_merchant_id.is_none())
        );
    })
    .await;
}

#[tokio::test]
async fn a_renewed_lease_keeps_the_event_from_a_second_worker_past_its_first_expiry() {
    on_each_backend("a_renewed_lease_keeps_the_event_from_a_second_worker_past_its_first_expiry", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        let id = store.enqueue(event("d-1", T0)).await.expect("enqueue").id;
        store.claim("w1", LEASE, T0).await.expect("claim").expect("due");
        assert!(store.renew_lease(id, "w1", LEASE, T0 + 20_000).await.expect("renew"), "w1 still works on it");
        assert!(!store.renew_lease(id, "w2", LEASE, T0 + 20_000).await.expect("renew"), "w2 holds nothing");
        assert!(store.claim("w2", LEASE, T0 + 30_001).await.expect("claim").is_none(), "renewed until T0 + 50 s");
        store.complete(id, "w1").await.expect("w1 settles its event");
        assert!(!store.renew_lease(id, "w1", LEASE, T0 + 40_000).await.expect("renew"), "a settled event");
    })
    .await;
}

#[tokio::test]
async fn a_worker_whose_shipment_claim_lapsed_writes_nothing() {
    on_each_backend("a_worker_whose_shipment_claim_lapsed_writes_nothing", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        let order = OrderRow {
            merchant_id: "m1".into(),
            external_id: "1001".into(),
            platform: Platform::Shopify,
            event_id: 1,
            status: "accepted".into(),
            data_json: "{}".into(),
            updated_at_ms: T0,
        };
        store.upsert_order(&order).await.expect("order");
        let id = "m1:1001:w-de";
        store.insert_shipment_if_absent(&shipment(id, ShipmentStatus::Pending)).await.expect("insert");
        let label = |number: &str| ShipmentLabel {
            carrier: "acme".into(),
            service_code: "express".into(),
            tracking_number: number.into(),
            label_format: "pdf".into(),
            label: b"%PDF-".to_vec(),
            price: Money::new(1299, "EUR".parse().expect("EUR")),
        };
        assert!(store.claim_shipment(id, "slow", T0, T0 + 1_000).await.expect("claim"));
        assert!(!store.claim_shipment(id, "fast", T0 + 999, T0 + 2_000).await.expect("claim"), "slow holds it");
        // Expired, not yet taken: still nothing may be written under it.
        let late = store.set_shipment_customs(id, "slow", "{}", None, T0 + 1_001).await;
        assert!(matches!(late, Err(StoreError::ClaimLost { .. })), "{late:?}");
        assert!(store.claim_shipment(id, "fast", T0 + 1_001, T0 + 60_000).await.expect("claim"), "taken over");
        let lost = store.set_shipment_label(id, "slow", &label("SLOW-1"), ShipmentStatus::Labelled, T0 + 1_002).await;
        assert!(matches!(lost, Err(StoreError::ClaimLost { .. })), "{lost:?}");
        let hold = store.set_claimed_shipment_status(id, "slow", ShipmentStatus::Held, Some("late"), T0 + 1_003).await;
        assert!(matches!(hold, Err(StoreError::ClaimLost { .. })), "{hold:?}");
        assert!(!store.renew_shipment_claim(id, "slow", T0 + 90_000).await.expect("renew"), "not slow's to renew");
        let row = store.shipment(id).await.expect("read").expect("exists");
        assert_eq!((row.status.as_str(), row.tracking_number.as_deref()), ("pending", None), "nothing written");

        store
            .set_shipment_label(id, "fast", &label("FAST-1"), ShipmentStatus::Labelled, T0 + 1_004)
            .await
            .expect("the holder writes");
        let row = store.shipment(id).await.expect("read").expect("exists");
        assert_eq!((row.status.as_str(), row.tracking_number.as_deref()), ("labelled", Some("FAST-1")));

        // A failed void is scheduled with backoff and counted, under a claim for voiding.
        assert!(store.claim_shipment_for_void(id, "voider", T0 + 70_000, T0 + 130_000).await.expect("claim"));
        let minute = (60_000, 3_600_000);
        assert_eq!(store.schedule_void_retry(id, "voider", "503", T0 + 70_000, minute).await.expect("void"), 1);
        assert!(store.voids_due(T0 + 129_999, 10).await.expect("due").is_empty(), "due a minute later");
        let due = store.voids_due(T0 + 130_000, 10).await.expect("due");
        assert_eq!((due.len(), due[0].attempts, due[0].shipment.status.as_str()), (1, 1, "void_pending"));
        assert_eq!(store.schedule_void_retry(id, "voider", "503", T0 + 130_000, minute).await.expect("void"), 2);
        assert!(store.voids_due(T0 + 249_999, 10).await.expect("due").is_empty(), "two minutes after the second");
        let stale = store.schedule_void_retry(id, "slow", "503", T0 + 130_000, minute).await;
        assert!(matches!(stale, Err(StoreError::ClaimLost { .. })), "{stale:?}");
    })
    .await;
}

#[tokio::test]
async fn a_binding_pauses_after_five_failures_in_a_row_and_resumes_after_its_cool_down() {
    on_each_backend("a_binding_pauses_after_five_failures_in_a_row_and_resumes_after_its_cool_down", |db| async move {
        let store = db.open().await;
        seed(&store).await;
        let key = ("m1", "EU", "carrier-slow");
        let cool_down = 600_000;
        for n in 0..4 {
            let pause = store.record_binding_failure(key, "hung", 5, T0 + n, cool_down).await.expect("failure");
            assert!(pause.is_none(), "failure {n} does not pause");
        }
        store.record_binding_success("m1", "EU", "carrier-slow").await.expect("success");
        for n in 0..4 {
            assert!(store.record_binding_failure(key, "hung", 5, T0 + 10 + n, cool_down).await.expect("f").is_none());
        }
        let pause = store.record_binding_failure(key, "trap", 5, T0 + 20, cool_down).await.expect("failure");
        let pause = pause.expect("the fifth failure in a row pauses it (a success reset the count)");
        assert_eq!(
            (pause.failures, pause.paused_until_ms, pause.last_error.as_deref()),
            (5, T0 + 20 + cool_down, Some("trap"))
        );
        assert_eq!(store.binding_pauses("m1", T0 + 21).await.expect("pauses"), vec![pause.clone()]);
        assert!(store.binding_pauses("m2", T0 + 21).await.expect("pauses").is_empty(), "another merchant's");
        assert!(store.record_binding_failure(key, "trap", 5, T0 + 30, cool_down).await.expect("f").is_none(), "once");

        assert!(store.binding_pauses("m1", T0 + 20 + cool_down).await.expect("pauses").is_empty(), "cooled down");
        let again = store.record_binding_failure(key, "trap", 5, T0 + 20 + cool_down, cool_down).await.expect("f");
        assert!(again.is_some(), "after the cool-down one more failure pauses it again");
        store.clear_binding_pause("m1", "EU", "carrier-slow").await.expect("clear");
        assert!(store.binding_pauses("m1", T0 + 21 + cool_down).await.expect("pauses").is_empty(), "re-enabled");
        assert!(store.record_binding_failure(key, "x", 5, T0 + 22 + cool_down, cool_down).await.expect("f").is_none());
    })
    .await;
}

//! Secrets at rest, on both backends: binding secrets, connection signing secrets and endpoint
//! signing keys are sealed in the database, read back through the store, resealed under a new
//! key on rotation, refused clearly under a wrong key, and never shown by `Debug`.

mod support;

use crossdock::domain::Platform;
use crossdock::store::secrets::{Resealed, SecretKey, SecretKeys};
use crossdock::store::{BindingChange, ConnectionRow, Store, StoreError, StoreOptions};
use crossdock_types::CountryCode;
use sqlx::Row;
use support::on_each_backend;

const BINDING_SECRET: &str = "dhl-password-Zq81";
const CONNECTION_SECRET: &str = "shpss_connection-secret-Kx02";
const ENDPOINT_SECRET: &str = "whsec_Y3Jvc3Nkb2NrLXRlc3Qta2V5LW5vdC1mb3ItcHJvZCE=";

fn keys(current: u8, previous: &[u8]) -> SecretKeys {
    SecretKeys::new(
        SecretKey::from_bytes([current; 32]),
        previous.iter().map(|b| SecretKey::from_bytes([*b; 32])).collect(),
    )
}

async fn open(db: &support::Backend, keys: SecretKeys) -> Result<Store, StoreError> {
    let options = StoreOptions { max_connections: 4, secret_keys: Some(keys), ..StoreOptions::default() };
    Store::open_with(&db.target(), &options).await
}

fn connection() -> ConnectionRow {
    ConnectionRow {
        id: "acme-shop".into(),
        merchant_id: "acme".into(),
        platform: Platform::Shopify,
        shop_domain: Some("acme.myshopify.com".into()),
        secret: CONNECTION_SECRET.into(),
    }
}

/// A merchant with one secret of each kind.
async fn seed(store: &Store) {
    store.upsert_merchant("acme", "Acme Outdoor", "EUR".parse().expect("EUR")).await.expect("merchant");
    let de: CountryCode = "DE".parse().expect("DE");
    store.upsert_market("acme", "EU", &[de]).await.expect("market");
    let change =
        BindingChange { secrets: vec![("password".into(), BINDING_SECRET.into())], ..BindingChange::default() };
    store.change_binding("acme", "EU", "carrier-dhl-express", &change).await.expect("binding");
    store.upsert_connection(&connection()).await.expect("connection");
    store.add_endpoint("acme", "http://127.0.0.1:9/hooks", ENDPOINT_SECRET).await.expect("endpoint");
}

/// Every stored secret column, as the database holds it.
async fn raw_columns(db: &support::Backend) -> Vec<String> {
    let pool = sqlx::AnyPool::connect(&raw_url(db)).await.expect("raw connection");
    let mut values = Vec::new();
    for sql in [
        "SELECT value AS v FROM binding_secrets",
        "SELECT secret AS v FROM connections",
        "SELECT secret AS v FROM endpoints",
    ] {
        for row in sqlx::query(sql).fetch_all(&pool).await.expect("raw read") {
            values.push(row.get::<String, _>("v"));
        }
    }
    pool.close().await;
    values
}

fn raw_url(db: &support::Backend) -> String {
    sqlx::any::install_default_drivers();
    match db.target() {
        crossdock::store::StoreTarget::Sqlite { path } => format!("sqlite://{}", path.display()),
        crossdock::store::StoreTarget::Postgres { url } => url,
    }
}

async fn read_all(store: &Store) -> (String, String, String) {
    let binding = store.binding_secrets("acme", "EU", "carrier-dhl-express").await.expect("binding secrets");
    let connection = store.connection("acme-shop").await.expect("connection").expect("exists");
    store.enqueue_outbound("acme", "order.accepted", "{}", &format!("k:{}", binding.len()), 0).await.expect("queue");
    let delivery = store
        .claim_outbound("reader", std::time::Duration::from_secs(1), i64::MAX / 2)
        .await
        .expect("claim")
        .expect("a delivery");
    (binding[0].1.clone(), connection.secret, delivery.secret)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_database_holds_no_plaintext_secret_and_the_store_reads_them_back() {
    on_each_backend("the_database_holds_no_plaintext_secret_and_the_store_reads_them_back", |db| async move {
        let store = open(&db, keys(1, &[])).await.expect("store");
        seed(&store).await;
        let raw = raw_columns(&db).await;
        assert_eq!(raw.len(), 3);
        for value in &raw {
            for secret in [BINDING_SECRET, CONNECTION_SECRET, ENDPOINT_SECRET] {
                assert!(!value.contains(secret), "a plaintext secret in the database: {value}");
            }
            assert!(value.starts_with("v1:"), "{value}");
        }
        let read = read_all(&store).await;
        assert_eq!(read, (BINDING_SECRET.into(), CONNECTION_SECRET.into(), ENDPOINT_SECRET.into()));
        store.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rotation_reads_under_the_previous_key_and_reseals_everything_under_the_new_one() {
    on_each_backend(
        "rotation_reads_under_the_previous_key_and_reseals_everything_under_the_new_one",
        |db| async move {
            let store = open(&db, keys(1, &[])).await.expect("store");
            seed(&store).await;
            store.close().await;

            let rotating = open(&db, keys(2, &[1])).await.expect("store");
            assert_eq!(rotating.connection("acme-shop").await.expect("read").expect("row").secret, CONNECTION_SECRET);
            let resealed = rotating.reseal_secrets().await.expect("reseal");
            assert_eq!(resealed, Resealed { binding_secrets: 1, connections: 1, endpoints: 1 });
            assert_eq!(rotating.reseal_secrets().await.expect("again"), Resealed::default(), "nothing left to reseal");
            rotating.close().await;

            let new_only = open(&db, keys(2, &[])).await.expect("store");
            let read = read_all(&new_only).await;
            assert_eq!(read, (BINDING_SECRET.into(), CONNECTION_SECRET.into(), ENDPOINT_SECRET.into()));
            new_only.close().await;
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn plaintext_rows_from_before_encryption_are_read_and_sealed() {
    on_each_backend("plaintext_rows_from_before_encryption_are_read_and_sealed", |db| async move {
        let store = open(&db, keys(1, &[])).await.expect("store");
        seed(&store).await;
        let pool = sqlx::AnyPool::connect(&raw_url(&db)).await.expect("raw connection");
        sqlx::query(&format!("UPDATE connections SET secret = '{CONNECTION_SECRET}'"))
            .execute(&pool)
            .await
            .expect("write a legacy row");
        pool.close().await;
        assert_eq!(store.connection("acme-shop").await.expect("read").expect("row").secret, CONNECTION_SECRET);
        let resealed = store.reseal_secrets().await.expect("reseal");
        assert_eq!(resealed, Resealed { binding_secrets: 0, connections: 1, endpoints: 0 });
        assert!(raw_columns(&db).await.iter().all(|v| v.starts_with("v1:")));
        store.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_key_is_refused_with_the_key_to_use() {
    on_each_backend("a_wrong_key_is_refused_with_the_key_to_use", |db| async move {
        let store = open(&db, keys(1, &[])).await.expect("store");
        seed(&store).await;
        store.close().await;
        let wrong = open(&db, keys(3, &[])).await.expect("store");
        let err = wrong.binding_secrets("acme", "EU", "carrier-dhl-express").await.expect_err("wrong key");
        let text = err.to_string();
        let written_with = SecretKey::from_bytes([1; 32]);
        assert!(text.contains(written_with.id()) && text.contains("CROSSDOCK_SECRET_KEY"), "{text}");
        assert!(!text.contains(BINDING_SECRET), "{text}");
        assert!(wrong.connection("acme-shop").await.is_err());
        wrong.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn debug_of_values_holding_secrets_shows_them_redacted() {
    on_each_backend("debug_of_values_holding_secrets_shows_them_redacted", |db| async move {
        let store = open(&db, keys(1, &[])).await.expect("store");
        seed(&store).await;
        let change =
            BindingChange { secrets: vec![("password".into(), BINDING_SECRET.into())], ..BindingChange::default() };
        let connection = store.connection("acme-shop").await.expect("read").expect("row");
        store.enqueue_outbound("acme", "order.accepted", "{}", "k:debug", 0).await.expect("queue");
        let delivery = store
            .claim_outbound("reader", std::time::Duration::from_secs(1), i64::MAX / 2)
            .await
            .expect("claim")
            .expect("a delivery");
        let shown = format!("{change:?} {connection:?} {delivery:?} {:?}", keys(1, &[2]));
        for secret in [BINDING_SECRET, CONNECTION_SECRET, ENDPOINT_SECRET, &SecretKey::from_bytes([1; 32]).to_base64()]
        {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("[redacted]") && shown.contains("password"), "{shown}");
        store.close().await;
    })
    .await;
}

#[test]
fn debug_of_the_setup_file_and_a_plugin_call_context_shows_secret_names_but_never_values() {
    use crossdock::config::SetupFile;
    use crossdock::runtime::CallContext;
    use crossdock::store::secrets::Redacted;
    let file = SetupFile::parse(&format!(
        r#"
[[merchant]]
id = "acme"
name = "Acme Outdoor"
currency = "EUR"

[[merchant.connection]]
id = "acme-shopify"
platform = "shopify"
shop_domain = "acme-outdoor.myshopify.com"
secret = "{CONNECTION_SECRET}"

[[merchant.market]]
name = "EU"
countries = ["DE"]
plugins = ["carrier-dhl-express"]

[merchant.market.secrets.carrier-dhl-express]
password = "{BINDING_SECRET}"

[[merchant.endpoint]]
url = "http://127.0.0.1:9/hooks"
secret = "{ENDPOINT_SECRET}"
"#
    ))
    .expect("a valid file");
    let acme = &file.merchants[0];
    assert_eq!(acme.connections[0].secret.expose(), CONNECTION_SECRET, "the value is read as written");
    assert_eq!(acme.markets[0].secrets["carrier-dhl-express"]["password"].expose(), BINDING_SECRET);

    let mut ctx = CallContext::new(crossdock_types::Timestamp::from_unix(0));
    ctx.secrets = std::sync::Arc::new([("password".to_owned(), BINDING_SECRET.to_owned())].into());
    let wrapped = Redacted::new(ENDPOINT_SECRET.to_owned());
    let shown = format!("{file:?} {ctx:?} {wrapped:?}");
    for secret in [BINDING_SECRET, CONNECTION_SECRET, ENDPOINT_SECRET] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("[redacted]") && shown.contains("password"), "{shown}");
    // Serialized, the wrapper is the value itself.
    assert_eq!(serde_json::to_string(&wrapped).expect("json"), format!("\"{ENDPOINT_SECRET}\""));
}

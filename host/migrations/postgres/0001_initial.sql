-- crossdock schema, PostgreSQL flavour. The SQLite flavour (../sqlite/0001_initial.sql) has the
-- same tables, columns and keys; only the types differ. Keep the two in step.
--
-- Integers are BIGINT (sqlx's Any driver reads them as i64 on both backends), flags BOOLEAN,
-- times unix milliseconds, JSON TEXT, webhook bodies and labels BYTEA.

-- Setup: merchants and what they configured.
CREATE TABLE merchants (
    id       TEXT PRIMARY KEY NOT NULL,
    name     TEXT NOT NULL,
    currency TEXT NOT NULL
);

CREATE TABLE connections (
    id          TEXT PRIMARY KEY NOT NULL,
    merchant_id TEXT NOT NULL REFERENCES merchants (id),
    platform    TEXT NOT NULL,
    shop_domain TEXT UNIQUE,
    secret      TEXT NOT NULL
);
CREATE INDEX connections_merchant ON connections (merchant_id);

CREATE TABLE warehouses (
    merchant_id TEXT NOT NULL REFERENCES merchants (id),
    id          TEXT NOT NULL,
    country     TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    PRIMARY KEY (merchant_id, id)
);

CREATE TABLE stock (
    merchant_id  TEXT NOT NULL,
    warehouse_id TEXT NOT NULL,
    sku          TEXT NOT NULL,
    quantity     BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, sku, warehouse_id),
    FOREIGN KEY (merchant_id, warehouse_id) REFERENCES warehouses (merchant_id, id) ON DELETE CASCADE
);

CREATE TABLE markets (
    merchant_id TEXT NOT NULL REFERENCES merchants (id),
    name        TEXT NOT NULL,
    PRIMARY KEY (merchant_id, name)
);

-- A country belongs to at most one market of a merchant.
CREATE TABLE market_countries (
    merchant_id TEXT NOT NULL,
    market      TEXT NOT NULL,
    country     TEXT NOT NULL,
    PRIMARY KEY (merchant_id, country),
    FOREIGN KEY (merchant_id, market) REFERENCES markets (merchant_id, name) ON DELETE CASCADE
);

CREATE TABLE bindings (
    merchant_id TEXT NOT NULL,
    market      TEXT NOT NULL,
    plugin_name TEXT NOT NULL,
    enabled     BOOLEAN NOT NULL,
    priority    BIGINT NOT NULL,
    config_json TEXT NOT NULL,
    PRIMARY KEY (merchant_id, market, plugin_name),
    FOREIGN KEY (merchant_id, market) REFERENCES markets (merchant_id, name) ON DELETE CASCADE
);

CREATE TABLE catalog (
    merchant_id    TEXT NOT NULL REFERENCES merchants (id),
    sku            TEXT NOT NULL,
    title          TEXT NOT NULL,
    hs_code        TEXT,
    origin_country TEXT,
    unit_weight_g  BIGINT,
    PRIMARY KEY (merchant_id, sku)
);

-- The durable inbox of verified webhooks. `available_at_ms` is when the event may next be
-- claimed: the next attempt while pending, the lease's end while processing.
CREATE TABLE inbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    connection_id   TEXT NOT NULL REFERENCES connections (id),
    merchant_id     TEXT NOT NULL REFERENCES merchants (id),
    platform        TEXT NOT NULL,
    delivery_id     TEXT NOT NULL,
    topic           TEXT NOT NULL,
    body            BYTEA NOT NULL,
    received_at_ms  BIGINT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'processing', 'done', 'dead')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    available_at_ms BIGINT NOT NULL,
    locked_by       TEXT,
    last_error      TEXT,
    UNIQUE (connection_id, delivery_id)
);
CREATE INDEX inbox_due ON inbox (available_at_ms, id) WHERE status IN ('pending', 'processing');
CREATE INDEX inbox_dead ON inbox (merchant_id, id) WHERE status = 'dead';

-- Effects of the pipeline. Every key is deterministic so that a retry never adds a second row.
CREATE TABLE orders (
    merchant_id   TEXT NOT NULL REFERENCES merchants (id),
    external_id   TEXT NOT NULL,
    platform      TEXT NOT NULL,
    event_id      BIGINT NOT NULL,
    status        TEXT NOT NULL,
    data_json     TEXT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, external_id)
);

CREATE TABLE shipments (
    id                  TEXT PRIMARY KEY NOT NULL,
    merchant_id         TEXT NOT NULL,
    order_external_id   TEXT NOT NULL,
    warehouse_id        TEXT NOT NULL,
    destination_country TEXT NOT NULL,
    status              TEXT NOT NULL,
    hold_reason         TEXT,
    carrier             TEXT,
    service_code        TEXT,
    tracking_number     TEXT,
    label_format        TEXT,
    label               BYTEA,
    price_amount        BIGINT,
    price_currency      TEXT,
    customs_json        TEXT,
    invoice_json        TEXT,
    created_at_ms       BIGINT NOT NULL,
    updated_at_ms       BIGINT NOT NULL,
    CHECK ((price_amount IS NULL) = (price_currency IS NULL)),
    FOREIGN KEY (merchant_id, order_external_id) REFERENCES orders (merchant_id, external_id)
);
CREATE INDEX shipments_order ON shipments (merchant_id, order_external_id);

CREATE TABLE plugin_runs (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merchant_id       TEXT NOT NULL,
    event_id          BIGINT,
    shipment_id       TEXT,
    plugin_name       TEXT NOT NULL,
    plugin_digest     TEXT NOT NULL,
    function_name     TEXT NOT NULL,
    input_sha256      TEXT NOT NULL,
    outcome           TEXT NOT NULL,
    error             TEXT,
    fuel              BIGINT,
    wall_us           BIGINT NOT NULL,
    memory_peak_bytes BIGINT,
    created_at_ms     BIGINT NOT NULL
);
CREATE INDEX plugin_runs_merchant ON plugin_runs (merchant_id, id);

-- Outbound events: one row per (endpoint, idempotency key), sent by a dispatcher.
CREATE TABLE endpoints (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merchant_id   TEXT NOT NULL REFERENCES merchants (id),
    url           TEXT NOT NULL,
    secret        TEXT NOT NULL,
    enabled       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (merchant_id, url)
);

CREATE TABLE outbound (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merchant_id      TEXT NOT NULL,
    endpoint_id      BIGINT NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    payload_json     TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
    attempts         BIGINT NOT NULL DEFAULT 0,
    available_at_ms  BIGINT NOT NULL,
    locked_by        TEXT,
    last_status_code BIGINT,
    last_error       TEXT,
    created_at_ms    BIGINT NOT NULL,
    UNIQUE (endpoint_id, idempotency_key)
);
CREATE INDEX outbound_due ON outbound (available_at_ms, id) WHERE status IN ('pending', 'sending');
CREATE INDEX outbound_merchant ON outbound (merchant_id, id);

-- Admin API tokens; only the SHA-256 of a token is stored.
CREATE TABLE api_tokens (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merchant_id   TEXT NOT NULL REFERENCES merchants (id),
    scope         TEXT NOT NULL,
    token_sha256  TEXT NOT NULL UNIQUE,
    revoked       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at_ms BIGINT NOT NULL
);

-- The control plane: installed plugins (content-addressed, immutable), binding secrets and
-- outbound-HTTP allow-lists, token names, and the audit log of every change made through the
-- admin API.

-- One row per installed component. `owner_merchant_id` is NULL for first-party plugins
-- (installed at start, visible to every merchant); otherwise only the owner sees and binds it.
-- A plugin name belongs to its first owner; a new version is a new row.
CREATE TABLE plugins (
    digest            TEXT PRIMARY KEY NOT NULL,
    owner_merchant_id TEXT REFERENCES merchants (id),
    name              TEXT NOT NULL,
    version           TEXT NOT NULL,
    kind              TEXT NOT NULL,
    contract_version  TEXT NOT NULL,
    description       TEXT NOT NULL,
    covers_json       TEXT NOT NULL,
    config_schema     TEXT NOT NULL,
    size_bytes        INTEGER NOT NULL,
    wasm              BLOB NOT NULL,
    installed_at_ms   INTEGER NOT NULL,
    UNIQUE (name, version)
);
CREATE INDEX plugins_name ON plugins (name, installed_at_ms);

-- Hosts a binding's plugin may reach (carriers only), as a JSON array of `host[:port]`.
ALTER TABLE bindings ADD COLUMN allow_hosts_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE bindings ADD COLUMN updated_at_ms INTEGER NOT NULL DEFAULT 0;

-- Credentials handed to one binding's plugin only; never returned by the API.
CREATE TABLE binding_secrets (
    merchant_id TEXT NOT NULL,
    market      TEXT NOT NULL,
    plugin_name TEXT NOT NULL,
    name        TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (merchant_id, market, plugin_name, name),
    FOREIGN KEY (merchant_id, market, plugin_name)
        REFERENCES bindings (merchant_id, market, plugin_name) ON DELETE CASCADE
);

ALTER TABLE api_tokens ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN revoked_at_ms INTEGER;

-- Who changed what, when, with the state before and after (JSON, secrets redacted).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant_id TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    at_ms       INTEGER NOT NULL
);
CREATE INDEX audit_log_merchant ON audit_log (merchant_id, id);

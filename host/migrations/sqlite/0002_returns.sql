-- Returns: what the merchant's returns policy decided for a return request, and the return
-- label bought for it. One row per (merchant, return id); a redelivered request finds it.
CREATE TABLE returns (
    id                  TEXT PRIMARY KEY NOT NULL,
    merchant_id         TEXT NOT NULL,
    order_external_id   TEXT NOT NULL,
    event_id            INTEGER NOT NULL,
    status              TEXT NOT NULL,
    hold_reason         TEXT,
    decision_json       TEXT,
    carrier             TEXT,
    tracking_number     TEXT,
    label_format        TEXT,
    label               BLOB,
    created_at_ms       INTEGER NOT NULL,
    updated_at_ms       INTEGER NOT NULL,
    FOREIGN KEY (merchant_id, order_external_id) REFERENCES orders (merchant_id, external_id)
);
CREATE INDEX returns_order ON returns (merchant_id, order_external_id);

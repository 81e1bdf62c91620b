-- Containment of the pipeline: fair tracking, void retries, return claims, and the circuit
-- breaker of plugin bindings.

-- The tracker polls due shipments, soonest first; a failed poll pushes the shipment back
-- with exponential backoff (poll_failures counts the failures in a row).
ALTER TABLE shipments ADD COLUMN next_poll_at_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shipments ADD COLUMN poll_failures INTEGER NOT NULL DEFAULT 0;
-- A label whose void failed on cancellation is `void_pending` until a retry succeeds, or
-- `void_failed` (for a person) after too many attempts.
ALTER TABLE shipments ADD COLUMN void_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shipments ADD COLUMN void_next_at_ms INTEGER;
CREATE INDEX shipments_next_poll ON shipments (next_poll_at_ms);

-- Who is working on a return, until when (as for shipments).
ALTER TABLE returns ADD COLUMN locked_by TEXT;
ALTER TABLE returns ADD COLUMN locked_until_ms INTEGER;

-- A plugin's failures in a row on one binding, and its pause once they reach the threshold.
CREATE TABLE binding_breakers (
    merchant_id     TEXT NOT NULL,
    market          TEXT NOT NULL,
    plugin_name     TEXT NOT NULL,
    failures        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    paused_at_ms    INTEGER,
    paused_until_ms INTEGER,
    PRIMARY KEY (merchant_id, market, plugin_name)
);

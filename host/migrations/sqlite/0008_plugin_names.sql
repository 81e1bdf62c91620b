-- Who owns each plugin name, one row per name: an upload claims its name with
-- `INSERT … ON CONFLICT (name) DO NOTHING` and then reads the owner back in the same
-- transaction, so two merchants uploading the same new name at once cannot both own it.
-- `owner_merchant_id` is NULL for a first-party name (the operator's files always win it).
CREATE TABLE plugin_names (
    name              TEXT PRIMARY KEY NOT NULL,
    owner_merchant_id TEXT REFERENCES merchants (id),
    claimed_at_ms     INTEGER NOT NULL
);

-- Names already in use: the first publisher of each owns it.
INSERT OR IGNORE INTO plugin_names (name, owner_merchant_id, claimed_at_ms)
    SELECT name, owner_merchant_id, installed_at_ms FROM plugins ORDER BY installed_at_ms, digest;

-- Who is working on a shipment, until when: two workers (on any nodes) never buy two labels
-- for one shipment. A holder that dies loses the claim when locked_until_ms passes.
ALTER TABLE shipments ADD COLUMN locked_by TEXT;
ALTER TABLE shipments ADD COLUMN locked_until_ms INTEGER;

-- What `GET /metrics` reads at every scrape, from indexes alone: the inbox's live events by
-- status with their receipt times (for the depth and the oldest pending event's age), and
-- the next poll of shipments in flight (for the tracker's lag). Both are partial, so they hold
-- only the rows still moving, however many done events and delivered shipments pile up.
CREATE INDEX inbox_live ON inbox (status, received_at_ms) WHERE status IN ('pending', 'processing');
CREATE INDEX shipments_in_flight_poll ON shipments (next_poll_at_ms)
    WHERE status IN ('labelled', 'in_transit', 'out_for_delivery', 'exception') AND tracking_number IS NOT NULL;

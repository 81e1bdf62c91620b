-- PostgreSQL flavour of ../sqlite/0006_tracking_page.sql; keep the two in step.
-- The public tracking page: every carrier event of a shipment, the carrier's estimated
-- delivery, and the merchant's branding (logo and colours) for the page.
CREATE TABLE tracking_events (
    shipment_id TEXT NOT NULL REFERENCES shipments (id),
    at_s        BIGINT NOT NULL,
    status      TEXT NOT NULL,
    raw_code    TEXT NOT NULL,
    location    TEXT,
    description TEXT NOT NULL,
    PRIMARY KEY (shipment_id, at_s, raw_code)
);

ALTER TABLE shipments ADD COLUMN estimated_delivery_s BIGINT;
CREATE INDEX shipments_tracking_number ON shipments (tracking_number);

ALTER TABLE merchants ADD COLUMN branding_json TEXT NOT NULL DEFAULT '{}';

-- A warehouse's street and phone: carriers need both on a label's shipper.
ALTER TABLE warehouses ADD COLUMN street TEXT NOT NULL DEFAULT '';
ALTER TABLE warehouses ADD COLUMN phone TEXT;

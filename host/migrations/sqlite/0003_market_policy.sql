-- How a market chooses among carrier rates: cheapest (within max_eta_days, if set) or fastest.
ALTER TABLE markets ADD COLUMN carrier_policy TEXT NOT NULL DEFAULT 'cheapest';
ALTER TABLE markets ADD COLUMN max_eta_days INTEGER;

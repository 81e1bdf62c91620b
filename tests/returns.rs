//! The first-party returns policies, run through the runtime on real-shaped return requests.

#[path = "returns/eu_withdrawal.rs"]
mod eu_withdrawal;
#[path = "returns/local_hub.rs"]
mod local_hub;

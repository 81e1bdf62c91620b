//! Every first-party carrier adapter, run through the runtime against the carrier doubles in
//! `fake-carriers`: rating, labels, tracking, voiding, and each carrier error the core acts on.

#[path = "carriers/dhl.rs"]
mod dhl;
#[path = "carriers/fedex.rs"]
mod fedex;
#[path = "carriers/postal.rs"]
mod postal;
#[path = "carriers/ups.rs"]
mod ups;

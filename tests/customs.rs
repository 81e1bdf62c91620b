//! Every first-party customs plugin, run through the runtime (the sandbox, not natively) on
//! real-shaped shipments: worked examples, documents and findings per country.

#[path = "customs/au.rs"]
mod au;
#[path = "customs/ca.rs"]
mod ca;
#[path = "customs/ch.rs"]
mod ch;
#[path = "customs/gb.rs"]
mod gb;
#[path = "customs/jp.rs"]
mod jp;
#[path = "customs/no.rs"]
mod no;
#[path = "customs/nz.rs"]
mod nz;
#[path = "customs/sg.rs"]
mod sg;
#[path = "customs/us.rs"]
mod us;

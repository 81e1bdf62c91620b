//! Every first-party customs plugin, run through the runtime (the sandbox, not natively) on
//! real-shaped shipments: worked examples, documents and findings per country.

#[path = "customs/gb.rs"]
mod gb;
#[path = "customs/ch.rs"]
mod ch;
#[path = "customs/no.rs"]
mod no;
#[path = "customs/us.rs"]
mod us;
#[path = "customs/ca.rs"]
mod ca;
#[path = "customs/au.rs"]
mod au;
#[path = "customs/nz.rs"]
mod nz;
#[path = "customs/sg.rs"]
mod sg;
#[path = "customs/jp.rs"]
mod jp;

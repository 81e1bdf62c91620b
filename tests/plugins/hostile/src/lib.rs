//! A customs plugin that breaks the rules on purpose. The binding's configuration
//! `{"offence": "<name>"}` picks the offence for every shipment; without it, the shipment's
//! `id` picks it (so one binding can be made to misbehave under load, and one runtime can be
//! tested offence by offence):
//!
//! | id | what the plugin does |
//! | --- | --- |
//! | `loop` | spins forever |
//! | `grow` | allocates memory until something stops it |
//! | `recurse` | recurses without end |
//! | `panic` | panics |
//! | `oversized` | returns a 4 MiB finding message |
//! | `fs` | tries to read `/etc/passwd` and list `/` |
//! | `env` | reads the environment and the command-line arguments |
//! | `sleep` | sleeps for an hour (`std::thread::sleep`, a WASI monotonic-clock subscription) |
//! | `clock` | reads the wall clock and random numbers through WASI |
//! | `count` | counts its calls in a static, to show that no state survives a call |
//! | anything else | answers like a well-behaved plugin |
//!
//! The host's tests run each and check that the right limit stopped it, and that the host
//! keeps serving afterwards.

use crossdock_sdk::prelude::*;
use serde::Deserialize;

struct Hostile;

/// The binding's configuration: an offence to commit whatever the shipment.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    offence: Option<String>,
}

const SCHEMA: &str = r#"{
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "offence": {
      "type": "string",
      "enum": ["loop", "grow", "recurse", "panic", "oversized", "fs", "env", "sleep", "clock", "count", "fine"]
    }
  }
}"#;

fn answer(shipment: &Shipment, message: String) -> Assessment {
    Assessment {
        lines: Vec::new(),
        duty: Money::zero(shipment.currency),
        tax: Money::zero(shipment.currency),
        de_minimis_applied: false,
        collect: CollectAt::Delivery,
        documents: Vec::new(),
        findings: vec![Finding { severity: Severity::Info, code: "report".into(), sku: None, message }],
        rules_as_of: "2026-11-25".into(),
    }
}

#[inline(never)]
#[allow(unconditional_recursion)]
fn recurse(depth: u64, trail: &mut [u64; 32]) -> u64 {
    trail[(depth % 32) as usize] = depth;
    std::hint::black_box(recurse(depth + 1, trail)) + trail[0]
}

impl CustomsPlugin for Hostile {
    fn metadata() -> Metadata {
        Metadata {
            name: "hostile".into(),
            version: "0.1.0".into(),
            kind: PluginKind::Customs,
            description: "Misbehaves on request; for the host's tests only.".into(),
            covers: vec!["DE".into()],
            config_schema: SCHEMA.into(),
        }
    }

    fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
        let config: Config = ctx.config()?;
        let offence = config.offence.unwrap_or_else(|| shipment.id.clone());
        match offence.as_str() {
            "loop" => {
                let mut n: u64 = 0;
                loop {
                    n = std::hint::black_box(n.wrapping_add(1));
                }
            }
            "grow" => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(vec![1u8; 1 << 20]);
                    std::hint::black_box(&hoard);
                }
            }
            "recurse" => {
                let mut trail = [0u64; 32];
                let n = recurse(0, &mut trail);
                Ok(answer(&shipment, n.to_string()))
            }
            "panic" => panic!("the hostile plugin panics on purpose"),
            "oversized" => Ok(answer(&shipment, "x".repeat(4 << 20))),
            "fs" => {
                let file = std::fs::read_to_string("/etc/passwd").map(|s| s.len());
                let dir = std::fs::read_dir("/").map(|d| d.count());
                Ok(answer(&shipment, format!("file={file:?} dir={dir:?}")))
            }
            "env" => {
                let vars: Vec<String> = std::env::vars().map(|(k, _)| k).collect();
                let args: Vec<String> = std::env::args().collect();
                Ok(answer(&shipment, format!("vars={vars:?} args={args:?}")))
            }
            "sleep" => {
                std::thread::sleep(std::time::Duration::from_secs(3600));
                Ok(answer(&shipment, "woke up".into()))
            }
            "clock" => {
                let wall = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                use std::hash::{BuildHasher, Hasher};
                let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
                hasher.write_u8(1);
                Ok(answer(&shipment, format!("wall={wall} event={} hash={}", ctx.now().unix(), hasher.finish())))
            }
            "count" => {
                static CALLS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
                let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                Ok(answer(&shipment, format!("calls={n}")))
            }
            _ => {
                println!("hostile plugin: behaving for {}", shipment.id);
                eprintln!("hostile plugin: stderr works too");
                ctx.info("behaving");
                Ok(answer(&shipment, format!("ok {}", shipment.items.len())))
            }
        }
    }
}

export_customs!(Hostile);

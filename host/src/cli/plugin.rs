//! `crossdock plugin inspect | run | new`: the plugin author's tools.
//!
//! `run` is crossdock's function runner: it loads a component exactly as the server does,
//! runs one call on a JSON input under the same limits, and prints the output with its fuel,
//! wall time and peak memory.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::ValueEnum;
use crossdock_types::{PluginKind, Timestamp};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::scaffold::{self, SdkSource};
use crate::fx::FxTable;
use crate::runtime::http::HttpGrant;
use crate::runtime::{Call, CallContext, CallError, CallStats, Limit, Limits, Plugin, Runtime, RuntimeConfig, World};

/// Which function of a carrier plugin to call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum CarrierCall {
    Rate,
    CreateLabel,
    VoidLabel,
    Track,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The plugin's `.wasm` component.
    pub file: PathBuf,
    /// The call's input as JSON: a shipment (customs), a rate or label request (carrier),
    /// `{"tracking_number": "…"}` (carrier track and void_label), a return request (returns).
    #[arg(long)]
    pub input: PathBuf,
    /// The merchant's configuration of the plugin: inline JSON (`'{"duty_rate_bp": 0}'`) or
    /// the path of a JSON file. It is checked against the plugin's config schema, as the
    /// server checks a binding's. Default: `{}`.
    #[arg(long, value_name = "JSON|FILE")]
    pub config: Option<String>,
    /// The carrier function to call. Default: `rate`.
    #[arg(long, value_enum)]
    pub call: Option<CarrierCall>,
    /// The event time the plugin sees, RFC 3339. Default: now.
    #[arg(long)]
    pub now: Option<String>,
    /// An FX table file: `{"date": "2026-11-24", "base": "EUR", "rates": {"USD": 1052300}}`.
    ///
    /// Rates are integer micro-units of the quoted currency per unit of `base`: 1.0523 USD per
    /// EUR is `1052300`. Inverse and cross rates are derived through the base, as the server
    /// does. Without a table, a plugin that must convert says it has no rate.
    #[arg(long)]
    pub fx: Option<PathBuf>,
    /// Hosts a carrier plugin may reach (`host` or `host:port`); repeatable. Default: none.
    #[arg(long = "allow-host")]
    pub allow_hosts: Vec<String>,
    /// A host the plugin may reach although it resolves to a loopback, private or other
    /// internal address (`HOST` or `HOST:PORT`); repeatable. Default: public addresses only.
    #[arg(long = "allow-internal-host", value_name = "HOST[:PORT]")]
    pub allow_internal_hosts: Vec<String>,
    /// Instruction budget of the call (fuel, ≈ wasm instructions). The server runs every call
    /// with the default; raise it here to see what a heavy input costs.
    #[arg(long, default_value_t = Limits::default().fuel)]
    pub fuel: u64,
    /// Linear-memory cap, in MiB.
    #[arg(long, default_value_t = Limits::default().memory_bytes >> 20)]
    pub memory_mib: usize,
    /// Wall-clock deadline of the call, in milliseconds.
    #[arg(long, default_value_t = Limits::default().deadline.as_millis() as u64)]
    pub deadline_ms: u64,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Which world the plugin implements.
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// The crate name, e.g. `customs-ch`.
    pub name: String,
    /// Where to create the crate directory. Default: the current directory.
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Depend on a local crossdock SDK: the directory holding its `Cargo.toml`.
    /// Default: the published `crossdock-sdk` crate at this crossdock's version; the workspace's
    /// own `sdk/` only when run from a crossdock source tree (`cargo run`).
    #[arg(long = "sdk-path", visible_alias = "sdk", value_name = "DIR", conflicts_with = "sdk_version")]
    pub sdk_path: Option<PathBuf>,
    /// Depend on this version requirement of the published `crossdock-sdk` crate (`0.1`).
    #[arg(long, value_name = "REQ")]
    pub sdk_version: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Customs,
    Carrier,
    Returns,
}

impl From<KindArg> for PluginKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Customs => PluginKind::Customs,
            KindArg::Carrier => PluginKind::Carrier,
            KindArg::Returns => PluginKind::Returns,
        }
    }
}

fn load(runtime: &Runtime, file: &Path) -> anyhow::Result<Plugin> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    runtime.load(&bytes).with_context(|| format!("{} cannot be loaded", file.display()))
}

pub fn inspect(file: &Path) -> anyhow::Result<ExitCode> {
    let runtime = Runtime::new(RuntimeConfig::default())?;
    let plugin = load(&runtime, file)?;
    let meta = &plugin.metadata;
    let schema: Value = serde_json::from_str(&meta.config_schema).unwrap_or(Value::String(meta.config_schema.clone()));
    let report = json!({
        "name": meta.name,
        "version": meta.version,
        "kind": meta.kind,
        "description": meta.description,
        "covers": meta.covers,
        "size_bytes": plugin.size_bytes,
        "sha256": plugin.digest.hex(),
        "contract": format!("crossdock:plugin@{}", plugin.contract_version),
        "imports": plugin.imports,
        "config_schema": schema,
    });
    print_json(&report)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads a JSON file into a contract type; the error names the file and the failing field.
fn read_json<T: DeserializeOwned>(path: &Path, what: &str) -> anyhow::Result<T> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {what} file {}", path.display()))?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let at = e.path().to_string();
        let at = if at == "." { String::new() } else { format!(" at `{at}`") };
        anyhow::anyhow!("{} is not a valid {what}{at}: {}", path.display(), e.inner())
    })
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TrackingNumber {
    tracking_number: String,
}

pub fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let limits = Limits {
        fuel: args.fuel,
        memory_bytes: args.memory_mib << 20,
        deadline: Duration::from_millis(args.deadline_ms),
        ..Limits::default()
    };
    let runtime = Runtime::new(RuntimeConfig {
        limits,
        internal_hosts: args.allow_internal_hosts.clone(),
        ..RuntimeConfig::default()
    })?;
    let plugin = load(&runtime, &args.file)?;

    let now = match &args.now {
        Some(text) => text.parse::<Timestamp>().context("--now")?,
        None => crate::clock::Clock::system().now(),
    };
    let mut ctx = CallContext::new(now);
    let config = match &args.config {
        Some(arg) => read_config(arg)?,
        None => json!({}),
    };
    // The server refuses a binding whose configuration breaks the plugin's schema; so does run.
    crate::registry::validate_config(&plugin, &config).map_err(|e| {
        anyhow::anyhow!("the configuration does not match the config schema of {}: {e}", plugin.label())
    })?;
    ctx.config_json = Arc::from(config.to_string());
    if let Some(path) = &args.fx {
        ctx.fx = Arc::new(FxTable::from_file(crate::fx::load(path)?));
    }
    if !args.allow_hosts.is_empty() {
        ctx.http = Some(Arc::new(HttpGrant::new(args.allow_hosts.clone(), Duration::from_secs(10), 4 << 20)));
    }
    if args.call.is_some() && plugin.world != World::Carrier {
        bail!("--call applies to carrier plugins only; {} is a {} plugin", plugin.label(), plugin.world.kind());
    }

    let input = &args.input;
    let fuel = args.fuel;
    let hint = move |e: CallError| limit_hint(e, fuel);
    match plugin.world {
        World::Customs => print_call(runtime.assess(&plugin, ctx, &read_json(input, "shipment")?).map_err(hint)?),
        World::Returns => {
            print_call(runtime.evaluate(&plugin, ctx, &read_json(input, "return request")?).map_err(hint)?)
        }
        World::Carrier => match args.call.unwrap_or(CarrierCall::Rate) {
            CarrierCall::Rate => {
                print_call(runtime.rate(&plugin, ctx, &read_json(input, "rate request")?).map_err(hint)?)
            }
            CarrierCall::CreateLabel => {
                print_call(runtime.create_label(&plugin, ctx, &read_json(input, "label request")?).map_err(hint)?)
            }
            CarrierCall::VoidLabel => {
                let t: TrackingNumber = read_json(input, "tracking number object")?;
                print_call(runtime.void_label(&plugin, ctx, &t.tracking_number).map_err(hint)?)
            }
            CarrierCall::Track => {
                let t: TrackingNumber = read_json(input, "tracking number object")?;
                print_call(runtime.track(&plugin, ctx, &t.tracking_number).map_err(hint)?)
            }
        },
    }
}

/// The `--config` value: inline JSON when it starts with `{`, else the path of a JSON file.
/// Either way it must be a JSON object.
fn read_config(arg: &str) -> anyhow::Result<Value> {
    let (config, origin): (Value, String) = if arg.trim_start().starts_with('{') {
        let config = serde_json::from_str(arg).map_err(|e| anyhow::anyhow!("--config is not valid JSON: {e}"))?;
        (config, "--config".to_owned())
    } else {
        let path = Path::new(arg);
        if !path.is_file() {
            bail!("--config {arg}: no such file; give inline JSON such as '{{\"duty_rate_bp\": 0}}' or a JSON file");
        }
        (read_json(path, "plugin configuration")?, path.display().to_string())
    };
    if !config.is_object() {
        bail!("{origin} must hold a JSON object, such as {{}} or {{\"duty_rate_bp\": 0}}");
    }
    Ok(config)
}

/// A call error, with what to do about a fuel limit: how much the call used and how to raise it.
fn limit_hint(error: CallError, fuel: u64) -> anyhow::Error {
    let hint = match (error.limit(), error.stats()) {
        (Some(Limit::Fuel(_)), Some(stats)) => Some(format!(
            "the call used {} of its {fuel} fuel; raise the budget with `--fuel N` to see what this input costs \
             (the server gives every call {}, so a plugin must fit in that: do less work per call)",
            stats.fuel,
            Limits::default().fuel
        )),
        _ => None,
    };
    match hint {
        Some(hint) => anyhow::Error::new(error).context(hint),
        None => error.into(),
    }
}

/// Prints pretty JSON to stdout; a closed pipe (`| head`) is not an error.
fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("cannot write to stdout"),
        _ => Ok(()),
    }
}

fn print_call<T: Serialize, E: Serialize>(call: Call<Result<T, E>>) -> anyhow::Result<ExitCode> {
    #[derive(Serialize)]
    struct Printed<'a, T, E> {
        #[serde(skip_serializing_if = "Option::is_none")]
        output: Option<&'a T>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<&'a E>,
        stats: CallStats,
    }
    let (output, error) = match &call.output {
        Ok(o) => (Some(o), None),
        Err(e) => (None, Some(e)),
    };
    print_json(&Printed { output, error, stats: call.stats })?;
    Ok(if error.is_some() { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

pub fn new(args: NewArgs) -> anyhow::Result<ExitCode> {
    let sdk = match (args.sdk_path, args.sdk_version) {
        (Some(path), _) => SdkSource::Path(path),
        (None, Some(version)) => SdkSource::Version(version),
        (None, None) => SdkSource::default_for_this_build(),
    };
    let dir = scaffold::scaffold(args.kind.into(), &args.name, &args.dir, &sdk)?;
    println!("created {}", dir.display());
    match &sdk {
        SdkSource::Path(path) => println!("crossdock-sdk: the local SDK at {}", path.display()),
        SdkSource::Version(version) => println!("crossdock-sdk: the published crate, version {version}"),
    }
    println!("next: cd {} && cargo test && cargo build --release --target wasm32-wasip2", dir.display());
    Ok(ExitCode::SUCCESS)
}

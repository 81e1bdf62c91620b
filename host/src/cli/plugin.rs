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
use crate::runtime::fx::{FxFile, FxTable};
use crate::runtime::http::HttpGrant;
use crate::runtime::{Call, CallContext, CallStats, Limits, Plugin, Runtime, RuntimeConfig, World};

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
    /// The merchant's configuration of the plugin, as JSON. Default: `{}`.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The carrier function to call. Default: `rate`.
    #[arg(long, value_enum)]
    pub call: Option<CarrierCall>,
    /// The event time the plugin sees, RFC 3339. Default: now.
    #[arg(long)]
    pub now: Option<String>,
    /// An FX table: `{"date": "2026-11-24", "base": "EUR", "rates": {"USD": 1052300}}`.
    #[arg(long)]
    pub fx: Option<PathBuf>,
    /// Hosts a carrier plugin may reach (`host` or `host:port`); repeatable. Default: none.
    #[arg(long = "allow-host")]
    pub allow_hosts: Vec<String>,
    /// A host the plugin may reach although it resolves to a loopback, private or other
    /// internal address (`HOST` or `HOST:PORT`); repeatable. Default: public addresses only.
    #[arg(long = "allow-internal-host", value_name = "HOST[:PORT]")]
    pub allow_internal_hosts: Vec<String>,
    /// Instruction budget of the call.
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
    /// Path of the crossdock SDK to depend on. Default: the SDK of this crossdock's source
    /// tree when present, else the published crate.
    #[arg(long)]
    pub sdk: Option<PathBuf>,
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
    if let Some(path) = &args.config {
        let config: Value = read_json(path, "plugin configuration")?;
        if !config.is_object() {
            bail!("{} must hold a JSON object", path.display());
        }
        ctx.config_json = Arc::from(config.to_string());
    }
    if let Some(path) = &args.fx {
        ctx.fx = Arc::new(FxTable::from_file(read_json::<FxFile>(path, "FX table")?));
    }
    if !args.allow_hosts.is_empty() {
        ctx.http = Some(Arc::new(HttpGrant::new(args.allow_hosts.clone(), Duration::from_secs(10), 4 << 20)));
    }
    if args.call.is_some() && plugin.world != World::Carrier {
        bail!("--call applies to carrier plugins only; {} is a {} plugin", plugin.label(), plugin.world.kind());
    }

    let input = &args.input;
    match plugin.world {
        World::Customs => print_call(runtime.assess(&plugin, ctx, &read_json(input, "shipment")?)?),
        World::Returns => print_call(runtime.evaluate(&plugin, ctx, &read_json(input, "return request")?)?),
        World::Carrier => match args.call.unwrap_or(CarrierCall::Rate) {
            CarrierCall::Rate => print_call(runtime.rate(&plugin, ctx, &read_json(input, "rate request")?)?),
            CarrierCall::CreateLabel => {
                print_call(runtime.create_label(&plugin, ctx, &read_json(input, "label request")?)?)
            }
            CarrierCall::VoidLabel => {
                let t: TrackingNumber = read_json(input, "tracking number object")?;
                print_call(runtime.void_label(&plugin, ctx, &t.tracking_number)?)
            }
            CarrierCall::Track => {
                let t: TrackingNumber = read_json(input, "tracking number object")?;
                print_call(runtime.track(&plugin, ctx, &t.tracking_number)?)
            }
        },
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
    let sdk = match args.sdk {
        Some(path) => SdkSource::Path(path),
        None => SdkSource::default_for_this_build(),
    };
    let dir = scaffold::scaffold(args.kind.into(), &args.name, &args.dir, &sdk)?;
    println!("created {}", dir.display());
    println!("next: cd {} && cargo test && cargo build --release --target wasm32-wasip2", dir.display());
    Ok(ExitCode::SUCCESS)
}

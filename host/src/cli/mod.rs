//! The `crossdock` command line: argument definitions and dispatch.
//!
//! Each subcommand lives in its own module; this one only says what the commands are. Every
//! command returns `anyhow::Result` to `main`, which prints the error chain and exits 1.

pub mod admin;
pub mod client;
pub mod demo;
pub mod plugin;
pub mod runs;
pub mod scaffold;
pub mod serve;
pub mod server_config;
pub mod token;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// crossdock: webhooks in, sandboxed WebAssembly plugins, shipments out.
#[derive(Debug, Parser)]
#[command(name = "crossdock", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Log filter, in `tracing` syntax (`info`, `crossdock=debug,warn`).
    #[arg(long, global = true, default_value = "info", env = "CROSSDOCK_LOG")]
    pub log: String,
    /// Log format.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text, env = "CROSSDOCK_LOG_FORMAT")]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server.
    Serve(serve::ServeCommand),
    /// Inspect, run and scaffold plugins.
    #[command(subcommand)]
    Plugin(PluginCommand),
    /// Run the pipeline end to end on a demo merchant and print what happened.
    Demo(demo::DemoArgs),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Merchants (through the admin API).
    #[command(subcommand)]
    Merchant(admin::MerchantCommand),
    /// Markets: named sets of destination countries (through the admin API).
    #[command(subcommand)]
    Market(admin::MarketCommand),
    /// Switch and configure plugins per market (through the admin API).
    #[command(subcommand)]
    Binding(admin::BindingCommand),
    /// Inbox events and dead letters (through the admin API).
    #[command(subcommand)]
    Events(admin::EventsCommand),
    /// Orders (through the admin API).
    #[command(subcommand)]
    Orders(ActivityCommand),
    /// Shipments: list, or show one (through the admin API).
    #[command(subcommand)]
    Shipments(runs::ShipmentsCommand),
    /// Plugin calls: which plugin ran, for which shipment, its outcome and cost (through the
    /// admin API).
    #[command(subcommand)]
    Runs(runs::RunsCommand),
    /// The admin API itself.
    #[command(subcommand)]
    Api(ApiCommand),
}

#[derive(Debug, Subcommand)]
pub enum ApiCommand {
    /// Print the admin API's OpenAPI 3.1 document (generated from the code; the server serves
    /// the same at `/api/v1/openapi.json` and `/api/v1/openapi.yaml`).
    Openapi {
        /// Print YAML instead of JSON.
        #[arg(long)]
        yaml: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ActivityCommand {
    /// List, optionally of one status.
    List {
        #[arg(long)]
        status: Option<crate::domain::OrderStatus>,
        #[command(flatten)]
        api: admin::ApiArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a merchant directly in the store (to bootstrap); it is printed
    /// once and stored hashed.
    Create(token::CreateArgs),
    #[command(flatten)]
    Remote(admin::RemoteTokenCommand),
}

#[derive(Debug, Subcommand)]
pub enum PluginCommand {
    /// Print what a plugin component is: name, version, kind, covers, digest, imports,
    /// config schema (JSON on stdout).
    Inspect {
        /// The plugin's `.wasm` component.
        file: PathBuf,
    },
    /// Run one call of a plugin on a JSON input and print its output and what it cost.
    ///
    /// Prints `{"output": …, "stats": {"fuel": …, "wall_us": …, "memory_peak_bytes": …}}`.
    /// When the plugin declines on purpose (a plugin or carrier error) it prints
    /// `{"error": …, "stats": …}` and exits 2; a bad input, a trap or a limit exits 1.
    Run(plugin::RunArgs),
    /// Create a new plugin crate that builds and passes its own test.
    New(plugin::NewArgs),
    /// Upload a plugin component to a running server (through the admin API).
    Install {
        /// The plugin's `.wasm` component.
        file: PathBuf,
        #[command(flatten)]
        api: admin::ApiArgs,
    },
    /// List the plugins a server has installed (through the admin API).
    List {
        #[command(flatten)]
        api: admin::ApiArgs,
    },
}

/// Parses the command line and runs the command.
pub fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    match cli.command {
        Command::Serve(command) => serve::run(command),
        Command::Plugin(PluginCommand::Inspect { file }) => plugin::inspect(&file),
        Command::Plugin(PluginCommand::Run(args)) => plugin::run(args),
        Command::Plugin(PluginCommand::New(args)) => plugin::new(args),
        Command::Plugin(PluginCommand::Install { file, api }) => admin::install(&file, &api),
        Command::Plugin(PluginCommand::List { api }) => admin::plugins(&api),
        Command::Token(TokenCommand::Create(args)) => token::create(args),
        Command::Token(TokenCommand::Remote(command)) => admin::remote_token(command),
        Command::Merchant(command) => admin::merchant(command),
        Command::Market(command) => admin::market(command),
        Command::Binding(command) => admin::binding(command),
        Command::Events(command) => admin::events(command),
        Command::Orders(ActivityCommand::List { status, api }) => admin::orders(status, &api),
        Command::Shipments(command) => runs::shipments(command),
        Command::Runs(command) => runs::runs(command),
        Command::Demo(args) => demo::run(args),
        Command::Api(ApiCommand::Openapi { yaml }) => {
            let doc = crate::api::document();
            println!("{}", if yaml { doc.to_yaml()? } else { doc.to_pretty_json()? });
            Ok(std::process::ExitCode::SUCCESS)
        }
    }
}

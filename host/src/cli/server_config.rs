//! Server options from three places besides their defaults: the command line, the environment
//! (`CROSSDOCK_<OPTION>`, declared on each option in `serve`) and a server config file
//! (`serve --server-config FILE` or `CROSSDOCK_SERVER_CONFIG`): TOML keyed by the options' long
//! names, `workers = 4`, `allow-internal-host = ["127.0.0.1:8091"]`.
//!
//! A flag beats an environment variable, which beats the file, which beats the default. clap
//! settles flags, environment and defaults itself and says which of them gave each value
//! ([`clap::ArgMatches::value_source`]); the file's options that neither a flag nor a variable
//! set are then handed to clap as if they had been flags, so that they are parsed and checked
//! by the very same rules (and the next option added to `serve` needs nothing here).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::parser::ValueSource;
use clap::{ArgAction, ArgMatches, CommandFactory, FromArgMatches};

use super::Cli;

/// The environment variable naming the server config file.
pub const ENV: &str = "CROSSDOCK_SERVER_CONFIG";
/// The subcommand whose options the file holds.
const SERVE: &str = "serve";
/// The id of `--server-config`: the file cannot name itself.
const SERVER_CONFIG_ID: &str = "server_config";

/// Why the server config file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ServerConfigError {
    #[error("cannot read the server config file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("the server config file {path} is not valid TOML: {source}")]
    Toml { path: String, source: toml::de::Error },
    #[error("the server config file {path} has an unknown key `{key}`; its keys are `serve`'s option names: {known}")]
    UnknownKey { path: String, key: String, known: String },
    #[error("in the server config file {path}, `{key}` must be {expected}")]
    BadValue { path: String, key: String, expected: &'static str },
    #[error("in the server config file {path}: {reason}")]
    Invalid { path: String, reason: String },
}

/// Parses the process's command line as [`clap::Parser::parse`] does (printing help, the
/// version or a usage error and exiting), with `serve`'s options completed from the server
/// config file.
pub fn parse() -> Result<Cli, ServerConfigError> {
    parse_from(std::env::args_os())
}

/// [`parse`] on the given arguments (the program's name first).
pub fn parse_from<I, T>(argv: I) -> Result<Cli, ServerConfigError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let argv: Vec<OsString> = argv.into_iter().map(Into::into).collect();
    let mut command = Cli::command();
    // Built, a subcommand also lists the global options (`--log`), which the file may set too.
    command.build();
    let matches = command.clone().try_get_matches_from(&argv).unwrap_or_else(|e| e.exit());
    let flags = match matches.subcommand() {
        Some((SERVE, serve)) => match serve.get_one::<PathBuf>(SERVER_CONFIG_ID) {
            Some(path) => file_flags(&command, serve, path)?,
            None => Vec::new(),
        },
        _ => Vec::new(),
    };
    let matches = if flags.is_empty() {
        matches
    } else {
        let path = matches
            .subcommand_matches(SERVE)
            .and_then(|serve| serve.get_one::<PathBuf>(SERVER_CONFIG_ID))
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        // `serve` takes no positional arguments, so options appended at the end are its own.
        command
            .try_get_matches_from(argv.into_iter().chain(flags))
            .map_err(|e| ServerConfigError::Invalid { path, reason: clap_reason(&e) })?
    };
    Ok(Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit()))
}

/// The file's options as flags (`--workers=4`), leaving out those a flag or an environment
/// variable already set.
fn file_flags(command: &clap::Command, given: &ArgMatches, path: &Path) -> Result<Vec<OsString>, ServerConfigError> {
    let shown = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|source| ServerConfigError::Read { path: shown.clone(), source })?;
    let table: toml::Table =
        toml::from_str(&text).map_err(|source| ServerConfigError::Toml { path: shown.clone(), source })?;
    let options: Vec<&clap::Arg> = command
        .find_subcommand(SERVE)
        .into_iter()
        .flat_map(clap::Command::get_arguments)
        .filter(|arg| arg.get_long().is_some() && arg.get_id() != SERVER_CONFIG_ID)
        .filter(|arg| arg.get_action().takes_values() || matches!(arg.get_action(), ArgAction::SetTrue))
        .collect();
    let mut flags = Vec::new();
    for (key, value) in &table {
        let Some(arg) = options.iter().find(|arg| arg.get_long() == Some(key.as_str())) else {
            let known: Vec<String> = options.iter().filter_map(|a| a.get_long()).map(|l| format!("`{l}`")).collect();
            return Err(ServerConfigError::UnknownKey { path: shown, key: key.clone(), known: known.join(", ") });
        };
        if matches!(
            given.value_source(arg.get_id().as_str()),
            Some(ValueSource::CommandLine | ValueSource::EnvVariable)
        ) {
            continue;
        }
        let bad = |expected| ServerConfigError::BadValue { path: shown.clone(), key: key.clone(), expected };
        if matches!(arg.get_action(), ArgAction::SetTrue) {
            match value.as_bool() {
                Some(true) => flags.push(format!("--{key}").into()),
                Some(false) => {}
                None => return Err(bad("true or false")),
            }
            continue;
        }
        let repeatable = matches!(arg.get_action(), ArgAction::Append);
        let values: Vec<&toml::Value> = match value {
            toml::Value::Array(items) if repeatable => items.iter().collect(),
            toml::Value::Array(_) => return Err(bad("one value, not a list")),
            one => vec![one],
        };
        for value in values {
            let text = match value {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(n) => n.to_string(),
                _ if repeatable => return Err(bad("a string or a number, or a list of them")),
                _ => return Err(bad("a string or a number")),
            };
            flags.push(format!("--{key}={text}").into());
        }
    }
    Ok(flags)
}

/// clap's message without its `error: ` prefix and usage hint.
fn clap_reason(e: &clap::Error) -> String {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").unwrap_or(first).to_owned()
}

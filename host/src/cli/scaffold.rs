//! `crossdock plugin new`: a new plugin crate that builds and passes its own tests out of the box.
//!
//! [`scaffold`] renders the templates in `templates/` — a `Cargo.toml`, a small but real plugin
//! of the chosen kind written against the SDK, its tests, a README and an example input — into
//! a staging directory beside the destination, then renames it into place. A failure therefore
//! leaves no half-made crate behind, and an existing non-empty directory is never touched.
//!
//! The generated crate is its own workspace (an empty `[workspace]` table), so it builds the
//! same inside another project's tree or on its own. It depends on the published SDK crate at
//! this crossdock's version, or on the SDK of the source tree when the running crossdock was
//! built there (`cargo run`, the tests: [`SdkSource::default_for_this_build`]); `--sdk-path`
//! and `--sdk-version` choose explicitly.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crossdock_types::PluginKind;

/// The longest plugin crate name accepted.
pub const MAX_NAME_LEN: usize = 64;

/// Where the generated crate gets `crossdock-sdk` from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SdkSource {
    /// A local SDK: the directory holding its `Cargo.toml`. Relative paths are taken from the
    /// current directory and written out absolute.
    Path(PathBuf),
    /// A version requirement on the published crate, such as `0.1`.
    Version(String),
}

impl SdkSource {
    /// The published crate at this crossdock's own version: what an installed binary uses.
    pub fn published() -> Self {
        Self::Version(env!("CARGO_PKG_VERSION").into())
    }

    /// The SDK of this crossdock's source tree when the running executable was built in that
    /// tree (`cargo run`, the tests), else [`published`](Self::published). An installed binary
    /// never points at the tree it was once built in, which may be gone or changed since.
    pub fn default_for_this_build() -> Self {
        match std::env::current_exe() {
            Ok(exe) => Self::default_for(&exe),
            Err(_) => Self::published(),
        }
    }

    /// [`default_for_this_build`](Self::default_for_this_build) for the executable at `exe`.
    pub fn default_for(exe: &Path) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let (Ok(root), Ok(exe)) = (root.canonicalize(), exe.canonicalize()) else { return Self::published() };
        // `target` may be a symbolic link to a shared directory: compare resolved paths.
        let target = root.join("target").canonicalize().unwrap_or_else(|_| root.join("target"));
        let built_here = exe.starts_with(&target) || exe.starts_with(&root);
        let sdk = root.join("sdk");
        if built_here && sdk.join("Cargo.toml").is_file() { Self::Path(sdk) } else { Self::published() }
    }

    /// The value of the `crossdock-sdk` key in the generated `Cargo.toml`.
    fn dependency(&self) -> Result<String, ScaffoldError> {
        match self {
            Self::Path(path) => {
                let sdk_error = |reason: String| ScaffoldError::Sdk { path: path.clone(), reason };
                let dir = path.canonicalize().map_err(|e| sdk_error(format!("it cannot be opened ({e})")))?;
                if !dir.join("Cargo.toml").is_file() {
                    return Err(sdk_error(
                        "it has no Cargo.toml; give the directory of crossdock's `sdk` crate".into(),
                    ));
                }
                let text = dir.to_str().ok_or_else(|| sdk_error("its path is not valid UTF-8".into()))?;
                Ok(format!("{{ path = {} }}", toml_string(text)))
            }
            Self::Version(version) if version.trim().is_empty() => Err(ScaffoldError::EmptySdkVersion),
            Self::Version(version) => Ok(format!("{{ version = {} }}", toml_string(version.trim()))),
        }
    }
}

/// Why a plugin crate could not be created. No part of the crate is left on disk in any case.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error(
        "{name:?} is not a valid plugin name: {reason}. Use 1 to {MAX_NAME_LEN} ASCII lowercase letters, digits, \
         `-` and `_`, starting with a letter, such as `customs-ch`"
    )]
    InvalidName { name: String, reason: String },
    #[error(
        "{} already exists and is not an empty directory; nothing was written (choose another name or --dir)",
        path.display()
    )]
    AlreadyExists { path: PathBuf },
    #[error("the SDK at {} cannot be used: {reason}", path.display())]
    Sdk { path: PathBuf, reason: String },
    #[error("the SDK version requirement is empty; give one such as `0.1`")]
    EmptySdkVersion,
    #[error("cannot {action} {}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> ScaffoldError {
    let path = path.to_path_buf();
    move |source| ScaffoldError::Io { action, path, source }
}

/// Creates the crate `parent_dir/name` for a plugin of `kind` and returns its directory.
///
/// `parent_dir` is created if missing. The crate directory may exist if it is empty; anything
/// else there is an error, and nothing is overwritten.
pub fn scaffold(kind: PluginKind, name: &str, parent_dir: &Path, sdk: &SdkSource) -> Result<PathBuf, ScaffoldError> {
    validate_name(name)?;
    let files = render(kind, name, &sdk.dependency()?);
    fs::create_dir_all(parent_dir).map_err(io_error("create the directory", parent_dir))?;
    let dest = parent_dir.join(name);
    ensure_free(&dest)?;

    let staging = Staging::create(parent_dir, name)?;
    fs::create_dir(staging.path.join("src")).map_err(io_error("create", &staging.path.join("src")))?;
    for (file, text) in &files {
        let path = staging.path.join(file);
        fs::write(&path, text).map_err(io_error("write", &path))?;
    }
    // An empty directory may stand where the crate goes; rename() does not replace one
    // everywhere, so remove it first. Should anything appear there meanwhile, rename() fails.
    if dest.is_dir() {
        fs::remove_dir(&dest).map_err(|_| ScaffoldError::AlreadyExists { path: dest.clone() })?;
    }
    fs::rename(&staging.path, &dest).map_err(|source| {
        if dest.symlink_metadata().is_ok() {
            ScaffoldError::AlreadyExists { path: dest.clone() }
        } else {
            ScaffoldError::Io { action: "move the new crate to", path: dest.clone(), source }
        }
    })?;
    staging.keep();
    Ok(dest)
}

/// Fails unless `dest` is missing or an empty directory.
fn ensure_free(dest: &Path) -> Result<(), ScaffoldError> {
    match fs::symlink_metadata(dest) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(ScaffoldError::Io { action: "look at", path: dest.to_path_buf(), source: e }),
        Ok(meta) if meta.is_dir() => {
            let mut entries = fs::read_dir(dest).map_err(io_error("read", dest))?;
            match entries.next() {
                None => Ok(()),
                Some(_) => Err(ScaffoldError::AlreadyExists { path: dest.to_path_buf() }),
            }
        }
        Ok(_) => Err(ScaffoldError::AlreadyExists { path: dest.to_path_buf() }),
    }
}

/// A hidden directory beside the destination, removed with its contents unless kept.
struct Staging {
    path: PathBuf,
    keep: bool,
}

impl Staging {
    fn create(parent_dir: &Path, name: &str) -> Result<Self, ScaffoldError> {
        let pid = std::process::id();
        let mut attempt = 0;
        loop {
            let path = parent_dir.join(format!(".{name}.crossdock-new.{pid}.{attempt}"));
            match fs::create_dir(&path) {
                Ok(()) => return Ok(Self { path, keep: false }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
                Err(e) => return Err(ScaffoldError::Io { action: "create the directory", path, source: e }),
            }
        }
    }

    fn keep(mut self) {
        self.keep = true;
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

// ---- names ----------------------------------------------------------------------------------

/// Words Rust reserves, which Cargo refuses as package names.
const KEYWORDS: &str = "abstract as async await become box break const continue crate do dyn else enum extern \
                        false final fn for gen if impl in let loop macro match mod move mut override priv pub ref \
                        return self static struct super trait true try type typeof unsafe unsized use virtual where \
                        while yield";

/// Names that collide with Rust's own crates, Cargo's build directories or Windows devices.
const RESERVED: &str = "alloc core proc_macro std test build deps examples incremental aux con nul prn com1 com2 \
                        com3 com4 com5 com6 com7 com8 com9 lpt1 lpt2 lpt3 lpt4 lpt5 lpt6 lpt7 lpt8 lpt9";

/// The generated crate's dependencies, whose crate names it must not take.
const DEPENDENCIES: &[&str] = &["crossdock_sdk", "crossdock_types", "serde", "serde_json", "wit_bindgen"];

/// Checks that `name` can be the plugin's crate name, and says why not.
pub fn validate_name(name: &str) -> Result<(), ScaffoldError> {
    let invalid = |reason: String| Err(ScaffoldError::InvalidName { name: name.to_owned(), reason });
    let Some(first) = name.chars().next() else { return invalid("it is empty".into()) };
    if name.len() > MAX_NAME_LEN {
        return invalid(format!("it is {} bytes long", name.len()));
    }
    if !first.is_ascii_lowercase() {
        return invalid(format!("it starts with {first:?}, which is not a lowercase letter"));
    }
    if let Some(c) = name.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_'))) {
        return invalid(format!("it contains {c:?}"));
    }
    let crate_name = name.replace('-', "_");
    let listed = |list: &str, word: &str| list.split_whitespace().any(|w| w == word);
    if listed(KEYWORDS, name) {
        return invalid("it is a Rust keyword".into());
    }
    if listed(RESERVED, &crate_name) {
        return invalid("it is reserved by Rust, Cargo or Windows".into());
    }
    if DEPENDENCIES.contains(&crate_name.as_str()) {
        return invalid("the plugin depends on a crate of that name".into());
    }
    Ok(())
}

/// Names the templates use or import: a plugin struct of the same name would shadow them.
/// Rust's prelude; serde and the templates' own items; `crossdock_sdk::{prelude, testing}` and
/// the customs kit's types the customs template imports.
const TAKEN_TYPE_NAMES: &str = "Box Clone Copy Default Drop Eq Err Extend Fn FnMut FnOnce From Into IntoIterator \
    Iterator None Ok Option Ord PartialEq PartialOrd Result Send Sized Some String Sync ToOwned ToString TryFrom \
    TryInto Vec \
    Config Deserialize Serialize Value \
    Address Assessment AssessmentLine CarrierError CarrierPlugin CodeError CollectAt ContractError CountryCode Ctx \
    CurrencyCode CustomsPlugin Decision Document Finding HsCode Incoterm Item ItemDecision Label LabelFormat \
    LabelRequest LocationKind LogLevel Metadata Money MoneyError Parcel PluginError PluginKind Rate RateRequest \
    ReturnItem ReturnLocation ReturnRequest ReturnRoute ReturnsPlugin ServiceLevel Severity Shipment TestHost \
    Timestamp TimestampError Tracking TrackingEvent TrackingStatus Wire \
    AssessmentBuilder TaxBase TaxRates Valuation";

/// The plugin's type name: `name` in UpperCamelCase (`customs-ch` → `CustomsCh`), with
/// `Plugin` appended when that would shadow a type the plugin uses (`money` → `MoneyPlugin`).
pub fn struct_name(name: &str) -> String {
    let mut camel = String::with_capacity(name.len() + 6);
    for word in name.split(['-', '_']).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            camel.push(first.to_ascii_uppercase());
            camel.extend(chars);
        }
    }
    if TAKEN_TYPE_NAMES.split_whitespace().any(|taken| taken == camel) {
        camel.push_str("Plugin");
    }
    camel
}

// ---- templates ------------------------------------------------------------------------------

const CARGO_TOML: &str = include_str!("templates/Cargo.toml.tmpl");
const README: &str = include_str!("templates/README.md.tmpl");
const GITIGNORE: &str = include_str!("templates/gitignore");

/// What differs between the kinds.
struct KindTemplate {
    lib: &'static str,
    example_input: &'static str,
    summary: &'static str,
    run_notes: &'static str,
    http_note: &'static str,
    error_type: &'static str,
}

fn kind_template(kind: PluginKind) -> KindTemplate {
    match kind {
        PluginKind::Customs => KindTemplate {
            lib: include_str!("templates/customs.rs.tmpl"),
            example_input: include_str!("templates/customs.example-input.json"),
            summary: "It charges a flat duty and import tax, in basis points from its configuration, on \
                      shipments into the countries it covers (a placeholder, `DE`, to start with), written with \
                      the SDK's customs kit (`crossdock_sdk::customs`): `AssessmentBuilder` reports items whose \
                      HS code is missing or malformed, converts foreign amounts at the host's FX rates and sums \
                      the totals from the lines.",
            run_notes: "The input is a shipment.",
            http_note: "",
            error_type: "PluginError",
        },
        PluginKind::Carrier => KindTemplate {
            lib: include_str!("templates/carrier.rs.tmpl"),
            example_input: include_str!("templates/carrier.example-input.json"),
            summary: "A flat-rate carrier with one service, `standard`: each parcel costs a base price plus a \
                      price per started kilogram. Labels are ZPL II with a deterministic tracking number.",
            run_notes: "The input is a rate request (`--call rate`, the default). `--call create_label` takes a \
                        label request: the same with `\"service_code\": \"standard\"` added; `--call track` and \
                        `--call void_label` take `{\"tracking_number\": \"…\"}`.",
            http_note: ", and HTTP to the hosts the merchant allows (`--allow-host` for `run`)",
            error_type: "CarrierError",
        },
        PluginKind::Returns => KindTemplate {
            lib: include_str!("templates/returns.rs.tmpl"),
            example_input: include_str!("templates/returns.example-input.json"),
            summary: "A return window: items may come back within `window_days` of delivery, except final-sale \
                      and hygiene items, refunded less an optional restocking fee.",
            run_notes: "The input is a return request.",
            http_note: "",
            error_type: "PluginError",
        },
    }
}

/// The files of the crate, relative to its directory.
fn render(kind: PluginKind, name: &str, sdk_dependency: &str) -> Vec<(&'static str, String)> {
    let t = kind_template(kind);
    let struct_name = struct_name(name);
    let wasm_name = name.replace('-', "_");
    let vars: &[(&str, &str)] = &[
        ("crate_name", name),
        ("struct_name", &struct_name),
        ("wasm_name", &wasm_name),
        ("kind", kind.as_str()),
        ("sdk_dependency", sdk_dependency),
        ("summary", t.summary),
        ("run_notes", t.run_notes),
        ("http_note", t.http_note),
        ("error_type", t.error_type),
    ];
    vec![
        ("Cargo.toml", fill(CARGO_TOML, vars)),
        ("src/lib.rs", fill(t.lib, vars)),
        ("README.md", fill(README, vars)),
        ("example-input.json", t.example_input.to_owned()),
        (".gitignore", GITIGNORE.to_owned()),
    ]
}

/// Replaces every `{{key}}` of `template` with its value.
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    vars.iter().fold(template.to_owned(), |text, (key, value)| text.replace(&format!("{{{{{key}}}}}"), value))
}

/// `s` as a TOML basic string, quoted and escaped.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: [PluginKind; 3] = [PluginKind::Customs, PluginKind::Carrier, PluginKind::Returns];

    fn version() -> SdkSource {
        SdkSource::Version("0.1".into())
    }

    fn reason(name: &str) -> String {
        match validate_name(name) {
            Err(e @ ScaffoldError::InvalidName { .. }) => {
                let message = e.to_string();
                assert!(message.contains("ASCII lowercase letters, digits, `-` and `_`"), "{message}");
                message
            }
            other => panic!("{name:?} was not refused as a name: {other:?}"),
        }
    }

    #[test]
    fn crate_names_follow_cargo_rules() {
        for ok in ["customs-ch", "a", "carrier_dhl2", "returns-eu-2026", &"x".repeat(MAX_NAME_LEN)] {
            assert!(validate_name(ok).is_ok(), "{ok:?} should be accepted");
        }
        assert!(reason("").contains("empty"));
        assert!(reason(&"x".repeat(MAX_NAME_LEN + 1)).contains("65 bytes"));
        assert!(reason("Customs").contains("starts with 'C'"));
        assert!(reason("1customs").contains("starts with '1'"));
        assert!(reason("-customs").contains("starts with '-'"));
        assert!(reason("customs ch").contains("contains ' '"));
        assert!(reason("customs.ch").contains("contains '.'"));
        assert!(reason("zöll").contains("contains 'ö'"));
        assert!(reason("../evil").contains("starts with '.'"));
        assert!(reason("a/b").contains("contains '/'"));
        assert!(reason("self").contains("keyword"));
        assert!(reason("test").contains("reserved"));
        assert!(reason("con").contains("reserved"));
        assert!(reason("serde").contains("depends on"));
        assert!(reason("crossdock-sdk").contains("depends on"));
        assert!(reason("serde-json").contains("depends on"));
    }

    #[test]
    fn struct_names_are_upper_camel_case_and_never_shadow() {
        assert_eq!(struct_name("customs-ch"), "CustomsCh");
        assert_eq!(struct_name("my_returns__2"), "MyReturns2");
        assert_eq!(struct_name("a"), "A");
        assert_eq!(struct_name("money"), "MoneyPlugin");
        assert_eq!(struct_name("result"), "ResultPlugin");
        assert_eq!(struct_name("customs-plugin"), "CustomsPluginPlugin");
        assert_eq!(struct_name("config"), "ConfigPlugin");
        assert_eq!(struct_name("valuation"), "ValuationPlugin");
    }

    #[test]
    fn every_placeholder_is_filled() {
        for kind in KINDS {
            for (file, text) in render(kind, "demo-plugin", "\"0.1\"") {
                assert!(!text.contains("{{crate_name}}") && !text.contains("{{struct_name}}"), "{kind} {file}");
                let left = text.match_indices("{{").find(|(at, _)| {
                    let rest = &text[at + 2..];
                    let key: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                    !key.is_empty() && rest[key.len()..].starts_with("}}")
                });
                assert!(left.is_none(), "{kind} {file} has an unfilled placeholder");
            }
        }
    }

    #[test]
    fn the_customs_template_uses_the_sdks_customs_kit() {
        let lib = fill(kind_template(PluginKind::Customs).lib, &[("struct_name", "CustomsX")]);
        assert!(lib.contains("AssessmentBuilder::new("), "classify, convert, value with the kit");
        assert!(lib.contains("check_config_schema::<Config>(CONFIG_SCHEMA)"), "the schema test is the SDK's");
        assert!(!lib.contains("parse::<HsCode>"), "no hand-parsed HS codes");
        assert!(lib.contains("with_fx_table"), "a test shows FX in micro-units");
    }

    #[test]
    fn the_example_inputs_match_the_contract() {
        for kind in KINDS {
            let text = kind_template(kind).example_input;
            let parsed = match kind {
                PluginKind::Customs => serde_json::from_str::<crossdock_types::Shipment>(text).map(drop),
                PluginKind::Carrier => serde_json::from_str::<crossdock_types::RateRequest>(text).map(drop),
                PluginKind::Returns => serde_json::from_str::<crossdock_types::ReturnRequest>(text).map(drop),
            };
            assert!(parsed.is_ok(), "{kind}: {parsed:?}");
        }
    }

    #[test]
    fn writes_a_standalone_crate() {
        let parent = tempfile::tempdir().unwrap();
        let sdk = SdkSource::default_for_this_build();
        assert!(matches!(&sdk, SdkSource::Path(p) if p.join("Cargo.toml").is_file()), "{sdk:?}");
        let dir = scaffold(PluginKind::Carrier, "carrier-demo", parent.path(), &sdk).unwrap();
        assert_eq!(dir, parent.path().join("carrier-demo"));
        for file in ["Cargo.toml", "src/lib.rs", "README.md", "example-input.json", ".gitignore"] {
            assert!(dir.join(file).is_file(), "{file} is missing");
        }
        let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        assert!(manifest.contains("name = \"carrier-demo\""), "{manifest}");
        assert!(manifest.contains("crate-type = [\"cdylib\", \"rlib\"]"), "{manifest}");
        assert!(manifest.contains("crossdock-sdk = { path = \"/"), "{manifest}");
        assert!(manifest.trim_end().ends_with("[workspace]"), "{manifest}");
        let lib = fs::read_to_string(dir.join("src/lib.rs")).unwrap();
        assert!(lib.contains("pub struct CarrierDemo;") && lib.contains("export_carrier!(CarrierDemo);"));
        let readme = fs::read_to_string(dir.join("README.md")).unwrap();
        assert!(readme.contains("target/wasm32-wasip2/release/carrier_demo.wasm --input example-input.json"));
        let entries: Vec<_> = fs::read_dir(parent.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(entries, ["carrier-demo"], "staging left behind");
    }

    #[test]
    fn never_overwrites() {
        let parent = tempfile::tempdir().unwrap();
        let taken = parent.path().join("customs-ch");
        fs::create_dir(&taken).unwrap();
        fs::write(taken.join("notes.txt"), "mine").unwrap();
        let err = scaffold(PluginKind::Customs, "customs-ch", parent.path(), &version()).unwrap_err();
        assert!(matches!(&err, ScaffoldError::AlreadyExists { path } if *path == taken), "{err:?}");
        assert!(err.to_string().contains("customs-ch already exists and is not an empty directory"), "{err}");
        assert_eq!(fs::read_to_string(taken.join("notes.txt")).unwrap(), "mine");
        assert_eq!(fs::read_dir(&taken).unwrap().count(), 1);

        fs::write(parent.path().join("returns-x"), "a file").unwrap();
        let err = scaffold(PluginKind::Returns, "returns-x", parent.path(), &version()).unwrap_err();
        assert!(matches!(err, ScaffoldError::AlreadyExists { .. }), "{err:?}");
        assert_eq!(fs::read_dir(parent.path()).unwrap().count(), 2, "staging left behind");
    }

    #[test]
    fn an_empty_directory_is_filled_and_a_missing_parent_made() {
        let parent = tempfile::tempdir().unwrap();
        fs::create_dir(parent.path().join("empty")).unwrap();
        let dir = scaffold(PluginKind::Returns, "empty", parent.path(), &version()).unwrap();
        assert!(dir.join("src/lib.rs").is_file());
        let nested = parent.path().join("a/b");
        let dir = scaffold(PluginKind::Customs, "customs-x", &nested, &version()).unwrap();
        assert!(dir.join("Cargo.toml").is_file());
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let parent = tempfile::tempdir().unwrap();
        let staging = Staging::create(parent.path(), "half").unwrap();
        fs::write(staging.path.join("Cargo.toml"), "[package]").unwrap();
        drop(staging);
        assert_eq!(fs::read_dir(parent.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_bad_sdk_is_refused_before_anything_is_written() {
        let parent = tempfile::tempdir().unwrap();
        let missing = SdkSource::Path(parent.path().join("no-sdk-here"));
        let err = scaffold(PluginKind::Customs, "customs-x", parent.path(), &missing).unwrap_err();
        assert!(err.to_string().contains("cannot be used"), "{err}");
        let not_a_crate = SdkSource::Path(parent.path().to_path_buf());
        let err = scaffold(PluginKind::Customs, "customs-x", parent.path(), &not_a_crate).unwrap_err();
        assert!(err.to_string().contains("no Cargo.toml"), "{err}");
        assert_eq!(fs::read_dir(parent.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_installed_binary_depends_on_the_published_sdk() {
        let bin = tempfile::tempdir().unwrap();
        let exe = bin.path().join("crossdock");
        fs::write(&exe, "").unwrap();
        let sdk = SdkSource::default_for(&exe);
        assert_eq!(sdk, SdkSource::Version(env!("CARGO_PKG_VERSION").into()));
        assert_eq!(sdk.dependency().unwrap(), format!("{{ version = \"{}\" }}", env!("CARGO_PKG_VERSION")));
    }

    #[test]
    fn a_binary_built_in_the_source_tree_depends_on_its_sdk() {
        let exe = std::env::current_exe().unwrap();
        assert!(matches!(SdkSource::default_for(&exe), SdkSource::Path(p) if p.join("Cargo.toml").is_file()));
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string(r#"C:\sdk "x""#), r#""C:\\sdk \"x\"""#);
        assert_eq!(toml_string("a\nb"), r#""a\u000Ab""#);
        assert_eq!(version().dependency().unwrap(), r#"{ version = "0.1" }"#);
        assert!(matches!(SdkSource::Version(" ".into()).dependency(), Err(ScaffoldError::EmptySdkVersion)));
    }
}

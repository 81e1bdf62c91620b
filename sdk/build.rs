//! Embeds the WIT contract in the SDK's export macros.
//!
//! `wit_bindgen::generate!` resolves a `path` relative to the crate being compiled, which for
//! a plugin is not where the contract lives. So the contract's text is pasted into one macro
//! per world, and the export macros expand to `generate!({ inline: … })` inside the plugin
//! crate: each plugin then carries exactly its own world, nothing of the others.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let wit_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../wit");
    println!("cargo:rerun-if-changed={}", wit_dir.display());
    let mut text = String::new();
    // worlds.wit carries the package line and must come first.
    for file in ["worlds.wit", "types.wit", "host.wit"] {
        let path = wit_dir.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let body = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read the contract at {}: {e}", path.display()));
        text.push_str(&body);
        text.push('\n');
    }
    assert!(!text.contains("\"####"), "the contract must not contain the raw-string delimiter");

    let mut out = String::new();
    for world in ["customs", "carrier", "returns"] {
        writeln!(
            out,
            r#####"#[doc(hidden)]
#[macro_export]
macro_rules! __generate_{world} {{
    () => {{
        $crate::__private::wit_bindgen::generate!({{
            inline: r####"{text}"####,
            world: "{world}",
            runtime_path: "::crossdock_sdk::__private::wit_bindgen::rt",
            generate_unused_types: true,
        }});
    }};
}}
"#####
        )
        .expect("writing to a String cannot fail");
    }
    out.push_str(&format!(
        "/// The contract's WIT text, as compiled into this SDK.\npub const WIT: &str = r####\"{text}\"####;\n"
    ));
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("worlds.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}

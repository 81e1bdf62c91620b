//! Host-side bindings of the contract, one module per released version.
//!
//! `v0_1` is `crossdock:plugin@0.1.0`, generated from `wit/v0.1.0/`: the contract's text as it
//! was released, frozen, not from `wit/` (the working version, which the SDK builds plugins
//! against). An edit to `wit/` therefore cannot change what 0.1 means to the host; the tests
//! below pin the frozen text by digest, and refuse a working contract that still names a released
//! version while differing from it. When the contract moves to 0.2, `wit/` is released as
//! `wit/v0.2.0/`, a `v0_2` module is generated beside this one from it, the host implements the
//! newest `host` interface once, and the older version's imports forward to it (the pattern Zed
//! uses for its extension API, with its `since_v*` folders). A plugin is bound to the module
//! matching the version in its import names, so plugins built against 0.1 keep loading.

/// `crossdock:plugin@0.1.0`.
pub mod v0_1 {
    /// The `customs` world; it also owns the shared `types` and `host` interfaces.
    pub mod customs {
        wasmtime::component::bindgen!({
            path: "../wit/v0.1.0",
            world: "customs",
        });
    }

    /// The `carrier` world, reusing the interfaces generated for `customs`.
    pub mod carrier {
        wasmtime::component::bindgen!({
            path: "../wit/v0.1.0",
            world: "carrier",
            // `fetch` may trap: once the call's hard deadline has passed it ends the call.
            imports: { "crossdock:plugin/http.fetch": trappable },
            with: {
                "crossdock:plugin/types": super::customs::crossdock::plugin::types,
                "crossdock:plugin/host": super::customs::crossdock::plugin::host,
            },
        });
    }

    /// The `returns` world, reusing the interfaces generated for `customs`.
    pub mod returns {
        wasmtime::component::bindgen!({
            path: "../wit/v0.1.0",
            world: "returns",
            with: {
                "crossdock:plugin/types": super::customs::crossdock::plugin::types,
                "crossdock:plugin/host": super::customs::crossdock::plugin::host,
            },
        });
    }

    pub use carrier::crossdock::plugin::http;
    pub use customs::crossdock::plugin::{host, types};

    /// The version string in this contract's import names.
    pub const VERSION: &str = "0.1.0";

    crossdock_types::impl_wire!(self::types);
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use sha2::{Digest, Sha256};

    /// The files of a contract version, in the order the package line needs (it is in worlds.wit).
    const FILES: [&str; 3] = ["worlds.wit", "types.wit", "host.wit"];

    fn wit_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../wit")
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// The version on the `package crossdock:plugin@…;` line of a contract's worlds.wit.
    fn package_version(worlds: &str) -> &str {
        worlds
            .lines()
            .find_map(|l| l.trim().strip_prefix("package crossdock:plugin@"))
            .and_then(|rest| rest.strip_suffix(';'))
            .unwrap_or_else(|| panic!("worlds.wit has no `package crossdock:plugin@<version>;` line"))
    }

    #[test]
    fn the_released_0_1_contract_is_frozen() {
        // sha256 of each file of wit/v0.1.0/ as released. A plugin built against 0.1 relies on
        // every word of it: never edit these files, change wit/ and release a new version.
        let pinned = [
            ("worlds.wit", "f0a791cc4802cc37c1ad1c86f1b448a90f7159f3e1cfcea4dc0c670762df8456"),
            ("types.wit", "a2985baca88087ee8738616a0d05ccbf14c86f924f7a3b4b2a815bc82460a37b"),
            ("host.wit", "bdad4e542834f6f88baa7652a10cfe2b41afcee4f4eb48c2d4444bdc32fe3e8e"),
        ];
        let dir = wit_dir().join("v0.1.0");
        for (file, digest) in pinned {
            let text = read(&dir.join(file));
            assert_eq!(
                hex::encode(Sha256::digest(text.as_bytes())),
                digest,
                "wit/v0.1.0/{file} changed: the released 0.1 contract must stay as it was released"
            );
        }
        assert_eq!(package_version(&read(&dir.join("worlds.wit"))), super::v0_1::VERSION);
        let mut wit_files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".wit"))
            .collect();
        wit_files.sort();
        assert_eq!(
            wit_files,
            ["host.wit", "types.wit", "worlds.wit"],
            "a file was added to or removed from wit/v0.1.0/"
        );
    }

    #[test]
    fn the_working_contract_naming_a_released_version_is_that_release() {
        // The SDK builds plugins against wit/, and they name its package version in their
        // imports. Were wit/ edited while it still names 0.1.0, those plugins would claim a
        // contract the host binds differently: bump the version in worlds.wit first.
        let working = wit_dir();
        let version = package_version(&read(&working.join("worlds.wit"))).to_owned();
        let released = working.join(format!("v{version}"));
        if !released.is_dir() {
            return; // an unreleased version, free to change
        }
        for file in FILES {
            assert!(
                read(&working.join(file)) == read(&released.join(file)),
                "wit/{file} differs from wit/v{version}/{file}, but wit/worlds.wit still names the released \
                 version {version}: give the working contract a new version (e.g. 0.2.0) before changing it"
            );
        }
    }
}

//! Placeholder until the scaffolder lands (being written now).
use std::path::{Path, PathBuf};
pub enum SdkSource { Path(PathBuf), Version(String) }
impl SdkSource { pub fn default_for_this_build() -> Self { SdkSource::Version("0.1".into()) } }
#[derive(Debug, thiserror::Error)]
#[error("not yet")]
pub struct ScaffoldError;
pub fn scaffold(_k: crossdock_types::PluginKind, _n: &str, _d: &Path, _s: &SdkSource) -> Result<PathBuf, ScaffoldError> { Err(ScaffoldError) }

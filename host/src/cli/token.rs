//! `crossdock token create`: a new API token for a merchant, printed once and stored hashed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::store::{Store, StoreTarget};

/// What a token may do.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Scope {
    Read,
    Write,
    Admin,
}

impl Scope {
    fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Admin => "admin",
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// The merchant the token acts for.
    #[arg(long)]
    pub merchant: String,
    /// What the token may do.
    #[arg(long, value_enum, default_value = "read")]
    pub scope: Scope,
    /// The data directory of the embedded store.
    #[arg(long, default_value = "./data")]
    pub data_dir: PathBuf,
    /// A PostgreSQL store instead: `postgres://…`.
    #[arg(long)]
    pub database_url: Option<String>,
}

/// A fresh token: `cdk_` and 32 random bytes in URL-safe base64.
pub fn new_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("the operating system gave no randomness: {e}"))?;
    Ok(format!("cdk_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)))
}

/// The hex SHA-256 under which a token is stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn create(args: CreateArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let target = StoreTarget::from_args(&args.data_dir, args.database_url.as_deref())?;
        let store = Store::open(&target).await?;
        if store.merchant(&args.merchant).await?.is_none() {
            bail!("there is no merchant `{}` in this store; define it in the setup file first", args.merchant);
        }
        let token = new_token()?;
        store
            .create_token(&args.merchant, args.scope.as_str(), &token_hash(&token))
            .await
            .context("storing the token")?;
        store.close().await;
        println!("{token}");
        eprintln!("This is the only time the token is shown; crossdock keeps only its hash.");
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

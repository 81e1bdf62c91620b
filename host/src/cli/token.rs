//! `crossdock token create`: a new API token for a merchant, written straight into the store
//! (to bootstrap, before any token exists), printed once and stored hashed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::api::{Scope, hash_token, new_token};
use crate::store::{Store, StoreTarget};

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

pub fn create(args: CreateArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let target = StoreTarget::from_args(&args.data_dir, args.database_url.as_deref())?;
        let store = Store::open(&target).await?;
        if store.merchant(&args.merchant).await?.is_none() {
            bail!("there is no merchant `{}` in this store; define it in the setup file first", args.merchant);
        }
        let token = new_token().map_err(|e| anyhow::anyhow!("the operating system gave no randomness: {e}"))?;
        store
            .create_token(&args.merchant, args.scope.as_str(), &hash_token(&token))
            .await
            .context("storing the token")?;
        store.close().await;
        println!("{token}");
        eprintln!("This is the only time the token is shown; crossdock keeps only its hash.");
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

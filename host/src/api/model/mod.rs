//! The admin API's requests and answers, as Rust types.
//!
//! The handlers answer with these types, the OpenAPI document is generated from them
//! (`utoipa`), and the dashboard and the CLI read the answers back into them: one definition
//! of every body, so the three cannot drift. Field names are the wire names.

pub mod activity;
pub mod bindings;
pub mod setup;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The body of every answer that is not a success.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong: a stable code to branch on and a message saying what to do.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// `invalid`, `bad_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`,
    /// `too_large`, `quota_exceeded` or `unavailable`.
    #[schema(example = "not_found")]
    pub code: String,
    #[schema(example = "market `EU` does not exist")]
    pub message: String,
}

/// Declares a page of a list: `{"items": [...], "next": "<cursor>" | null}`, with `next` set
/// when the page is full and more may follow (pass it as `?after=`).
macro_rules! page_of {
    ($(#[$doc:meta])* $name:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        pub struct $name {
            pub items: Vec<$item>,
            /// The cursor of the next page (`?after=`), or null on the last page.
            pub next: Option<String>,
        }

        impl $name {
            /// A page of `items`, with the cursor of the next page when this one is full.
            #[allow(dead_code)]
            pub fn new(items: Vec<$item>, page: &crate::store::Page, key: impl Fn(&$item) -> String) -> Self {
                let next = (items.len() == page.limit as usize).then(|| items.last().map(key)).flatten();
                Self { items, next }
            }

            /// A list answered whole, never paged.
            #[allow(dead_code)]
            pub fn all(items: Vec<$item>) -> Self {
                Self { items, next: None }
            }
        }
    };
}
pub(crate) use page_of;

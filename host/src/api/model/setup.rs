//! Bodies of what a merchant sets up: the merchant, tokens, connections, markets, catalog and
//! warehouses.

use crossdock_types::CurrencyCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::page_of;

/// A merchant: the tenant every other row belongs to.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Merchant {
    #[schema(example = "acme")]
    pub id: String,
    #[schema(example = "Acme Outdoor")]
    pub name: String,
    /// The currency the merchant reports in.
    pub currency: CurrencyCode,
}

page_of!(
    /// The merchants the token can see: its own.
    MerchantList,
    Merchant
);

/// `POST /merchants` and `PATCH /merchants/{id}`: a merchant's fields. Creating needs `id`,
/// `name` and `currency`; updating changes the fields given.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"id": "globex", "name": "Globex Goods", "currency": "GBP"}))]
pub struct MerchantBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<CurrencyCode>,
    /// Colours and logo of the tracking page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub branding: Option<crate::config::Branding>,
}

/// A new token, shown once: only its hash is kept.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IssuedToken {
    pub id: i64,
    #[schema(example = "admin")]
    pub scope: String,
    /// The bearer token itself; it cannot be read again.
    pub token: String,
}

/// The answer to `POST /merchants`: the merchant and its first admin token.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreatedMerchant {
    pub merchant: Merchant,
    pub token: IssuedToken,
}

//! Bodies of what a merchant sets up: the merchant, tokens, connections, markets, catalog and
//! warehouses.
//!
//! Request bodies refuse fields they do not know (`deny_unknown_fields`), so a misspelt
//! field is a 400 naming it rather than a change silently not made. Webhook secrets appear in
//! request bodies only: no answer type has a field that could carry one.

use std::collections::BTreeMap;

use crossdock_types::{CountryCode, CurrencyCode, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bindings::MarketBinding;
use super::page_of;
use crate::api::Scope;
use crate::config::{Branding, WarehouseKind};
use crate::domain::{Platform, Policy};
use crate::store::secrets::Redacted;

// ---- merchants ------------------------------------------------------------------------------

/// A merchant: the tenant every other row belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Merchant {
    #[schema(example = "acme")]
    pub id: String,
    #[schema(example = "Acme Outdoor")]
    pub name: String,
    /// The currency the merchant reports in.
    pub currency: CurrencyCode,
    /// The tracking page's look; only in the answer to a change that set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branding: Option<Branding>,
}

page_of!(
    /// The merchants the token can see: its own.
    MerchantList,
    Merchant
);

/// `POST /merchants`: a new merchant.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"id": "globex", "name": "Globex Goods", "currency": "GBP"}))]
pub struct NewMerchant {
    /// 1 to 64 letters, digits, `-`, `_` or `.`; it cannot change later.
    #[schema(example = "globex")]
    pub id: String,
    #[schema(example = "Globex Goods")]
    pub name: String,
    /// The currency the merchant reports in.
    pub currency: CurrencyCode,
    /// Colours and logo of the tracking page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branding: Option<Branding>,
}

/// `PATCH /merchants/{id}`: the fields to change; the others stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Acme Outdoor Europe", "branding": {"primary_color": "#0a7f5a"}}))]
pub struct MerchantPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Acme Outdoor Europe")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<CurrencyCode>,
    /// Colours and logo of the tracking page; replaces the stored branding whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branding: Option<Branding>,
}

/// The answer to `POST /merchants`: the merchant and its first admin token.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreatedMerchant {
    pub merchant: Merchant,
    pub token: IssuedToken,
}

// ---- tokens ---------------------------------------------------------------------------------

/// An API token as listed: never the token itself, which only its holder knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Token {
    #[schema(example = 3)]
    pub id: i64,
    /// What the token is for, as its creator named it (may be empty).
    #[schema(example = "reporting")]
    pub name: String,
    pub scope: Scope,
    /// A revoked token is refused (401) and cannot be restored.
    pub revoked: bool,
    pub created_at: Timestamp,
}

impl Token {
    /// A stored token and its name.
    pub fn from_row(t: &crate::store::TokenRow, name: String) -> Result<Self, UnknownStoredWord> {
        let scope = Scope::parse(&t.scope).ok_or_else(|| UnknownStoredWord {
            what: "token",
            id: t.id.to_string(),
            field: "scope",
            value: t.scope.clone(),
        })?;
        Ok(Self {
            id: t.id,
            name,
            scope,
            revoked: t.revoked,
            created_at: Timestamp::from_unix(t.created_at_ms.div_euclid(1000)),
        })
    }
}

page_of!(
    /// The merchant's tokens, revoked ones included.
    TokenList,
    Token
);

/// `POST /tokens`: a new token of the caller's merchant.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"scope": "read", "name": "reporting"}))]
pub struct NewToken {
    pub scope: Scope,
    /// What the token is for; shown in lists and in the audit log.
    #[serde(default)]
    #[schema(example = "reporting")]
    pub name: String,
}

/// A new token, shown once: only its hash is kept.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IssuedToken {
    #[schema(example = 4)]
    pub id: i64,
    #[schema(example = "reporting")]
    pub name: String,
    pub scope: Scope,
    /// The bearer token itself; it cannot be read again.
    #[schema(example = "cdk_5f0c…")]
    pub token: String,
    /// A reminder to store the token now.
    pub note: String,
}

impl IssuedToken {
    /// A token just created, with the reminder that it is shown once.
    pub fn new(id: i64, name: String, scope: Scope, token: String) -> Self {
        let note = "store this token now: crossdock keeps only its hash and cannot show it again".to_owned();
        Self { id, name, scope, token, note }
    }
}

/// The answer to `DELETE /tokens/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RevokedToken {
    pub id: i64,
    /// Always true.
    pub revoked: bool,
}

// ---- connections ----------------------------------------------------------------------------

/// A storefront connection: where a shop's webhooks arrive. Its signing secret is
/// write-only and never answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Connection {
    #[schema(example = "acme-shopify")]
    pub id: String,
    pub platform: Platform,
    /// The shop's domain, for platforms that name the shop in a header (Shopify).
    #[schema(example = "acme-outdoor.myshopify.com")]
    pub shop_domain: Option<String>,
    /// Where the storefront sends its webhooks, below the server's base URL.
    #[schema(example = "/webhooks/shopify")]
    pub webhook_path: String,
}

impl Connection {
    /// The webhook path of a connection: Shopify names the shop in a header, so one path
    /// serves every Shopify shop; the other platforms are told apart by the connection id.
    pub fn webhook_path(platform: Platform, id: &str) -> String {
        match platform {
            Platform::Shopify => "/webhooks/shopify".to_owned(),
            platform => format!("/webhooks/{}/{}", platform.as_str(), crate::links::segment(id)),
        }
    }
}

impl From<&crate::store::ConnectionRow> for Connection {
    fn from(c: &crate::store::ConnectionRow) -> Self {
        Self {
            id: c.id.clone(),
            platform: c.platform,
            shop_domain: c.shop_domain.clone(),
            webhook_path: Self::webhook_path(c.platform, &c.id),
        }
    }
}

page_of!(
    /// The merchant's storefront connections.
    ConnectionList,
    Connection
);

/// `POST /connections`: a new connection, or a new secret for one of the caller's. `Debug`
/// shows `[redacted]` for the secret.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"id": "acme-woo", "platform": "woocommerce", "secret": "woo-signing-secret-Qx7"}))]
pub struct NewConnection {
    /// 1 to 64 letters, digits, `-`, `_` or `.`, unique across merchants.
    #[schema(example = "acme-woo")]
    pub id: String,
    pub platform: Platform,
    /// Required for Shopify (`acme.myshopify.com`); otherwise the shop's own domain, if any.
    #[serde(default)]
    pub shop_domain: Option<String>,
    /// The storefront's webhook signing secret, 8 characters or more (Standard Webhooks:
    /// `whsec_` and base64 of 24 bytes or more). Write-only.
    #[schema(value_type = String, write_only, example = "woo-signing-secret-Qx7")]
    pub secret: Redacted<String>,
}

/// The answer to `DELETE /connections/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeletedConnection {
    pub id: String,
    /// Always true.
    pub deleted: bool,
}

// ---- markets --------------------------------------------------------------------------------

/// A market: a named set of destination countries, how a carrier rate is chosen for them,
/// and the plugins bound to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Market {
    #[schema(example = "EU")]
    pub name: String,
    /// Sorted.
    pub countries: Vec<CountryCode>,
    /// How a carrier rate is chosen.
    pub choose: Policy,
    /// With `cheapest`: rates slower than this many days are ignored.
    #[schema(example = 7)]
    pub max_eta_days: Option<u32>,
    /// By priority, then plugin name.
    pub bindings: Vec<MarketBinding>,
}

impl From<&crate::store::Market> for Market {
    fn from(m: &crate::store::Market) -> Self {
        Self {
            name: m.name.clone(),
            countries: m.countries.clone(),
            choose: m.carrier_policy,
            max_eta_days: m.max_eta_days,
            bindings: m.bindings.iter().map(MarketBinding::from).collect(),
        }
    }
}

page_of!(
    /// The merchant's markets with their bindings.
    MarketList,
    Market
);

/// `POST /markets`: a new market.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "UK", "countries": ["GB"], "choose": "fastest"}))]
pub struct NewMarket {
    /// 1 to 64 letters, digits, `-`, `_` or `.`; it cannot change later.
    #[schema(example = "UK")]
    pub name: String,
    /// At least one.
    pub countries: Vec<CountryCode>,
    /// How a carrier rate is chosen; `cheapest` when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choose: Option<Policy>,
    /// With `cheapest`: rates slower than this many days are ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_eta_days: Option<u32>,
}

/// `PUT /markets/{name}`: the fields to change; the others stay as they are. A market is
/// not renamed: create a new one.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"choose": "cheapest", "max_eta_days": 7}))]
pub struct MarketPatch {
    /// Replaces the market's countries; at least one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub countries: Option<Vec<CountryCode>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choose: Option<Policy>,
    /// With `cheapest`: rates slower than this many days are ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_eta_days: Option<u32>,
}

/// The answer to `DELETE /markets/{name}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeletedMarket {
    pub name: String,
    /// Always true.
    pub deleted: bool,
}

// ---- catalog --------------------------------------------------------------------------------

/// A catalog entry: what customs needs to know about a SKU.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CatalogItem {
    #[schema(example = "CAP-01")]
    pub sku: String,
    #[schema(example = "Baseball cap")]
    pub title: String,
    /// Harmonized System code, 6 to 10 digits; customs holds a shipment of a SKU without one.
    #[schema(example = "650500")]
    pub hs_code: Option<String>,
    pub origin_country: Option<CountryCode>,
    /// Weight of one unit, in grams.
    #[schema(example = 90)]
    pub unit_weight_g: Option<u32>,
}

impl From<&crate::store::CatalogRow> for CatalogItem {
    fn from(c: &crate::store::CatalogRow) -> Self {
        Self {
            sku: c.sku.clone(),
            title: c.title.clone(),
            hs_code: c.hs_code.clone(),
            origin_country: c.origin_country,
            unit_weight_g: c.unit_weight_g,
        }
    }
}

page_of!(
    /// A page of the catalog, by SKU.
    CatalogPage,
    CatalogItem
);

/// `PUT /catalog/{sku}`: the entry, whole; a field left out is stored empty (the title
/// becomes the SKU).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "Baseball cap", "hs_code": "650500", "origin_country": "CN", "unit_weight_g": 90}))]
pub struct CatalogEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// 6 to 10 digits, without dots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hs_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_country: Option<CountryCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_weight_g: Option<u32>,
}

/// The answer to `DELETE /catalog/{sku}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeletedCatalogItem {
    pub sku: String,
    /// Always true.
    pub deleted: bool,
}

// ---- warehouses -----------------------------------------------------------------------------

/// A warehouse and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Warehouse {
    #[schema(example = "venlo")]
    pub id: String,
    pub country: CountryCode,
    #[schema(example = "5928")]
    pub postal_code: String,
    #[schema(example = "Venlo")]
    pub city: String,
    /// Street and number (empty when unknown).
    #[schema(example = "Columbusweg 1")]
    pub street: String,
    pub phone: Option<String>,
    pub kind: WarehouseKind,
    /// Units on hand by SKU.
    #[schema(example = json!({"TEE-M": 40}))]
    pub stock: BTreeMap<String, i64>,
}

/// A stored row with a word (a warehouse's kind, a token's scope) this version does not know:
/// only rows written outside the API and the setup file can have one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} `{id}` has the unknown {field} `{value}`; set it again through the API")]
pub struct UnknownStoredWord {
    pub what: &'static str,
    pub id: String,
    pub field: &'static str,
    pub value: String,
}

impl Warehouse {
    /// A stored warehouse and its stock (SKU, units).
    pub fn from_row(w: &crate::store::WarehouseRow, stock: &[(String, i64)]) -> Result<Self, UnknownStoredWord> {
        let kind = w.kind.parse().map_err(|_| UnknownStoredWord {
            what: "warehouse",
            id: w.id.clone(),
            field: "kind",
            value: w.kind.clone(),
        })?;
        Ok(Self {
            id: w.id.clone(),
            country: w.country,
            postal_code: w.postal_code.clone(),
            city: w.city.clone(),
            street: w.street.clone(),
            phone: w.phone.clone(),
            kind,
            stock: stock.iter().cloned().collect(),
        })
    }
}

page_of!(
    /// The merchant's warehouses with their stock.
    WarehouseList,
    Warehouse
);

/// `PUT /warehouses/{id}`: the warehouse, whole, and stock levels to set (SKUs not named
/// keep theirs).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"country": "NL", "postal_code": "5928", "city": "Venlo", "street": "Columbusweg 1",
                          "kind": "bonded", "stock": {"TEE-M": 40}}))]
pub struct WarehouseEntry {
    pub country: CountryCode,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub street: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// `fulfillment` when left out.
    #[serde(default)]
    pub kind: WarehouseKind,
    /// Units on hand to set, by SKU.
    #[serde(default)]
    pub stock: BTreeMap<String, u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_answers_its_webhook_path_and_never_its_secret() {
        let row = |id: &str, platform| crate::store::ConnectionRow {
            id: id.into(),
            merchant_id: "acme".into(),
            platform,
            shop_domain: None,
            secret: "hush-signing-secret".into(),
        };
        let shopify = Connection::from(&row("acme-shopify", Platform::Shopify));
        assert_eq!(shopify.webhook_path, "/webhooks/shopify", "Shopify names the shop in a header");
        let woo = Connection::from(&row("acme-woo", Platform::WooCommerce));
        assert_eq!(woo.webhook_path, "/webhooks/woocommerce/acme-woo");
        let text = serde_json::to_string(&woo).expect("json");
        assert!(!text.contains("hush-signing-secret"), "{text}");
    }

    #[test]
    fn a_warehouse_reads_its_kind_from_the_stored_text_and_names_an_unknown_one() {
        let mut row = crate::store::WarehouseRow {
            merchant_id: "acme".into(),
            id: "venlo".into(),
            country: "NL".parse().expect("country"),
            postal_code: "5928".into(),
            city: "Venlo".into(),
            street: String::new(),
            phone: None,
            kind: "bonded".into(),
        };
        let w = Warehouse::from_row(&row, &[("TEE-M".into(), 40)]).expect("a known kind");
        assert_eq!((w.kind, w.stock.get("TEE-M")), (WarehouseKind::Bonded, Some(&40)));
        row.kind = "moon-base".into();
        let err = Warehouse::from_row(&row, &[]).expect_err("an unknown kind");
        assert!(err.to_string().contains("moon-base") && err.to_string().contains("venlo"), "{err}");
    }

    #[test]
    fn a_patch_of_a_merchant_refuses_an_id() {
        let refused = serde_json::from_str::<MerchantPatch>(r#"{"id": "other", "name": "X"}"#);
        assert!(refused.is_err_and(|e| e.to_string().contains("unknown field `id`")));
    }
}

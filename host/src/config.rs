//! The declarative setup file, `crossdock.toml`: merchants, their storefront connections,
//! warehouses, markets with the plugins bound to them, catalog entries and event endpoints.
//!
//! `crossdock serve --config crossdock.toml` parses and checks the whole file before anything
//! is written, then applies it to the store idempotently (see `setup.rs`): applying the same
//! file twice changes nothing, and a file with a mistake changes nothing at all. Every key is
//! documented in the README; unknown keys are refused so that a typo is an error, not a
//! silently ignored setting.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crossdock_types::{CountryCode, CurrencyCode};
use serde::Deserialize;

use crate::domain::Platform;
use crate::store::secrets::Redacted;

/// A whole `crossdock.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupFile {
    #[serde(default, rename = "merchant")]
    pub merchants: Vec<MerchantConfig>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MerchantConfig {
    pub id: String,
    pub name: String,
    /// The merchant's reporting currency.
    pub currency: CurrencyCode,
    #[serde(default, rename = "connection")]
    pub connections: Vec<ConnectionConfig>,
    #[serde(default, rename = "warehouse")]
    pub warehouses: Vec<WarehouseConfig>,
    #[serde(default, rename = "market")]
    pub markets: Vec<MarketConfig>,
    #[serde(default, rename = "catalog")]
    pub catalog: Vec<CatalogConfig>,
    #[serde(default, rename = "endpoint")]
    pub endpoints: Vec<EndpointConfig>,
    /// How the public tracking page looks: `[merchant.branding]`.
    #[serde(default)]
    pub branding: Branding,
}

/// A merchant's look on public pages (the tracking page). Checked before it is stored, so
/// nothing in it can break out of the page's HTML or CSS.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Branding {
    /// An `https://` (or `http://`) URL of the logo image.
    pub logo_url: Option<String>,
    /// `#rrggbb` or `#rgb`: headings and the status bar.
    pub primary_color: Option<String>,
    /// `#rrggbb` or `#rgb`: links and the timeline.
    pub accent_color: Option<String>,
    /// Where buyers write with questions.
    pub support_email: Option<String>,
}

impl Branding {
    /// Refuses values that are not what they claim to be.
    pub fn validate(&self) -> Result<(), String> {
        for (field, color) in [("primary_color", &self.primary_color), ("accent_color", &self.accent_color)] {
            if let Some(c) = color {
                let hex = c.strip_prefix('#').unwrap_or("");
                if !matches!(hex.len(), 3 | 6) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(format!("branding.{field} `{c}` must be a colour like #0a7f5a"));
                }
            }
        }
        if let Some(url) = &self.logo_url {
            let parsed = url::Url::parse(url).map_err(|e| format!("branding.logo_url `{url}` is not a URL: {e}"))?;
            if !matches!(parsed.scheme(), "https" | "http") || url.contains(['"', '\'', '<', '>', ' ']) {
                return Err(format!("branding.logo_url `{url}` must be an http(s) URL"));
            }
        }
        if let Some(mail) = &self.support_email
            && (!mail.contains('@') || mail.contains(['"', '\'', '<', '>', ' ']))
        {
            return Err(format!("branding.support_email `{mail}` is not an email address"));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionConfig {
    pub id: String,
    pub platform: Platform,
    /// Shopify only: `acme-outdoor.myshopify.com`, matched against `X-Shopify-Shop-Domain`.
    pub shop_domain: Option<String>,
    /// The webhook signing secret: Shopify's app secret, WooCommerce's webhook secret, or a
    /// Standard Webhooks `whsec_…` secret. `Debug` shows `[redacted]`.
    pub secret: Redacted<String>,
}

/// What a warehouse is for, which decides allocation order: `fulfillment` ships orders,
/// `bonded` is a bonded or overseas warehouse serving its market, `third_party` a logistics
/// partner, `returns` takes returns only, `regional_hub` resells returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WarehouseKind {
    /// Ships orders (the default).
    #[default]
    Fulfillment,
    /// A bonded or overseas warehouse serving its market.
    Bonded,
    /// A third-party logistics partner.
    ThirdParty,
    /// Takes returns only.
    Returns,
    /// A regional hub that resells returns.
    RegionalHub,
}

impl WarehouseKind {
    /// Every kind.
    pub const ALL: &'static [WarehouseKind] =
        &[Self::Fulfillment, Self::Bonded, Self::ThirdParty, Self::Returns, Self::RegionalHub];

    /// The stored (and JSON) text.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fulfillment => "fulfillment",
            Self::Bonded => "bonded",
            Self::ThirdParty => "third_party",
            Self::Returns => "returns",
            Self::RegionalHub => "regional_hub",
        }
    }
}

impl std::str::FromStr for WarehouseKind {
    type Err = crate::domain::UnknownWord;

    /// The kind a stored text names (warehouses are stored with [`WarehouseKind::as_str`]).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s).ok_or_else(|| crate::domain::UnknownWord {
            what: "warehouse kind",
            value: s.to_owned(),
            known: &["fulfillment", "bonded", "third_party", "returns", "regional_hub"],
        })
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarehouseConfig {
    pub id: String,
    pub country: CountryCode,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    /// Street and number; carriers print it on the label's shipper.
    pub street: Option<String>,
    /// A phone number for the carrier.
    pub phone: Option<String>,
    #[serde(default)]
    pub kind: WarehouseKind,
    /// Units on hand per SKU. A warehouse without a stock table is assumed to carry every SKU.
    #[serde(default)]
    pub stock: BTreeMap<String, u32>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketConfig {
    pub name: String,
    pub countries: Vec<CountryCode>,
    /// Plugin names enabled in this market, in priority order.
    #[serde(default)]
    pub plugins: Vec<String>,
    /// Per-plugin configuration: `[merchant.market.config.<plugin-name>]`. A plugin without a
    /// table runs with the defaults of its config schema.
    #[serde(default)]
    pub config: BTreeMap<String, toml::Table>,
    /// Per-plugin secrets (carrier credentials): `[merchant.market.secrets.<plugin-name>]`,
    /// names to text values. Stored apart from the configuration, handed to that plugin only.
    /// `Debug` shows the names, and `[redacted]` for each value.
    #[serde(default)]
    pub secrets: BTreeMap<String, BTreeMap<String, Redacted<String>>>,
    /// Per-plugin outbound HTTP allow-list (carriers only): `<plugin-name> = ["host[:port]", …]`.
    #[serde(default)]
    pub allow_hosts: BTreeMap<String, Vec<String>>,
    /// How a carrier rate is chosen: `cheapest` (the default) or `fastest`.
    #[serde(default)]
    pub choose: crate::domain::Policy,
    /// With `cheapest`: only rates that arrive within this many days.
    pub max_eta_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogConfig {
    pub sku: String,
    pub title: Option<String>,
    pub hs_code: Option<String>,
    pub origin_country: Option<CountryCode>,
    pub unit_weight_g: Option<u32>,
}

/// Where crossdock sends the merchant's signed outbound events.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointConfig {
    pub url: String,
    /// A Standard Webhooks secret, `whsec_` + base64 of 24 to 64 random bytes. `Debug` shows
    /// `[redacted]`.
    pub secret: Redacted<String>,
}

/// A setup file that cannot be used, with the reason.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} is not a valid setup file: {message}")]
    Parse { path: String, message: String },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

impl SetupFile {
    /// Reads, parses and checks a setup file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: shown.clone(), source })?;
        Self::parse(&text).map_err(|e| match e {
            ConfigError::Parse { message, .. } => ConfigError::Parse { path: shown.clone(), message },
            ConfigError::Invalid { message, .. } => ConfigError::Invalid { path: shown.clone(), message },
            other => other,
        })
    }

    /// Parses and checks setup text.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let file: SetupFile =
            toml::from_str(text).map_err(|e| ConfigError::Parse { path: "setup".into(), message: e.to_string() })?;
        file.check().map_err(|message| ConfigError::Invalid { path: "setup".into(), message })?;
        Ok(file)
    }

    /// The rules serde cannot express.
    fn check(&self) -> Result<(), String> {
        let mut merchant_ids = HashSet::new();
        let mut connection_ids = HashSet::new();
        let mut shop_domains = HashSet::new();
        for m in &self.merchants {
            let at = format!("merchant `{}`", m.id);
            check_id(&m.id, "merchant id")?;
            if !merchant_ids.insert(&m.id) {
                return Err(format!("{at} is defined twice"));
            }
            for c in &m.connections {
                check_id(&c.id, "connection id").map_err(|e| format!("{at}: {e}"))?;
                if !connection_ids.insert(&c.id) {
                    return Err(format!("{at}: connection `{}` is defined twice (connection ids are global)", c.id));
                }
                if c.secret.trim().is_empty() {
                    return Err(format!("{at}: connection `{}` has an empty secret", c.id));
                }
                if c.platform == Platform::Shopify && c.shop_domain.is_none() {
                    return Err(format!(
                        "{at}: Shopify connection `{}` needs `shop_domain` (the X-Shopify-Shop-Domain it sends)",
                        c.id
                    ));
                }
                if let Some(d) = &c.shop_domain {
                    let domain = crate::ingest::normalize_shop_domain(c.platform, d)
                        .map_err(|e| format!("{at}: connection `{}`: {e}", c.id))?;
                    if !shop_domains.insert(domain) {
                        return Err(format!("{at}: shop domain `{d}` belongs to two connections"));
                    }
                }
                if c.platform == Platform::Standard {
                    if !c.secret.starts_with("whsec_") {
                        return Err(format!("{at}: Standard Webhooks connection `{}` needs a `whsec_…` secret", c.id));
                    }
                    crate::ingest::standard::check_new_secret(&c.secret)
                        .map_err(|e| format!("{at}: connection `{}`: {e}", c.id))?;
                }
            }
            unique(m.warehouses.iter().map(|w| &w.id), &format!("{at}: warehouse"))?;
            unique(m.markets.iter().map(|k| &k.name), &format!("{at}: market"))?;
            unique(m.catalog.iter().map(|c| &c.sku), &format!("{at}: catalog sku"))?;
            let mut seen_countries: BTreeMap<CountryCode, &str> = BTreeMap::new();
            for market in &m.markets {
                if market.countries.is_empty() {
                    return Err(format!("{at}: market `{}` has no countries", market.name));
                }
                for country in &market.countries {
                    if let Some(other) = seen_countries.insert(*country, &market.name) {
                        return Err(format!(
                            "{at}: {country} is in markets `{other}` and `{}`; a country belongs to one market",
                            market.name
                        ));
                    }
                }
                unique(market.plugins.iter(), &format!("{at}: market `{}` plugin", market.name))?;
                for name in market.config.keys() {
                    if !market.plugins.contains(name) {
                        return Err(format!(
                            "{at}: market `{}` configures `{name}`, which is not in its `plugins` list",
                            market.name
                        ));
                    }
                }
            }
            for e in &m.endpoints {
                if !(e.url.starts_with("http://") || e.url.starts_with("https://")) {
                    return Err(format!("{at}: endpoint `{}` is not an http(s) URL", e.url));
                }
                if !e.secret.starts_with("whsec_") {
                    return Err(format!("{at}: endpoint `{}` needs a `whsec_…` secret", e.url));
                }
                crate::ingest::standard::check_new_secret(&e.secret)
                    .map_err(|problem| format!("{at}: endpoint `{}`: {problem}", e.url))?;
            }
        }
        Ok(())
    }
}

fn check_id(id: &str, what: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok { Ok(()) } else { Err(format!("{what} `{id}` must be 1-64 letters, digits, `-`, `_` or `.`")) }
}

fn unique<'a>(items: impl Iterator<Item = &'a String>, what: &str) -> Result<(), String> {
    let mut seen = HashSet::new();
    for item in items {
        if !seen.insert(item) {
            return Err(format!("{what} `{item}` is defined twice"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the README and of the issue that introduced the file, verbatim.
    pub(crate) const EXAMPLE: &str = r#"
[[merchant]]
id = "acme"
name = "Acme Outdoor"
currency = "EUR"

[[merchant.connection]]
id = "acme-shopify"
platform = "shopify"            # shopify | woocommerce | standard
shop_domain = "acme-outdoor.myshopify.com"
secret = "hush-acme-shopify-secret"

[[merchant.warehouse]]
id = "shenzhen"
country = "CN"
postal_code = "518000"
city = "Shenzhen"

[[merchant.market]]
name = "EU"
countries = ["AT","BE","BG","HR","CY","CZ","DK","EE","FI","FR","DE","GR","HU","IE","IT",
             "LV","LT","LU","MT","NL","PL","PT","RO","SK","SI","ES","SE"]
plugins = ["customs-eu", "carrier-table-rate", "returns-standard"]

[[merchant.catalog]]
sku = "TEE-M"
hs_code = "610910"
origin_country = "CN"
unit_weight_g = 180
"#;

    #[test]
    fn the_documented_example_parses() {
        let file = SetupFile::parse(EXAMPLE).expect("example");
        let acme = &file.merchants[0];
        assert_eq!(acme.connections[0].platform, Platform::Shopify);
        assert_eq!(acme.markets[0].countries.len(), 27);
        assert_eq!(acme.warehouses[0].kind, WarehouseKind::Fulfillment);
        assert_eq!(acme.catalog[0].unit_weight_g, Some(180));
    }

    #[test]
    fn a_market_chooses_the_cheapest_rate_unless_told_otherwise() {
        let file = SetupFile::parse(EXAMPLE).expect("example");
        assert_eq!(file.merchants[0].markets[0].choose, crate::domain::Policy::Cheapest);
        let fastest = EXAMPLE
            .replace("plugins = [\"customs-eu\"", "choose = \"fastest\"\nmax_eta_days = 5\nplugins = [\"customs-eu\"");
        let file = SetupFile::parse(&fastest).expect("fastest");
        let market = &file.merchants[0].markets[0];
        assert_eq!((market.choose, market.max_eta_days), (crate::domain::Policy::Fastest, Some(5)));
        let err = SetupFile::parse(
            &EXAMPLE.replace("plugins = [\"customs-eu\"", "choose = \"random\"\nplugins = [\"customs-eu\""),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("random"), "{err}");
    }

    #[test]
    fn a_typo_in_a_key_is_refused_with_its_name() {
        let err = SetupFile::parse(&EXAMPLE.replace("shop_domain", "shop_domian")).unwrap_err().to_string();
        assert!(err.contains("shop_domian"), "{err}");
    }

    #[test]
    fn an_invalid_country_is_refused() {
        let err = SetupFile::parse(&EXAMPLE.replace("\"CN\"", "\"China\"")).unwrap_err().to_string();
        assert!(err.contains("`China` is not an ISO 3166-1 alpha-2 country code"), "{err}");
    }

    #[test]
    fn a_country_in_two_markets_is_refused() {
        let text = format!("{EXAMPLE}\n[[merchant.market]]\nname = \"DACH\"\ncountries = [\"DE\"]\n");
        let err = SetupFile::parse(&text).unwrap_err().to_string();
        assert!(err.contains("DE is in markets `EU` and `DACH`"), "{err}");
    }

    #[test]
    fn a_shopify_connection_needs_its_shop_domain() {
        let err = SetupFile::parse(&EXAMPLE.replace("shop_domain = \"acme-outdoor.myshopify.com\"", ""))
            .unwrap_err()
            .to_string();
        assert!(err.contains("needs `shop_domain`"), "{err}");
    }

    #[test]
    fn config_for_a_plugin_not_in_the_market_is_refused() {
        let text = format!("{EXAMPLE}\n[merchant.market.config.carrier-dhl]\naccount = \"1\"\n");
        // The table attaches to the last market, EU, which does not list carrier-dhl.
        let err = SetupFile::parse(&text).unwrap_err().to_string();
        assert!(err.contains("configures `carrier-dhl`"), "{err}");
    }

    #[test]
    fn a_standard_webhooks_secret_under_24_bytes_is_refused_at_load() {
        let connection = "[[merchant.connection]]\nid = \"acme-sw\"\nplatform = \"standard\"\n";
        // `whsec_` + base64 of 16 bytes, then of 32.
        let short = EXAMPLE.replacen(
            "[[merchant.connection]]\n",
            &format!("{connection}secret = \"whsec_MDEyMzQ1Njc4OWFiY2RlZg==\"\n\n[[merchant.connection]]\n"),
            1,
        );
        let err = SetupFile::parse(&short).unwrap_err().to_string();
        assert!(err.contains("acme-sw") && err.contains("24"), "{err}");
        let long = short.replace("MDEyMzQ1Njc4OWFiY2RlZg==", "Y3Jvc3Nkb2NrLXRlc3Qta2V5LW5vdC1mb3ItcHJvZCE=");
        SetupFile::parse(&long).expect("a 32-byte key is fine");
    }

    #[test]
    fn a_shop_domain_of_the_wrong_form_for_its_platform_is_refused_at_load() {
        let err = SetupFile::parse(&EXAMPLE.replace("acme-outdoor.myshopify.com", "acme-outdoor.example.com"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("myshopify.com") && err.contains("acme-shopify"), "{err}");
    }
}

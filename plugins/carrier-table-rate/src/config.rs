//! The merchant's rate table: zones, services with price bands per zone, and the label format.
//!
//! The configuration arrives as JSON through `ctx.config()`. Every field has a default (see
//! [`crate::defaults`]), so `{}` is a working table that rates any parcel between any two
//! countries; a merchant who sends `"zones"` or `"services"` replaces that part of the table
//! whole. Unknown keys are refused, so a typo such as `"zone"` fails loudly instead of being
//! ignored. After parsing, [`Config::validate`] checks what JSON Schema cannot express
//! (bands in ascending order, services naming zones that exist) and says what to fix.
//!
//! Zones are tried in order and the first that matches wins, so a catch-all zone belongs
//! last. A zone matches when its [`ZoneRule`] holds and, if given, the destination is one of
//! its `countries` and the origin one of its `origin_countries`.

use std::collections::HashSet;

use crossdock_sdk::prelude::*;
use serde::{Deserialize, Serialize};

use crate::regions;

/// The whole configuration of one table-rate carrier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The code this carrier reports in rates and labels, such as `table-rate` or `colissimo`.
    pub carrier_code: String,
    /// The name printed on labels.
    pub carrier_name: String,
    /// The currency of every price in the table.
    pub currency: CurrencyCode,
    /// Zones, tried in order; the first that matches the route is used.
    pub zones: Vec<Zone>,
    /// The services offered, each priced per zone.
    pub services: Vec<Service>,
    /// How labels are rendered.
    pub label_format: LabelChoice,
    /// Divisor for volumetric weight in cm³ per kg (5000 is the express carriers' usual
    /// figure). When set, each parcel is charged at the greater of its actual and its
    /// volumetric weight. `null` charges actual weight only.
    pub volumetric_divisor: Option<u32>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            carrier_code: "table-rate".into(),
            carrier_name: "Table rate".into(),
            currency: crate::defaults::currency(),
            zones: crate::defaults::zones(),
            services: crate::defaults::services(),
            label_format: LabelChoice::Pdf,
            volumetric_divisor: None,
        }
    }
}

/// How a zone relates origin and destination, before its country filters apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneRule {
    /// Any route (subject to the zone's country filters).
    #[default]
    Any,
    /// Origin and destination are the same country.
    Domestic,
    /// Origin and destination lie in the same region of [`crate::regions`] (Europe, North
    /// America, Latin America, Asia, Oceania, Middle East, Africa).
    SameRegion,
}

/// A named set of routes that share prices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// The name services refer to, such as `domestic` or `world`.
    pub name: String,
    /// The route rule; `any` when omitted.
    #[serde(default)]
    pub rule: ZoneRule,
    /// When not empty, the destination must be one of these countries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<CountryCode>,
    /// When not empty, the origin must be one of these countries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origin_countries: Vec<CountryCode>,
}

impl Zone {
    /// Whether a shipment from `origin` to `destination` falls in this zone.
    pub fn matches(&self, origin: CountryCode, destination: CountryCode) -> bool {
        let rule = match self.rule {
            ZoneRule::Any => true,
            ZoneRule::Domestic => origin == destination,
            ZoneRule::SameRegion => regions::same_region(origin, destination),
        };
        rule && (self.countries.is_empty() || self.countries.contains(&destination))
            && (self.origin_countries.is_empty() || self.origin_countries.contains(&origin))
    }
}

/// One service of the table, such as "Standard" or "Express".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The code that rates carry and label requests name.
    pub code: String,
    /// The name shown to merchants and printed on labels.
    pub name: String,
    /// Economy, standard or express, for the merchant's shipping policy.
    pub level: ServiceLevel,
    /// Fewest working days to delivery, unless a zone says otherwise.
    pub eta_min_days: u32,
    /// Most working days to delivery, unless a zone says otherwise.
    pub eta_max_days: u32,
    /// Prices per zone. A zone missing here is not served by this service.
    pub prices: Vec<ZonePrices>,
}

impl Service {
    /// The prices of this service in `zone`, if it serves that zone.
    pub fn prices_for(&self, zone: &str) -> Option<&ZonePrices> {
        self.prices.iter().find(|p| p.zone == zone)
    }
}

/// The weight bands of one service in one zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZonePrices {
    /// The zone's name.
    pub zone: String,
    /// Bands in ascending order of weight; a parcel takes the first band it fits.
    pub bands: Vec<Band>,
    /// Price in minor units for each started kilogram above the last band. Without it,
    /// nothing heavier than the last band is carried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_extra_kg: Option<i64>,
    /// With `per_extra_kg`, the heaviest shipment accepted, in grams.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_weight_g: Option<u32>,
    /// Overrides the service's `eta_min_days` in this zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eta_min_days: Option<u32>,
    /// Overrides the service's `eta_max_days` in this zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eta_max_days: Option<u32>,
}

/// "Up to `max_weight_g` grams costs `price` minor units."
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The heaviest shipment in this band, in grams (inclusive).
    pub max_weight_g: u32,
    /// Minor units of the table's currency.
    pub price: i64,
}

/// The label formats this plugin renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelChoice {
    /// A one-page 4×6 inch PDF.
    Pdf,
    /// ZPL II for 203 dpi thermal printers, 4×6 inch.
    Zpl,
}

impl LabelChoice {
    /// The contract's name for this format.
    pub fn format(self) -> LabelFormat {
        match self {
            Self::Pdf => LabelFormat::Pdf,
            Self::Zpl => LabelFormat::Zpl,
        }
    }
}

impl Config {
    /// Reads and checks the merchant's configuration. A broken table is refused as an
    /// invalid request whose message starts with `invalid_config` and names the field.
    pub fn load(ctx: &Ctx) -> Result<Self, CarrierError> {
        let config: Config = ctx.config().map_err(|e| CarrierError::InvalidRequest(e.to_string()))?;
        config
            .validate()
            .map_err(|why| CarrierError::InvalidRequest(format!("invalid_config: configuration: {why}")))?;
        Ok(config)
    }

    /// The first zone that matches the route, if any.
    pub fn zone_for(&self, origin: CountryCode, destination: CountryCode) -> Option<&Zone> {
        self.zones.iter().find(|z| z.matches(origin, destination))
    }

    /// The service with this code.
    pub fn service(&self, code: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.code == code)
    }

    /// The service codes, for messages: "`standard`, `express`".
    pub fn service_codes(&self) -> String {
        let codes: Vec<String> = self.services.iter().map(|s| format!("`{}`", s.code)).collect();
        if codes.is_empty() { "none".into() } else { codes.join(", ") }
    }

    /// Checks what the JSON shape alone does not: names, order of bands, references.
    pub fn validate(&self) -> Result<(), String> {
        if self.carrier_code.trim().is_empty() || self.carrier_code.chars().any(char::is_whitespace) {
            return Err("carrier_code must be a non-empty code without spaces, such as `table-rate`".into());
        }
        if self.carrier_name.trim().is_empty() {
            return Err("carrier_name must not be empty".into());
        }
        if self.volumetric_divisor == Some(0) {
            return Err("volumetric_divisor must be at least 1 (5000 is usual), or null to charge actual weight".into());
        }
        let mut zone_names = HashSet::new();
        for (i, zone) in self.zones.iter().enumerate() {
            if zone.name.trim().is_empty() {
                return Err(format!("zones[{i}].name must not be empty"));
            }
            if !zone_names.insert(zone.name.as_str()) {
                return Err(format!("zones[{i}]: the zone name `{}` is used twice", zone.name));
            }
        }
        let mut codes = HashSet::new();
        for (i, service) in self.services.iter().enumerate() {
            let at = format!("services[{i}] (`{}`)", service.code);
            if service.code.trim().is_empty() {
                return Err(format!("services[{i}].code must not be empty"));
            }
            if !codes.insert(service.code.as_str()) {
                return Err(format!("{at}: the service code is used twice"));
            }
            if service.eta_min_days > service.eta_max_days {
                return Err(format!("{at}: eta_min_days is greater than eta_max_days"));
            }
            for (j, prices) in service.prices.iter().enumerate() {
                validate_prices(prices, service, &zone_names).map_err(|why| format!("{at}.prices[{j}]: {why}"))?;
            }
        }
        Ok(())
    }
}

fn validate_prices(prices: &ZonePrices, service: &Service, zones: &HashSet<&str>) -> Result<(), String> {
    if !zones.contains(prices.zone.as_str()) {
        let mut known: Vec<&str> = zones.iter().copied().collect();
        known.sort_unstable();
        return Err(format!("zone `{}` is not defined; the zones are: {}", prices.zone, known.join(", ")));
    }
    let Some(last) = prices.bands.last() else {
        return Err("bands must not be empty".into());
    };
    let mut previous: Option<u32> = None;
    for band in &prices.bands {
        if band.price < 0 {
            return Err(format!("the band up to {} g has a negative price", band.max_weight_g));
        }
        if previous.is_some_and(|p| band.max_weight_g <= p) {
            return Err("bands must be in strictly ascending order of max_weight_g".into());
        }
        previous = Some(band.max_weight_g);
    }
    if prices.per_extra_kg.is_some_and(|p| p < 0) {
        return Err("per_extra_kg must not be negative".into());
    }
    if prices.max_weight_g.is_some_and(|m| m < last.max_weight_g) {
        return Err("max_weight_g is below the last band".into());
    }
    let min = prices.eta_min_days.unwrap_or(service.eta_min_days);
    let max = prices.eta_max_days.unwrap_or(service.eta_max_days);
    if min > max {
        return Err("eta_min_days is greater than eta_max_days".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::TestHost;

    fn cc(code: &str) -> CountryCode {
        code.parse().unwrap()
    }

    #[test]
    fn an_empty_config_is_the_default_table() {
        let host = TestHost::new();
        assert_eq!(Config::load(&host.ctx()).unwrap(), Config::default());
        assert!(Config::default().validate().is_ok());
    }

    #[test]
    fn the_default_zones_are_domestic_then_same_region_then_world() {
        let config = Config::default();
        let zone = |o, d| config.zone_for(cc(o), cc(d)).map(|z| z.name.as_str());
        assert_eq!(zone("DE", "DE"), Some("domestic"));
        assert_eq!(zone("FR", "DE"), Some("region"));
        assert_eq!(zone("CN", "JP"), Some("region"));
        assert_eq!(zone("CN", "DE"), Some("world"));
        assert_eq!(zone("US", "AU"), Some("world"));
    }

    #[test]
    fn country_filters_narrow_a_zone() {
        let zone: Zone =
            serde_json::from_str(r#"{"name":"eu-from-cn","countries":["DE","FR"],"origin_countries":["CN"]}"#).unwrap();
        assert!(zone.matches(cc("CN"), cc("DE")));
        assert!(!zone.matches(cc("CN"), cc("GB")));
        assert!(!zone.matches(cc("HK"), cc("DE")));
    }

    #[test]
    fn a_typo_in_a_key_is_refused() {
        let host = TestHost::new().with_config(r#"{"zone": []}"#);
        let err = Config::load(&host.ctx()).unwrap_err();
        assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("unknown field `zone`")), "{err}");
    }

    #[test]
    fn a_service_naming_an_undefined_zone_is_refused_with_the_known_zones() {
        let json = r#"{"zones":[{"name":"home","rule":"domestic"}],"services":[{"code":"std","name":"Std",
            "level":"standard","eta_min_days":1,"eta_max_days":2,
            "prices":[{"zone":"abroad","bands":[{"max_weight_g":1000,"price":500}]}]}]}"#;
        let host = TestHost::new().with_config(json);
        let err = Config::load(&host.ctx()).unwrap_err().to_string();
        assert!(err.contains("invalid_config") && err.contains("zone `abroad` is not defined"), "{err}");
        assert!(err.contains("home"), "{err}");
    }

    #[test]
    fn bands_out_of_order_are_refused() {
        let mut config = Config::default();
        config.services[0].prices[0].bands.swap(0, 1);
        let err = config.validate().unwrap_err();
        assert!(err.contains("ascending"), "{err}");
    }

    #[test]
    fn duplicate_service_codes_and_zero_divisors_are_refused() {
        let mut config = Config::default();
        config.services[1].code = config.services[0].code.clone();
        assert!(config.validate().unwrap_err().contains("used twice"));
        let config = Config { volumetric_divisor: Some(0), ..Config::default() };
        assert!(config.validate().unwrap_err().contains("volumetric_divisor"));
    }
}

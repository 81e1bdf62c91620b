//! The JSON Schema (draft 2020-12) of the configuration, as `metadata().config_schema` gives it.
//!
//! The schema is the file `config.schema.json` beside this one, embedded as text: merchants
//! and tools can read it as it is, and the plugin carries no code to build it. Its defaults
//! repeat [`Config::default`](crate::config::Config::default); the tests below prove that they
//! deserialize into exactly that value, that the schema names exactly the fields each struct
//! has, and that its enums are the values serde accepts, so the two cannot drift apart.

/// The schema as JSON text.
pub const CONFIG_SCHEMA: &str = include_str!("config.schema.json");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Band, Config, LabelChoice, Service, Zone, ZonePrices, ZoneRule};
    use crossdock_sdk::ServiceLevel;
    use crossdock_sdk::testing::check_config_schema;
    use serde_json::Value;

    fn schema() -> Value {
        serde_json::from_str(CONFIG_SCHEMA).unwrap()
    }

    fn keys(value: &Value) -> Vec<String> {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    }

    #[test]
    fn the_schema_names_exactly_the_fields_of_each_struct() {
        let schema = schema();
        let zone = Zone {
            name: "z".into(),
            rule: ZoneRule::Any,
            countries: vec!["DE".parse().unwrap()],
            origin_countries: vec!["CN".parse().unwrap()],
        };
        let prices = ZonePrices {
            zone: "z".into(),
            bands: vec![Band { max_weight_g: 1, price: 1 }],
            per_extra_kg: Some(1),
            max_weight_g: Some(1),
            eta_min_days: Some(1),
            eta_max_days: Some(1),
        };
        let service = Service {
            code: "s".into(),
            name: "S".into(),
            level: ServiceLevel::Economy,
            eta_min_days: 1,
            eta_max_days: 1,
            prices: vec![prices.clone()],
        };
        let defs = &schema["$defs"];
        assert_eq!(keys(&defs["zone"]["properties"]), keys(&serde_json::to_value(zone).unwrap()));
        assert_eq!(keys(&defs["zone_prices"]["properties"]), keys(&serde_json::to_value(&prices).unwrap()));
        assert_eq!(keys(&defs["service"]["properties"]), keys(&serde_json::to_value(service).unwrap()));
        assert_eq!(keys(&defs["band"]["properties"]), keys(&serde_json::to_value(prices.bands[0]).unwrap()));
    }

    #[test]
    fn the_schema_enums_are_the_values_serde_accepts() {
        let schema = schema();
        let values = |v: &Value| v["enum"].as_array().unwrap().clone();
        for v in values(&schema["properties"]["label_format"]) {
            serde_json::from_value::<LabelChoice>(v).unwrap();
        }
        for v in values(&schema["$defs"]["zone"]["properties"]["rule"]) {
            serde_json::from_value::<ZoneRule>(v).unwrap();
        }
        for v in values(&schema["$defs"]["service"]["properties"]["level"]) {
            serde_json::from_value::<ServiceLevel>(v).unwrap();
        }
        let rule = &schema["$defs"]["zone"]["properties"]["rule"]["default"];
        assert_eq!(serde_json::from_value::<ZoneRule>(rule.clone()).unwrap(), ZoneRule::default());
    }

    #[test]
    fn the_schema_is_closed_draft_2020_12_naming_the_config_fields_with_their_defaults() {
        check_config_schema::<Config>(CONFIG_SCHEMA);
    }

    #[test]
    fn the_nested_schemas_refuse_unknown_keys() {
        let schema = schema();
        for def in ["zone", "service", "zone_prices", "band"] {
            assert_eq!(schema["$defs"][def]["additionalProperties"], false, "{def}");
        }
    }
}

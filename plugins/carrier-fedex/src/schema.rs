//! The JSON Schema (draft 2020-12) of the configuration, as `metadata().config_schema` gives it.
//!
//! The schema is the file `config.schema.json` beside this one, embedded as text. Its defaults
//! repeat [`Config::default`](crate::config::Config::default); the tests below prove that they
//! deserialize into exactly that value, that the schema names exactly the fields each struct
//! has, and that its enums are the values serde accepts, so the two cannot drift apart.

/// The schema as JSON text.
pub const CONFIG_SCHEMA: &str = include_str!("config.schema.json");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, LabelChoice, PickupType, Service};
    use crossdock_sdk::ServiceLevel;
    use crossdock_sdk::testing::ConfigSchemaCheck;
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
        let config = Config { account_number: Some("740561073".into()), ..Config::default() };
        assert_eq!(keys(&schema["properties"]), keys(&serde_json::to_value(config).unwrap()));
        let service = Service {
            service_type: "S".into(),
            level: ServiceLevel::Express,
            eta_min_days: Some(1),
            eta_max_days: Some(2),
        };
        assert_eq!(keys(&schema["$defs"]["service"]["properties"]), keys(&serde_json::to_value(service).unwrap()));
    }

    #[test]
    fn the_schema_enums_are_the_values_serde_accepts() {
        let schema = schema();
        let values = |v: &Value| v["enum"].as_array().unwrap().clone();
        for v in values(&schema["properties"]["label_format"]) {
            serde_json::from_value::<LabelChoice>(v).unwrap();
        }
        for v in values(&schema["properties"]["pickup_type"]) {
            let pickup = serde_json::from_value::<PickupType>(v.clone()).unwrap();
            assert_eq!(pickup.as_str(), v);
        }
        for v in values(&schema["$defs"]["service"]["properties"]["level"]) {
            serde_json::from_value::<ServiceLevel>(v).unwrap();
        }
    }

    #[test]
    fn the_schema_is_closed_draft_2020_12_with_the_config_defaults_and_requires_the_account() {
        ConfigSchemaCheck::new(CONFIG_SCHEMA).required(&["account_number"]).check::<Config>();
    }

    #[test]
    fn the_service_schema_refuses_unknown_keys_and_the_description_names_the_secrets() {
        let schema = schema();
        assert_eq!(schema["$defs"]["service"]["additionalProperties"], false);
        let description = schema["description"].as_str().unwrap();
        assert!(description.contains("client_id") && description.contains("client_secret"), "{description}");
    }
}

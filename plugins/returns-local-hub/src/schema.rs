//! The JSON Schema (draft 2020-12) of the configuration, as `metadata().config_schema` gives it.
//!
//! The schema is the file `config.schema.json` beside this one, embedded as text so merchants
//! and tools read it as it is. Its defaults repeat [`Config::default`](crate::config::Config);
//! the tests below prove that they deserialize into exactly that value and that the schema
//! names exactly the fields of the struct, so the two cannot drift apart.

/// The schema as JSON text.
pub const CONFIG_SCHEMA: &str = include_str!("config.schema.json");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use serde_json::Value;

    fn schema() -> Value {
        serde_json::from_str(CONFIG_SCHEMA).unwrap()
    }

    #[test]
    fn the_schema_defaults_deserialize_into_exactly_the_default_config() {
        let defaults: serde_json::Map<String, Value> = schema()["properties"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, p)| (k.clone(), p["default"].clone()))
            .collect();
        let config: Config = serde_json::from_value(Value::Object(defaults)).unwrap();
        assert_eq!(config, Config::default());
    }

    #[test]
    fn the_schema_names_exactly_the_fields_of_the_config() {
        let mut in_schema: Vec<String> = schema()["properties"].as_object().unwrap().keys().cloned().collect();
        let mut in_struct: Vec<String> =
            serde_json::to_value(Config::default()).unwrap().as_object().unwrap().keys().cloned().collect();
        in_schema.sort();
        in_struct.sort();
        assert_eq!(in_schema, in_struct);
    }

    #[test]
    fn the_schema_is_draft_2020_12_refuses_unknown_keys_and_lists_the_unresellable_choices() {
        let schema = schema();
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["additionalProperties"], false);
        assert!(serde_json::from_str::<Config>(r#"{"window": 30}"#).is_err());
        for choice in schema["properties"]["unresellable"]["enum"].as_array().unwrap() {
            let config: Config = serde_json::from_value(serde_json::json!({"unresellable": choice})).unwrap();
            assert_eq!(serde_json::to_value(config.unresellable).unwrap(), *choice);
        }
    }
}

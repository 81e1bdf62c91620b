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
    use crossdock_sdk::testing::check_config_schema;
    use serde_json::Value;

    fn schema() -> Value {
        serde_json::from_str(CONFIG_SCHEMA).unwrap()
    }

    #[test]
    fn the_schema_is_closed_draft_2020_12_naming_the_config_fields_with_their_defaults() {
        check_config_schema::<Config>(CONFIG_SCHEMA);
    }

    #[test]
    fn the_schema_lists_the_exceptions_the_config_knows() {
        let schema = schema();
        let choices =
            schema["properties"]["exceptions"]["items"]["properties"]["exception"]["enum"].as_array().unwrap();
        assert_eq!(choices.len(), 5);
        for choice in choices {
            let entry = serde_json::json!({"exceptions": [{"sku": "X", "exception": choice}]});
            let config: Config = serde_json::from_value(entry).unwrap();
            assert_eq!(serde_json::to_value(config.exceptions[0].exception).unwrap(), *choice);
        }
    }
}

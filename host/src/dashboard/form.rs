//! A plugin's configuration form, built from its JSON Schema, and the configuration a posted
//! form stands for.
//!
//! Each top-level property of the schema becomes one field: a boolean a checkbox; an integer
//! or number a number input with the schema's `minimum`/`maximum`; a string a text input; an
//! `enum` a select; an array of strings a comma-separated text input; anything else (objects,
//! arrays of objects, `oneOf`) a JSON textarea. A schema without `properties` is edited as
//! one JSON textarea, and keys of a configuration that the schema does not list are kept in
//! an "other settings" JSON textarea, so nothing is lost by saving.
//!
//! An empty field leaves its key out, so the plugin's default applies. The form does not
//! validate: a value that is not a number goes to the API as text, and the API's schema
//! validation answers with the field's name (`config/window_days: …`). Only text that is not
//! JSON at all is refused here, with the same `config/<field>` naming.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// How one property is edited.
#[derive(Debug, Clone, PartialEq)]
pub enum Widget {
    Checkbox,
    Number {
        integer: bool,
        min: Option<Value>,
        max: Option<Value>,
    },
    Text,
    /// The choices, as JSON values.
    Select(Vec<Value>),
    /// An array of strings, as comma-separated text.
    List,
    Json,
}

/// One field of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The property name, the key in the configuration.
    pub name: String,
    pub description: Option<String>,
    pub default: Option<Value>,
    pub widget: Widget,
}

/// The fields of a schema, or `None` when the schema has no properties to list (the whole
/// configuration is then one JSON textarea).
pub fn fields(schema: &Value) -> Option<Vec<Field>> {
    let properties = schema["properties"].as_object().filter(|p| !p.is_empty())?;
    Some(
        properties
            .iter()
            .map(|(name, property)| Field {
                name: name.clone(),
                description: property["description"].as_str().map(str::to_owned),
                default: property.get("default").cloned(),
                widget: widget(schema, property),
            })
            .collect(),
    )
}

/// A local `$ref` (`#/$defs/x`) resolved against the root schema, one level deep.
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => root.pointer(pointer).unwrap_or(schema),
        None => schema,
    }
}

/// The one non-null type a schema names (`"integer"`, `["integer", "null"]`), if it names one.
fn single_type(schema: &Value) -> Option<&str> {
    match &schema["type"] {
        Value::String(t) => Some(t.as_str()),
        Value::Array(types) => {
            let named: Vec<&str> = types.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect();
            if named.len() == 1 { Some(named[0]) } else { None }
        }
        _ => None,
    }
}

fn widget(root: &Value, property: &Value) -> Widget {
    let property = resolve(root, property);
    if let Some(choices) = property["enum"].as_array() {
        return Widget::Select(choices.clone());
    }
    match single_type(property) {
        Some("boolean") => Widget::Checkbox,
        Some(t @ ("integer" | "number")) => Widget::Number {
            integer: t == "integer",
            min: property.get("minimum").cloned(),
            max: property.get("maximum").cloned(),
        },
        Some("string") => Widget::Text,
        Some("array") => {
            let items = resolve(root, &property["items"]);
            let strings = single_type(items) == Some("string")
                || items["enum"].as_array().is_some_and(|e| !e.is_empty() && e.iter().all(Value::is_string));
            if strings { Widget::List } else { Widget::Json }
        }
        _ => Widget::Json,
    }
}

/// The field name a form input carries for property `name`.
pub fn input_name(name: &str) -> String {
    format!("cfg.{name}")
}

/// The form input of settings the schema does not list (or of the whole configuration).
pub const OTHER: &str = "cfg_other";

/// What a form shows: the text of each field (`"on"` for a ticked checkbox) and of the
/// "other settings" textarea.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    pub text: BTreeMap<String, String>,
    pub other: String,
}

impl Values {
    /// The form of a stored configuration.
    pub fn from_config(fields: Option<&[Field]>, config: &Value) -> Self {
        let Some(fields) = fields else {
            let other = if config.as_object().is_some_and(Map::is_empty) { String::new() } else { pretty(config) };
            return Self { text: BTreeMap::new(), other };
        };
        let mut text = BTreeMap::new();
        for field in fields {
            let current = config.get(&field.name);
            let shown = match (&field.widget, current) {
                (Widget::Checkbox, _) => {
                    let on = current.or(field.default.as_ref()).and_then(Value::as_bool).unwrap_or(false);
                    on.then(|| "on".to_owned())
                }
                (_, None) => None,
                (Widget::Number { .. }, Some(v)) => Some(plain(v)),
                (Widget::Text, Some(v)) => Some(plain(v)),
                (Widget::Select(_), Some(v)) => Some(v.to_string()),
                (Widget::List, Some(Value::Array(items))) => {
                    Some(items.iter().map(plain).collect::<Vec<_>>().join(", "))
                }
                (Widget::List | Widget::Json, Some(v)) => Some(pretty(v)),
            };
            if let Some(shown) = shown {
                text.insert(field.name.clone(), shown);
            }
        }
        let listed = |k: &String| fields.iter().any(|f| &f.name == k);
        let others: Map<String, Value> = config
            .as_object()
            .map(|o| o.iter().filter(|(k, _)| !listed(k)).map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        let other = if others.is_empty() { String::new() } else { pretty(&Value::Object(others)) };
        Self { text, other }
    }

    /// The form as posted.
    pub fn from_posted(fields: Option<&[Field]>, posted: &[(String, String)]) -> Self {
        let value = |key: &str| posted.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let mut text = BTreeMap::new();
        for field in fields.unwrap_or_default() {
            if let Some(v) = value(&input_name(&field.name)) {
                let v = if field.widget == Widget::Checkbox { "on".to_owned() } else { v };
                text.insert(field.name.clone(), v);
            }
        }
        Self { text, other: value(OTHER).unwrap_or_default() }
    }

    /// The text shown in field `name`.
    pub fn get(&self, name: &str) -> &str {
        self.text.get(name).map_or("", String::as_str)
    }
}

/// A field the form could not turn into configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("config/{field}: {message}")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The configuration a form stands for.
pub fn to_config(fields: Option<&[Field]>, values: &Values) -> Result<Value, FieldError> {
    let other = values.other.trim();
    let Some(fields) = fields else {
        if other.is_empty() {
            return Ok(Value::Object(Map::new()));
        }
        return serde_json::from_str(other)
            .map_err(|e| FieldError { field: String::new(), message: format!("not valid JSON ({e})") });
    };
    let mut config = if other.is_empty() {
        Map::new()
    } else {
        match serde_json::from_str::<Value>(other) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err(other_error("must be a JSON object of setting names and values".into())),
            Err(e) => return Err(other_error(format!("not valid JSON ({e})"))),
        }
    };
    for field in fields {
        let text = values.get(&field.name).trim();
        let value = match &field.widget {
            Widget::Checkbox => Some(Value::Bool(text == "on")),
            _ if text.is_empty() => None,
            Widget::Number { integer: true, .. } => {
                Some(text.parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::String(text.to_owned())))
            }
            Widget::Number { integer: false, .. } => Some(
                text.parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(|| Value::String(text.to_owned()), Value::Number),
            ),
            Widget::Text => Some(Value::String(text.to_owned())),
            Widget::Select(_) => Some(serde_json::from_str(text).map_err(|e| FieldError {
                field: field.name.clone(),
                message: format!("`{text}` is not one of the choices ({e})"),
            })?),
            Widget::List => Some(Value::Array(
                text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| Value::String(s.to_owned())).collect(),
            )),
            Widget::Json => Some(
                serde_json::from_str(text)
                    .map_err(|e| FieldError { field: field.name.clone(), message: format!("not valid JSON ({e})") })?,
            ),
        };
        match value {
            Some(v) => {
                config.insert(field.name.clone(), v);
            }
            None => {
                config.remove(&field.name);
            }
        }
    }
    Ok(Value::Object(config))
}

fn other_error(message: String) -> FieldError {
    FieldError { field: "(other settings)".into(), message }
}

/// A string as itself, anything else as JSON.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// The fields an API validation message names: `config/window_days: …; config/x/0: …`
/// gives `window_days` and `x`.
pub fn named_fields(message: &str) -> Vec<String> {
    let mut names = Vec::new();
    for part in message.split("config/").skip(1) {
        let name: String = part.chars().take_while(|c| *c != '/' && *c != ':' && !c.is_whitespace()).collect();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The shape of `returns-standard`'s schema, cut down.
    fn schema() -> Value {
        json!({
            "type": "object", "additionalProperties": false,
            "properties": {
                "window_days": {"type": "integer", "minimum": 0, "maximum": 3650, "default": 30},
                "prepaid_label": {"type": "boolean", "default": false},
                "exclude_hygiene": {"type": "boolean", "default": true},
                "label_format": {"enum": ["pdf", "zpl"], "default": "pdf"},
                "carrier_name": {"type": "string"},
                "ratio": {"type": "number"},
                "fee_exempt_reasons": {"type": "array", "items": {"type": "string"}},
                "countries": {"type": "array", "items": {"$ref": "#/$defs/country"}},
                "keep_item_under": {"oneOf": [{"type": "null"}, {"type": "object"}], "default": null},
                "volumetric_divisor": {"type": ["integer", "null"], "minimum": 1}
            },
            "$defs": {"country": {"type": "string", "pattern": "^[A-Z]{2}$"}}
        })
    }

    fn widget_of(name: &str) -> Widget {
        let fields = fields(&schema()).expect("fields");
        fields.into_iter().find(|f| f.name == name).expect("field").widget
    }

    #[test]
    fn each_schema_type_gets_its_widget() {
        assert_eq!(widget_of("prepaid_label"), Widget::Checkbox);
        assert_eq!(
            widget_of("window_days"),
            Widget::Number { integer: true, min: Some(json!(0)), max: Some(json!(3650)) }
        );
        assert_eq!(widget_of("ratio"), Widget::Number { integer: false, min: None, max: None });
        assert_eq!(widget_of("volumetric_divisor"), Widget::Number { integer: true, min: Some(json!(1)), max: None });
        assert_eq!(widget_of("carrier_name"), Widget::Text);
        assert_eq!(widget_of("label_format"), Widget::Select(vec![json!("pdf"), json!("zpl")]));
        assert_eq!(widget_of("fee_exempt_reasons"), Widget::List);
        assert_eq!(widget_of("countries"), Widget::List, "a $ref to a string type is a string");
        assert_eq!(widget_of("keep_item_under"), Widget::Json);
        assert_eq!(fields(&json!({"type": "object"})), None);
    }

    #[test]
    fn a_stored_configuration_round_trips_through_the_form() {
        let fields = fields(&schema());
        let config = json!({
            "window_days": 14, "prepaid_label": true, "exclude_hygiene": false, "label_format": "zpl",
            "carrier_name": "Post", "fee_exempt_reasons": ["damaged", "late"],
            "keep_item_under": {"amount": 500, "currency": "EUR"}, "legacy_flag": 1
        });
        let values = Values::from_config(fields.as_deref(), &config);
        assert_eq!(values.get("window_days"), "14");
        assert_eq!(values.get("fee_exempt_reasons"), "damaged, late");
        assert_eq!(values.get("label_format"), "\"zpl\"");
        assert!(values.other.contains("legacy_flag"), "unlisted keys are kept: {}", values.other);
        assert_eq!(to_config(fields.as_deref(), &values).expect("config"), config);
    }

    #[test]
    fn empty_fields_are_left_out_and_unticked_boxes_are_false() {
        let fields = fields(&schema());
        let posted = vec![(input_name("window_days"), " ".to_owned()), (input_name("carrier_name"), String::new())];
        let values = Values::from_posted(fields.as_deref(), &posted);
        let config = to_config(fields.as_deref(), &values).expect("config");
        assert_eq!(config, json!({"prepaid_label": false, "exclude_hygiene": false}));
    }

    #[test]
    fn a_number_that_is_not_one_goes_to_the_api_as_text_so_its_validation_names_the_field() {
        let fields = fields(&schema());
        let posted = vec![(input_name("window_days"), "two weeks".to_owned()), (input_name("ratio"), "1.5".to_owned())];
        let config = to_config(fields.as_deref(), &Values::from_posted(fields.as_deref(), &posted)).expect("config");
        assert_eq!(config["window_days"], "two weeks");
        assert_eq!(config["ratio"], 1.5);
    }

    #[test]
    fn json_that_does_not_parse_is_refused_naming_the_field() {
        let fields = fields(&schema());
        let posted = vec![(input_name("keep_item_under"), "{amount: 5".to_owned())];
        let err = to_config(fields.as_deref(), &Values::from_posted(fields.as_deref(), &posted)).unwrap_err();
        assert_eq!(err.field, "keep_item_under");
        assert!(err.to_string().starts_with("config/keep_item_under: not valid JSON"), "{err}");
    }

    #[test]
    fn a_schema_without_properties_is_one_json_textarea() {
        let values = Values::from_config(None, &json!({"url": "http://x"}));
        assert!(values.other.contains("\"url\""));
        assert_eq!(to_config(None, &values).expect("config"), json!({"url": "http://x"}));
        assert_eq!(to_config(None, &Values::default()).expect("config"), json!({}));
    }

    #[test]
    fn validation_messages_name_their_fields() {
        let message = "returns-standard: config/prepaid_label: \"yes\" is not of type \"boolean\"; \
                       config/zones/0/name: \"\" is shorter than 1 character";
        assert_eq!(named_fields(message), ["prepaid_label", "zones"]);
        assert!(named_fields("returns-standard: config: 1 is not of type object").is_empty());
    }
}

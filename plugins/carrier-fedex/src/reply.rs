//! Reading FedEx's replies: a lenient view over the parsed JSON, field by field.
//!
//! FedEx's replies are large and vary by account, lane and service; this adapter reads a few
//! dozen of their fields (each named where it is read, with its CARRIERS.md §3 path). They are
//! read through [`Node`], a view over `serde_json::Value` in which a missing field, a `null` and
//! a field of another type all read as absent, so an unexpected reply becomes a clear
//! `BadResponse` naming what was missing rather than a parse failure on a field nobody needed.
//!
//! Replies are parsed once into a `Value` rather than into one derived struct per JSON object:
//! the component must stay small, and a derived deserializer per object of FedEx's reply
//! shapes costs about as much code as the rest of the adapter. Amounts are read as the JSON
//! number's text into the SDK's exact [`Decimal`].

use crossdock_sdk::carrier::Decimal;
use serde_json::Value;

/// A possibly absent JSON value.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a>(Option<&'a Value>);

impl<'a> Node<'a> {
    pub fn of(value: &'a Value) -> Self {
        Self(Some(value))
    }

    /// The member `key` of an object.
    pub fn get(self, key: &str) -> Node<'a> {
        Node(self.0.and_then(|v| v.get(key)))
    }

    /// The first element of an array.
    pub fn first(self) -> Node<'a> {
        self.items().next().unwrap_or(Node(None))
    }

    /// Whether there is a value here other than `null`.
    pub fn exists(self) -> bool {
        self.0.is_some_and(|v| !v.is_null())
    }

    /// The elements of an array; none for anything else.
    pub fn items(self) -> impl Iterator<Item = Node<'a>> {
        self.0.and_then(Value::as_array).into_iter().flatten().map(Node::of)
    }

    /// A string, trimmed; absent when empty.
    pub fn text(self) -> Option<&'a str> {
        self.0.and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty())
    }

    pub fn bool(self) -> Option<bool> {
        self.0.and_then(Value::as_bool)
    }

    /// A decimal written as a JSON number (`422.45`) or a string (`"1.2"`).
    pub fn decimal(self) -> Option<Decimal> {
        match self.0? {
            Value::Number(n) => Some(Decimal::new(n.to_string())),
            Value::String(s) if !s.trim().is_empty() => Some(Decimal::new(s.trim())),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_null_and_mistyped_fields_read_as_absent() {
        let value: Value = serde_json::from_str(r#"{"a": null, "b": 5, "c": "  ", "d": [1, "x"]}"#).unwrap();
        let node = Node::of(&value);
        assert!(!node.get("a").exists());
        assert!(node.get("b").text().is_none());
        assert!(node.get("c").text().is_none());
        assert!(node.get("zz").get("deeper").first().decimal().is_none());
        assert_eq!(node.get("d").items().count(), 2);
        assert_eq!(node.get("b").items().count(), 0);
    }

    #[test]
    fn amounts_keep_the_digits_fedex_sent() {
        let value: Value = serde_json::from_str(r#"{"n": 422.45, "s": "1.2", "i": 3599}"#).unwrap();
        let node = Node::of(&value);
        assert_eq!(node.get("n").decimal().unwrap().as_str(), "422.45");
        assert_eq!(node.get("s").decimal().unwrap().as_str(), "1.2");
        assert_eq!(node.get("i").decimal().unwrap().as_str(), "3599");
    }
}

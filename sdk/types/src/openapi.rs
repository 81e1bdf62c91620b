//! JSON Schemas of the validated codes, for the host's generated OpenAPI document (feature
//! `openapi`). Each code is a string on the wire; the schema says which strings it accepts.
//! The plugin kind is here too, as the enum of its three names.

use std::borrow::Cow;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::{CountryCode, CurrencyCode, HsCode, Timestamp};

fn string(description: &str, pattern: Option<&str>, example: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .description(Some(description))
        .pattern(pattern)
        .examples([example])
        .into()
}

impl PartialSchema for CountryCode {
    fn schema() -> RefOr<Schema> {
        string("ISO 3166-1 alpha-2 country code, upper case", Some("^[A-Z]{2}$"), "DE")
    }
}
impl ToSchema for CountryCode {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("CountryCode")
    }
}

impl PartialSchema for CurrencyCode {
    fn schema() -> RefOr<Schema> {
        string("ISO 4217 currency code, upper case", Some("^[A-Z]{3}$"), "EUR")
    }
}
impl ToSchema for CurrencyCode {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("CurrencyCode")
    }
}

impl PartialSchema for HsCode {
    fn schema() -> RefOr<Schema> {
        string(
            "Harmonized System tariff code of 6 to 10 digits; accepted with dots or spaces (`6109.10`), answered without",
            None,
            "610910",
        )
    }
}
impl ToSchema for HsCode {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("HsCode")
    }
}

impl PartialSchema for Timestamp {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::String))
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .description(Some("RFC 3339 date and time in UTC"))
            .examples(["2026-11-25T09:00:00Z"])
            .into()
    }
}
impl ToSchema for Timestamp {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Timestamp")
    }
}

//! Loading the exchange-rate table a deployment lends its plugins (`serve --fx`, `plugin run
//! --fx`) from a file: crossdock's JSON form ([`FxFile`]) or the European Central Bank's daily
//! reference rates (`eurofxref-daily.xml`, as downloaded).
//!
//! The table itself, its lookups and conversions, is the runtime's ([`FxTable`]): this module
//! only turns files into it, so the runtime never reads a file format. The ECB file is read
//! with an XML parser (DTDs refused, so no entity expansion), and every refusal says which
//! element or value is wrong and where.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crossdock_types::CurrencyCode;
use serde::Deserialize;

pub use crate::runtime::fx::{FxEntry, FxTable};

/// The JSON form: `{"date": "2026-11-24", "base": "EUR", "rates": {"USD": 1052300, …}}`,
/// rates in micros of the quoted currency per unit of `base`. Inverse and cross rates are
/// derived ([`FxTable::from_quotes`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FxFile {
    pub date: String,
    pub base: CurrencyCode,
    pub rates: HashMap<CurrencyCode, u64>,
    /// Where the rates come from.
    #[serde(default)]
    pub source: Option<String>,
}

// An inherent constructor beside the file type it reads, so the runtime's table knows no file.
impl FxTable {
    /// The table of `file`'s rates, their inverses and the cross rates through its base.
    pub fn from_file(file: FxFile) -> Self {
        Self::from_quotes(file.base, &file.date, &file.rates)
    }
}

/// Why an FX file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum FxError {
    #[error("cannot read the FX table {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error(
        "{path} is not an FX table: {source}; expected {{\"date\": \"YYYY-MM-DD\", \"base\": \"EUR\", \
         \"rates\": {{\"USD\": 1052300}}}} (rates in millionths) or the ECB's eurofxref-daily.xml"
    )]
    Json { path: PathBuf, source: serde_json::Error },
    #[error(
        "{path}: rates.{code} is {rate}, a decimal; rates are integer micro-units of {code} per unit of the \
         base: 1.0523 USD per EUR is 1052300, so write {example}"
    )]
    DecimalRate { path: PathBuf, code: String, rate: String, example: u64 },
    #[error("{path} is not the ECB's reference rates file: {source}")]
    Ecb { path: PathBuf, source: EcbError },
}

/// What is wrong with an ECB reference rates file.
#[derive(Debug, thiserror::Error)]
pub enum EcbError {
    #[error("malformed XML: {0}")]
    Xml(#[from] roxmltree::Error),
    #[error("no <Cube time=\"YYYY-MM-DD\"> element; download eurofxref-daily.xml from the ECB")]
    NoDate,
    #[error(
        "<Cube time> appears for {first} and {second}: this is a history file; use the daily file, \
         eurofxref-daily.xml, whose rates all share one date"
    )]
    SeveralDates { first: String, second: String },
    #[error("<Cube time=\"{0}\">: the date is not YYYY-MM-DD")]
    BadDate(String),
    #[error("<Cube currency=\"{currency}\"> on line {line} has no rate attribute")]
    MissingRate { currency: String, line: u32 },
    #[error("<Cube rate=\"{rate}\"> on line {line} has no currency attribute")]
    MissingCurrency { rate: String, line: u32 },
    #[error("currency \"{currency}\" on line {line}: {reason}")]
    Currency { currency: String, line: u32, reason: String },
    #[error("{currency} is listed twice (again on line {line})")]
    Duplicate { currency: String, line: u32 },
    #[error("rate \"{rate}\" of {currency} on line {line} is not a decimal number with at most six places")]
    Rate { rate: String, currency: String, line: u32 },
    #[error("the file lists no <Cube currency=\"…\" rate=\"…\"> rates")]
    NoRates,
}

/// Reads an FX table file: the ECB's XML when it starts with `<`, crossdock's JSON otherwise.
pub fn load(path: &Path) -> Result<FxFile, FxError> {
    let text = std::fs::read_to_string(path).map_err(|source| FxError::Read { path: path.to_owned(), source })?;
    if text.trim_start().starts_with('<') {
        parse_ecb_xml(&text).map_err(|source| FxError::Ecb { path: path.to_owned(), source })
    } else {
        parse_json(&text).map_err(|e| match e {
            JsonFault::Decimal { code, rate, example } => {
                FxError::DecimalRate { path: path.to_owned(), code, rate, example }
            }
            JsonFault::Syntax(source) => FxError::Json { path: path.to_owned(), source },
        })
    }
}

enum JsonFault {
    Decimal { code: String, rate: String, example: u64 },
    Syntax(serde_json::Error),
}

/// crossdock's JSON form. A rate written as a decimal (`1.0523`) is refused with how to write
/// it, rather than serde's "expected u64".
fn parse_json(text: &str) -> Result<FxFile, JsonFault> {
    if let Ok(serde_json::Value::Object(table)) = serde_json::from_str::<serde_json::Value>(text)
        && let Some(serde_json::Value::Object(rates)) = table.get("rates")
        && let Some((code, rate)) = rates.iter().find(|(_, r)| r.is_f64())
    {
        let example = rate.as_f64().map_or(1_052_300, |r| (r * 1_000_000.0).round() as u64);
        return Err(JsonFault::Decimal { code: code.clone(), rate: rate.to_string(), example });
    }
    serde_json::from_str(text).map_err(JsonFault::Syntax)
}

/// Reads the European Central Bank's daily reference rates file (`eurofxref-daily.xml`): one
/// `<Cube time="…">` holding `<Cube currency="…" rate="…"/>` entries, quoted per euro. Rates
/// are decimal text, read exactly into millionths.
pub fn parse_ecb_xml(text: &str) -> Result<FxFile, EcbError> {
    let doc = roxmltree::Document::parse(text)?;
    let line = |node: &roxmltree::Node| doc.text_pos_at(node.range().start).row;
    let mut date: Option<String> = None;
    let mut rates = HashMap::new();
    for cube in doc.descendants().filter(|n| n.has_tag_name("Cube")) {
        if let Some(time) = cube.attribute("time") {
            match &date {
                Some(first) if first != time => {
                    return Err(EcbError::SeveralDates { first: first.clone(), second: time.to_owned() });
                }
                _ if !is_iso_date(time) => return Err(EcbError::BadDate(time.to_owned())),
                _ => date = Some(time.to_owned()),
            }
        }
        let (currency, rate) = match (cube.attribute("currency"), cube.attribute("rate")) {
            (None, None) => continue,
            (Some(currency), None) => {
                return Err(EcbError::MissingRate { currency: currency.to_owned(), line: line(&cube) });
            }
            (None, Some(rate)) => return Err(EcbError::MissingCurrency { rate: rate.to_owned(), line: line(&cube) }),
            (Some(currency), Some(rate)) => (currency, rate),
        };
        let code: CurrencyCode = currency.parse().map_err(|e: crossdock_types::CodeError| EcbError::Currency {
            currency: currency.to_owned(),
            line: line(&cube),
            reason: e.to_string(),
        })?;
        let micros = decimal_micros(rate).ok_or_else(|| EcbError::Rate {
            rate: rate.to_owned(),
            currency: currency.to_owned(),
            line: line(&cube),
        })?;
        if rates.insert(code, micros).is_some() {
            return Err(EcbError::Duplicate { currency: currency.to_owned(), line: line(&cube) });
        }
    }
    let date = date.ok_or(EcbError::NoDate)?;
    if rates.is_empty() {
        return Err(EcbError::NoRates);
    }
    // The ECB quotes every rate per euro.
    let base = "EUR".parse().map_err(|e: crossdock_types::CodeError| EcbError::Currency {
        currency: "EUR".into(),
        line: 1,
        reason: e.to_string(),
    })?;
    Ok(FxFile { date, base, rates, source: Some("European Central Bank euro foreign exchange reference rates".into()) })
}

fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// `1.0842` → `1084200` micros; at most six decimals, no sign, no exponent.
fn decimal_micros(text: &str) -> Option<u64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() || frac.len() > 6 || !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac = format!("{frac:0<6}");
    whole.parse::<u64>().ok()?.checked_mul(1_000_000)?.checked_add(frac.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(c: &str) -> CurrencyCode {
        c.parse().expect("currency")
    }

    /// The shape of the ECB's `eurofxref-daily.xml`, namespaces and all.
    const ECB: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <gesmes:Sender>
    <gesmes:name>European Central Bank</gesmes:name>
  </gesmes:Sender>
  <Cube>
    <Cube time='2026-11-24'>
      <Cube currency='USD' rate='1.0500'/>
      <Cube currency='JPY' rate='162.45'/>
      <Cube currency='GBP' rate='0.84000'/>
    </Cube>
  </Cube>
</gesmes:Envelope>"#;

    fn err(text: &str) -> String {
        parse_ecb_xml(text).expect_err("refused").to_string()
    }

    #[test]
    fn the_ecb_daily_file_is_read_exactly_with_its_date() {
        let file = parse_ecb_xml(ECB).expect("parses");
        assert_eq!(file.date, "2026-11-24");
        assert_eq!(file.base, code("EUR"));
        assert_eq!(file.rates.len(), 3);
        assert_eq!(file.rates[&code("USD")], 1_050_000);
        assert_eq!(file.rates[&code("JPY")], 162_450_000);
        assert_eq!(file.rates[&code("GBP")], 840_000);
        let table = FxTable::from_file(file);
        assert_eq!(table.get(code("GBP"), code("USD")).map(|e| e.micros), Some(1_250_000));
    }

    #[test]
    fn malformed_xml_is_refused_naming_the_fault_and_its_place() {
        let text = "<Cube>\n  <Cube time='2026-11-24'>\n    <Cube currency='USD' rate='1.05'>\n  </Rate>";
        let message = err(text);
        assert!(message.starts_with("malformed XML:"), "{message}");
        assert!(message.contains("Rate") && message.contains("4:"), "names the tag and the line: {message}");
        let unclosed = err("<Cube time='2026-11-24'><Cube currency='USD' rate='1.05'/>");
        assert!(unclosed.contains("never closed"), "{unclosed}");
    }

    #[test]
    fn a_document_type_declaration_is_refused() {
        let text = "<!DOCTYPE x [<!ENTITY a 'b'>]><Cube time='2026-11-24'><Cube currency='USD' rate='1'/></Cube>";
        assert!(err(text).starts_with("malformed XML:"));
    }

    #[test]
    fn a_file_that_is_not_the_ecbs_says_what_is_missing() {
        assert!(err("<html>not it</html>").contains("no <Cube time="));
        let no_rates = "<Cube><Cube time='2026-11-24'></Cube></Cube>";
        assert!(err(no_rates).contains("lists no"));
    }

    #[test]
    fn a_rate_that_is_not_an_exact_decimal_is_refused_naming_currency_and_line() {
        let text = "<Cube time='2026-11-24'>\n<Cube currency='USD' rate='1,05'/></Cube>";
        let message = err(text);
        assert!(message.contains("\"1,05\" of USD on line 2"), "{message}");
        for bad in ["-1.05", "1e3", "1.0000001", ".5", ""] {
            let text = format!("<Cube time='2026-11-24'><Cube currency='USD' rate='{bad}'/></Cube>");
            assert!(parse_ecb_xml(&text).is_err(), "{bad:?} is refused");
        }
    }

    #[test]
    fn a_cube_with_half_its_attributes_is_refused() {
        let text = "<Cube time='2026-11-24'><Cube currency='USD'/></Cube>";
        assert!(err(text).contains("USD") && err(text).contains("no rate attribute"));
        let text = "<Cube time='2026-11-24'><Cube rate='1.05'/></Cube>";
        assert!(err(text).contains("no currency attribute"));
        let text = "<Cube time='2026-11-24'><Cube currency='usd' rate='1.05'/></Cube>";
        assert!(err(text).contains("currency \"usd\""), "{}", err(text));
    }

    #[test]
    fn a_history_file_with_several_dates_is_refused_rather_than_mixed() {
        let text = "<Cube><Cube time='2026-11-24'><Cube currency='USD' rate='1.05'/></Cube>\
                    <Cube time='2026-11-23'><Cube currency='USD' rate='1.04'/></Cube></Cube>";
        let message = err(text);
        assert!(message.contains("2026-11-24 and 2026-11-23") && message.contains("eurofxref-daily.xml"), "{message}");
        assert!(err("<Cube time='24.11.2026'><Cube currency='USD' rate='1'/></Cube>").contains("not YYYY-MM-DD"));
    }

    #[test]
    fn load_reads_either_form_and_names_the_file_it_refuses() {
        let dir = tempfile::tempdir().expect("dir");
        let xml = dir.path().join("eurofxref-daily.xml");
        std::fs::write(&xml, ECB).expect("write");
        assert_eq!(load(&xml).expect("xml").rates[&code("USD")], 1_050_000);
        let json = dir.path().join("fx.json");
        std::fs::write(&json, r#"{"date": "2026-11-24", "base": "EUR", "rates": {"USD": 1052300}}"#).expect("write");
        assert_eq!(load(&json).expect("json").rates[&code("USD")], 1_052_300);
        std::fs::write(&json, r#"{"date": "2026-11-24", "base": "EUR", "rates": {"USD": 1.0523}}"#).expect("write");
        let message = load(&json).expect_err("a float").to_string();
        assert!(message.contains("fx.json") && message.contains("integer micro-units"), "{message}");
        assert!(message.contains("so write 1052300"), "{message}");
        let broken = dir.path().join("broken.xml");
        std::fs::write(&broken, "<Cube time='2026-11-24'>").expect("write");
        let message = load(&broken).expect_err("broken").to_string();
        assert!(message.contains("broken.xml") && message.contains("malformed XML"), "{message}");
        assert!(load(&dir.path().join("absent.json")).expect_err("absent").to_string().contains("cannot read"));
    }
}

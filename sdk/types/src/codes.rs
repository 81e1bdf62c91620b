//! Validated codes: ISO 3166-1 alpha-2 countries, ISO 4217 currencies and Harmonized System
//! (HS) tariff codes.
//!
//! Each is a newtype that can only hold a valid value, so code that receives a `CountryCode`
//! never has to ask again. All three parse from and print as their usual text form, and
//! serialise to it in JSON.
//!
//! Sources, read 2026-11-25:
//! - ISO 3166-1 alpha-2: the 249 officially assigned codes (ISO 3166 Maintenance Agency online
//!   browsing platform), plus `XK` (Kosovo), a user-assigned code that carriers and the European
//!   Commission use.
//! - ISO 4217: the active currency codes and their minor units (list one, SIX Financial
//!   Information, amendments up to 2025 including `XCG` and `ZWG`).
//! - HS: chapters 01–97 of the Harmonized System nomenclature (WCO, 2022 edition); chapter 77 is
//!   reserved and never used.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("`{0}` is not an ISO 3166-1 alpha-2 country code (two letters, such as `DE`)")]
    Country(String),
    #[error("`{0}` is not an ISO 4217 currency code (three letters, such as `EUR`)")]
    Currency(String),
    #[error("`{0}` is not an HS code: {1}")]
    Hs(String, &'static str),
}

/// Sorted, so that lookups are a binary search.
const COUNTRIES: &[[u8; 2]] = &[
    *b"AD", *b"AE", *b"AF", *b"AG", *b"AI", *b"AL", *b"AM", *b"AO", *b"AQ", *b"AR", *b"AS", *b"AT", *b"AU", *b"AW",
    *b"AX", *b"AZ", *b"BA", *b"BB", *b"BD", *b"BE", *b"BF", *b"BG", *b"BH", *b"BI", *b"BJ", *b"BL", *b"BM", *b"BN",
    *b"BO", *b"BQ", *b"BR", *b"BS", *b"BT", *b"BV", *b"BW", *b"BY", *b"BZ", *b"CA", *b"CC", *b"CD", *b"CF", *b"CG",
    *b"CH", *b"CI", *b"CK", *b"CL", *b"CM", *b"CN", *b"CO", *b"CR", *b"CU", *b"CV", *b"CW", *b"CX", *b"CY", *b"CZ",
    *b"DE", *b"DJ", *b"DK", *b"DM", *b"DO", *b"DZ", *b"EC", *b"EE", *b"EG", *b"EH", *b"ER", *b"ES", *b"ET", *b"FI",
    *b"FJ", *b"FK", *b"FM", *b"FO", *b"FR", *b"GA", *b"GB", *b"GD", *b"GE", *b"GF", *b"GG", *b"GH", *b"GI", *b"GL",
    *b"GM", *b"GN", *b"GP", *b"GQ", *b"GR", *b"GS", *b"GT", *b"GU", *b"GW", *b"GY", *b"HK", *b"HM", *b"HN", *b"HR",
    *b"HT", *b"HU", *b"ID", *b"IE", *b"IL", *b"IM", *b"IN", *b"IO", *b"IQ", *b"IR", *b"IS", *b"IT", *b"JE", *b"JM",
    *b"JO", *b"JP", *b"KE", *b"KG", *b"KH", *b"KI", *b"KM", *b"KN", *b"KP", *b"KR", *b"KW", *b"KY", *b"KZ", *b"LA",
    *b"LB", *b"LC", *b"LI", *b"LK", *b"LR", *b"LS", *b"LT", *b"LU", *b"LV", *b"LY", *b"MA", *b"MC", *b"MD", *b"ME",
    *b"MF", *b"MG", *b"MH", *b"MK", *b"ML", *b"MM", *b"MN", *b"MO", *b"MP", *b"MQ", *b"MR", *b"MS", *b"MT", *b"MU",
    *b"MV", *b"MW", *b"MX", *b"MY", *b"MZ", *b"NA", *b"NC", *b"NE", *b"NF", *b"NG", *b"NI", *b"NL", *b"NO", *b"NP",
    *b"NR", *b"NU", *b"NZ", *b"OM", *b"PA", *b"PE", *b"PF", *b"PG", *b"PH", *b"PK", *b"PL", *b"PM", *b"PN", *b"PR",
    *b"PS", *b"PT", *b"PW", *b"PY", *b"QA", *b"RE", *b"RO", *b"RS", *b"RU", *b"RW", *b"SA", *b"SB", *b"SC", *b"SD",
    *b"SE", *b"SG", *b"SH", *b"SI", *b"SJ", *b"SK", *b"SL", *b"SM", *b"SN", *b"SO", *b"SR", *b"SS", *b"ST", *b"SV",
    *b"SX", *b"SY", *b"SZ", *b"TC", *b"TD", *b"TF", *b"TG", *b"TH", *b"TJ", *b"TK", *b"TL", *b"TM", *b"TN", *b"TO",
    *b"TR", *b"TT", *b"TV", *b"TW", *b"TZ", *b"UA", *b"UG", *b"UM", *b"US", *b"UY", *b"UZ", *b"VA", *b"VC", *b"VE",
    *b"VG", *b"VI", *b"VN", *b"VU", *b"WF", *b"WS", *b"XK", *b"YE", *b"YT", *b"ZA", *b"ZM", *b"ZW",
];

/// (code, minor units) of every active ISO 4217 currency, sorted by code.
const CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHF", 2),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("UYU", 2),
    ("UZS", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XCG", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

/// An ISO 3166-1 alpha-2 country code, upper case.
///
/// ```
/// use crossdock_types::CountryCode;
/// let de: CountryCode = "DE".parse().unwrap();
/// assert_eq!(de.as_str(), "DE");
/// assert!("DEU".parse::<CountryCode>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// Builds a code from a literal known to be valid; panics otherwise. For constants.
    pub const fn from_static(code: &'static str) -> Self {
        let b = code.as_bytes();
        assert!(b.len() == 2, "country code must have two letters");
        Self([b[0], b[1]])
    }
}

impl FromStr for CountryCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, CodeError> {
        let b = s.as_bytes();
        match <[u8; 2]>::try_from(b) {
            Ok(code) if COUNTRIES.binary_search(&code).is_ok() => Ok(Self(code)),
            _ => Err(CodeError::Country(s.to_owned())),
        }
    }
}

/// An ISO 4217 currency code, upper case, with its number of minor units.
///
/// ```
/// use crossdock_types::CurrencyCode;
/// let jpy: CurrencyCode = "JPY".parse().unwrap();
/// assert_eq!(jpy.minor_units(), 0);
/// assert!("EURO".parse::<CurrencyCode>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CurrencyCode([u8; 3], u8);

impl CurrencyCode {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Digits after the decimal point: 2 for EUR, 0 for JPY, 3 for KWD.
    pub fn minor_units(&self) -> u8 {
        self.1
    }
}

impl FromStr for CurrencyCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, CodeError> {
        match CURRENCIES.binary_search_by(|(code, _)| code.cmp(&s)) {
            Ok(i) => {
                let (code, minor) = CURRENCIES[i];
                let b = code.as_bytes();
                Ok(Self([b[0], b[1], b[2]], minor))
            }
            Err(_) => Err(CodeError::Currency(s.to_owned())),
        }
    }
}

/// A Harmonized System tariff code of 6 to 10 digits, stored without dots or spaces.
///
/// The first six digits are the internationally harmonised subheading; countries add up to
/// four more. Parsing accepts the usual printed forms (`6109.10`, `6109 10 00`).
///
/// ```
/// use crossdock_types::HsCode;
/// let hs: HsCode = "6109.10.00".parse().unwrap();
/// assert_eq!(hs.as_str(), "61091000");
/// assert_eq!(hs.chapter(), 61);
/// assert_eq!(hs.heading(), 6109);
/// assert_eq!(hs.subheading(), "610910");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HsCode(String);

impl HsCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-digit chapter (61 for knitted apparel).
    pub fn chapter(&self) -> u8 {
        digits(&self.0[..2]) as u8
    }

    /// The four-digit heading (6109 for T-shirts).
    pub fn heading(&self) -> u16 {
        digits(&self.0[..4]) as u16
    }

    /// The six-digit subheading shared by every country.
    pub fn subheading(&self) -> &str {
        &self.0[..6]
    }
}

fn digits(s: &str) -> u32 {
    s.bytes().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

impl FromStr for HsCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, CodeError> {
        HsCode::try_from(s.to_owned())
    }
}

impl TryFrom<String> for HsCode {
    type Error = CodeError;
    /// Keeps the text as it is, without copying, when it holds only digits.
    fn try_from(text: String) -> Result<Self, CodeError> {
        if text.bytes().all(|b| b.is_ascii_digit()) {
            return match hs_problem(&text) {
                None => Ok(Self(text)),
                Some(why) => Err(CodeError::Hs(text, why)),
            };
        }
        let cleaned: String = text.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
        match hs_problem(&cleaned) {
            None => Ok(Self(cleaned)),
            Some(why) => Err(CodeError::Hs(text, why)),
        }
    }
}

/// What is wrong with an HS code written without dots or spaces, if anything.
fn hs_problem(code: &str) -> Option<&'static str> {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Some("only digits, dots and spaces are allowed");
    }
    if !(6..=10).contains(&code.len()) {
        return Some("it must have 6 to 10 digits");
    }
    let chapter = digits(&code[..2]);
    if chapter == 0 || chapter > 97 || chapter == 77 {
        return Some("its first two digits are not an HS chapter (01-97, 77 is reserved)");
    }
    None
}

macro_rules! text_code {
    ($($ty:ty),*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.as_str())
            }
        }

        impl From<$ty> for String {
            fn from(code: $ty) -> String {
                code.as_str().to_owned()
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    )*};
}

text_code!(CountryCode, CurrencyCode, HsCode);

impl TryFrom<String> for CountryCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, CodeError> {
        s.parse()
    }
}

impl TryFrom<String> for CurrencyCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, CodeError> {
        s.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_tables_are_sorted_and_hold_every_code_once() {
        // 249 officially assigned codes, plus XK.
        assert_eq!(COUNTRIES.len(), 250);
        assert!(COUNTRIES.windows(2).all(|w| w[0] < w[1]), "countries must be sorted, without duplicates");
        assert!(CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0), "currencies must be sorted, without duplicates");
    }

    #[test]
    fn countries_must_be_assigned_upper_case_pairs() {
        for good in ["DE", "GB", "US", "CN", "XK"] {
            assert!(good.parse::<CountryCode>().is_ok(), "{good}");
        }
        for bad in ["de", "UK", "EU", "DEU", "", "D"] {
            let err = bad.parse::<CountryCode>().unwrap_err();
            assert!(err.to_string().contains("ISO 3166-1"), "{bad}: {err}");
        }
    }

    #[test]
    fn currencies_carry_their_minor_units() {
        assert_eq!("EUR".parse::<CurrencyCode>().unwrap().minor_units(), 2);
        assert_eq!("KWD".parse::<CurrencyCode>().unwrap().minor_units(), 3);
        assert_eq!("JPY".parse::<CurrencyCode>().unwrap().minor_units(), 0);
        assert!("eur".parse::<CurrencyCode>().is_err());
        assert!("XXX".parse::<CurrencyCode>().is_err());
    }

    #[test]
    fn hs_codes_are_normalised_and_checked() {
        assert_eq!("610910".parse::<HsCode>().unwrap().as_str(), "610910");
        assert_eq!("6109 10 00 10".parse::<HsCode>().unwrap().as_str(), "6109100010");
        for (bad, why) in [
            ("6109", "6 to 10"),
            ("61091000100", "6 to 10"),
            ("61O910", "only digits"),
            ("770000", "chapter"),
            ("000000", "chapter"),
            ("980000", "chapter"),
        ] {
            let err = bad.parse::<HsCode>().unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn codes_round_trip_through_json() {
        let c: CountryCode = serde_json::from_str("\"FR\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"FR\"");
        let err = serde_json::from_str::<CurrencyCode>("\"EURO\"").unwrap_err();
        assert!(err.to_string().contains("ISO 4217"));
    }
}

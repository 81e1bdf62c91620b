//! FedEx's own currency codes, and their ISO 4217 equivalents.
//!
//! FedEx writes some currencies with codes of its own: British pounds are `UKL`, not `GBP`, and
//! an ISO code FedEx does not use is refused. Amounts read from FedEx are mapped to ISO before
//! they become [`Money`](crossdock_sdk::Money); amounts sent to FedEx are mapped the other way.
//! Every other code is the same in both systems (`EUR`, `USD`, `CNY`, …).
//!
//! | FedEx | ISO 4217 | currency |
//! | --- | --- | --- |
//! | ARN | ARS | Argentine peso |
//! | CHP | CLP | Chilean peso |
//! | CID | KYD | Cayman Islands dollar |
//! | DHS | AED | UAE dirham |
//! | ECD | XCD | East Caribbean dollar |
//! | JAD | JMD | Jamaican dollar |
//! | JYE | JPY | Japanese yen |
//! | KUD | KWD | Kuwaiti dinar |
//! | NMP | MXN | Mexican peso |
//! | NTD | TWD | New Taiwan dollar |
//! | RDD | DOP | Dominican peso |
//! | SFR | CHF | Swiss franc |
//! | SID | SGD | Singapore dollar |
//! | UKL | GBP | Pound sterling |
//! | UYP | UYU | Uruguayan peso |
//! | WON | KRW | South Korean won |
//!
//! Sources, read 2026-11-25: `UKL` for GBP is confirmed by a FedEx API user in
//! github.com/JeremyDunn/php-fedex-api-wrapper/issues/103 (2021-07-25, "you have to use 'UKL'.
//! Not GBP"), as CARRIERS.md §0 records. The other fifteen rows are the FedEx ↔ ISO table of a
//! public FedEx shipping plugin for WooCommerce ("ShipMaster for FedEx", `inc/Currencies.php`,
//! GitHub code index id 26037824306, undated). FedEx's own currency-code page could not be read,
//! so those fifteen are one integrator's table, not a confirmed list (CARRIERS.md §5 item 3).

use crossdock_sdk::CurrencyCode;

/// (FedEx code, ISO 4217 code).
const TABLE: [(&str, &str); 16] = [
    ("ARN", "ARS"),
    ("CHP", "CLP"),
    ("CID", "KYD"),
    ("DHS", "AED"),
    ("ECD", "XCD"),
    ("JAD", "JMD"),
    ("JYE", "JPY"),
    ("KUD", "KWD"),
    ("NMP", "MXN"),
    ("NTD", "TWD"),
    ("RDD", "DOP"),
    ("SFR", "CHF"),
    ("SID", "SGD"),
    ("UKL", "GBP"),
    ("UYP", "UYU"),
    ("WON", "KRW"),
];

/// The ISO currency of a code FedEx wrote (`UKL` → `GBP`, `CNY` → `CNY`); `None` when it is
/// neither a FedEx code nor an ISO 4217 code.
pub fn from_fedex(code: &str) -> Option<CurrencyCode> {
    let code = code.trim();
    let iso = TABLE.iter().find(|(fedex, _)| fedex.eq_ignore_ascii_case(code)).map_or(code, |(_, iso)| iso);
    iso.to_ascii_uppercase().parse().ok()
}

/// The code FedEx expects for an ISO currency (`GBP` → `UKL`, `EUR` → `EUR`).
pub fn to_fedex(currency: CurrencyCode) -> String {
    let iso = currency.as_str();
    TABLE.iter().find(|(_, i)| *i == iso).map_or(iso, |(fedex, _)| fedex).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(code: &str) -> CurrencyCode {
        code.parse().unwrap()
    }

    #[test]
    fn fedex_pounds_are_iso_pounds() {
        assert_eq!(from_fedex("UKL"), Some(iso("GBP")));
        assert_eq!(to_fedex(iso("GBP")), "UKL");
    }

    #[test]
    fn every_row_maps_both_ways() {
        for (fedex, code) in TABLE {
            assert_eq!(from_fedex(fedex), Some(iso(code)), "{fedex}");
            assert_eq!(to_fedex(iso(code)), fedex, "{code}");
        }
    }

    #[test]
    fn shared_codes_pass_through() {
        assert_eq!(from_fedex("CNY"), Some(iso("CNY")));
        assert_eq!(from_fedex("eur"), Some(iso("EUR")));
        assert_eq!(to_fedex(iso("EUR")), "EUR");
        assert_eq!(to_fedex(iso("CNY")), "CNY");
    }

    #[test]
    fn unknown_codes_are_refused() {
        assert_eq!(from_fedex("XXQ"), None);
        assert_eq!(from_fedex(""), None);
    }
}

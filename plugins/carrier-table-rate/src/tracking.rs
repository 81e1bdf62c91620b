//! Tracking numbers: deterministic, self-checking, and dated.
//!
//! A plugin has no randomness and no store, so a tracking number is computed, not drawn:
//!
//! ```text
//! XD 2611251200 48213377 5
//! │  │          │        └ Luhn check digit over the 18 digits before it
//! │  │          └ FNV-1a 64 of carrier code, shipment id, service code and direction, mod 10⁸
//! │  └ the label's time, YYMMDDHHMM UTC, from the event clock (`ctx.now()`)
//! └ prefix of every table-rate label
//! ```
//!
//! (printed without spaces: `XD261125120048213377` + check digit, 21 characters). The same
//! shipment, service and direction at the same event time always yield the same number, so a
//! retried event re-creates the label it created before; a different shipment, service or
//! direction yields a different one. Because the number carries its own date, `track()` can
//! answer without a store. Years are written with two digits and read back as 20YY.

use crossdock_sdk::prelude::*;

/// The prefix of every tracking number this plugin issues.
pub const PREFIX: &str = "XD";

/// The length of a tracking number: prefix, 10 date digits, 8 hash digits, 1 check digit.
pub const LEN: usize = PREFIX.len() + 19;

/// What a well-formed tracking number tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Issued {
    /// When the label was created, to the minute.
    pub at: Timestamp,
}

/// The tracking number of the label for `shipment_id` by `service_code`, outbound or return,
/// created at `at`.
pub fn issue(carrier: &str, shipment_id: &str, service_code: &str, is_return: bool, at: Timestamp) -> String {
    let direction = if is_return { "return" } else { "outbound" };
    let mut hash = Fnv1a::new();
    for part in [carrier, shipment_id, service_code, direction] {
        hash.write(part.as_bytes());
        hash.write(&[0x1f]); // unit separator: ("ab", "c") and ("a", "bc") must differ
    }
    let (year, month, day) = civil_date(at.unix().div_euclid(86_400));
    let minute_of_day = at.unix().rem_euclid(86_400) / 60;
    let digits = format!(
        "{:02}{month:02}{day:02}{:02}{:02}{:08}",
        year.rem_euclid(100),
        minute_of_day / 60,
        minute_of_day % 60,
        hash.finish() % 100_000_000
    );
    let check = luhn_check_digit(&digits);
    format!("{PREFIX}{digits}{check}")
}

/// Reads a tracking number of this plugin, or says why it is not one.
pub fn parse(number: &str) -> Result<Issued, String> {
    let expected = format!("expected {PREFIX} followed by 19 digits, the last a check digit");
    let digits = number
        .trim()
        .strip_prefix(PREFIX)
        .filter(|d| d.len() == LEN - PREFIX.len() && d.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| format!("`{number}` is not a tracking number of this carrier: {expected}"))?;
    let (payload, check) = digits.split_at(digits.len() - 1);
    if check != luhn_check_digit(payload).to_string() {
        return Err(format!("`{number}` has a wrong check digit; it may be mistyped"));
    }
    let d = |range: std::ops::Range<usize>| &payload[range];
    let text = format!("20{}-{}-{}T{}:{}:00Z", d(0..2), d(2..4), d(4..6), d(6..8), d(8..10));
    let at = text.parse().map_err(|_| format!("`{number}` does not carry a valid label date: {expected}"))?;
    Ok(Issued { at })
}

/// The Luhn (mod 10) check digit to append to `digits`, which must be ASCII digits.
pub fn luhn_check_digit(digits: &str) -> u32 {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b.wrapping_sub(b'0') % 10);
            if i % 2 == 0 {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// FNV-1a, 64-bit (Fowler, Noll, Vo): small, fast, stable across builds and platforms.
struct Fnv1a(u64);

impl Fnv1a {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        Self(Self::OFFSET)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// (year, month, day) of a count of days since 1970-01-01, proleptic Gregorian
/// (Howard Hinnant's `civil_from_days`).
fn civil_date(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        let hash = |s: &str| {
            let mut h = Fnv1a::new();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn luhn_check_digits_match_known_numbers() {
        assert_eq!(luhn_check_digit("7992739871"), 3); // the textbook example 79927398713
        assert_eq!(luhn_check_digit("453201511283036"), 6); // a Visa test number
    }

    #[test]
    fn the_civil_date_agrees_with_the_sdk_calendar() {
        for t in ["1970-01-01T00:00:00Z", "2000-02-29T23:59:59Z", "2026-11-25T12:00:00Z", "2100-03-01T00:00:00Z"] {
            let ts = at(t);
            let (y, m, d) = civil_date(ts.unix().div_euclid(86_400));
            assert_eq!(format!("{y:04}-{m:02}-{d:02}"), ts.date());
        }
    }

    #[test]
    fn a_number_is_deterministic_and_carries_its_label_time() {
        let when = at("2026-11-25T12:34:56Z");
        let number = issue("table-rate", "shp_1", "standard", false, when);
        assert_eq!(number, issue("table-rate", "shp_1", "standard", false, when));
        assert_eq!(number.len(), LEN);
        assert!(number.starts_with("XD2611251234"), "{number}");
        assert_eq!(parse(&number).unwrap().at, at("2026-11-25T12:34:00Z"));
    }

    #[test]
    fn shipment_service_direction_and_carrier_each_change_the_number() {
        let when = at("2026-11-25T12:00:00Z");
        let base = issue("table-rate", "shp_1", "standard", false, when);
        for other in [
            issue("table-rate", "shp_2", "standard", false, when),
            issue("table-rate", "shp_1", "express", false, when),
            issue("table-rate", "shp_1", "standard", true, when),
            issue("colissimo", "shp_1", "standard", false, when),
            issue("table-rate", "shp_1standard", "", false, when),
        ] {
            assert_ne!(base, other);
            assert!(parse(&other).is_ok());
        }
    }

    #[test]
    fn any_single_mistyped_digit_is_caught() {
        let number = issue("table-rate", "shp_1", "standard", false, at("2026-11-25T12:00:00Z"));
        for i in PREFIX.len()..number.len() {
            let mut bytes = number.clone().into_bytes();
            bytes[i] = b'0' + (bytes[i] - b'0' + 1) % 10;
            let typo = String::from_utf8(bytes).unwrap();
            assert!(parse(&typo).is_err(), "{typo}");
        }
    }

    #[test]
    fn foreign_and_malformed_numbers_are_refused_with_the_expected_shape() {
        for bad in
            ["", "XD", "1Z999AA10123456784", "XD26112512004821337", "xd261125120048213377X", "XD2611251200482133775A"]
        {
            let err = parse(bad).unwrap_err();
            assert!(err.contains("XD followed by 19 digits"), "{bad}: {err}");
        }
        // A valid check digit over an impossible date (month 13).
        let payload = "261325120048213377";
        let number = format!("XD{payload}{}", luhn_check_digit(payload));
        assert!(parse(&number).unwrap_err().contains("valid label date"));
    }
}

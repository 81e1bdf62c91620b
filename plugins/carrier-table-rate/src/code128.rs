//! Code 128 (ISO/IEC 15417), the barcode of parcel labels, encoded to bar and space widths.
//!
//! Text is encoded in code set B (printable ASCII), switching to code set C (digit pairs) for
//! a trailing run of four or more digits, which is what tracking numbers end in: the
//! 21-character `XD…` number takes 15 symbols instead of 23, so its bars can be wider and scan
//! more reliably. The output is a list of module widths, bar first, alternating bar and space,
//! ready to draw; a quiet zone of ten modules on each side is the drawer's business.

/// Widths of the 107 symbols, bar first; 106 (stop) has a seventh element, the final bar.
const PATTERNS: [&str; 107] = [
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213", "221312",
    "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132", "221231", "213212",
    "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211", "212123", "212321", "232121",
    "111323", "131123", "131321", "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331",
    "132131", "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131", "311123",
    "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111", "111224", "111422", "121124",
    "121421", "141122", "141221", "112214", "112412", "122114", "122411", "142112", "142211", "241211", "221114",
    "413111", "241112", "134111", "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112",
    "421211", "212141", "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
    "113141", "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
];

const CODE_C: u8 = 99;
const START_B: u8 = 104;
const START_C: u8 = 105;
const STOP: u8 = 106;

/// The symbol values of `text`: start, data, check symbol, stop. `None` if `text` holds a
/// character outside printable ASCII.
pub fn symbols(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.iter().any(|b| !(b' '..=b'~').contains(b)) {
        return None;
    }
    // Where code set C takes over: the start of the trailing digit run, if it is four or more
    // digits long, moved one digit right when the run is odd (set C needs pairs).
    let run = bytes.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let switch = if run >= 4 || (run == bytes.len() && run > 0 && run % 2 == 0) {
        bytes.len() - run + run % 2
    } else {
        bytes.len()
    };
    let mut values = Vec::with_capacity(bytes.len() + 4);
    if switch == 0 {
        values.push(START_C);
    } else {
        values.push(START_B);
        values.extend(bytes[..switch].iter().map(|b| b - b' '));
        if switch < bytes.len() {
            values.push(CODE_C);
        }
    }
    values.extend(bytes[switch..].chunks(2).map(|pair| (pair[0] - b'0') * 10 + (pair[1] - b'0')));
    let weighted: u32 = values.iter().enumerate().map(|(i, &v)| u32::from(v) * (i as u32).max(1)).sum();
    values.push((weighted % 103) as u8);
    values.push(STOP);
    Some(values)
}

/// The module widths of `text` as a barcode, bar first. `None` as for [`symbols`].
pub fn modules(text: &str) -> Option<Vec<u8>> {
    let values = symbols(text)?;
    Some(values.iter().flat_map(|&v| PATTERNS[usize::from(v)].bytes().map(|w| w - b'0')).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_symbol_is_eleven_modules_with_an_even_bar_sum_and_the_stop_is_thirteen() {
        for (value, pattern) in PATTERNS.iter().enumerate() {
            let widths: Vec<u32> = pattern.bytes().map(|b| u32::from(b - b'0')).collect();
            let total: u32 = widths.iter().sum();
            let bars: u32 = widths.iter().step_by(2).sum();
            let expected = if value == 106 { 13 } else { 11 };
            assert_eq!(total, expected, "symbol {value}");
            assert_eq!(bars % 2, 0, "symbol {value}: bar parity");
        }
        let mut sorted = PATTERNS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 107, "every pattern is distinct");
    }

    #[test]
    fn the_patterns_agree_with_the_bit_table_of_other_encoders() {
        // The same symbols as 11-bit masks (bar = 1), as ZXing-derived encoders keep them.
        let bits = |v: usize| {
            let mut out = 0u32;
            let mut bar = true;
            for w in PATTERNS[v].bytes().map(|b| b - b'0') {
                for _ in 0..w {
                    out = out << 1 | u32::from(bar);
                }
                bar = !bar;
            }
            out
        };
        assert_eq!([bits(0), bits(1), bits(2), bits(3), bits(4), bits(5)], [1740, 1644, 1638, 1176, 1164, 1100]);
    }

    #[test]
    fn wikipedia_in_code_set_b_has_check_symbol_88() {
        // The worked example of the Wikipedia article on Code 128.
        let values = symbols("Wikipedia").unwrap();
        assert_eq!(values.first(), Some(&START_B));
        assert_eq!(values[values.len() - 2], 88);
        assert_eq!(values.last(), Some(&STOP));
    }

    #[test]
    fn a_tracking_number_switches_to_digit_pairs_for_its_digits() {
        let values = symbols("XD2611251200482133775").unwrap();
        // start B, X, D, 2 (odd digit in B), CODE C, nine pairs, check, stop.
        assert_eq!(&values[..5], &[START_B, b'X' - b' ', b'D' - b' ', b'2' - b' ', CODE_C]);
        assert_eq!(&values[5..14], &[61, 12, 51, 20, 4, 82, 13, 37, 75]);
        assert_eq!(values.len(), 16);
        let modules = modules("XD2611251200482133775").unwrap();
        assert_eq!(modules.iter().map(|&m| u32::from(m)).sum::<u32>(), 15 * 11 + 13);
    }

    #[test]
    fn all_digit_text_of_even_length_starts_in_code_set_c() {
        assert_eq!(symbols("1234").unwrap()[..3], [START_C, 12, 34]);
        assert_eq!(symbols("12").unwrap()[..2], [START_C, 12]);
        assert_eq!(symbols("123").unwrap()[0], START_B);
    }

    #[test]
    fn text_outside_printable_ascii_cannot_be_encoded() {
        assert!(symbols("Straße").is_none());
        assert!(symbols("tab\there").is_none());
    }
}

//! Label images: carriers send them base64-encoded inside JSON, with a format name of their
//! own (`PDF`, `ZPLII`, `ZPL203DPI`, `PNG`).
//!
//! ```
//! use crossdock_sdk::carrier::{decode_base64, label_format_from_name, sniff_label_format};
//! use crossdock_sdk::LabelFormat;
//! let bytes = decode_base64("JVBERi0xLjQK\nJeLjz9M=").unwrap();
//! assert_eq!(sniff_label_format(&bytes), Some(LabelFormat::Pdf));
//! assert_eq!(label_format_from_name("ZPLII"), Some(LabelFormat::Zpl));
//! ```

use base64::Engine as _;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};

use crate::LabelFormat;

use super::ParseError;

/// Standard alphabet; padding optional, since some carriers drop it.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Decodes base64 (standard alphabet, padding optional), ignoring line breaks and spaces that
/// some carriers wrap long images with.
pub fn decode_base64(text: &str) -> Result<Vec<u8>, ParseError> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err(ParseError::new("the label image is empty"));
    }
    LENIENT.decode(compact.as_bytes()).map_err(|e| {
        let head: String = compact.chars().take(24).collect();
        ParseError(format!("the label image is not base64 ({e}), starting `{head}`"))
    })
}

/// Encodes bytes as standard, padded base64.
pub fn encode_base64(bytes: &[u8]) -> String {
    general_purpose::STANDARD.encode(bytes)
}

/// The label format a carrier names: `PDF`; `ZPL`, `ZPLII`, `ZPL203DPI`, `ZPL300DPI`; `PNG`.
/// `None` for formats the contract has no name for (GIF, EPL, TIFF).
pub fn label_format_from_name(name: &str) -> Option<LabelFormat> {
    let name = name.trim().to_ascii_uppercase();
    match name.as_str() {
        "PDF" => Some(LabelFormat::Pdf),
        "PNG" => Some(LabelFormat::Png),
        n if n.starts_with("ZPL") => Some(LabelFormat::Zpl),
        _ => None,
    }
}

/// The format of label bytes from their first bytes: `%PDF`, the PNG signature, or ZPL's
/// `^XA` (after any leading whitespace or `~` commands).
pub fn sniff_label_format(bytes: &[u8]) -> Option<LabelFormat> {
    if bytes.starts_with(b"%PDF") {
        return Some(LabelFormat::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(LabelFormat::Png);
    }
    let head: Vec<u8> = bytes.iter().take(512).copied().filter(|b| !b.is_ascii_whitespace()).collect();
    if head.starts_with(b"^XA") || (head.starts_with(b"~") && head.windows(3).any(|w| w == b"^XA")) {
        return Some(LabelFormat::Zpl);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_and_unpadded_base64_decodes() {
        assert_eq!(decode_base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(decode_base64("aGVs\r\nbG8").unwrap(), b"hello");
        assert_eq!(encode_base64(b"hello"), "aGVsbG8=");
    }

    #[test]
    fn text_that_is_not_base64_is_a_parse_error() {
        assert!(decode_base64("not base64!").unwrap_err().0.contains("not base64"));
        assert!(decode_base64("  ").is_err());
    }

    #[test]
    fn formats_are_recognised_by_name_and_by_content() {
        assert_eq!(label_format_from_name("pdf"), Some(LabelFormat::Pdf));
        assert_eq!(label_format_from_name("ZPL203DPI"), Some(LabelFormat::Zpl));
        assert_eq!(label_format_from_name("GIF"), None);
        assert_eq!(sniff_label_format(b"\x89PNG\r\n\x1a\n...."), Some(LabelFormat::Png));
        assert_eq!(sniff_label_format(b"\n^XA^FO50,50^FDx^FS^XZ"), Some(LabelFormat::Zpl));
        assert_eq!(sniff_label_format(b"~SD15^XA^XZ"), Some(LabelFormat::Zpl));
        assert_eq!(sniff_label_format(b"GIF89a"), None);
    }
}

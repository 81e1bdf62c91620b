//! The label in ZPL II, for 4×6 inch thermal printers at 203 dpi (812 × 1218 dots).
//!
//! Same content as the PDF. Text is sent as UTF-8 (`^CI28`) in the printer's scalable font 0;
//! every field goes through `^FH` so that `^`, `~` and `_` in an address are printed rather
//! than read as commands. The barcode is the printer's own Code 128 (`^BC`) in automatic mode,
//! which picks code set C for digit pairs as [`crate::code128`] does, with the number printed
//! under it.

use crate::code128;
use crate::label::{LabelContent, address_lines, fit, level_name};
use crate::rating::kg;

const WIDTH: u32 = 812;
const MARGIN: u32 = 30;
/// Dots per barcode module: 3 dots ≈ 0.38 mm, well within scanners' range.
const MODULE: u32 = 3;

/// The label as a ZPL II script.
pub fn zpl_label(c: &LabelContent) -> Vec<u8> {
    let mut z = String::from("^XA\n^CI28\n^PW812\n^LL1218\n^LH0,0\n");
    let inner = WIDTH - 2 * MARGIN;
    field(&mut z, MARGIN, 30, 48, &fit(c.carrier_name, 24));
    field(&mut z, MARGIN, 86, 28, &fit(c.service_name, 40));
    let tag = if c.is_return { "RETURN" } else { level_name(c.level) };
    z.push_str(&format!("^FO{MARGIN},34^FB{inner},1,0,R^A0N,40,40^FH_^FD{}^FS\n", escape(tag)));
    z.push_str(&format!("^FO{MARGIN},124^GB{inner},4,4^FS\n"));
    field(&mut z, MARGIN, 144, 20, "FROM");
    let mut y = 170;
    for line in address_lines(c.from).iter().take(6) {
        field(&mut z, MARGIN, y, 24, &fit(line, 60));
        y += 28;
    }
    z.push_str(&format!("^FO{MARGIN},{}^GB{inner},2,2^FS\n", y + 8));
    y += 24;
    field(&mut z, MARGIN, y, 20, "TO");
    y += 28;
    for line in address_lines(c.to).iter().take(7) {
        field(&mut z, MARGIN + 20, y, 44, &fit(line, 32));
        y += 50;
    }
    z.push_str(&format!("^FO{MARGIN},{}^GB{inner},4,4^FS\n", y + 8));
    y += 30;
    let facts = format!("Weight {}   Parcels {}   Date {}", kg(c.weight_g), c.parcels.max(1), c.created.date());
    field(&mut z, MARGIN, y, 24, &facts);
    field(&mut z, MARGIN, y + 30, 24, &fit(&format!("Ref {}", c.shipment_id), 60));
    let modules: u32 = code128::modules(c.tracking_number).map_or(0, |m| m.iter().map(|&w| u32::from(w)).sum());
    let x = WIDTH.saturating_sub(modules * MODULE) / 2;
    z.push_str(&format!(
        "^FO{x},{}^BY{MODULE}^BCN,180,Y,N,N,A^FH_^FD{}^FS\n",
        y.max(860) + 80,
        escape(c.tracking_number)
    ));
    z.push_str("^XZ\n");
    z.into_bytes()
}

/// One line of text at (`x`, `y`) in font 0 at `size` dots.
fn field(z: &mut String, x: u32, y: u32, size: u32, text: &str) {
    z.push_str(&format!("^FO{x},{y}^A0N,{size},{size}^FH_^FD{}^FS\n", escape(text)));
}

/// Field data with `^`, `~` and the `^FH` indicator `_` written as hex escapes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '_' => out.push_str("_5F"),
            '^' => out.push_str("_5E"),
            '~' => out.push_str("_7E"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_characters_in_field_data_are_escaped() {
        assert_eq!(escape("a^b~c_d"), "a_5Eb_7Ec_5Fd");
        assert_eq!(escape("Béranger\n"), "Béranger ");
    }
}

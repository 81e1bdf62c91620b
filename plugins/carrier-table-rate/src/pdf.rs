//! A minimal PDF 1.4 writer: one page, the standard Helvetica fonts, text and filled shapes.
//!
//! Labels need no more than that, and a hand-written writer keeps the plugin small and its
//! output deterministic (no timestamps but the event clock, no random ids). The file is plain:
//! a header with a binary marker comment, seven numbered objects (catalog, page tree, page,
//! two fonts, the uncompressed content stream, document info), a cross-reference table whose
//! entries are the byte offsets of the objects, and a trailer. Text is encoded in
//! WinAnsiEncoding, the Latin-1-like encoding every viewer has for the standard fonts; a
//! character outside it prints as `?`.

use crossdock_sdk::Timestamp;

/// The two fonts a page can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    /// Helvetica, resource `/F1`.
    Regular,
    /// Helvetica-Bold, resource `/F2`.
    Bold,
}

/// The drawing operations of one page, in PDF user space (points, origin bottom left).
#[derive(Debug, Default)]
pub struct Canvas {
    ops: Vec<u8>,
}

impl Canvas {
    pub fn new() -> Self {
        Self::default()
    }

    /// Draws `text` with its baseline starting at (`x`, `y`).
    pub fn text(&mut self, font: Font, size: f32, x: f32, y: f32, text: &str) {
        let name = match font {
            Font::Regular => "F1",
            Font::Bold => "F2",
        };
        self.ops.extend_from_slice(format!("BT /{name} {} Tf {} {} Td ", num(size), num(x), num(y)).as_bytes());
        self.ops.extend_from_slice(&literal(text));
        self.ops.extend_from_slice(b" Tj ET\n");
    }

    /// Fills the rectangle with lower left corner (`x`, `y`) in black.
    pub fn fill_rect(&mut self, x: f32, y: f32, width: f32, height: f32) {
        let op = format!("{} {} {} {} re f\n", num(x), num(y), num(width), num(height));
        self.ops.extend_from_slice(op.as_bytes());
    }

    /// Strokes a straight line `width` points wide.
    pub fn line(&mut self, (x1, y1): (f32, f32), (x2, y2): (f32, f32), width: f32) {
        let op = format!("{} w {} {} m {} {} l S\n", num(width), num(x1), num(y1), num(x2), num(y2));
        self.ops.extend_from_slice(op.as_bytes());
    }
}

/// Document information stored in the file.
#[derive(Debug, Clone)]
pub struct Info<'a> {
    pub title: &'a str,
    pub producer: &'a str,
    pub created: Timestamp,
}

/// A complete PDF file of one `width` × `height` point page drawn by `canvas`.
pub fn document(width: f32, height: f32, canvas: &Canvas, info: &Info) -> Vec<u8> {
    let mut w = Writer { out: b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec(), offsets: Vec::new() };
    w.object(b"<< /Type /Catalog /Pages 2 0 R >>");
    w.object(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    let page = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> \
         /ProcSet [/PDF /Text] >> /Contents 6 0 R >>",
        num(width),
        num(height)
    );
    w.object(page.as_bytes());
    for base in ["Helvetica", "Helvetica-Bold"] {
        let font = format!("<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>");
        w.object(font.as_bytes());
    }
    let mut stream = format!("<< /Length {} >>\nstream\n", canvas.ops.len()).into_bytes();
    stream.extend_from_slice(&canvas.ops);
    stream.extend_from_slice(b"\nendstream");
    w.object(&stream);
    let date: String = info.created.to_string().chars().filter(char::is_ascii_digit).take(14).collect();
    let mut meta = b"<< /Title ".to_vec();
    meta.extend_from_slice(&literal(info.title));
    meta.extend_from_slice(b" /Producer ");
    meta.extend_from_slice(&literal(info.producer));
    meta.extend_from_slice(format!(" /CreationDate (D:{date}Z) >>").as_bytes());
    w.object(&meta);
    w.finish(1, 7)
}

struct Writer {
    out: Vec<u8>,
    offsets: Vec<usize>,
}

impl Writer {
    /// Appends the next numbered object (numbers start at 1).
    fn object(&mut self, body: &[u8]) {
        self.offsets.push(self.out.len());
        self.out.extend_from_slice(format!("{} 0 obj\n", self.offsets.len()).as_bytes());
        self.out.extend_from_slice(body);
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// Appends the cross-reference table and the trailer. Each xref entry is exactly 20 bytes.
    fn finish(mut self, root: usize, info: usize) -> Vec<u8> {
        let xref = self.out.len();
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len() + 1);
        for offset in &self.offsets {
            table.push_str(&format!("{offset:010} 00000 n \n"));
        }
        table.push_str(&format!(
            "trailer\n<< /Size {} /Root {root} 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len() + 1
        ));
        self.out.extend_from_slice(table.as_bytes());
        self.out
    }
}

/// A number as PDF writes it: rounded to two decimals, no trailing zeros. Done on integers,
/// which keeps float formatting code out of the plugin.
fn num(v: f32) -> String {
    let hundredths = (v * 100.0 + 0.5).floor() as i64;
    let sign = if hundredths < 0 { "-" } else { "" };
    let (whole, frac) = (hundredths.unsigned_abs() / 100, hundredths.unsigned_abs() % 100);
    match frac {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}

/// `text` as a PDF literal string in WinAnsiEncoding, parentheses and backslashes escaped.
fn literal(text: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for c in text.chars() {
        let b = winansi(c);
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
    out
}

/// The WinAnsiEncoding byte of `c`; control characters become spaces, the rest `?`.
fn winansi(c: char) -> u8 {
    const EXTRAS: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    match c {
        ' '..='~' | '\u{A0}'..='\u{FF}' => c as u8,
        c if c.is_control() || c.is_whitespace() => b' ',
        c => EXTRAS.iter().find(|(e, _)| *e == c).map_or(b'?', |(_, b)| *b),
    }
}

/// The width of `text` in Helvetica at `size`, from the font's metrics for ASCII letters and
/// digits (other characters count as a digit). Good enough to centre a line.
pub fn text_width(size: f32, text: &str) -> f32 {
    const UPPER: [u16; 26] = [
        667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667,
        944, 667, 667, 611,
    ];
    let units: u32 = text
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' => u32::from(UPPER[usize::from(b - b'A')]),
            b' ' => 278,
            _ => 556,
        })
        .sum();
    units as f32 * size / 1000.0
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Checks the file structure a viewer relies on and returns the content stream.
    pub(crate) fn check_structure(pdf: &[u8]) -> Vec<u8> {
        let find = |needle: &[u8]| pdf.windows(needle.len()).position(|w| w == needle).unwrap();
        assert!(pdf.starts_with(b"%PDF-1."), "header");
        assert!(pdf.ends_with(b"%%EOF\n"), "trailer end");
        // Everything from the xref table on is ASCII.
        let tail_at = pdf.windows(10).rposition(|w| w == b"startxref\n").unwrap();
        let tail = std::str::from_utf8(&pdf[tail_at..]).unwrap();
        let startxref: usize = tail.lines().nth(1).unwrap().parse().unwrap();
        let xref = std::str::from_utf8(&pdf[startxref..]).unwrap();
        assert!(xref.starts_with("xref\n0 "), "startxref points at the xref table");
        let count: usize = xref.lines().nth(1).unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let entries: Vec<&str> = xref.lines().skip(2).take(count).collect();
        assert_eq!(entries[0], "0000000000 65535 f ");
        for (n, entry) in entries.iter().enumerate().skip(1) {
            assert_eq!(entry.len(), 19, "entry {n} is 20 bytes with its newline");
            let offset: usize = entry[..10].parse().unwrap();
            assert!(pdf[offset..].starts_with(format!("{n} 0 obj\n").as_bytes()), "xref entry {n} → {offset}");
        }
        assert!(xref.contains(&format!("/Size {count} /Root 1 0 R")));
        // The content stream's /Length is its exact byte count.
        let start = find(b">>\nstream\n") + b">>\nstream\n".len();
        let dict = String::from_utf8_lossy(&pdf[..start]);
        let length: usize = dict.rsplit("/Length ").next().unwrap().split(' ').next().unwrap().parse().unwrap();
        assert!(pdf[start + length..].starts_with(b"\nendstream"), "stream length");
        pdf[start..start + length].to_vec()
    }

    fn sample(canvas: &Canvas) -> Vec<u8> {
        let info = Info { title: "Label (test)", producer: "tests", created: "2026-11-25T12:00:00Z".parse().unwrap() };
        document(288.0, 432.0, canvas, &info)
    }

    #[test]
    fn a_page_is_a_structurally_valid_pdf_with_correct_xref_offsets() {
        let mut canvas = Canvas::new();
        canvas.text(Font::Bold, 18.0, 14.0, 400.0, "Table rate");
        canvas.fill_rect(20.0, 60.0, 1.5, 70.0);
        canvas.line((14.0, 380.0), (274.0, 380.0), 1.0);
        let pdf = sample(&canvas);
        let content = check_structure(&pdf);
        let content = String::from_utf8(content).unwrap();
        assert!(content.contains("BT /F2 18 Tf 14 400 Td (Table rate) Tj ET"), "{content}");
        assert!(content.contains("20 60 1.5 70 re f"), "{content}");
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/MediaBox [0 0 288 432]"));
        assert!(text.contains("/BaseFont /Helvetica /Encoding /WinAnsiEncoding"));
        assert!(text.contains("/Title (Label \\(test\\))"));
        assert!(text.contains("/CreationDate (D:20261125120000Z)"));
    }

    #[test]
    fn the_same_drawing_gives_the_same_bytes() {
        let mut canvas = Canvas::new();
        canvas.text(Font::Regular, 9.0, 14.0, 300.0, "Berlin");
        assert_eq!(sample(&canvas), sample(&canvas));
    }

    #[test]
    fn text_is_escaped_and_encoded_in_winansi() {
        assert_eq!(literal("a(b)c\\"), b"(a\\(b\\)c\\\\)");
        assert_eq!(literal("Béranger 12 €"), b"(B\xE9ranger 12 \x80)");
        assert_eq!(literal("深圳\tœ"), b"(?? \x9C)");
    }

    #[test]
    fn numbers_are_written_without_needless_decimals() {
        assert_eq!(num(288.0), "288");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(0.333), "0.33");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(-1.25), "-1.25");
        assert_eq!(num(0.05), "0.05");
    }

    #[test]
    fn helvetica_widths_follow_the_font_metrics() {
        assert!((text_width(10.0, "10115") - 27.8).abs() < 0.01);
        assert!((text_width(10.0, "XD") - 13.89).abs() < 0.01);
    }
}

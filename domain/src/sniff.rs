//! What a file is, decided by its content (magic bytes), never by its name or the
//! browser's MIME guess (SPEC §4).

use serde::{Deserialize, Serialize};

/// The kinds of file a product can carry, plus what we cannot accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Jpeg,
    Png,
    Pdf,
    Zip,
    /// Word 97–2003 (OLE2 compound file).
    Doc,
    /// Word 2007+ (a ZIP holding `word/`).
    Docx,
    /// No bytes at all.
    Empty,
    Unknown,
}

impl FileKind {
    pub const ALL: [FileKind; 8] = [
        FileKind::Jpeg,
        FileKind::Png,
        FileKind::Pdf,
        FileKind::Zip,
        FileKind::Doc,
        FileKind::Docx,
        FileKind::Empty,
        FileKind::Unknown,
    ];

    /// The i18n key naming this kind to a seller ("a PDF document").
    pub fn i18n_key(self) -> &'static str {
        match self {
            FileKind::Jpeg => "kind.jpeg",
            FileKind::Png => "kind.png",
            FileKind::Pdf => "kind.pdf",
            FileKind::Zip => "kind.zip",
            FileKind::Doc => "kind.doc",
            FileKind::Docx => "kind.docx",
            FileKind::Empty => "kind.empty",
            FileKind::Unknown => "kind.unknown",
        }
    }

    pub fn is_image(self) -> bool {
        matches!(self, FileKind::Jpeg | FileKind::Png)
    }

    /// The Content-Type a server should send this kind with.
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Pdf => "application/pdf",
            FileKind::Zip => "application/zip",
            FileKind::Doc => "application/msword",
            FileKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            FileKind::Empty | FileKind::Unknown => "application/octet-stream",
        }
    }
}

const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF];
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
const PDF: &[u8] = b"%PDF-";
const ZIP_LOCAL: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY: &[u8] = b"PK\x05\x06";
const ZIP_CENTRAL: &[u8] = b"PK\x01\x02";
const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// How many leading bytes [`sniff`] needs to tell every kind apart, DOCX included for
/// ordinary Word files (their `word/` entries come within the first few KB). Callers
/// that stream may pass just this prefix.
pub const SNIFF_PREFIX: usize = 64 * 1024;

/// The kind of a file from its first bytes. Short, truncated or empty input is
/// answered, never a panic: too few bytes to match a signature is `Unknown`.
pub fn sniff(bytes: &[u8]) -> FileKind {
    if bytes.is_empty() {
        FileKind::Empty
    } else if bytes.starts_with(JPEG) {
        FileKind::Jpeg
    } else if bytes.starts_with(PNG) {
        FileKind::Png
    } else if bytes.starts_with(PDF) {
        FileKind::Pdf
    } else if bytes.starts_with(OLE2) {
        FileKind::Doc
    } else if bytes.starts_with(ZIP_LOCAL) {
        if zip_has_word_folder(bytes) {
            FileKind::Docx
        } else {
            FileKind::Zip
        }
    } else if bytes.starts_with(ZIP_EMPTY) {
        FileKind::Zip
    } else {
        FileKind::Unknown
    }
}

/// Whether any local or central directory entry in `bytes` is named `word/…`.
/// Scans for the entry signatures instead of walking sizes, so it also works when
/// entries use data descriptors (sizes written after the data) or the input is cut.
fn zip_has_word_folder(bytes: &[u8]) -> bool {
    let entry_name = |at: usize, name_len_at: usize, name_at: usize| -> Option<&[u8]> {
        let len_bytes = bytes.get(at + name_len_at..at + name_len_at + 2)?;
        let len = u16::from_le_bytes([len_bytes[0], len_bytes[1]]) as usize;
        bytes.get(at + name_at..at + name_at + len)
    };
    (0..bytes.len().saturating_sub(3)).any(|at| {
        let name = match &bytes[at..at + 4] {
            sig if sig == ZIP_LOCAL => entry_name(at, 26, 30),
            sig if sig == ZIP_CENTRAL => entry_name(at, 28, 46),
            _ => None,
        };
        name.is_some_and(|n| n.starts_with(b"word/"))
    })
}

/// Pixel size (width, height) from a PNG or JPEG header, without decoding the image.
/// `None` when the header is missing, cut short or not an image.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    match sniff(bytes) {
        FileKind::Png => png_size(bytes),
        FileKind::Jpeg => jpeg_size(bytes),
        _ => None,
    }
}

/// The EXIF orientation (1–8) of a JPEG, from its APP1 segment; 1 when there is none.
pub fn jpeg_orientation(bytes: &[u8]) -> u8 {
    exif_orientation(bytes).filter(|o| (1..=8).contains(o)).unwrap_or(1)
}

fn exif_orientation(bytes: &[u8]) -> Option<u8> {
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        let marker = bytes[at + 1];
        let len = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        if marker == 0xE1 && bytes.get(at + 4..at + 10)? == b"Exif\0\0" {
            let tiff = bytes.get(at + 10..at + 2 + len)?;
            let little = match tiff.get(0..2)? {
                b"II" => true,
                b"MM" => false,
                _ => return None,
            };
            let u16_at = |i: usize| -> Option<u16> {
                let b = tiff.get(i..i + 2)?;
                Some(if little { u16::from_le_bytes([b[0], b[1]]) } else { u16::from_be_bytes([b[0], b[1]]) })
            };
            let u32_at = |i: usize| -> Option<u32> {
                let b: [u8; 4] = tiff.get(i..i + 4)?.try_into().ok()?;
                Some(if little { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) })
            };
            let ifd = u32_at(4)? as usize;
            let entries = u16_at(ifd)? as usize;
            return (0..entries).find_map(|e| {
                let entry = ifd + 2 + e * 12;
                (u16_at(entry)? == 0x0112).then(|| u16_at(entry + 8).map(|v| v as u8)).flatten()
            });
        }
        if matches!(marker, 0xDA | 0xD9) || len < 2 {
            return None;
        }
        at += 2 + len;
    }
    None
}

/// Pixel size as displayed: the header's size, swapped when the EXIF orientation
/// turns the image a quarter (5–8).
pub fn oriented_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let (w, h) = image_size(bytes)?;
    let turned = sniff(bytes) == FileKind::Jpeg && jpeg_orientation(bytes) >= 5;
    Some(if turned { (h, w) } else { (w, h) })
}

/// Whether a PNG can hold transparent pixels: an alpha channel (colour types 4 and 6)
/// or a `tRNS` chunk before the image data. `true` when the header cannot tell (the
/// pixels then decide).
pub fn png_may_have_alpha(bytes: &[u8]) -> bool {
    // Signature (8), IHDR length (4), "IHDR" (4), width, height (8), bit depth (1), colour type.
    match bytes.get(25) {
        Some(4 | 6) => return true,
        Some(0 | 2 | 3) => {}
        _ => return true,
    }
    let mut at = 8;
    while let (Some(len), Some(name)) = (bytes.get(at..at + 4), bytes.get(at + 4..at + 8)) {
        match name {
            b"tRNS" => return true,
            b"IDAT" | b"IEND" => return false,
            _ => {}
        }
        let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
        at = at.saturating_add(12).saturating_add(len);
    }
    // The chunks before the image data run past what was read.
    true
}

fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4).
    if bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let be = |r: std::ops::Range<usize>| -> Option<u32> { Some(u32::from_be_bytes(bytes.get(r)?.try_into().ok()?)) };
    Some((be(16..20)?, be(20..24)?))
}

fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        // Skip fill bytes before a marker.
        while *bytes.get(at)? == 0xFF && *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        // Markers without a length: TEM, RSTn.
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            at += 2;
            continue;
        }
        let len = u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]) as usize;
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let h = u16::from_be_bytes([*bytes.get(at + 5)?, *bytes.get(at + 6)?]);
            let w = u16::from_be_bytes([*bytes.get(at + 7)?, *bytes.get(at + 8)?]);
            return Some((u32::from(w), u32::from(h)));
        }
        if marker == 0xD9 || marker == 0xDA || len < 2 {
            return None;
        }
        at += 2 + len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_entry(name: &str) -> Vec<u8> {
        let mut v = ZIP_LOCAL.to_vec();
        v.extend_from_slice(&[20, 0, 0, 0, 8, 0, 0, 0, 0, 0]); // version, flags, method, time, date
        v.extend_from_slice(&[0; 12]); // crc, sizes
        v.extend_from_slice(&(name.len() as u16).to_le_bytes());
        v.extend_from_slice(&[0, 0]); // extra length
        v.extend_from_slice(name.as_bytes());
        v
    }

    #[test]
    fn knows_every_accepted_kind_by_its_magic_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), FileKind::Jpeg);
        assert_eq!(sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]), FileKind::Png);
        assert_eq!(sniff(b"%PDF-1.7\n"), FileKind::Pdf);
        assert_eq!(sniff(&zip_entry("readme.txt")), FileKind::Zip);
        assert_eq!(sniff(b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"), FileKind::Zip);
        assert_eq!(sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]), FileKind::Doc);
    }

    /// A PNG's first chunks: IHDR with `colour_type`, then `chunks` (name, data length).
    fn png_head(colour_type: u8, chunks: &[(&[u8; 4], u32)]) -> Vec<u8> {
        let mut v = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        v.extend_from_slice(b"IHDR");
        v.extend_from_slice(&[0, 0, 4, 0, 0, 0, 3, 0, 8, colour_type, 0, 0, 0]);
        v.extend_from_slice(&[0; 4]); // crc
        for (name, len) in chunks {
            v.extend_from_slice(&len.to_be_bytes());
            v.extend_from_slice(*name);
            v.extend(std::iter::repeat_n(0, *len as usize + 4));
        }
        v
    }

    #[test]
    fn a_png_says_whether_it_can_be_transparent() {
        assert!(png_may_have_alpha(&png_head(6, &[(b"IDAT", 10)])), "RGBA");
        assert!(png_may_have_alpha(&png_head(4, &[(b"IDAT", 10)])), "grey and alpha");
        assert!(!png_may_have_alpha(&png_head(2, &[(b"sRGB", 1), (b"IDAT", 10)])), "RGB without tRNS");
        assert!(png_may_have_alpha(&png_head(2, &[(b"tRNS", 6), (b"IDAT", 10)])), "RGB with a transparent colour");
        assert!(png_may_have_alpha(&png_head(3, &[(b"PLTE", 6), (b"tRNS", 2), (b"IDAT", 10)])), "palette with alpha");
        assert!(!png_may_have_alpha(&png_head(3, &[(b"PLTE", 6), (b"IDAT", 10)])), "opaque palette");
        assert!(png_may_have_alpha(&png_head(2, &[(b"tEXt", 100_000)])), "cannot tell from what was read");
        assert!(png_may_have_alpha(b"not a png at all, really"), "not a PNG: the pixels decide");
    }

    #[test]
    fn a_zip_holding_word_is_a_docx() {
        let mut docx = zip_entry("[Content_Types].xml");
        docx.extend_from_slice(b"<xml/>");
        docx.extend(zip_entry("word/document.xml"));
        assert_eq!(sniff(&docx), FileKind::Docx);
    }

    #[test]
    fn a_docx_is_found_from_its_central_directory_too() {
        let mut v = zip_entry("a.txt");
        let mut central = ZIP_CENTRAL.to_vec();
        central.extend_from_slice(&[0; 24]);
        central.extend_from_slice(&(10u16).to_le_bytes());
        central.extend_from_slice(&[0; 16]);
        central.extend_from_slice(b"word/x.xml");
        v.extend(central);
        assert_eq!(sniff(&v), FileKind::Docx);
    }

    #[test]
    fn a_zip_with_a_file_merely_mentioning_word_is_still_a_zip() {
        let mut v = zip_entry("docs/word/readme.txt");
        v.extend_from_slice(b"word/ appears in the data but not as a name");
        assert_eq!(sniff(&v), FileKind::Zip);
    }

    #[test]
    fn impostors_are_unknown() {
        assert_eq!(sniff(b"hello, I am a text file named logo.png"), FileKind::Unknown);
        assert_eq!(sniff(b"<html><body>%PDF-</body></html>"), FileKind::Unknown);
        assert_eq!(sniff(b"GIF89a\x01\x00"), FileKind::Unknown);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBP"), FileKind::Unknown);
        assert_eq!(sniff(&[0x89, b'P', b'N', b'G']), FileKind::Unknown); // cut PNG signature
    }

    #[test]
    fn empty_and_truncated_input_is_answered() {
        assert_eq!(sniff(&[]), FileKind::Empty);
        assert_eq!(sniff(&[0xFF]), FileKind::Unknown);
        assert_eq!(sniff(&[0xFF, 0xD8]), FileKind::Unknown);
        assert_eq!(sniff(b"%PD"), FileKind::Unknown);
        assert_eq!(sniff(b"PK\x03"), FileKind::Unknown);
        // A local header cut inside its name length: a ZIP, no panic.
        assert_eq!(sniff(b"PK\x03\x04\x14\x00"), FileKind::Zip);
        let cut = zip_entry("word/document.xml");
        assert_eq!(sniff(&cut[..cut.len() - 8]), FileKind::Zip);
    }

    #[test]
    fn reads_png_size_from_the_header() {
        let mut png = PNG.to_vec();
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&96u32.to_be_bytes());
        png.extend_from_slice(&96u32.to_be_bytes());
        assert_eq!(image_size(&png), Some((96, 96)));
        assert_eq!(image_size(&png[..22]), None);
    }

    #[test]
    fn reads_the_exif_orientation_and_turns_the_size() {
        let mut jpg = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x22];
        jpg.extend_from_slice(b"Exif\0\0II\x2A\0\x08\0\0\0");
        jpg.extend_from_slice(&[1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]);
        jpg.extend_from_slice(&[
            0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x64, 0x00, 0xC8, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
        ]);
        assert_eq!(jpeg_orientation(&jpg), 6);
        assert_eq!(image_size(&jpg), Some((200, 100)));
        assert_eq!(oriented_size(&jpg), Some((100, 200)));
        assert_eq!(jpeg_orientation(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0]), 1);
        assert_eq!(jpeg_orientation(&jpg[..20]), 1, "cut short: no orientation, no panic");
    }

    #[test]
    fn reads_jpeg_size_from_the_frame_header() {
        let mut jpg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46];
        jpg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
        jpg.extend_from_slice(&768u16.to_be_bytes());
        jpg.extend_from_slice(&1024u16.to_be_bytes());
        jpg.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        assert_eq!(image_size(&jpg), Some((1024, 768)));
        assert_eq!(image_size(&jpg[..12]), None);
        assert_eq!(image_size(b"%PDF-1.4"), None);
    }
}

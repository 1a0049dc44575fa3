use super::*;

/// Feeds `bytes` in pieces of `piece` bytes, as a stream would.
fn in_pieces(kind: FileKind, bytes: &[u8], piece: usize) -> Result<(), Broken> {
    let mut check = StructureCheck::new(kind).expect("an image kind");
    for part in bytes.chunks(piece) {
        check.feed(part);
    }
    check.finish()
}

/// Every way of cutting a stream gives the same verdict as the whole.
fn same_in_any_pieces(kind: FileKind, bytes: &[u8]) -> Result<(), Broken> {
    let whole = check(kind, bytes);
    for piece in [1, 2, 3, 7, 64, 4096] {
        assert_eq!(in_pieces(kind, bytes, piece), whole, "fed {piece} bytes at a time");
    }
    whole
}

fn png_chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&(crc32_update(CRC_INIT, &body) ^ CRC_INIT).to_be_bytes());
    out
}

#[test]
fn a_whole_png_passes_in_any_pieces() {
    assert_eq!(same_in_any_pieces(FileKind::Png, &fixtures::png(64, 48)), Ok(()));
    assert_eq!(same_in_any_pieces(FileKind::Png, &fixtures::png(1024, 768)), Ok(()));
}

#[test]
fn a_png_cut_anywhere_is_truncated() {
    let png = fixtures::png(40, 30);
    for cut in [7, 8, 20, 33, 40, png.len() / 2, png.len() - 13, png.len() - 1] {
        assert_eq!(same_in_any_pieces(FileKind::Png, &png[..cut]), Err(Broken::Truncated), "cut at {cut}");
    }
}

#[test]
fn a_png_without_iend_is_truncated_and_padding_after_it_is_ignored() {
    let png = fixtures::png(8, 8);
    let without_iend = &png[..png.len() - 12];
    assert_eq!(same_in_any_pieces(FileKind::Png, without_iend), Err(Broken::Truncated));
    let mut padded = png.clone();
    padded.extend_from_slice(&[0; 100]);
    assert_eq!(same_in_any_pieces(FileKind::Png, &padded), Ok(()));
}

#[test]
fn a_png_with_a_wrong_crc_or_chunks_out_of_place_is_corrupt() {
    let png = fixtures::png(8, 8);
    let mut flipped = png.clone();
    let in_idat = 8 + 25 + 12; // signature, IHDR chunk, into the IDAT's data
    flipped[in_idat] ^= 0x01;
    assert_eq!(same_in_any_pieces(FileKind::Png, &flipped), Err(Broken::Corrupt));

    let signature = &png[..8];
    let ihdr = &png[8..8 + 25];
    let iend = png_chunk(b"IEND", &[]);
    let idat = &png[8 + 25..png.len() - 12];
    // IEND without any IDAT.
    let no_data = [signature, ihdr, &iend].concat();
    assert_eq!(same_in_any_pieces(FileKind::Png, &no_data), Err(Broken::Corrupt));
    // IDAT before IHDR.
    let no_header_first = [signature, idat, ihdr, &iend].concat();
    assert_eq!(same_in_any_pieces(FileKind::Png, &no_header_first), Err(Broken::Corrupt));
    // A second IHDR.
    let twice = [signature, ihdr, ihdr, idat, &iend].concat();
    assert_eq!(same_in_any_pieces(FileKind::Png, &twice), Err(Broken::Corrupt));
    // A chunk claiming more than the format allows.
    let mut huge = [signature, ihdr].concat();
    huge.extend_from_slice(&0x8000_0000u32.to_be_bytes());
    huge.extend_from_slice(b"IDAT");
    assert_eq!(same_in_any_pieces(FileKind::Png, &huge), Err(Broken::Corrupt));
    // Not a PNG signature at all.
    assert_eq!(check(FileKind::Png, b"\x89PNG\r\n\x1a\x0bxxxx"), Err(Broken::Corrupt));
}

#[test]
fn a_whole_jpeg_passes_in_any_pieces() {
    assert_eq!(same_in_any_pieces(FileKind::Jpeg, &fixtures::jpeg()), Ok(()));
}

#[test]
fn a_jpeg_cut_anywhere_is_truncated() {
    let jpeg = fixtures::jpeg();
    for cut in [1, 2, 3, 4, 30, jpeg.len() / 2, jpeg.len() - 20, jpeg.len() - 2, jpeg.len() - 1] {
        assert_eq!(same_in_any_pieces(FileKind::Jpeg, &jpeg[..cut]), Err(Broken::Truncated), "cut at {cut}");
    }
}

#[test]
fn a_jpeg_without_a_frame_or_a_scan_is_corrupt() {
    // SOI, then EOI at once: no frame, no scan.
    assert_eq!(check(FileKind::Jpeg, &[0xFF, 0xD8, 0xFF, 0xD9]), Err(Broken::Corrupt));
    // A scan before any frame header.
    let sos = [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00];
    let bytes = [&[0xFF, 0xD8][..], &sos, &[0x12, 0x34, 0xFF, 0xD9]].concat();
    assert_eq!(check(FileKind::Jpeg, &bytes), Err(Broken::Corrupt));
    // A segment length below 2.
    assert_eq!(check(FileKind::Jpeg, &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01]), Err(Broken::Corrupt));
    // Bytes between segments that are not a marker.
    assert_eq!(check(FileKind::Jpeg, &[0xFF, 0xD8, 0x00, 0xFF, 0xD9]), Err(Broken::Corrupt));
}

#[test]
fn scan_data_with_stuffing_restarts_and_several_scans_passes() {
    let sof2 = [0xFF, 0xC2, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00];
    let dht = [0xFF, 0xC4, 0x00, 0x04, 0x00, 0x00];
    let sos = [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00];
    // Data with a stuffed 0xFF00, a restart marker and fill bytes before the next marker.
    let data = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56, 0xFF, 0xFF];
    let bytes = [&[0xFF, 0xD8][..], &sof2, &dht, &sos, &data, &dht[1..], &sos, &[0x9A], &[0xFF, 0xD9]].concat();
    assert_eq!(same_in_any_pieces(FileKind::Jpeg, &bytes), Ok(()));
}

#[test]
fn only_images_are_checked() {
    assert!(StructureCheck::new(FileKind::Pdf).is_none());
    assert_eq!(check(FileKind::Pdf, b"%PDF-1.4 cut"), Ok(()));
}

#[test]
fn eight_bytes_a_step_agree_with_one_byte_a_step() {
    let bytes: Vec<u8> = (0..10_007u32).map(|i| (i * 31 % 251) as u8).collect();
    let mut slow = CRC_INIT;
    for &b in &bytes {
        slow = CRC_TABLES[0][((slow ^ u32::from(b)) & 0xFF) as usize] ^ (slow >> 8);
    }
    for split in [0, 1, 7, 8, 9, 5000] {
        let (a, b) = bytes.split_at(split);
        assert_eq!(crc32_update(crc32_update(CRC_INIT, a), b), slow, "split at {split}");
    }
}

#[test]
fn the_crc_table_is_pngs() {
    // The CRC of "IEND" with no data, as every PNG ends.
    assert_eq!(crc32_update(CRC_INIT, b"IEND") ^ CRC_INIT, 0xAE42_6082);
}

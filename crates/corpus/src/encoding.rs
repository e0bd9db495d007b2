//! What encoding a corpus file is in, and its text. UTF-8 is read as it is; UTF-16
//! with a byte order mark (what some Windows editors save) too. Anything else is a
//! legacy encoding the analysts meet: Korean text from older tools (CP949/EUC-KR —
//! encoding_rs's EUC-KR is Windows' CP949, a superset), Chinese pages saved locally
//! (GB18030, of which GBK is a part, and Big5). Which one is decided by chardetng,
//! Firefox's detector, and read by encoding_rs, Firefox's decoders; a file the
//! detector is not sure of, or that does not decode cleanly, is an error naming it —
//! never text read in the wrong encoding.

use std::borrow::Cow;

use encoding_rs::{Encoding, BIG5, EUC_KR, GB18030, GBK, UTF_16BE, UTF_16LE};

/// Why a file's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecodable {
    /// The 1-based line of the first byte that does not decode, where it is known.
    pub line: Option<usize>,
    pub message: String,
}

/// Whether `bytes` start with a UTF-16 byte order mark.
pub fn is_utf16(bytes: &[u8]) -> bool {
    Encoding::for_bom(bytes).is_some_and(|(encoding, _)| encoding == UTF_16LE || encoding == UTF_16BE)
}

/// The text of `bytes` and the name of the encoding it was read in (`UTF-8`,
/// `UTF-16LE`, `EUC-KR`, `GB18030`, `Big5`).
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), Undecodable> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        if encoding == UTF_16LE || encoding == UTF_16BE {
            return match encoding.decode_without_bom_handling_and_without_replacement(&bytes[bom..]) {
                Some(text) => Ok((Cow::Owned(text.into_owned()), encoding.name())),
                None => Err(Undecodable {
                    line: None,
                    message: "UTF-16 with invalid characters: convert the file to UTF-8".into(),
                }),
            };
        }
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((Cow::Borrowed(text), "UTF-8")),
        Err(e) => e,
    };
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let (guess, sure) = detector.guess_assess(None, false);
    // GBK files are GB18030 files (its superset), and decode as such.
    let encoding = if guess == GBK { GB18030 } else { guess };
    let known = [EUC_KR, GB18030, BIG5].contains(&encoding);
    if known && sure {
        if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) {
            return Ok((Cow::Owned(text.into_owned()), encoding.name()));
        }
    }
    let at = utf8_error.valid_up_to();
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    Err(Undecodable {
        line: Some(line),
        message: format!(
            "not valid UTF-8 (bad byte at offset {at}), and not clearly CP949/EUC-KR, GB18030 or Big5 either{}; convert the file to UTF-8",
            if known { format!(" (it looks most like {}, but does not decode as it)", encoding.name()) } else { String::new() }
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KOREAN: &str = "광둥성, 범용 인공지능 산업 혁신거점 구축 추진\n중국과학원 창춘(長春) 광학정밀기계물리연구소에서 개발한 제품으로 무게 50kg, 18kg 화물 적재가 가능하고 항속시간이 4시간에 달했으며\n";
    const SIMPLIFIED: &str = "广东省人民政府关于加快建设通用人工智能产业创新引领地的实施意见\n全球首创！中国科学院长春光机所自主研发制造的新型无人机究竟有多厉害？\n";
    const TRADITIONAL: &str =
        "全球首創！中國科學院長春光機所自主研發製造的新型無人機究竟有多厲害？\n雙飛翼與多旋翼原創技術\n";

    #[test]
    fn legacy_encodings_are_read_as_the_text_they_hold() {
        for (text, encoding, name) in [
            (KOREAN, EUC_KR, "EUC-KR"),
            (SIMPLIFIED, GB18030, "gb18030"),
            (TRADITIONAL, BIG5, "Big5"),
        ] {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable, "{name}");
            let (decoded, read_as) = decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(decoded, text, "{name}");
            assert!(read_as.eq_ignore_ascii_case(name), "{name}: read as {read_as}");
        }
        assert_eq!(decode(KOREAN.as_bytes()).unwrap(), (Cow::Borrowed(KOREAN), "UTF-8"));
    }

    #[test]
    fn bytes_in_no_encoding_are_an_error_with_the_line() {
        let bytes = [
            b"first line\n".as_slice(),
            &[0xff, 0xfe, 0x00, 0x80, 0xff, 0x81, 0x00, 0xfe],
        ]
        .concat();
        let error = decode(&bytes[1..]).unwrap_err();
        assert_eq!(error.line, Some(2));
        assert!(error.message.contains("convert the file to UTF-8"), "{}", error.message);
    }
}

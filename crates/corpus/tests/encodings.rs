//! Issue 28.5: Korean files from older tools (CP949/EUC-KR) and Chinese pages saved
//! locally (GB18030, Big5) were rejected as "not valid UTF-8". They are read as the
//! text they hold, say which encoding they were read in, and a file in no clear
//! encoding is an error naming it.

use std::path::Path;

use encoding_rs::{BIG5, EUC_KR, GB18030};
use hanseek_corpus::{parse_bytes, Format, Report};

fn bundled() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/kostec-weekly-2023-12-01.md"))
        .unwrap()
}

fn report(path: &str, bytes: &[u8]) -> Report {
    let parsed = parse_bytes(path, "weekly", bytes);
    assert!(parsed.errors.is_empty(), "{path}: {:?}", parsed.errors);
    parsed.report.expect("a report")
}

#[test]
fn a_cp949_report_reads_as_its_utf8_form() {
    // The report in CP949, as an older Korean tool saves it (its simplified Chinese,
    // which CP949 cannot hold, written as the numeric references such tools write).
    let text = bundled();
    let (cp949, _, _) = EUC_KR.encode(&text);
    let (as_text, _) = EUC_KR.decode_without_bom_handling(&cp949);
    let legacy = report("weekly.md", &cp949);
    let utf8 = report("weekly.md", as_text.as_bytes());
    assert_eq!(legacy.encoding, Some("EUC-KR"));
    assert_eq!(utf8.encoding, Some("UTF-8"));
    assert_eq!(legacy.format, Format::Report);
    assert_eq!(legacy.articles.len(), 14);
    assert_eq!(
        Report {
            encoding: None,
            ..legacy
        },
        Report { encoding: None, ..utf8 }
    );
}

#[test]
fn chinese_pages_in_gb18030_and_big5_are_read() {
    let jsonl = "{\"id\":\"gd\",\"title\":\"广东省人民政府关于加快建设通用人工智能产业创新引领地的实施意见\",\"body\":\"到2025年，全省智能算力规模全国第一、全球领先，核心产业规模突破3000亿元，企业数量超2000家。\"}\n{\"id\":\"cas\",\"title\":\"全球首创！中国科学院长春光机所自主研发制造的新型无人机\",\"body\":\"双飞翼与多旋翼原创技术。\"}\n";
    let (gb, _, unmappable) = GB18030.encode(jsonl);
    assert!(!unmappable);
    let read = report("pages.jsonl", &gb);
    assert_eq!(read.encoding, Some("gb18030"));
    assert_eq!(
        read.articles[0].title,
        "广东省人民政府关于加快建设通用人工智能产业创新引领地的实施意见"
    );
    assert!(read.articles[1].body.contains("双飞翼"));

    let text = "全球首創！中國科學院長春光機所自主研發製造的新型無人機究竟有多厲害？\n\n雙飛翼與多旋翼原創技術，可垂直起降，航時達四小時。\n";
    let (big5, _, unmappable) = BIG5.encode(text);
    assert!(!unmappable);
    let read = report("page.txt", &big5);
    assert_eq!(read.encoding, Some("Big5"));
    assert_eq!(
        read.title,
        "全球首創！中國科學院長春光機所自主研發製造的新型無人機究竟有多厲害？"
    );
}

#[test]
fn a_file_in_no_clear_encoding_is_an_error_naming_it() {
    let bytes: Vec<u8> = (0..400u32)
        .map(|i| ((i * 7919) % 251) as u8)
        .filter(|&b| b >= 0x80 || b == b'\n')
        .collect();
    let parsed = parse_bytes("corpus/garbled.txt", "garbled", &bytes);
    assert!(parsed.report.is_none());
    let error = parsed.errors[0].to_string();
    assert!(
        error.starts_with("corpus/garbled.txt:") && error.contains("convert the file to UTF-8"),
        "{error}"
    );
}

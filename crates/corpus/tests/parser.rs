//! The parser on the bundled report (every article and reference, exactly), on small
//! fixtures for the other formats and the error cases, and on arbitrary input.

use std::path::{Path, PathBuf};

use hanseek_corpus::{collect_files, parse_bytes, parse_path, Article, Format, Parsed, ReferenceKind, Report};
use proptest::prelude::*;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn bundled() -> Report {
    let path = corpus_dir().join("kostec-weekly-2023-12-01.md");
    let parsed = parse_path(&path, "kostec-weekly-2023-12-01");
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    parsed.report.expect("the bundled report parses")
}

fn article<'a>(report: &'a Report, id: &str) -> &'a Article {
    let id = format!("kostec-weekly-2023-12-01/{id}");
    report
        .articles
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no article {id}"))
}

#[test]
fn report_metadata() {
    let report = bundled();
    assert_eq!(report.format, Format::Report);
    assert_eq!(report.title, "중국 과학기술 정책 주간동향");
    assert_eq!(report.publisher.as_deref(), Some("한중과학기술협력센터"));
    assert_eq!(report.issue_date.unwrap().to_string(), "2023-12-01");
}

/// (id, section, category, number, title, subtitle, date).
type ExpectedArticle = (
    &'static str,
    &'static str,
    Option<&'static str>,
    u32,
    &'static str,
    Option<&'static str>,
    &'static str,
);

/// All 14 articles, in order.
const ARTICLES: [ExpectedArticle; 14] = [
    (
        "I-01",
        "특집기사",
        None,
        1,
        "웨강아오대만구, 미래 10대 산업 선정",
        Some("정보, 건강, 에너지, 소재, 장비, 환경, 농업, 항공, 심해, 심지층 10대 산업 방향 제시"),
        "2023-11-25",
    ),
    (
        "II-02",
        "정책동향",
        Some("기술전략"),
        2,
        "중국, '일대일로' 이니셔티브의 미래 10년 중점 방향 공개",
        Some("녹색 발전, 디지털 발전, 과기혁신 및 의료건강 등 새로운 분야 협력 확대 제시"),
        "2023-11-25",
    ),
    (
        "II-03",
        "정책동향",
        Some("기술전략"),
        3,
        "국가표준위 외 '표준화 인재 양성 액션계획' 발표",
        Some("표준화 R&D 인재·관리인재·응용인재·교육인재 및 국제 표준화 인재 등 양성"),
        "2023-11-24",
    ),
    (
        "II-04",
        "정책동향",
        Some("지역"),
        4,
        "광둥성, 범용 인공지능 산업 혁신거점 구축 추진",
        Some("'25년까지 범용 인공지능 핵심산업규모 3,000억 위안, 기업 수 2000개 달성 목표"),
        "2023-11-13",
    ),
    (
        "II-05",
        "정책동향",
        Some("통계"),
        5,
        "CASTED, '2023 국가 혁신지수 보고' 발표",
        Some("중국 혁신력 종합 순위 세계 10위로 상승"),
        "2023-11-21",
    ),
    (
        "III-01",
        "기술동향",
        Some("기계"),
        1,
        "중국과학원, 세계 최초로 쌍날개 고정익 틸트로터 드론 출시",
        Some("세계 최초로 '쌍익(雙飛翼)+멀티 스피너(多旋翼)'원천기술 확보"),
        "2023-11-22",
    ),
    (
        "III-02",
        "기술동향",
        Some("에너지"),
        2,
        "나노에너지·시스템연구소, 폐기 리튬배터리 재활용 방안 제시",
        Some("마찰 전기 나노 발전기를 이용해 재료와 에너지의 이중 순환 실현"),
        "2023-11-22",
    ),
    (
        "IV-01",
        "단신동향",
        None,
        1,
        "베이징, 네이처 2023 자연지수-과학연구도시 세계 1위에 올라",
        Some("10위권 내 상하이, 난징, 우한 포함 및 허페이, 항저우, 톈진, 시안 등 5개 도시 세계 20위 진입"),
        "2023-11-23",
    ),
    (
        "IV-02",
        "단신동향",
        None,
        2,
        "중국, 10대 첨단 과학기술 난제 발표",
        Some("중국 국가나노과학센터는 사이언스지와 손잡고 전 세계 10대 첨단 나노기술 난제 발표"),
        "2023-11-25",
    ),
    (
        "IV-03",
        "단신동향",
        None,
        3,
        "2023 글로벌 디지털 무역 혁신 대회 항저우 개최",
        Some("글로벌 디지털 무역 박람회의 주요 행사로 올해 첫 개최"),
        "2023-11-23",
    ),
    (
        "IV-04",
        "단신동향",
        None,
        4,
        "중국-프랑스 탄소중화센터 발대식 베이징에서 개최",
        Some("지난 24일, 중국-프랑스 고위급 인문교류 메커니즘 제 6차 회의에서 중국-프랑스 탄소중화센터 출범식 개최"),
        "2023-11-28",
    ),
    (
        "IV-05",
        "단신동향",
        None,
        5,
        "제6회 상장(湘江) 금융 포럼, 후난성 창사에서 개최",
        Some("기술 혁신, 스마트 제조, 산업 발전 및 '금융+기술+산업'의 통합교류"),
        "2023-11-23",
    ),
    (
        "IV-06",
        "단신동향",
        None,
        6,
        "제12회 중국-이탈리아 혁신 협력 주간 베이징에서 개막",
        Some("매년 양국간 교체로 주최하며, 양국의 과학 기술교류 및 협력을 촉진하는 중요한 플랫폼"),
        "2023-11-28",
    ),
    (
        "IV-07",
        "단신동향",
        None,
        7,
        "중국, 도시 커뮤니티 임베디드 서비스 시설 건설",
        None,
        "2023-11-27",
    ),
];

#[test]
fn every_article_in_order_with_its_metadata() {
    let report = bundled();
    let ids: Vec<&str> = report
        .articles
        .iter()
        .map(|a| a.id.rsplit('/').next().unwrap())
        .collect();
    let expected: Vec<&str> = ARTICLES.iter().map(|a| a.0).collect();
    assert_eq!(ids, expected);
    for (id, section, category, number, title, subtitle, date) in ARTICLES {
        let a = article(&report, id);
        assert_eq!(a.section.as_deref(), Some(section), "{id} section");
        assert_eq!(a.section_number.as_deref(), id.split('-').next(), "{id} numeral");
        assert_eq!(a.category.as_deref(), category, "{id} category");
        assert_eq!(a.number, Some(number), "{id} number");
        assert_eq!(a.title, title, "{id} title");
        assert_eq!(a.subtitle.as_deref(), subtitle, "{id} subtitle");
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some(date), "{id} date");
    }
}

/// (article, kind, title, url) for every reference link, in order.
const REFERENCES: [(&str, ReferenceKind, &str, Option<&str>); 18] = [
    ("I-01", ReferenceKind::Reference, "曲建(中国综合开发研究院副院长), '发布粤港澳大湾区十大未来产业方向', 第五届世界科技与发展论坛", None),
    ("II-02", ReferenceKind::Reference, "我国发布共建“一带一路”未来十年发展展望", Some("http://www.chinahightech.com/html/hotnews/yaowen/2023/1124/5691852.html")),
    ("II-02", ReferenceKind::Reference, "坚定不移推进共建“一带一路”高质量发展走深走实的愿景与行动", Some("https://baijiahao.baidu.com/s?id=1783483685944302897&wfr=spider&for=pc")),
    ("II-03", ReferenceKind::Reference, "未来3年，标准化人才这样培养", Some("http://www.chinahightech.com/html/hotnews/yaowen/2023/1124/5691829.html")),
    ("II-03", ReferenceKind::Reference, "标准化人才培养专项行动计划（2023—2025年）", Some("https://mp.weixin.qq.com/s?__biz=MjM5NzczNDQxNQ==&mid=2651797245&idx=1&sn=b8f9e170636060a612658b4c444b484b&chksm=bd2ee79d8a596e8b170ca70c4637c5f2597931ddf4653625e89d308123039360eb67d3e2b671&scene=27")),
    ("II-04", ReferenceKind::Reference, "广东省人民政府关于加快建设通用人工智能产业创新引领地的实施意见", Some("https://www.gd.gov.cn/zwgk/wjk/qbwj/yf/content/post_4282629.html")),
    ("II-04", ReferenceKind::Reference, "一图读懂广东省人民政府关于加快建设通用人工智能产业创新引领地的实施意见", Some("https://www.gd.gov.cn/zwgk/zcjd/wjjd/content/post_4283853.html")),
    ("II-05", ReferenceKind::Reference, "最新发布! 中国升至全球第10位", Some("https://mp.weixin.qq.com/s/8-IguL7YyZdA9ptw-RolpQ")),
    ("III-01", ReferenceKind::ImageSource, "쌍익 고정익 틸트로터 드론", Some("https://mp.weixin.qq.com/s/wKmM3mTI-TWw4I_L2d9tmw")),
    ("III-01", ReferenceKind::Reference, "全球首创！中国科学院长春光机所自主研发制造的新型无人机究竟有多厉害？", Some("http://jl.people.com.cn/n2/2023/1122/c349771-40649873.html")),
    ("III-02", ReferenceKind::Reference, "“双循环”让退役锂电池有了新出路", Some("https://www.cas.cn/cm/202311/t20231122_4986602.shtml")),
    ("IV-01", ReferenceKind::Source, "과기일보", Some("http://digitalpaper.stdaily.com/http_www.kjrb.com/kjrb/html/2023-11/23/content_562989.htm?div=-1")),
    ("IV-02", ReferenceKind::Source, "인민망", Some("http://finance.people.com.cn/n1/2023/1125/c1004-40125693.html")),
    ("IV-03", ReferenceKind::Source, "인민망", Some("http://finance.people.com.cn/n1/2023/1123/c1004-40124688.html")),
    ("IV-04", ReferenceKind::Source, "과기일보", Some("http://digitalpaper.stdaily.com/http_www.kjrb.com/kjrb/html/2023-11/28/content_563271.htm?div=-1")),
    ("IV-05", ReferenceKind::Source, "경제참고보", Some("http://dz.jjckb.cn/www/pages/webpage2009/html/2023-11/23/content_94371.htm")),
    ("IV-06", ReferenceKind::Source, "고신망", Some("http://www.chinahightech.com/html/hotnews/yaowen/2023/1128/5692159.html")),
    ("IV-07", ReferenceKind::Source, "고신망", Some("http://www.chinahightech.com/html/hotnews/yaowen/2023/1127/5691944.html")),
];

#[test]
fn every_reference_with_kind_title_and_exact_url() {
    let report = bundled();
    let actual: Vec<(String, ReferenceKind, String, Option<String>)> = report
        .articles
        .iter()
        .flat_map(|a| {
            let short = a.id.rsplit('/').next().unwrap().to_string();
            a.references
                .iter()
                .map(move |r| (short.clone(), r.kind, r.title.clone(), r.url.clone()))
        })
        .collect();
    let expected: Vec<(String, ReferenceKind, String, Option<String>)> = REFERENCES
        .iter()
        .map(|(a, k, t, u)| (a.to_string(), *k, t.to_string(), u.map(str::to_string)))
        .collect();
    assert_eq!(actual, expected);
}

#[test]
fn short_news_sources_carry_outlet_and_date() {
    let report = bundled();
    let source = &article(&report, "IV-05").references[0];
    assert_eq!(source.outlet.as_deref(), Some("경제참고보"));
    assert_eq!(source.date.unwrap().to_string(), "2023-11-23");
    for a in report
        .articles
        .iter()
        .filter(|a| a.section.as_deref() == Some("단신동향"))
    {
        assert!(
            a.references
                .iter()
                .all(|r| r.kind == ReferenceKind::Source && r.outlet.is_some() && r.date.is_some()),
            "{}",
            a.id
        );
    }
}

#[test]
fn bodies_are_clean_text_of_their_own_article_only() {
    let report = bundled();
    let markers = [
        "**", "\\", "](", "<b>", "<li", "</", "&amp;", "&lt;", "&nbsp;", "\u{FFFD}", "☑", "http",
    ];
    for a in &report.articles {
        for marker in markers {
            assert!(!a.body.contains(marker), "{} body contains {marker:?}", a.id);
        }
        for line in a.body.lines() {
            assert!(
                !line.starts_with('#') && !line.starts_with("- "),
                "{} body line {line:?}",
                a.id
            );
            assert_eq!(line, line.trim(), "{} body line has stray whitespace", a.id);
        }
        // Colophon text and the next article's title never leak into a body.
        for leak in [
            "발 행 일",
            "발행기관",
            "TECHNOLOGY COOPERATION CENTER",
            "주/간/동/향",
            "참고자료",
        ] {
            assert!(!a.body.contains(leak), "{} body contains {leak:?}", a.id);
        }
        for other in report.articles.iter().filter(|o| o.id != a.id) {
            assert!(
                !a.body.contains(&other.title),
                "{} body holds the title of {}",
                a.id,
                other.id
            );
        }
    }
    assert!(!article(&report, "IV-07").body.contains("CHINA"));
}

#[test]
fn sub_headings_captions_and_tables_stay_inside_their_article() {
    let report = bundled();
    let special = &article(&report, "I-01").body;
    for expected in [
        "1) 정보 산업",
        "〈정보 산업 10대 기술〉",
        "1 | 디지털인프라·스마트시티 | 6 | 5G/6G 무선통신",
        "10) 심지층(深地) 산업",
        "5 | 울트라딥 웰(Ultra Deep Well) 스마트제조 | 10 | 심지층 드릴링 장비",
        "광둥-홍콩-마카오 대만구의 기술 혁신이 미래 발전에서 점점 더 중요한 역할을 할 전망",
    ] {
        assert!(special.lines().any(|l| l == expected), "I-01 lacks line {expected:?}");
    }
    let silk_road = &article(&report, "II-02").body;
    assert!(
        silk_road.contains("1 | 정책 | ● 다자간 협력: 유네스코와"),
        "HTML list cell not flattened"
    );
    assert!(
        silk_road.contains("‘실크로드 전자상거래’"),
        "U+FFFD not removed from 실크로드"
    );
    assert!(
        article(&report, "II-03").body.contains("표준화 R&D 인재·관리인재"),
        "entity &amp; not decoded"
    );
    assert!(article(&report, "II-03")
        .body
        .starts_with("● 국가표준위 등 5개 부처 공동으로"));
}

#[test]
fn summary_bullets_are_attached_to_the_articles_they_summarize() {
    let report = bundled();
    assert!(report.unattached_summary.is_empty(), "{:?}", report.unattached_summary);
    let expect = [
        ("I-01", "취젠(曲建)"),
        ("II-02", "‘일대일로’ 향후 10년"),
        ("II-03", "표준화 인재 양성 액션계획"),
        ("II-04", "광둥성정부는"),
        ("II-05", "국가혁신지수보고 2022~2023"),
    ];
    for (id, needle) in expect {
        let a = article(&report, id);
        assert_eq!(a.summary.len(), 1, "{id}");
        assert!(a.summary[0].contains(needle), "{id}: {:?}", a.summary);
    }
    assert_eq!(report.articles.iter().map(|a| a.summary.len()).sum::<usize>(), 5);
}

#[test]
fn ids_are_stable_and_unique() {
    let first = bundled();
    let second = bundled();
    let ids: Vec<&String> = first.articles.iter().map(|a| &a.id).collect();
    assert_eq!(ids, second.articles.iter().map(|a| &a.id).collect::<Vec<_>>());
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
}

/// Found by the report fuzz target: a section numeral written twice (`## III` where
/// `## IV` belongs) gave two articles one id, and the index kept only the later one.
/// Each article keeps a distinct id, and the repeat is a warning naming its line.
#[test]
fn a_repeated_section_numeral_keeps_every_article_with_distinct_ids() {
    let text = std::fs::read_to_string(corpus_dir().join("kostec-weekly-2023-12-01.md")).unwrap();
    let typo = text.replacen("\n## IV\n", "\n## III\n", 1);
    assert_ne!(typo, text);
    let parsed = parse_bytes("typo.md", "typo", typo.as_bytes());
    let report = parsed.report.expect("still a report");
    assert_eq!(report.articles.len(), bundled().articles.len(), "no article lost");
    let ids: std::collections::HashSet<&str> = report.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), report.articles.len(), "distinct ids: {ids:?}");
    assert!(ids.contains("typo/III-01") && ids.contains("typo/III-01~2"), "{ids:?}");
    let warning = parsed
        .warnings
        .iter()
        .find(|w| w.message.contains("'typo/III-01' is an earlier article's too"))
        .expect("a warning");
    assert!(warning.line.is_some_and(|line| line > 430));
}

#[test]
fn a_december_item_in_a_january_issue_is_dated_the_previous_year() {
    let text = std::fs::read_to_string(corpus_dir().join("kostec-weekly-2023-12-01.md"))
        .unwrap()
        .replace("2023. 12. 1", "2024. 1. 5")
        .replace("(11.25)", "(12.28)");
    let parsed = parse_bytes("jan.md", "jan", text.as_bytes());
    let report = parsed.report.unwrap();
    assert_eq!(report.issue_date.unwrap().to_string(), "2024-01-05");
    assert_eq!(report.articles[0].date.unwrap().to_string(), "2023-12-28");
}

fn only_error(parsed: &Parsed) -> String {
    assert!(parsed.report.is_none(), "expected the file to be rejected");
    assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
    parsed.errors[0].to_string()
}

#[test]
fn bad_files_get_errors_naming_the_file() {
    let bad_utf8 = only_error(&parse_bytes("bad.md", "bad", b"# title\nline two\n\xff\xfe broken"));
    assert!(bad_utf8.starts_with("bad.md:3: not valid UTF-8"), "{bad_utf8}");

    let binary = only_error(&parse_bytes("image.md", "image", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
    assert!(binary.starts_with("image.md: binary file"), "{binary}");

    let empty = only_error(&parse_bytes("empty.txt", "empty", b" \n\n  \n"));
    assert_eq!(empty, "empty.txt: empty file");

    let no_articles = "# 주간동향\n\n## CONTENTS\n\n- 목록\n\n## 요약\n\n- 요약문\n\n| 발 행 일 | 2023. 12. 1\n";
    let message = only_error(&parse_bytes("noart.md", "noart", no_articles.as_bytes()));
    assert!(message.starts_with("noart.md: no recognizable article"), "{message}");
}

#[test]
fn a_truncated_report_is_an_error_pointing_at_where_it_stops() {
    let full = std::fs::read_to_string(corpus_dir().join("kostec-weekly-2023-12-01.md")).unwrap();
    let cut: String = full.lines().take(300).collect::<Vec<_>>().join("\n");
    let message = only_error(&parse_bytes("cut.md", "cut", cut.as_bytes()));
    assert!(message.starts_with("cut.md:300: no colophon"), "{message}");
}

#[test]
fn a_folder_parses_every_file_and_isolates_the_broken_ones() {
    let dir = tempdir("folder");
    std::fs::copy(corpus_dir().join("kostec-weekly-2023-12-01.md"), dir.join("a.md")).unwrap();
    std::fs::create_dir(dir.join("2024")).unwrap();
    std::fs::copy(corpus_dir().join("kostec-weekly-2023-12-01.md"), dir.join("2024/b.md")).unwrap();
    std::fs::write(dir.join("broken.md"), b"\xff\xff").unwrap();
    std::fs::write(dir.join("notes.txt"), "Plain notes\n\nSome body text.").unwrap();
    std::fs::write(dir.join("README.md"), "# about this folder").unwrap();
    std::fs::write(dir.join("scan.hwp"), "HWP Document File").unwrap();

    let found = collect_files(std::slice::from_ref(&dir));
    let sources: Vec<&str> = found.files.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(sources, ["2024/b", "a", "broken", "notes"]);
    assert_eq!(found.ignored.len(), 2, "README.md and scan.hwp are passed over");
    let parsed: Vec<Parsed> = found.files.iter().map(|(p, s)| parse_path(p, s)).collect();
    assert_eq!(parsed.iter().filter(|p| p.report.is_some()).count(), 3);
    assert_eq!(parsed.iter().map(|p| p.errors.len()).sum::<usize>(), 1);
    assert_eq!(parsed[0].report.as_ref().unwrap().articles[0].id, "2024/b/I-01");
    assert_eq!(parsed[1].report.as_ref().unwrap().articles.len(), 14);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn jsonl_documents_and_bad_lines() {
    let jsonl = concat!(
        r#"{"id":"d1","title":"인공지능 정책","body":"본문 하나","date":"2023-11-02","url":"https://a.cn/1","section":"정책"}"#,
        "\n",
        "\n",
        r#"{"id":"d2","title":"두 번째","body":"본문 둘","extra":"ignored"}"#,
        "\n",
        r#"{"id":"d3","title":"bad date","body":"x","date":"2023/11/02"}"#,
        "\n",
        r#"{"title":"no id","body":"x"}"#,
        "\n",
        r#"{"id":"d1","title":"dup","body":"x"}"#,
        "\n",
        "not json\n",
    );
    let parsed = parse_bytes("docs.jsonl", "docs", jsonl.as_bytes());
    let report = parsed.report.expect("good lines are kept");
    assert_eq!(report.format, Format::Jsonl);
    assert_eq!(
        report.articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["d1", "d2"]
    );
    let d1 = &report.articles[0];
    assert_eq!(
        (
            d1.date.unwrap().to_string().as_str(),
            d1.url.as_deref(),
            d1.section.as_deref()
        ),
        ("2023-11-02", Some("https://a.cn/1"), Some("정책"))
    );
    let lines: Vec<Option<usize>> = parsed.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [Some(4), Some(5), Some(6), Some(7)]);
    assert!(parsed.errors[2].message.contains("duplicate id 'd1'"));
}

#[test]
fn plain_text_and_markdown_are_one_document_each() {
    let md = parse_bytes(
        "note.md",
        "notes/note",
        "intro line\n\n# 리튬 배터리 재활용\n\n- **첫째** 항목\n- [링크](https://x.cn)\n".as_bytes(),
    );
    let report = md.report.unwrap();
    assert_eq!(report.format, Format::Plain);
    let doc = &report.articles[0];
    assert_eq!(
        (doc.id.as_str(), doc.title.as_str()),
        ("notes/note", "리튬 배터리 재활용")
    );
    assert_eq!(doc.body, "intro line\n첫째 항목\n링크");
    let txt = parse_bytes("a.txt", "a", "  첫 줄이 제목\n본문\n".as_bytes())
        .report
        .unwrap();
    assert_eq!(
        (txt.articles[0].title.as_str(), txt.articles[0].body.as_str()),
        ("첫 줄이 제목", "본문")
    );
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hanseek-corpus-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Lines that look like report structure, so that random input reaches the report
/// parser's paths and not only the plain-text one.
fn report_like_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("## CONTENTS".to_string()),
        Just("## 요약".to_string()),
        Just("## II".to_string()),
        Just("## 정책동향".to_string()),
        Just("## 01".to_string()),
        Just("## 02 제목 (11.25)".to_string()),
        Just("### ■ 부제(13.45)".to_string()),
        Just("## 참고자료".to_string()),
        Just("☑ 标题".to_string()),
        Just("* 출처: [http://a](http://a\\\\_b)".to_string()),
        Just("출처: 과기일보 (11.23)".to_string()),
        Just("<http://x.cn/a>".to_string()),
        Just("| 발 행 일 | 2023. 12. 1".to_string()),
        Just("| 발 행 일 | 2023. 2. 30".to_string()),
        Just("1\t<ul><li>● <b>a:</b> &amp; &#xFFFFFF;</li>\t".to_string()),
        "\\PC{0,30}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400), jsonl in any::<bool>()) {
        let path = if jsonl { "x.jsonl" } else { "x.md" };
        let _ = parse_bytes(path, "x", &bytes);
    }

    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC*(\n\\PC*){0,20}") {
        let _ = parse_bytes("x.md", "x", text.as_bytes());
    }

    #[test]
    fn never_panics_on_report_shaped_text(lines in proptest::collection::vec(report_like_line(), 0..40)) {
        let parsed = parse_bytes("x.md", "x", lines.join("\n").as_bytes());
        for article in parsed.report.iter().flat_map(|r| &r.articles) {
            prop_assert!(!article.id.is_empty());
        }
    }
}

/// Issue 17.6: one raw NUL byte rejected a whole JSONL file ("binary file", all 11
/// lines skipped). Now only its line is an error; a stray NUL in a report is dropped
/// with a warning naming its line.
#[test]
fn a_stray_nul_costs_its_line_not_the_file() {
    let mut jsonl = String::new();
    for i in 0..10 {
        jsonl.push_str(&format!(
            "{{\"id\":\"d{i}\",\"title\":\"제목 {i}\",\"body\":\"본문\"}}\n"
        ));
    }
    jsonl.push_str("{\"id\":\"bad\",\"title\":\"깨진\0줄\",\"body\":\"x\"}\n");
    let parsed = parse_bytes("docs.jsonl", "docs", jsonl.as_bytes());
    assert_eq!(parsed.report.as_ref().unwrap().articles.len(), 10);
    assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
    assert_eq!(parsed.errors[0].line, Some(11));

    let report =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/kostec-weekly-2023-12-01.md"))
            .unwrap();
    let with_nul = report.replacen("리튬배터리", "리튬\0배터리", 1);
    let line = with_nul[..with_nul.find('\0').unwrap()].matches('\n').count() + 1;
    let parsed = parse_bytes("report.md", "report", with_nul.as_bytes());
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.report.unwrap().articles.len(), 14);
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w.line == Some(line) && w.message.contains("NUL byte was removed")),
        "{:?}",
        parsed.warnings
    );
}

/// Issue 17.8: UTF-16 files were called binary, and CR-only line endings made a report
/// one plain document with exit status 0.
#[test]
fn utf16_and_cr_only_reports_parse_like_the_original() {
    let report =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/kostec-weekly-2023-12-01.md"))
            .unwrap();
    let articles = |bytes: &[u8]| {
        let parsed = parse_bytes("report.md", "report", bytes);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        parsed.report.unwrap().articles.len()
    };
    let mut le = vec![0xFF, 0xFE];
    le.extend(report.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(report.encode_utf16().flat_map(u16::to_be_bytes));
    let cr_only = report.replace("\r\n", "\n").replace('\n', "\r");
    assert_eq!(articles(&le), 14);
    assert_eq!(articles(&be), 14);
    assert_eq!(articles(cr_only.as_bytes()), 14);
}

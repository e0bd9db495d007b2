//! `hanseek corpus inspect`.

use std::path::Path;

use serde_json::Value;

use crate::*;

#[test]
fn corpus_inspect_json_keeps_the_documented_field_names() {
    let output = hanseek(&["corpus", "inspect", "--json", "corpus/"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json = stdout_json(&output);
    assert_eq!(json["errors"], Value::Array(vec![]));
    let report = &json["reports"][0];
    assert_eq!(report["path"], "corpus/kostec-weekly-2023-12-01.md");
    assert_eq!(report["title"], "중국 과학기술 정책 주간동향");
    assert_eq!(report["issue_date"], "2023-12-01");
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 14);
    for key in [
        "id",
        "section",
        "category",
        "number",
        "title",
        "subtitle",
        "date",
        "body",
        "references",
    ] {
        assert!(articles[0].get(key).is_some(), "article lacks {key}");
    }
    let drone = articles
        .iter()
        .find(|a| a["id"] == "kostec-weekly-2023-12-01/III-01")
        .unwrap();
    assert_eq!(drone["section"], "기술동향");
    assert_eq!(drone["category"], "기계");
    assert_eq!(drone["number"], 1);
    assert_eq!(drone["date"], "2023-11-22");
    let image = &drone["references"][0];
    for key in ["kind", "title", "url", "outlet", "date"] {
        assert!(image.get(key).is_some(), "reference lacks {key}");
    }
    assert_eq!(image["kind"], "image_source");
    assert_eq!(image["url"], "https://mp.weixin.qq.com/s/wKmM3mTI-TWw4I_L2d9tmw");
    let links: usize = articles.iter().map(|a| a["references"].as_array().unwrap().len()).sum();
    assert_eq!(links, 18);
}

#[test]
fn corpus_inspect_reports_bad_files_and_still_shows_the_good_ones() {
    let dir = tempdir("inspect-bad");
    std::fs::copy(Path::new("corpus/kostec-weekly-2023-12-01.md"), dir.join("good.md")).unwrap();
    std::fs::write(dir.join("empty.md"), "").unwrap();
    std::fs::write(dir.join("latin1.txt"), b"caf\xe9").unwrap();
    let output = hanseek(&["corpus", "inspect", "--json", dir.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a failed file makes the exit code non-zero"
    );
    let json = stdout_json(&output);
    assert_eq!(json["reports"].as_array().unwrap().len(), 1);
    assert_eq!(json["reports"][0]["articles"].as_array().unwrap().len(), 14);
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    assert!(errors[0]["path"].as_str().unwrap().ends_with("empty.md"));
    assert_eq!(errors[1]["line"], 1);
    assert!(errors[1]["message"].as_str().unwrap().contains("UTF-8"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("empty.md: empty file"), "{stderr}");
}

#[test]
fn corpus_inspect_text_output_and_missing_paths() {
    let output = hanseek(&["corpus", "inspect", "corpus/kostec-weekly-2023-12-01.md"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("kostec-weekly-2023-12-01/II-04"));
    assert!(
        text.contains("1 file, 14 articles, 18 reference links, 0 errors"),
        "{text}"
    );

    let missing = hanseek(&["corpus", "inspect", "no/such/dir"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/dir: no such file or folder"));
}

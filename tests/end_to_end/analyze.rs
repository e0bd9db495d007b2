//! `hanseek analyze`.

use serde_json::Value;

use crate::*;

#[test]
fn analyze_json_shows_tokens_with_offsets_and_positions() {
    let output = hanseek(&["analyze", "--json", "인공지능 산업을 人工智能"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json = stdout_json(&output);
    assert_eq!(json["analyzer"], "hanseek");
    let tokens = json["tokens"].as_array().unwrap();
    let first = &tokens[0];
    for key in ["text", "from", "to", "position", "position_length"] {
        assert!(first.get(key).is_some(), "token lacks {key}");
    }
    let texts: Vec<&str> = tokens.iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["인공지능", "인공", "지능", "산업", "人工智能", "人工", "智能"]);
    assert_eq!(
        (&tokens[3]["from"], &tokens[3]["to"], &tokens[3]["position"]),
        (&Value::from(13), &Value::from(19), &Value::from(2))
    );

    let recall = stdout_json(&hanseek(&["analyze", "--json", "--analyzer", "recall", "인공 지능"]));
    assert_eq!(recall["analyzer"], "hanseek_recall");
    assert_eq!(recall["tokens"].as_array().unwrap().len(), 3);

    let bad = hanseek(&["analyze", "--analyzer", "nori", "x"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown analyzer 'nori'"));
}

//! What the server writes to a connection, as hyper would: never a panic; a
//! replacement is always a whole HTTP answer with a JSON body.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Some(answer) = hanseek_server::automatic::replacement(bytes) {
        let text = String::from_utf8(answer).expect("UTF-8");
        let (_, body) = text.split_once("\r\n\r\n").expect("a head and a body");
        let json: serde_json::Value = serde_json::from_str(body).expect("JSON");
        assert!(json["status"].is_u64());
    }
});

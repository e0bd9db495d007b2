//! The server's access file and `Authorization` headers on any bytes: never a panic;
//! a header signs in only as a name the file holds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &[u8])| {
    let (file, header) = input;
    if let Ok(access) = hanseek_server::access::Access::parse(file) {
        if let Some(name) = access.who(header) {
            assert!(file.contains(name));
        }
    }
});

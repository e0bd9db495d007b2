//! Issue 27, serving a team: access control from an access file, refusing a
//! non-loopback address without it, and (further down) what a reverse proxy, a
//! browser and a monitoring system get.

use std::time::Duration;

use hanseek_server::client;

use crate::serve::{bundled_index, Server};
use crate::*;

fn basic(name: &str, secret: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{name}:{secret}"))
    )
}

/// No access control: anyone who reached the server read the index. With an access
/// file, only the people it names do — the page through the browser's own prompt,
/// scripts with a bearer secret — and `/health` stays open for liveness checks.
#[test]
fn only_the_people_the_access_file_names_may_search() {
    let dir = tempdir("deploy-access");
    let file = dir.join("access");
    std::fs::write(
        &file,
        "# team\n김분석:수요일마다-보고서-읽기\nscript:0123456789abcdef\n",
    )
    .unwrap();
    let server = Server::start_with(bundled_index(), &["--auth-file", file.to_str().unwrap()]);
    let target = "/api/search?q=%EB%AC%B4%EC%9D%B8%EA%B8%B0";
    for path in [
        target,
        "/",
        "/app.js",
        "/api/stats",
        "/api/documents/kostec-weekly-2023-12-01/III-01",
    ] {
        let refused = server.get(path);
        assert_eq!(refused.status, 401, "{path}: {}", refused.text());
        assert_eq!(
            refused.header("www-authenticate"),
            Some("Basic realm=\"hanseek\", charset=\"UTF-8\"")
        );
        assert!(refused.json()["error"].as_str().unwrap().contains("name and secret"));
    }
    assert_eq!(server.get("/health").status, 200);
    let signed_in = basic("김분석", "수요일마다-보고서-읽기");
    let answer = client::get_with(server.address, target, &[("Authorization", &signed_in)]).unwrap();
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert!(answer.json()["total"].as_u64().unwrap() > 0);
    let script = client::get_with(server.address, target, &[("Authorization", "Bearer 0123456789abcdef")]).unwrap();
    assert_eq!(script.status, 200);
    for wrong in [
        basic("김분석", "0123456789abcdef"),
        basic("script", "수요일마다-보고서-읽기"),
        "Bearer 0123456789abcdeg".to_string(),
    ] {
        let refused = client::get_with(server.address, target, &[("Authorization", &wrong)]).unwrap();
        assert_eq!(refused.status, 401, "{wrong}");
        assert!(refused.json()["error"]
            .as_str()
            .unwrap()
            .contains("not in the server's access file"));
    }
    std::thread::sleep(Duration::from_millis(100));
    let log = server.log.lock().unwrap().join("\n");
    assert!(
        log.lines().any(|l| l.contains("\" 200 ") && l.ends_with(" 김분석")),
        "{log}"
    );
    assert!(log.lines().any(|l| l.ends_with(" script")), "{log}");
}

#[test]
fn a_bad_access_file_or_an_open_address_is_refused_at_start() {
    let dir = tempdir("deploy-access-refused");
    let index = bundled_index().to_str().unwrap();
    let file = dir.join("access");
    std::fs::write(&file, "김분석:수요일마다-보고서-읽기\nscript:short\n").unwrap();
    let output = hanseek(&[
        "serve",
        "--index",
        index,
        "--listen",
        "127.0.0.1:0",
        "--auth-file",
        file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains(&format!(
            "'{}' line 2: the secret of 'script' is shorter than 12",
            file.display()
        )),
        "{error}"
    );
    let missing = hanseek(&[
        "serve",
        "--index",
        index,
        "--auth-file",
        dir.join("none").to_str().unwrap(),
    ]);
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("cannot read"),
        "{missing:?}"
    );
    // Refused before it binds anything: no test server listens beyond loopback.
    for listen in ["0.0.0.0:0", "192.0.2.1:8417", "[::]:0"] {
        let output = hanseek(&["serve", "--index", index, "--listen", listen]);
        assert_eq!(output.status.code(), Some(2), "{listen}");
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(
            error.contains("is not a loopback address") && error.contains("--auth-file") && error.contains("--public"),
            "{error}"
        );
    }
    assert!(hanseek_server::check_exposure("0.0.0.0:80".parse().unwrap(), false, true).is_ok());
    assert!(hanseek_server::check_exposure("0.0.0.0:80".parse().unwrap(), true, false).is_ok());
    assert!(hanseek_server::check_exposure("[::1]:80".parse().unwrap(), false, false).is_ok());
}

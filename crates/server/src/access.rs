//! Who may use the server: the people an access file names (`serve --auth-file`).
//!
//! One file for both ways in: each line is `name:secret`. A browser signs in with HTTP
//! Basic (its own prompt, no login page to build, credentials sent with every fetch of
//! the page), a script sends `Authorization: Bearer SECRET` or the same Basic header.
//! Secrets are compared in constant time (`subtle`), so that timing does not tell how
//! much of a guess was right. `/health` stays open: a liveness check carries no
//! credentials and learns only the generation served.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use subtle::ConstantTimeEq as _;

use crate::api::ApiError;
use crate::AppState;

/// The people who may use the server.
#[derive(Clone)]
pub struct Access {
    people: Vec<Person>,
}

#[derive(Clone)]
struct Person {
    name: String,
    secret: String,
}

/// Secrets shorter than this are refused: a guessable secret on an office network is
/// no access control.
pub const MIN_SECRET_CHARS: usize = 12;

impl std::fmt::Debug for Access {
    // Never the secrets, should an `Access` end up in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.people.iter().map(|p| p.name.as_str()).collect();
        f.debug_struct("Access").field("people", &names).finish()
    }
}

impl Access {
    /// Reads an access file; the error names the file and the line at fault.
    pub fn read(path: &Path) -> Result<Access, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
        Access::parse(&text).map_err(|e| format!("'{}' {e}", path.display()))
    }

    /// Parses `name:secret` lines; blank lines and `#` comments are skipped.
    pub fn parse(text: &str) -> Result<Access, String> {
        let mut people = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = number + 1;
            let Some((name, secret)) = line.split_once(':') else {
                return Err(format!("line {at}: write name:secret"));
            };
            let (name, secret) = (name.trim(), secret.trim());
            if name.is_empty() || name.chars().any(char::is_control) {
                return Err(format!(
                    "line {at}: the name before ':' is empty or has control characters"
                ));
            }
            if secret.chars().count() < MIN_SECRET_CHARS {
                return Err(format!(
                    "line {at}: the secret of '{name}' is shorter than {MIN_SECRET_CHARS} characters"
                ));
            }
            if people.iter().any(|p: &Person| p.name == name) {
                return Err(format!("line {at}: '{name}' is named twice"));
            }
            people.push(Person {
                name: name.to_string(),
                secret: secret.to_string(),
            });
        }
        if people.is_empty() {
            return Err("names nobody: write one name:secret line per person or script".into());
        }
        Ok(Access { people })
    }

    /// The name an `Authorization` header signs in as, if its credentials are right.
    pub fn who(&self, authorization: &[u8]) -> Option<&str> {
        let text = std::str::from_utf8(authorization).ok()?.trim();
        let (scheme, value) = text.split_once(' ')?;
        let (name, secret) = if scheme.eq_ignore_ascii_case("basic") {
            let decoded = base64::engine::general_purpose::STANDARD.decode(value.trim()).ok()?;
            let decoded = String::from_utf8(decoded).ok()?;
            let (name, secret) = decoded.split_once(':')?;
            (Some(name.to_string()), secret.to_string())
        } else if scheme.eq_ignore_ascii_case("bearer") {
            (None, value.trim().to_string())
        } else {
            return None;
        };
        // Every person compared, whoever matches, so the time does not tell who exists.
        let mut found = None;
        for person in &self.people {
            let secret_matches: bool = person.secret.as_bytes().ct_eq(secret.as_bytes()).into();
            let name_matches = name.as_deref().is_none_or(|name| name == person.name);
            if secret_matches && name_matches && found.is_none() {
                found = Some(person.name.as_str());
            }
        }
        found
    }
}

/// Whom a request signed in as (a response extension, for the request log).
#[derive(Clone)]
pub struct SignedIn(pub String);

/// The middleware: without an access file every request passes; with one, a request
/// without the right credentials gets a JSON 401 that makes a browser ask for them.
pub async fn require(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let Some(access) = &state.access else {
        return next.run(request).await;
    };
    if request.uri().path() == "/health" {
        return next.run(request).await;
    }
    let name = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| access.who(value.as_bytes()))
        .map(str::to_string);
    match name {
        Some(name) => {
            let mut response = next.run(request).await;
            response.extensions_mut().insert(SignedIn(name));
            response
        }
        None => {
            let message = if request.headers().contains_key(header::AUTHORIZATION) {
                "these credentials are not in the server's access file"
            } else {
                "this server needs a name and secret from its access file (HTTP Basic, or Authorization: Bearer SECRET)"
            };
            let mut response = ApiError::new(StatusCode::UNAUTHORIZED, message).into_response();
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"hanseek\", charset=\"UTF-8\""),
            );
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(name: &str, secret: &str) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{name}:{secret}"))
        )
    }

    #[test]
    fn names_and_secrets_sign_in_and_nothing_else_does() {
        let access = Access::parse("# the team\n김분석:correct horse battery\n\nscript: 0123456789abcdef\n").unwrap();
        assert_eq!(
            access.who(basic("김분석", "correct horse battery").as_bytes()),
            Some("김분석")
        );
        assert_eq!(access.who(b"Bearer 0123456789abcdef"), Some("script"));
        assert_eq!(access.who(b"bearer   0123456789abcdef  "), Some("script"));
        for wrong in [
            basic("김분석", "correct horse batter"),
            basic("script", "correct horse battery"),
            basic("nobody", "correct horse battery"),
            "Bearer 0123456789abcde".into(),
            "Bearer".into(),
            "Basic !!!".into(),
            "Digest 0123456789abcdef".into(),
            String::new(),
        ] {
            assert_eq!(access.who(wrong.as_bytes()), None, "{wrong}");
        }
        assert_eq!(access.who(&[0xff, 0xfe]), None);
    }

    #[test]
    fn a_bad_access_file_says_which_line() {
        for (text, expected) in [
            ("", "names nobody"),
            ("# only a comment\n", "names nobody"),
            ("a:0123456789ab\nno colon here\n", "line 2: write name:secret"),
            (":0123456789ab\n", "line 1: the name before ':' is empty"),
            ("a:short\n", "line 1: the secret of 'a' is shorter than 12"),
            ("a:0123456789ab\na:0123456789abc\n", "line 2: 'a' is named twice"),
        ] {
            let error = Access::parse(text).unwrap_err();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
        let debug = format!("{:?}", Access::parse("a:0123456789ab").unwrap());
        assert!(!debug.contains("0123456789ab"), "{debug}");
    }
}

#[cfg(test)]
mod never_panics {
    use proptest::prelude::*;

    use super::Access;

    proptest! {
        #[test]
        fn on_any_file_or_header(text in "\\PC*", header in proptest::collection::vec(any::<u8>(), 0..120)) {
            let _ = Access::parse(&text);
            let access = Access::parse("김:0123456789ab").unwrap();
            prop_assert!(access.who(&header).is_none_or(|name| name == "김"));
        }
    }
}

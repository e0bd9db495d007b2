//! hyper's automatic answers, as JSON like every other error of the server.
//!
//! A request head hyper cannot parse never reaches the server: a target over 64 KiB
//! (the `http` crate cannot hold a longer URI: 414), a head over the read buffer (431),
//! a malformed method, target, version or header (400). hyper answers those itself,
//! with an empty body, and has no hook to change them. So the connection's writes are
//! watched: an answer hyper wrote for a parse error — one of those statuses with
//! `content-length: 0`; the server's own refusals always have a JSON body — is replaced
//! by the same status with the server's JSON error, and the connection closes as
//! hyper meant it to. Everything else passes through untouched.

use std::io::IoSlice;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A connection whose automatic error answers are rewritten as JSON.
pub struct JsonRefusals<T> {
    inner: T,
    /// A replacement answer being written, and how much of it is written.
    pending: Vec<u8>,
    written: usize,
}

impl<T> JsonRefusals<T> {
    pub fn new(inner: T) -> JsonRefusals<T> {
        JsonRefusals {
            inner,
            pending: Vec::new(),
            written: 0,
        }
    }
}

/// The JSON answer for an automatic answer's head `bytes`, if it is one (`None` for
/// any other bytes written to a connection).
pub fn replacement(bytes: &[u8]) -> Option<Vec<u8>> {
    // Every write of every answer passes here: the status line decides first, on bytes.
    let (status, reason, message) = match bytes.get(..13)? {
        b"HTTP/1.1 414 " => (
            414,
            "URI Too Long",
            "the request target is over 64 KiB, longer than a request can be here; shorten the query",
        ),
        b"HTTP/1.1 431 " => (
            431,
            "Request Header Fields Too Large",
            "the request head is larger than the server reads (128 KiB); at most 100 headers of 32 KiB are served",
        ),
        b"HTTP/1.1 400 " => (
            400,
            "Bad Request",
            "the request is not valid HTTP/1.1: its method, target, version or a header cannot be read",
        ),
        _ => return None,
    };
    let head = std::str::from_utf8(bytes.get(..bytes.len().min(512))?).ok()?;
    let lower = head.to_ascii_lowercase();
    if !lower.contains("\r\ncontent-length: 0\r\n") || !lower.ends_with("\r\n\r\n") {
        return None;
    }
    let body = serde_json::json!({ "error": message, "status": status }).to_string();
    Some(
        format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

impl<T: AsyncWrite + Unpin> JsonRefusals<T> {
    /// Writes what is left of a replacement answer.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        while self.written < self.pending.len() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(std::io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for JsonRefusals<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for JsonRefusals<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        ready!(self.poll_pending(cx))?;
        if let Some(answer) = replacement(buf) {
            self.pending = answer;
            self.written = 0;
            // Taken whole: hyper's answer is replaced, not sent.
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        ready!(self.poll_pending(cx))?;
        // hyper writes an automatic answer's head as one slice, without a body.
        if let [head, rest @ ..] = bufs {
            if rest.iter().all(|b| b.is_empty()) {
                if let Some(answer) = replacement(head) {
                    self.pending = answer;
                    self.written = 0;
                    return Poll::Ready(Ok(head.len()));
                }
            }
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::replacement;

    #[test]
    fn only_hyper_s_empty_refusals_are_replaced() {
        let hypers = "HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: Fri, 04 Dec 2026 04:50:00 GMT\r\n\r\n";
        let answer = String::from_utf8(replacement(hypers.as_bytes()).unwrap()).unwrap();
        assert!(answer.starts_with("HTTP/1.1 414 URI Too Long\r\n"), "{answer}");
        let body = answer.split("\r\n\r\n").nth(1).unwrap();
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["status"], 414);
        assert!(json["error"].as_str().unwrap().contains("over 64 KiB"));
        for passes in [
            // The server's own JSON refusal.
            "HTTP/1.1 414 URI Too Long\r\ncontent-type: application/json\r\ncontent-length: 80\r\n\r\n",
            // An answer with a body, or another status.
            "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
            "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 05\r\n\r\n",
            // A body's bytes that look like a head but are not one whole.
            "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n",
            "",
        ] {
            assert!(replacement(passes.as_bytes()).is_none(), "{passes}");
        }
        assert!(replacement(&[0xff, 0xfe, 0x00]).is_none());
    }
}

#[cfg(test)]
mod never_panics {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600), status in 100u16..600) {
            let _ = super::replacement(&bytes);
            let head = format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\n\r\n");
            let replaced = super::replacement(head.as_bytes());
            prop_assert_eq!(replaced.is_some(), [400, 414, 431].contains(&status));
        }
    }
}

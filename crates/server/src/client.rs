//! A minimal blocking HTTP/1.1 client for loopback: what the tests and the load
//! benchmark use to talk to a running server over a real socket, with keep-alive.
//! Not a general client: requests without a body, answers by `Content-Length` or
//! chunks.

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::Duration;

/// One response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON; panics with the body when it is not (for tests).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// `value` percent-encoded for a query string or a path segment.
pub fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// A kept-alive connection to one server.
pub struct Connection {
    address: SocketAddr,
    reader: BufReader<TcpStream>,
}

/// A TCP connection to `address` from the local address `source`: on loopback,
/// `127.0.0.2` is another client than `127.0.0.1` as the server counts clients.
pub fn connect_from(address: SocketAddr, source: IpAddr) -> std::io::Result<TcpStream> {
    let socket = socket2::Socket::new(socket2::Domain::for_address(address), socket2::Type::STREAM, None)?;
    socket.bind(&SocketAddr::new(source, 0).into())?;
    socket.connect_timeout(&address.into(), Duration::from_secs(5))?;
    Ok(socket.into())
}

impl Connection {
    pub fn open(address: SocketAddr) -> std::io::Result<Connection> {
        Connection::open_from(address, None)
    }

    /// A connection from `source` when given (see [`connect_from`]).
    pub fn open_from(address: SocketAddr, source: Option<IpAddr>) -> std::io::Result<Connection> {
        let stream = match source {
            Some(source) => connect_from(address, source)?,
            None => TcpStream::connect_timeout(&address, Duration::from_secs(5))?,
        };
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            address,
            reader: BufReader::new(stream),
        })
    }

    /// GETs `target` (path and query, already encoded).
    pub fn get(&mut self, target: &str) -> std::io::Result<Response> {
        self.get_with(target, &[])
    }

    /// GETs `target` with these extra headers.
    pub fn get_with(&mut self, target: &str, headers: &[(&str, &str)]) -> std::io::Result<Response> {
        self.send("GET", target, headers)
    }

    /// Sends a request without a body: `method` (GET, HEAD, OPTIONS) on `target`.
    pub fn send(&mut self, method: &str, target: &str, headers: &[(&str, &str)]) -> std::io::Result<Response> {
        let mut request = format!("{method} {target} HTTP/1.1\r\nHost: {}\r\n", self.address);
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        self.reader.get_mut().write_all(request.as_bytes())?;
        read_response(&mut self.reader, method == "HEAD")
    }
}

/// One GET on a fresh connection.
pub fn get(address: SocketAddr, target: &str) -> std::io::Result<Response> {
    Connection::open(address)?.get(target)
}

/// One GET with these extra headers on a fresh connection.
pub fn get_with(address: SocketAddr, target: &str, headers: &[(&str, &str)]) -> std::io::Result<Response> {
    Connection::open(address)?.get_with(target, headers)
}

fn invalid(message: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message.to_string())
}

/// Reads one response; the answer to a HEAD request has headers only.
fn read_response(reader: &mut impl BufRead, head_only: bool) -> std::io::Result<Response> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "the server closed the connection",
        ));
    }
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid("no status line"))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').ok_or_else(|| invalid("a header without ':'"))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let find = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let mut body = Vec::new();
    if head_only || status == 304 || status == 204 {
        // No body, whatever the headers say.
    } else if let Some(length) = find("content-length") {
        let length: usize = length.parse().map_err(|_| invalid("a bad content-length"))?;
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    } else if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim(), 16).map_err(|_| invalid("a bad chunk size"))?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        reader.read_to_end(&mut body)?;
    }
    Ok(Response { status, headers, body })
}

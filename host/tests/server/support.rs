//! A real `kaoping serve` on a loopback port with a temp data directory, and a tiny
//! HTTP/1.1 client over `TcpStream` (no client library needed).

use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The demo password (`kaoping_host::demo::PASSWORD`).
pub const PASSWORD: &str = kaoping_host::demo::PASSWORD;

/// A running server; killed on drop.
pub struct Server {
    pub child: Child,
    pub addr: String,
    pub data: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl Server {
    /// A demo server on a fresh data directory.
    pub fn demo() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let mut server = Server::start(&data, true);
        server._dir = Some(dir);
        server
    }

    /// Starts the binary on `data` and waits until it listens.
    // The child is killed and waited for by `Drop`.
    #[allow(clippy::zombie_processes)]
    pub fn start(data: &Path, demo: bool) -> Server {
        std::fs::create_dir_all(data).unwrap();
        let log = data.join(format!(
            "server-{}.log",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        let mut command = Command::new(env!("CARGO_BIN_EXE_kaoping"));
        command
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .env("KAOPING_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::inherit());
        if demo {
            command.arg("--demo");
        }
        let child = command.spawn().unwrap();
        let started = Instant::now();
        loop {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            if let Some(at) = text.find("http://") {
                let addr: String = text[at + 7..]
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .collect();
                return Server {
                    child,
                    addr,
                    data: data.to_owned(),
                    _dir: None,
                };
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "server did not start: {text}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL and wait.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Signs in and returns the bearer token.
    pub fn login(&self, username: &str) -> String {
        let (status, body) = self.post(
            "/api/login",
            None,
            &serde_json::json!({"username": username, "password": PASSWORD}),
        );
        assert_eq!(status, 200, "{body}");
        body["token"].as_str().unwrap().to_owned()
    }

    pub fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let (status, body) = self.raw("GET", path, token, b"", "application/json");
        (status, to_json(&body))
    }

    pub fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        let (status, out) = self.raw(
            "POST",
            path,
            token,
            body.to_string().as_bytes(),
            "application/json",
        );
        (status, to_json(&out))
    }

    pub fn upload(&self, path: &str, token: Option<&str>, bytes: &[u8]) -> (u16, Value) {
        let (status, out) = self.raw("POST", path, token, bytes, "application/octet-stream");
        (status, to_json(&out))
    }

    pub fn raw(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: &[u8],
        content_type: &str,
    ) -> (u16, Vec<u8>) {
        request(&self.addr, method, path, token, body, content_type)
    }

    /// The database file.
    pub fn db(&self) -> PathBuf {
        self.data.join("kaoping.db")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn to_json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned()))
}

/// One HTTP/1.1 request with `Connection: close`; returns status and body.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &[u8],
    content_type: &str,
) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(token) = token {
        head.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (e.g. 413) before reading the whole body and close.
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    parse_response(&response)
}

/// Status and body of a whole HTTP/1.1 response (content-length or chunked).
pub fn parse_response(response: &[u8]) -> (u16, Vec<u8>) {
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("no header end");
    let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
    let status: u16 = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut body = response[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).unwrap().trim(), 16)
                    .unwrap();
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[line_end + 2..line_end + 2 + size]);
            rest = &rest[line_end + 4 + size..];
        }
        body = out;
    }
    (status, body)
}

/// The reference files.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import/reference")
            .join(name),
    )
    .unwrap()
}

/// Runs the annual 2019 evaluation of the demo unit as the committee; returns its id.
pub fn evaluate(server: &Server, token: &str, unit: i64) -> (i64, Value) {
    let (status, body) = server.post(
        &format!("/api/units/{unit}/evaluations"),
        Some(token),
        &serde_json::json!({"kind": "annual", "year": 2019}),
    );
    assert_eq!(status, 200, "{body}");
    (body["id"].as_i64().unwrap(), body)
}

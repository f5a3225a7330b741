//! A demo server, a headless Chromium, and small helpers to reach into shadow roots.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Fails the test when the browser is missing.
pub fn require_browser() {
    // `scripts/test.sh` installs both; a missing browser is a failure, never a skipped test
    // counted as passing.
    assert!(
        Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists(),
        "browser tests need {CHROMIUM} and {CHROMEDRIVER}: run `bash scripts/test.sh` (it installs them) or apt-get install -y chromium chromium-driver"
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn wait_for_port(port: u16, what: &str, child: &mut Child) {
    // A debug build of the server compiles the built-in plugin before it listens (~15 s,
    // more on a busy machine).
    let deadline = Instant::now() + Duration::from_secs(180);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited early: {status}");
        }
        assert!(Instant::now() < deadline, "{what} did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Where this test binary keeps its output (screenshots).
pub fn output_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).expect("output dir");
    dir
}

/// `kaoping serve --demo` on a free port, with its own data directory; killed on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    _data: tempfile::TempDir,
}

impl Server {
    /// Starts the demo server and waits until it answers.
    pub fn demo() -> Server {
        let data = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_kaoping"))
            .args([
                "serve",
                "--demo",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--data",
            ])
            .arg(data.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start kaoping serve");
        wait_for_port(port, "kaoping serve", &mut child);
        Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            _data: data,
        }
    }

    /// One JSON request over plain HTTP/1.1; returns the status and the JSON body.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let (status, text) = self.send(method, path, token, "application/json", body.as_bytes());
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// One request with a raw body of `content_type` over plain HTTP/1.1; returns the
    /// status and the body as text.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: &[u8],
    ) -> (u16, String) {
        let port = self.base.rsplit(':').next().expect("port");
        let mut stream = TcpStream::connect(format!("127.0.0.1:{port}")).expect("connect");
        let auth = token
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{auth}Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .expect("send head");
        stream.write_all(body).expect("send body");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        let text = String::from_utf8_lossy(&raw);
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        let (head, rest) = text.split_once("\r\n\r\n").expect("head");
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(rest)
        } else {
            rest.to_owned()
        };
        (status, body)
    }

    /// Signs a demo account in; returns its bearer token.
    pub fn login(&self, username: &str) -> String {
        let (status, body) = self.call(
            "POST",
            "/api/login",
            None,
            Some(json!({"username": username, "password": "kaoping2019"})),
        );
        assert_eq!(status, 200, "login {username}: {body}");
        body["token"].as_str().expect("token").to_owned()
    }
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&tail[..n.min(tail.len())]);
        rest = tail.get(n + 2..).unwrap_or("");
    }
    out
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// chromedriver on a free port, and a WebDriver session with headless Chromium.
pub struct Browser {
    driver: Child,
    /// The session.
    pub client: Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium profile.
    pub async fn start() -> Browser {
        let port = free_port();
        let mut driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        wait_for_port(port, "chromedriver", &mut driver);
        let profile = tempfile::tempdir().expect("profile dir");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--window-size=1280,1600",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("WebDriver session");
        Browser {
            driver,
            client,
            _profile: profile,
        }
    }

    /// Ends the session and chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }

    /// Runs `script` (a function body; `arguments` as given) and returns its value.
    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.expect("script")
    }

    /// Waits until the JS expression `expr` is truthy; panics with `what` after 20 s.
    pub async fn wait(&self, expr: &str, what: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self
                .js(&format!(
                    "try {{ return ({expr}); }} catch (e) {{ return null; }}"
                ))
                .await;
            if !(v.is_null() || v == Value::Bool(false) || v == json!("") || v == json!(0)) {
                return v;
            }
            if Instant::now() > deadline {
                let page = self
                    .js("return document.documentElement.outerHTML.slice(0, 2000)")
                    .await;
                panic!("timed out waiting for {what} ({expr}); page: {page}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks the element `inner` in the shadow root of `host`.
    pub async fn click(&self, host: &str, inner: &str) {
        self.inside(host, inner)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {inner} inside {host}: {e}"));
    }

    /// The element matching `inner` inside the shadow root of the element matching `host`.
    pub async fn inside(&self, host: &str, inner: &str) -> fantoccini::elements::Element {
        self.client
            .find(Locator::Css(host))
            .await
            .expect("host element")
            .shadow_root()
            .await
            .expect("shadow root")
            .find(Locator::Css(inner))
            .await
            .unwrap_or_else(|e| panic!("{inner} inside {host}: {e}"))
    }

    /// Saves a PNG screenshot as `<output>/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let path = output_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }
}

/// JS for "the element matching `inner` in `host`'s shadow root".
pub fn q(host: &str, inner: &str) -> String {
    format!("document.querySelector({host:?}).shadowRoot.querySelector({inner:?})")
}

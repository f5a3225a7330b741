//! Load benchmark of `kaoping serve` (not a test): concurrent voters submit ballots with
//! single-use tokens while readers poll the live tally and the results, all on 127.0.0.1.
//! Bounded in count and time; stops by itself; prints its figures.
//!
//! `cargo bench -p kaoping-host --bench load` (optional env: LOAD_BALLOTS, LOAD_CLIENTS).

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A keep-alive HTTP/1.1 connection.
struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    addr: String,
}

impl Conn {
    fn open(addr: &str) -> Conn {
        let stream = TcpStream::connect(addr).unwrap();
        stream.set_nodelay(true).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        Conn {
            reader: BufReader::new(stream.try_clone().unwrap()),
            writer: stream,
            addr: addr.to_owned(),
        }
    }

    fn call(
        &mut self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: &[u8],
    ) -> (u16, Vec<u8>) {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if let Some(token) = token {
            head.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        head.push_str("\r\n");
        let mut request = head.into_bytes();
        request.extend_from_slice(body);
        self.writer.write_all(&request).unwrap();
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        let status: u16 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            let lower = line.to_ascii_lowercase();
            if let Some(value) = lower.strip_prefix("content-length:") {
                length = value.trim().parse().unwrap();
            }
            assert!(
                !lower.starts_with("transfer-encoding"),
                "chunked not expected"
            );
        }
        let mut out = vec![0; length];
        self.reader.read_exact(&mut out).unwrap();
        (status, out)
    }

    fn json(
        &mut self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> (u16, Value) {
        let (status, out) = self.call(method, path, token, body.to_string().as_bytes());
        (status, serde_json::from_slice(&out).unwrap_or(Value::Null))
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let ballots: usize = std::env::var("LOAD_BALLOTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40_000);
    let clients: usize = std::env::var("LOAD_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    let readers = 2;
    let time_limit = Duration::from_secs(90);

    let dir = std::env::temp_dir().join(format!("kaoping-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("server.log");
    let mut server = Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--data"])
        .arg(dir.join("data"))
        .env("KAOPING_LOG", "warn")
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let addr = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(at) = text.find("http://") {
            break text[at + 7..]
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect::<String>();
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    };

    let mut admin = Conn::open(&addr);
    let (_, login) = admin.json(
        "POST",
        "/api/login",
        None,
        &json!({"username": "kaohe", "password": kaoping_host::demo::PASSWORD}),
    );
    let token = login["token"].as_str().unwrap().to_owned();
    let (status, _) = admin.json(
        "POST",
        "/api/units/1/evaluations",
        Some(&token),
        &json!({"kind": "annual", "year": 2019}),
    );
    assert_eq!(status, 200);
    let mut tokens = Vec::with_capacity(ballots);
    let subjects = ["P01", "P02", "P03", "P04"];
    while tokens.len() < ballots {
        let count = (ballots - tokens.len()).min(2000);
        let subject = subjects[tokens.len() / 2000 % 4];
        let (status, body) = admin.json(
            "POST",
            "/api/units/1/ballot-tokens",
            Some(&token),
            &json!({"kind": "democratic", "year": 2030, "subject": subject, "voter_group": "干警", "count": count}),
        );
        assert_eq!(status, 200, "{body}");
        tokens.extend(
            body["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_owned()),
        );
    }

    let stop = Arc::new(AtomicBool::new(false));
    let deadline = Instant::now() + time_limit;
    let write_latencies = Arc::new(Mutex::new(Vec::with_capacity(ballots)));
    let read_latencies = Arc::new(Mutex::new(Vec::new()));
    let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let refused = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let chunks: Vec<Vec<String>> = tokens
        .chunks(ballots.div_ceil(clients))
        .map(<[String]>::to_vec)
        .collect();
    let begin = Instant::now();
    let mut handles = Vec::new();
    for chunk in chunks {
        let (addr, lat, acc, bad) = (
            addr.clone(),
            write_latencies.clone(),
            accepted.clone(),
            refused.clone(),
        );
        handles.push(std::thread::spawn(move || {
            let mut conn = Conn::open(&addr);
            let mut local = Vec::with_capacity(chunk.len());
            for token in chunk {
                if Instant::now() > deadline {
                    break;
                }
                let body = format!(r#"{{"token":"{token}","marks":["优秀","优秀","称职","称职","优秀"],"overall":"优秀"}}"#);
                let t = Instant::now();
                let (status, _) = conn.call("POST", "/api/ballots", None, body.as_bytes());
                local.push(t.elapsed());
                if status == 200 {
                    acc.fetch_add(1, Ordering::Relaxed);
                } else {
                    bad.fetch_add(1, Ordering::Relaxed);
                }
            }
            lat.lock().unwrap().extend(local);
        }));
    }
    let mut reader_handles = Vec::new();
    for i in 0..readers {
        let (addr, lat, stop, token) = (
            addr.clone(),
            read_latencies.clone(),
            stop.clone(),
            token.clone(),
        );
        reader_handles.push(std::thread::spawn(move || {
            let mut conn = Conn::open(&addr);
            let mut local = Vec::new();
            while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                let path = if i % 2 == 0 {
                    "/api/units/1/ballots/tally?year=2030"
                } else {
                    "/api/evaluations/1/results"
                };
                let t = Instant::now();
                let (status, _) = conn.call("GET", path, Some(&token), b"");
                assert_eq!(status, 200);
                local.push(t.elapsed());
                std::thread::sleep(Duration::from_millis(20));
            }
            lat.lock().unwrap().extend(local);
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    let elapsed = begin.elapsed();
    stop.store(true, Ordering::Relaxed);
    for handle in reader_handles {
        handle.join().unwrap();
    }
    let (_, tally) = admin.json(
        "GET",
        "/api/units/1/ballots/tally?year=2030",
        Some(&token),
        &Value::Null,
    );
    let stored = tally["ballots"].as_u64().unwrap() as usize;
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);

    let mut writes = write_latencies.lock().unwrap().clone();
    writes.sort();
    let mut reads = read_latencies.lock().unwrap().clone();
    reads.sort();
    let accepted = accepted.load(Ordering::Relaxed);
    println!(
        "kaoping serve load benchmark (127.0.0.1, {clients} ballot clients + {readers} readers, keep-alive)"
    );
    println!(
        "ballots accepted: {accepted}, refused: {}, stored: {stored}, lost: {}",
        refused.load(Ordering::Relaxed),
        accepted as i64 - stored as i64
    );
    println!(
        "ballots/s: {:.0} over {:.2} s",
        accepted as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64()
    );
    println!(
        "ballot latency: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&writes, 0.5).as_secs_f64() * 1e3,
        percentile(&writes, 0.99).as_secs_f64() * 1e3,
        percentile(&writes, 1.0).as_secs_f64() * 1e3
    );
    println!(
        "reads (tally, results): {} requests, p50 {:.2} ms, p99 {:.2} ms",
        reads.len(),
        percentile(&reads, 0.5).as_secs_f64() * 1e3,
        percentile(&reads, 0.99).as_secs_f64() * 1e3
    );
    assert_eq!(stored, accepted, "a ballot was lost");
}

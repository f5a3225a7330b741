//! `kaoping backup` while serving, and `kaoping restore` into a stopped data directory.

use crate::support::{Server, evaluate};
use std::path::Path;
use std::process::Command;

/// `kaoping <command> <file> --data <data>` (`backup` or `restore`).
fn kaoping(command: &str, file: &Path, data: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .arg(command)
        .arg(file)
        .arg("--data")
        .arg(data)
        .output()
        .unwrap()
}

#[test]
fn backup_while_serving_and_restore_when_stopped() {
    let mut server = Server::demo();
    let committee = server.login("kaohe");
    let (id, _) = evaluate(&server, &committee, 1);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("kaoping-backup.db");
    let output = kaoping("backup", &file, &server.data);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Restoring over a running server is refused.
    let output = kaoping("restore", &file, &server.data);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("正在运行"));
    // Changes after the backup …
    let (second, _) = evaluate(&server, &committee, 1);
    server.kill();
    // … are gone after the restore; the backed-up evaluation is there and reproduces.
    let output = kaoping("restore", &file, &server.data);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let restored = Server::start(&server.data, false);
    let committee = restored.login("kaohe");
    let (status, _) = restored.get(&format!("/api/evaluations/{second}"), Some(&committee));
    assert_eq!(status, 404);
    let (status, rerun) = restored.post(
        &format!("/api/evaluations/{id}/rerun"),
        Some(&committee),
        &serde_json::json!({}),
    );
    assert_eq!(status, 200, "{rerun}");
    assert_eq!(rerun["reproduced"], true);
    // A file that is not a database is refused.
    let junk = out.path().join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    let output = kaoping("restore", &junk, &out.path().join("other"));
    assert_eq!(output.status.code(), Some(2));
}

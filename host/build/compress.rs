//! Gzip copies of the widget bundle, made once at build time with zopfli (smaller than
//! `gzip -9`, readable by every gzip decoder), which `kaoping serve` sends with
//! `Content-Encoding: gzip` to browsers that accept it (`src/assets.rs`).

use std::num::NonZeroU64;
use std::path::{Path, PathBuf};

/// Passes of zopfli's optimiser, and how many blocks it may split a file into. On the wasm
/// (417 KB, release-optimised zopfli): 5 passes and 30 blocks take ~3.2 s and give 145,444
/// bytes; zopfli's default of 15 blocks 2.4 s / 145,506; 15 passes 4.9 s / 145,400; one pass
/// 3.3 s / 145,784; `gzip -9` gives 152,019. The module (34 KB) takes 0.3 s beside it.
const ITERATIONS: u64 = 5;
const BLOCK_SPLITS: u16 = 30;

/// Writes `<file>.gz` beside each of `files`, one thread per file.
pub fn gzip_beside(files: &[&Path]) {
    std::thread::scope(|scope| {
        for &file in files {
            scope.spawn(move || gzip(file));
        }
    });
}

fn gzip(file: &Path) {
    let bytes =
        std::fs::read(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let options = zopfli::Options {
        iteration_count: NonZeroU64::new(ITERATIONS).expect("not zero"),
        maximum_block_splits: BLOCK_SPLITS,
        ..zopfli::Options::default()
    };
    let mut gz = Vec::with_capacity(bytes.len() / 2);
    zopfli::compress(options, zopfli::Format::Gzip, &bytes[..], &mut gz)
        .unwrap_or_else(|e| panic!("cannot compress {}: {e}", file.display()));
    let mut out = PathBuf::from(file);
    out.as_mut_os_string().push(".gz");
    std::fs::write(&out, gz).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

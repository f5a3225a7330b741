//! Builds the browser widgets (`widgets/`, crate `kaoping-widgets`) for
//! `wasm32-unknown-unknown` with a nested cargo, generates the JS glue with
//! `wasm-bindgen-cli-support` (no CLI to install), appends the custom-element bootstrap
//! (`widgets/js/bootstrap.js`), and leaves `kaoping-widgets.js` and
//! `kaoping-widgets_bg.wasm` in `$OUT_DIR/widgets/`, each with a gzip copy (`.gz`, by
//! `compress.rs`), for `src/assets.rs` to embed.
//!
//! Like the plugin build: its own target dir (`<target>/widgets-build`), so it never waits
//! on the outer cargo's lock, and the outer cargo's environment removed.

use std::path::{Path, PathBuf};

#[path = "compress.rs"]
mod compress;

const PROFILE: &str = "wasm-release";

/// Builds the widget bundle into `$OUT_DIR/widgets/`.
pub fn build(workspace: &Path, out_dir: &Path) {
    for path in [
        "widgets/src",
        "widgets/js",
        "widgets/build.rs",
        "widgets/Cargo.toml",
    ] {
        println!("cargo:rerun-if-changed={}", workspace.join(path).display());
    }
    let target_dir = super::nested::target_dir(out_dir, "widgets-build");
    let wasm = compile(workspace, &target_dir);
    let dest = out_dir.join("widgets");
    std::fs::create_dir_all(&dest)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dest.display()));
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(&wasm)
        .web(true)
        .and_then(|b| {
            b.omit_default_module_path(false)
                .out_name("kaoping-widgets")
                .remove_name_section(true)
                .remove_producers_section(true)
                .generate(&dest)
        })
        .unwrap_or_else(|e| panic!("wasm-bindgen for the widgets failed: {e}"));

    // One ES module: the glue, then the custom elements that call it.
    let glue = dest.join("kaoping-widgets.js");
    let mut js = std::fs::read_to_string(&glue)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", glue.display()));
    let bootstrap = workspace.join("widgets/js/bootstrap.js");
    js.push_str(
        &std::fs::read_to_string(&bootstrap)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", bootstrap.display())),
    );
    let js = compact_js(&js).unwrap_or_else(|e| panic!("{}: {e}", glue.display()));
    std::fs::write(&glue, js).unwrap_or_else(|e| panic!("cannot write {}: {e}", glue.display()));
    // The TypeScript declarations are not served.
    for extra in ["kaoping-widgets.d.ts", "kaoping-widgets_bg.wasm.d.ts"] {
        let _ = std::fs::remove_file(dest.join(extra));
    }
    compress::gzip_beside(&[&glue, &dest.join("kaoping-widgets_bg.wasm")]);
}

/// The module without its comments (wasm-bindgen copies each export's Rust doc comment into
/// the glue and writes a comment per cast; together about a sixth of its gzip size), its
/// indentation and its empty lines: what a browser downloads is code only.
///
/// Line by line, which is safe because neither the glue nor the bootstrap has a template
/// literal or a string continued over lines (checked: a line with an odd number of
/// backticks or a trailing backslash fails the build) and their comments stand on lines of
/// their own: `//` lines, and `/* … */` blocks that start a line and end one.
fn compact_js(js: &str) -> Result<String, String> {
    let mut out = String::with_capacity(js.len());
    let mut in_block = false;
    for (number, line) in js.lines().enumerate() {
        let code = line.trim();
        if in_block || code.starts_with("/*") {
            in_block = !code.ends_with("*/");
            if code.contains("*/") && in_block {
                return Err(format!("line {}: code after a block comment", number + 1));
            }
            continue;
        }
        if code.is_empty() || code.starts_with("//") {
            continue;
        }
        if code.matches('`').count() % 2 == 1 || code.ends_with('\\') {
            return Err(format!(
                "line {}: a template literal or a continued string; compact_js cannot strip this",
                number + 1
            ));
        }
        out.push_str(code);
        out.push('\n');
    }
    if in_block {
        return Err("unterminated block comment".to_owned());
    }
    Ok(out)
}

fn compile(workspace: &Path, target_dir: &Path) -> PathBuf {
    // Panic locations name their source files: short names keep those strings out of the
    // bundle (and the bytes independent of where the workspace and the registry are).
    let mut remaps = vec![format!("{}=/kaoping", workspace.display())];
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    if let Some(Ok(registries)) = cargo_home.map(|home| home.join("registry/src").read_dir()) {
        for registry in registries.flatten() {
            remaps.push(format!("{}=/c", registry.path().display()));
        }
    }
    super::nested::build(
        workspace,
        "kaoping-widgets",
        PROFILE,
        target_dir,
        &[],
        &remaps,
        &[],
    )
}

//! Minifies the widgets' stylesheets (`src/style.css`, `src/chart/views.css`) into
//! `$OUT_DIR`, where `mount.rs` and `chart/mod.rs` embed them: the sources keep their
//! comments and layout, the bundle carries neither.

use std::path::Path;

fn main() {
    let out_dir = std::env::var_os("OUT_DIR").expect("OUT_DIR");
    for (source, name) in [
        ("src/style.css", "style.css"),
        ("src/chart/views.css", "views.css"),
    ] {
        println!("cargo:rerun-if-changed={source}");
        let css =
            std::fs::read_to_string(source).unwrap_or_else(|e| panic!("cannot read {source}: {e}"));
        let out = Path::new(&out_dir).join(name);
        std::fs::write(&out, minify(&css))
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
    }
}

/// Comments, indentation and line breaks removed, and the spaces around `{`, `}`, `;` and
/// `,` and after `:`. Safe for these stylesheets: their strings (font names, attribute
/// selectors) hold none of those characters, and no selector has a space after a colon.
fn minify(css: &str) -> String {
    let mut text = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        let end = rest[start..]
            .find("*/")
            .expect("unterminated comment in CSS");
        rest = &rest[start + end + 2..];
    }
    text.push_str(rest);
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() && !out.ends_with(['{', '}', ';', ',']) && !line.starts_with('}') {
            out.push(' ');
        }
        out.push_str(line);
    }
    for (spaced, tight) in [
        (" {", "{"),
        ("{ ", "{"),
        (" }", "}"),
        ("; ", ";"),
        (", ", ","),
        (": ", ":"),
    ] {
        out = out.replace(spaced, tight);
    }
    out
}

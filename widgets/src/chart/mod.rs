//! SVG charts drawn by the widgets themselves (no chart library, no CDN): a radar of
//! dimensions against the department average, horizontal bars, and a histogram. Labels
//! are Chinese and come from the caller; numbers shown are the exact decimal strings.
//!
//! Geometry is computed in whole SVG units so that no float is ever formatted. A chart
//! has no events and changes only with its data, so it is written as SVG text (one
//! `VRaw` node; yew replaces it only when the text changes) rather than as a tree of
//! elements built one by one: labels and titles are escaped by [`Escaped`].
//!
//! ```
//! use kaoping_widgets::chart::{fraction_milli, polar};
//! assert_eq!(fraction_milli("18".parse().unwrap(), "36".parse().unwrap()), 500);
//! assert_eq!(polar(100, 0, 4, 1000), (0, -100));
//! ```

use crate::decimal::Decimal;
use crate::markup::Escaped;
use std::fmt::Write;

/// Stylesheet of the result, sampling and committee views (screen and A4 print;
/// `views.css`, minified by `build.rs`).
pub const VIEWS_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/views.css"));

/// `value / max` in thousandths, clamped to 0..=1000 (0 when `max` is 0).
pub fn fraction_milli(value: Decimal, max: Decimal) -> i64 {
    if max <= Decimal::ZERO {
        return 0;
    }
    value.thousandths_of(max).clamp(0, 1000) as i64
}

/// Sine and cosine: the browser's own in wasm (libm's would add ~8 KB to the bundle).
fn sin_cos(angle: f64) -> (f64, f64) {
    #[cfg(target_arch = "wasm32")]
    return (js_sys::Math::sin(angle), js_sys::Math::cos(angle));
    #[cfg(not(target_arch = "wasm32"))]
    return angle.sin_cos();
}

/// The point at `milli`/1000 of `radius` on axis `i` of `n` (axis 0 straight up,
/// clockwise), relative to the centre.
pub fn polar(radius: i64, i: usize, n: usize, milli: i64) -> (i64, i64) {
    let angle = std::f64::consts::TAU * i as f64 / n.max(1) as f64;
    let r = (radius * milli) as f64 / 1000.0;
    let (sin, cos) = sin_cos(angle);
    ((r * sin).round() as i64, (-r * cos).round() as i64)
}

fn points(cx: i64, cy: i64, radius: i64, millis: &[i64]) -> String {
    let mut out = String::new();
    for (i, m) in millis.iter().enumerate() {
        let (x, y) = polar(radius, i, millis.len(), *m);
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{},{}", cx + x, cy + y);
    }
    out
}

/// `<svg class="kp-chart" data-kp={name} …>` around `body`, `title` as its accessible name.
fn svg(name: &str, title: &str, width: i64, height: i64, body: &str) -> String {
    let title = Escaped(title);
    format!(
        r#"<svg class="kp-chart" data-kp="{name}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{title}"><title>{title}</title>{body}</svg>"#
    )
}

/// One axis or bar: label, value, comparison value, maximum.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// e.g. 办案数量.
    pub label: String,
    /// The prosecutor's score.
    pub value: Decimal,
    /// The department average.
    pub average: Decimal,
    /// The dimension's cap.
    pub max: Decimal,
}

/// What [`radar`] and [`bars`] draw: a title (also the SVG's accessible name), the axes,
/// and the legends of `value` and `average` (e.g. 本人得分, 部门平均).
#[derive(Clone, Copy, Debug)]
pub struct Chart<'a> {
    /// Title.
    pub title: &'a str,
    /// The axes.
    pub series: &'a [Series],
    /// Legend of `value`.
    pub value_label: &'a str,
    /// Legend of `average`.
    pub average_label: &'a str,
}

/// A radar chart (SVG text): each axis is a dimension scaled to its cap.
pub fn radar(props: Chart<'_>) -> String {
    let (cx, cy, r) = (210, 170, 120);
    let n = props.series.len();
    let mut body = String::new();
    for m in [250, 500, 750, 1000] {
        let ring = points(cx, cy, r, &vec![m; n]);
        let _ = write!(body, r#"<polygon class="kp-grid" points="{ring}"/>"#);
    }
    for (i, s) in props.series.iter().enumerate() {
        let (x, y) = polar(r, i, n, 1000);
        let (lx, ly) = polar(r + 22, i, n, 1000);
        let anchor = if lx > 8 {
            "start"
        } else if lx < -8 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            body,
            r#"<line class="kp-grid" x1="{cx}" y1="{cy}" x2="{}" y2="{}"/><text class="kp-axis" x="{}" y="{}" text-anchor="{anchor}">{} {}</text>"#,
            cx + x,
            cy + y,
            cx + lx,
            cy + ly + 5,
            Escaped(&s.label),
            s.value
        );
    }
    let millis = |f: fn(&Series) -> Decimal| -> Vec<i64> {
        props
            .series
            .iter()
            .map(|s| fraction_milli(f(s), s.max))
            .collect()
    };
    let _ = write!(
        body,
        r#"<polygon class="kp-avg" points="{}"/><polygon class="kp-val" points="{}"/><rect class="kp-val" x="8" y="8" width="12" height="12"/><text class="kp-legend" x="26" y="19">{}</text><rect class="kp-avg" x="8" y="28" width="12" height="12"/><text class="kp-legend" x="26" y="39">{}</text>"#,
        points(cx, cy, r, &millis(|s| s.average)),
        points(cx, cy, r, &millis(|s| s.value)),
        Escaped(props.value_label),
        Escaped(props.average_label)
    );
    svg("radar", props.title, 420, 350, &body)
}

/// Horizontal bars (SVG text): each dimension's score and the department average, scaled to
/// its cap.
pub fn bars(props: Chart<'_>) -> String {
    let (left, width, row) = (150_i64, 300_i64, 34_i64);
    let height = 30 + row * props.series.len() as i64;
    let mut body = format!(
        r#"<text class="kp-legend" x="0" y="14">■ {}　▬ {}（满格为该板块上限）</text>"#,
        Escaped(props.value_label),
        Escaped(props.average_label)
    );
    for (i, s) in props.series.iter().enumerate() {
        let y = 24 + row * i as i64;
        let v = width * fraction_milli(s.value, s.max) / 1000;
        let a = width * fraction_milli(s.average, s.max) / 1000;
        let _ = write!(
            body,
            r#"<g><text class="kp-axis" x="{}" y="{}" text-anchor="end">{}</text><rect class="kp-track" x="{left}" y="{y}" width="{width}" height="12"/><rect class="kp-val" x="{left}" y="{y}" width="{v}" height="12"/><rect class="kp-avg" x="{left}" y="{}" width="{a}" height="6"/><text class="kp-num-label" x="{}" y="{}">{} / 平均 {}</text></g>"#,
            left - 8,
            y + 14,
            Escaped(&s.label),
            y + 14,
            left + width + 6,
            y + 11,
            s.value,
            s.average
        );
    }
    svg("bars", props.title, 600, height, &body)
}

/// One column of a [`Histogram`].
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Label under the column, e.g. `80–89`.
    pub label: String,
    /// Count.
    pub count: u64,
}

/// Vertical columns with their counts above them (SVG text); `name` is the SVG's `data-kp`.
pub fn histogram(title: &str, columns: &[Column], name: &'static str) -> String {
    let (base, height, step) = (170_i64, 130_i64, 56_i64);
    let top = columns.iter().map(|c| c.count).max().unwrap_or(0).max(1) as i64;
    let width = 20 + step * columns.len() as i64;
    let mut body =
        format!(r#"<line class="kp-grid" x1="10" y1="{base}" x2="{width}" y2="{base}"/>"#);
    for (i, c) in columns.iter().enumerate() {
        let h = height * c.count as i64 / top;
        let x = 20 + step * i as i64;
        let middle = x + (step - 12) / 2;
        let _ = write!(
            body,
            r#"<g><rect class="kp-val" x="{x}" y="{}" width="{}" height="{h}"/><text class="kp-num-label" x="{middle}" y="{}" text-anchor="middle">{}</text><text class="kp-axis" x="{middle}" y="{}" text-anchor="middle">{}</text></g>"#,
            base - h,
            step - 12,
            base - h - 4,
            c.count,
            base + 16,
            Escaped(&c.label)
        );
    }
    svg(name, title, width, 200, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_clamped_and_exact() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(fraction_milli(d("36"), d("36")), 1000);
        assert_eq!(fraction_milli(d("40"), d("36")), 1000);
        assert_eq!(fraction_milli(d("-1"), d("10")), 0);
        assert_eq!(fraction_milli(d("2.67"), d("10")), 267);
        assert_eq!(fraction_milli(d("1"), d("0")), 0);
    }

    #[test]
    fn six_axes_go_clockwise_from_the_top() {
        assert_eq!(polar(100, 0, 6, 1000), (0, -100));
        assert_eq!(polar(100, 3, 6, 1000), (0, 100));
        let (x, _) = polar(100, 1, 6, 1000);
        assert!(x > 0);
    }
}

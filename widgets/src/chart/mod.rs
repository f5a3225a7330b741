//! SVG charts drawn by the widgets themselves (no chart library, no CDN): a radar of
//! dimensions against the department average, horizontal bars, and a histogram. Labels
//! are Chinese and come from the caller; numbers shown are the exact decimal strings.
//!
//! Geometry is computed in whole SVG units so that no float is ever formatted.
//!
//! ```
//! use kaoping_widgets::chart::{fraction_milli, polar};
//! assert_eq!(fraction_milli("18".parse().unwrap(), "36".parse().unwrap()), 500);
//! assert_eq!(polar(100, 0, 4, 1000), (0, -100));
//! ```

use crate::decimal::Decimal;
use yew::prelude::*;

/// Stylesheet of the result, sampling and committee views (screen and A4 print).
pub const VIEWS_CSS: &str = include_str!("views.css");

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
    millis
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (x, y) = polar(radius, i, millis.len(), *m);
            format!("{},{}", cx + x, cy + y)
        })
        .collect::<Vec<_>>()
        .join(" ")
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

/// A radar chart: each axis is a dimension scaled to its cap.
pub fn radar(props: Chart<'_>) -> Html {
    let (cx, cy, r) = (210, 170, 120);
    let n = props.series.len();
    let value: Vec<i64> = props
        .series
        .iter()
        .map(|s| fraction_milli(s.value, s.max))
        .collect();
    let average: Vec<i64> = props
        .series
        .iter()
        .map(|s| fraction_milli(s.average, s.max))
        .collect();
    let rings = [250, 500, 750, 1000].map(|m| {
        html! { <polygon class="kp-grid" points={points(cx, cy, r, &vec![m; n])} /> }
    });
    let axes = props.series.iter().enumerate().map(|(i, s)| {
        let (x, y) = polar(r, i, n, 1000);
        let (lx, ly) = polar(r + 22, i, n, 1000);
        let anchor = if lx > 8 {
            "start"
        } else if lx < -8 {
            "end"
        } else {
            "middle"
        };
        html! { <>
            <line class="kp-grid" x1={cx.to_string()} y1={cy.to_string()} x2={(cx + x).to_string()} y2={(cy + y).to_string()} />
            <text class="kp-axis" x={(cx + lx).to_string()} y={(cy + ly + 5).to_string()} text-anchor={anchor}>
                { format!("{} {}", s.label, s.value) }
            </text>
        </> }
    });
    html! {
        <svg class="kp-chart" data-kp="radar" viewBox="0 0 420 350" width="420" height="350" role="img" aria-label={props.title.to_owned()}>
            <title>{ props.title }</title>
            { for rings }
            { for axes }
            <polygon class="kp-avg" points={points(cx, cy, r, &average)} />
            <polygon class="kp-val" points={points(cx, cy, r, &value)} />
            <rect class="kp-val" x="8" y="8" width="12" height="12" />
            <text class="kp-legend" x="26" y="19">{ props.value_label }</text>
            <rect class="kp-avg" x="8" y="28" width="12" height="12" />
            <text class="kp-legend" x="26" y="39">{ props.average_label }</text>
        </svg>
    }
}

/// Horizontal bars: each dimension's score and the department average, scaled to its cap.
pub fn bars(props: Chart<'_>) -> Html {
    let (left, width, row) = (150_i64, 300_i64, 34_i64);
    let height = 30 + row * props.series.len() as i64;
    let rows = props.series.iter().enumerate().map(|(i, s)| {
        let y = 24 + row * i as i64;
        let v = width * fraction_milli(s.value, s.max) / 1000;
        let a = width * fraction_milli(s.average, s.max) / 1000;
        html! { <g>
            <text class="kp-axis" x={(left - 8).to_string()} y={(y + 14).to_string()} text-anchor="end">{ &s.label }</text>
            <rect class="kp-track" x={left.to_string()} y={y.to_string()} width={width.to_string()} height="12" />
            <rect class="kp-val" x={left.to_string()} y={y.to_string()} width={v.to_string()} height="12" />
            <rect class="kp-avg" x={left.to_string()} y={(y + 14).to_string()} width={a.to_string()} height="6" />
            <text class="kp-num-label" x={(left + width + 6).to_string()} y={(y + 11).to_string()}>
                { format!("{} / 平均 {}", s.value, s.average) }
            </text>
        </g> }
    });
    html! {
        <svg class="kp-chart" data-kp="bars" viewBox={format!("0 0 600 {height}")} width="600" height={height.to_string()} role="img" aria-label={props.title.to_owned()}>
            <title>{ props.title }</title>
            <text class="kp-legend" x="0" y="14">{ format!("■ {}　▬ {}（满格为该板块上限）", props.value_label, props.average_label) }</text>
            { for rows }
        </svg>
    }
}

/// One column of a [`Histogram`].
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Label under the column, e.g. `80–89`.
    pub label: String,
    /// Count.
    pub count: u64,
}

/// Vertical columns with their counts above them; `name` is the SVG's `data-kp`.
pub fn histogram(title: &str, columns: &[Column], name: &'static str) -> Html {
    let (base, height, step) = (170_i64, 130_i64, 56_i64);
    let top = columns.iter().map(|c| c.count).max().unwrap_or(0).max(1) as i64;
    let width = 20 + step * columns.len() as i64;
    let bars = columns.iter().enumerate().map(|(i, c)| {
        let h = height * c.count as i64 / top;
        let x = 20 + step * i as i64;
        html! { <g>
            <rect class="kp-val" x={x.to_string()} y={(base - h).to_string()} width={(step - 12).to_string()} height={h.to_string()} />
            <text class="kp-num-label" x={(x + (step - 12) / 2).to_string()} y={(base - h - 4).to_string()} text-anchor="middle">{ c.count.to_string() }</text>
            <text class="kp-axis" x={(x + (step - 12) / 2).to_string()} y={(base + 16).to_string()} text-anchor="middle">{ &c.label }</text>
        </g> }
    });
    html! {
        <svg class="kp-chart" data-kp={name} viewBox={format!("0 0 {width} 200")} width={width.to_string()} height="200" role="img" aria-label={title.to_owned()}>
            <title>{ title }</title>
            <line class="kp-grid" x1="10" y1={base.to_string()} x2={width.to_string()} y2={base.to_string()} />
            { for bars }
        </svg>
    }
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

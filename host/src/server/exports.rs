//! Exports: results and ranking as XLSX and CSV (UTF-8 with BOM, so Excel reads the
//! Chinese), and a printable publication page (公示页).

use super::auth::{COMMITTEE, User};
use super::evaluations::{meta, ranking};
use super::{AppError, AppState, download};
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use axum::routing::get;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

/// Routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/evaluations/{id}/export.xlsx", get(xlsx))
        .route("/api/evaluations/{id}/export.csv", get(csv))
        .route("/api/evaluations/{id}/publication", get(page))
}

/// The table every export shows: header and rows of text.
struct Sheet {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    publication: Option<(String, String)>,
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

async fn sheet(state: &AppState, user: &User, id: i64) -> Result<Sheet, AppError> {
    let (meta, rows, unit_name, period, start) = state
        .read(move |c| {
            let meta = meta(c, id)?;
            let rows = ranking(c, id)?;
            let (name, start, end, pub_start): (String, String, String, Option<String>) = c.query_row(
                "SELECT u.name, e.period_start, e.period_end, e.publication_start FROM evaluations e JOIN units u ON u.id = e.unit_id WHERE e.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            Ok((meta, rows, name, format!("{start} 至 {end}"), pub_start))
        })
        .await?;
    user.require_in(meta.unit, COMMITTEE)?;
    let dimensions: Vec<String> = rows
        .first()
        .and_then(|r| r["dimensions"].as_array())
        .map(|d| d.iter().map(|d| text(&d["name"])).collect())
        .unwrap_or_default();
    let mut header: Vec<String> = ["排名", "检察官编号", "姓名", "部门"]
        .map(String::from)
        .to_vec();
    header.extend(dimensions.iter().cloned());
    header.extend(["总分", "等次", "说明"].map(String::from));
    let rows = rows
        .iter()
        .map(|r| {
            let mut line = vec![
                text(&r["rank"]),
                text(&r["prosecutor"]),
                text(&r["name"]),
                text(&r["department"]),
            ];
            if let Some(ds) = r["dimensions"].as_array() {
                line.extend(ds.iter().map(|d| text(&d["score"])));
            }
            let mut note = text(&r["grade_reason"]);
            if let Some(c) = r["committee"].as_str() {
                note = format!("{note}；{c}");
            }
            if r["grade"] != r["engine_grade"] || r["total"] != r["engine_total"] {
                note = format!("{note}；经复核变更");
            }
            line.extend([text(&r["total"]), text(&r["grade"]), note]);
            line
        })
        .collect();
    Ok(Sheet {
        title: format!("{unit_name} 检察官业绩考评结果（{period}）"),
        header,
        rows,
        publication: start.zip(meta.publication_end),
    })
}

async fn xlsx(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let sheet = sheet(&state, &user, id).await?;
    let bytes =
        tokio::task::spawn_blocking(move || -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
            let mut workbook = Workbook::new();
            let bold = Format::new().set_bold();
            let worksheet = workbook.add_worksheet();
            worksheet.set_name("考评结果")?;
            worksheet.write_string_with_format(0, 0, &sheet.title, &bold)?;
            for (col, name) in sheet.header.iter().enumerate() {
                worksheet.write_string_with_format(2, col as u16, name, &bold)?;
            }
            for (row, line) in sheet.rows.iter().enumerate() {
                for (col, cell) in line.iter().enumerate() {
                    let (r, c) = (row as u32 + 3, col as u16);
                    // Scores and ranks as numbers so Excel can sort them; the text is exact.
                    match cell.parse::<f64>() {
                        Ok(n) if col != 1 => worksheet.write_number(r, c, n)?,
                        _ => worksheet.write_string(r, c, cell)?,
                    };
                }
            }
            workbook.save_to_buffer()
        })
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("考评结果-{id}.xlsx"),
    ))
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

async fn csv(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let sheet = sheet(&state, &user, id).await?;
    let mut out = String::from("\u{feff}");
    for line in std::iter::once(&sheet.header).chain(sheet.rows.iter()) {
        out.push_str(
            &line
                .iter()
                .map(|c| csv_field(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    Ok(download(
        out.into_bytes(),
        "text/csv; charset=utf-8",
        &format!("考评结果-{id}.csv"),
    ))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn page(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let sheet = sheet(&state, &user, id).await?;
    let notice = match &sheet.publication {
        Some((start, end)) => format!(
            "公示期：{start} 至 {end}（{} 个工作日）。对公示结果有异议的，请在公示期内通过考评系统或书面向考核委员会提出。",
            super::publication::PUBLICATION_DAYS
        ),
        None => "本结果尚未公示（草稿）。".to_owned(),
    };
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:'SimSun','Songti SC',serif;margin:2cm}}h1{{font-size:20pt;text-align:center}}\
         table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #000;padding:4px 6px;text-align:center}}\
         p.notice{{margin-top:1.5em}}@media print{{body{{margin:1cm}}}}</style></head><body>\
         <h1>{title}</h1><table><thead><tr>",
        title = escape(&sheet.title)
    );
    for name in &sheet.header {
        html.push_str(&format!("<th>{}</th>", escape(name)));
    }
    html.push_str("</tr></thead><tbody>");
    for line in &sheet.rows {
        html.push_str("<tr>");
        for cell in line {
            html.push_str(&format!("<td>{}</td>", escape(cell)));
        }
        html.push_str("</tr>");
    }
    html.push_str(&format!(
        "</tbody></table><p class=\"notice\">{}</p></body></html>",
        escape(&notice)
    ));
    Ok(Html(html))
}

//! `kaoping sample`: the case draw for quality review, with its proof record.

use super::UserError;
use super::evaluate::Format;
use super::inputs::{EngineArgs, call, engine_json, header_map, import_error};
use super::table::Table;
use crate::import::{ReadOptions, parse_cases, read_file};
use clap::Args;
use kaoping_shared::api::{Reply, Request};
use kaoping_shared::sampling::{ProofRecord, SampleRequest, Scope, Stratification};
use std::path::PathBuf;

/// `kaoping sample`
#[derive(Debug, Args)]
pub struct SampleArgs {
    /// 案件数据（CSV 或 XLSX）
    #[arg(long, value_name = "FILE")]
    cases: PathBuf,
    /// 被评查的检察官编号；可重复；省略则在全院案件中抽取
    #[arg(long)]
    prosecutor: Vec<String>,
    /// 会上宣布的随机种子
    #[arg(long)]
    seed: String,
    /// 评查期间，如 2017-01-01..2019-06-30
    #[arg(long)]
    window: String,
    /// 至少抽取的件数 N（按类别分层时为每类件数）
    #[arg(long, default_value_t = 20)]
    min: u32,
    /// 按案件类别分层抽取
    #[arg(long)]
    by_kind: bool,
    /// 表头映射文件
    #[arg(long, value_name = "FILE")]
    columns: Option<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    engine: EngineArgs,
}

/// Runs `kaoping sample`.
pub fn run(args: SampleArgs) -> anyhow::Result<()> {
    let window = args
        .window
        .parse()
        .map_err(|e| UserError::one(format!("--window：{e}")))?;
    let map = header_map(args.columns.as_deref())?;
    let table = read_file(&args.cases, &ReadOptions::new()).map_err(import_error)?;
    let cases = parse_cases(&table, &map)
        .map_err(import_error)?
        .into_values();
    let scope = match args.prosecutor.as_slice() {
        [] => Scope::Unit,
        [one] => Scope::prosecutor(one),
        many => Scope::Prosecutors {
            ids: many.iter().map(|p| p.as_str().into()).collect(),
        },
    };
    let stratification = if args.by_kind {
        Stratification::ByKind
    } else {
        Stratification::Pooled
    };
    let request = SampleRequest::new(scope, args.seed, window)
        .with_count(args.min)
        .with_stratification(stratification);
    let engine = args.engine.engine()?;
    let proof = match call(&engine, &Request::Sample { cases, request })? {
        Reply::Draw(proof) => proof,
        other => anyhow::bail!("引擎返回了意外的结果：{other:?}"),
    };
    match args.format {
        Format::Json => {
            let value = serde_json::json!({"engine": engine_json(&engine), "proof": proof, "chosen": proof.chosen});
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        Format::Table => print!("{}", render(&proof)),
    }
    Ok(())
}

fn render(proof: &ProofRecord) -> String {
    let mut out = format!(
        "随机种子：{}；评查期间：{}；N = {}；案件总数 {}，抽取 {} 件\n",
        proof.seed,
        proof.window,
        proof.count,
        proof.population.len(),
        proof.chosen.len()
    );
    let mut table = Table::new(
        ["序号", "案件编号", "依据", "必查原因", "哈希"]
            .map(String::from)
            .to_vec(),
    );
    for (i, chosen) in proof.chosen.iter().enumerate() {
        let reasons: Vec<&str> = chosen.reasons.iter().map(|r| r.chinese()).collect();
        table.push(vec![
            (i + 1).to_string(),
            chosen.case.to_string(),
            chosen.basis.chinese().to_owned(),
            reasons.join("、"),
            chosen
                .hash
                .as_deref()
                .map(|h| format!("{}…", &h[..12.min(h.len())]))
                .unwrap_or_default(),
        ]);
    }
    out.push_str(&table.render());
    out.push_str(&format!(
        "算法：{} 第 {} 版；案件总体摘要（SHA-256）：{}\n",
        proof.algorithm, proof.version, proof.population_digest
    ));
    out
}

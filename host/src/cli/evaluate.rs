//! `kaoping evaluate`: the ranking table or its JSON; `kaoping explain`: one prosecutor's
//! explanation.

use super::UserError;
use super::inputs::{EvaluationArgs, engine_json, evaluate};
use super::table::Table;
use clap::{Args, ValueEnum};
use kaoping_shared::eval::explain;
use kaoping_shared::eval::result::Evaluation;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON for programs; decimals as strings.
    Json,
}

/// `kaoping evaluate`
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    inputs: EvaluationArgs,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// `kaoping explain`
#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    inputs: EvaluationArgs,
    /// 检察官编号
    #[arg(long)]
    prosecutor: String,
}

/// Runs `kaoping evaluate`.
pub fn run_evaluate(args: EvaluateArgs) -> anyhow::Result<()> {
    let (evaluation, engine) = evaluate(&args.inputs)?;
    match args.format {
        Format::Json => {
            let mut value = serde_json::to_value(&evaluation)?;
            value["engine"] = engine_json(&engine);
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        Format::Table => print!("{}", ranking(&evaluation)),
    }
    Ok(())
}

/// Runs `kaoping explain`.
pub fn run_explain(args: ExplainArgs) -> anyhow::Result<()> {
    let (evaluation, _) = evaluate(&args.inputs)?;
    let result = evaluation
        .result(&args.prosecutor.as_str().into())
        .ok_or_else(|| UserError::one(format!("检察官“{}”不在本次考评名单中", args.prosecutor)))?;
    print!("{}", explain::render(&evaluation, result));
    Ok(())
}

fn ranking(evaluation: &Evaluation) -> String {
    let mut header: Vec<String> = ["排名", "编号", "姓名"].map(String::from).to_vec();
    if let Some(first) = evaluation.results.first() {
        header.extend(first.dimensions.iter().map(|d| d.name.clone()));
    }
    header.extend(["总分", "等次", "备注"].map(String::from));
    let mut table = Table::new(header);
    for r in &evaluation.results {
        let mut row = vec![r.rank.to_string(), r.prosecutor.to_string(), r.name.clone()];
        row.extend(r.dimensions.iter().map(|d| d.score.to_string()));
        let note = match (&r.committee, r.vetoed) {
            (Some(_), _) => "需党组研究决定".to_owned(),
            (None, true) => "一票否决".to_owned(),
            (None, false) if r.grade_reason.contains("已满") => "名额已满".to_owned(),
            _ => String::new(),
        };
        row.extend([r.total.to_string(), r.grade.clone(), note]);
        table.push(row);
    }
    let rules = &evaluation.rule_set;
    let mut out = format!(
        "指标体系：{}（{} {}），考评期间 {}，共 {} 人\n",
        rules.name, rules.id, rules.version, evaluation.period, evaluation.evaluated
    );
    out.push_str(&table.render());
    for warning in &evaluation.warnings {
        out.push_str(&format!("注意：{warning}\n"));
    }
    out
}

//! Arguments shared by `evaluate` and `explain`: the rule set, the four files, the period,
//! and which engine computes.

use super::UserError;
use crate::engine::Engine;
use crate::import::{HeaderMap, ImportError, load_inputs};
use crate::plugin::{Limits, Runtime, builtin_wasm, default_cache_dir};
use clap::{Args, ValueEnum};
use kaoping_shared::api::{Reply, Request, Response};
use kaoping_shared::date::Period;
use kaoping_shared::eval::result::Evaluation;
use kaoping_shared::rules::{RuleSet, builtin, load::from_toml};
use std::path::{Path, PathBuf};

/// Where the inputs of an evaluation come from.
#[derive(Debug, Args)]
pub struct EvaluationArgs {
    /// 指标体系：内置名称（r-2019）或 TOML 文件
    #[arg(long, value_name = "NAME|FILE")]
    pub rules: String,
    /// 检察官名单（CSV 或 XLSX）
    #[arg(long, value_name = "FILE")]
    pub roster: PathBuf,
    /// 案件数据（CSV 或 XLSX）
    #[arg(long, value_name = "FILE")]
    pub cases: PathBuf,
    /// 加分项目（可选）
    #[arg(long, value_name = "FILE")]
    pub bonus: Option<PathBuf>,
    /// 民主测评票（可选）
    #[arg(long, value_name = "FILE")]
    pub ballots: Option<PathBuf>,
    /// 考评期间，如 2019-01-01..2019-12-31
    #[arg(long)]
    pub period: String,
    /// 表头映射文件（TOML 或 JSON），用于列名与标准不同的导出表
    #[arg(long, value_name = "FILE")]
    pub columns: Option<PathBuf>,
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Which engine computes.
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// 计算引擎：plugin（沙箱插件，默认）或 native（本机代码）
    #[arg(long, value_enum, default_value_t = EngineKind::Plugin)]
    pub engine: EngineKind,
    /// 使用指定的 wasm 插件文件代替内置插件
    #[arg(long, value_name = "FILE")]
    pub plugin: Option<PathBuf>,
}

/// The engine choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineKind {
    /// The sandboxed wasm plugin.
    Plugin,
    /// The native code compiled into this binary.
    Native,
}

impl EngineArgs {
    /// The engine these arguments ask for.
    pub fn engine(&self) -> anyhow::Result<Engine> {
        match (self.engine, &self.plugin) {
            (EngineKind::Native, Some(_)) => {
                Err(UserError::one("--plugin 只能与 --engine plugin 一起使用").into())
            }
            (EngineKind::Native, None) => Ok(Engine::Native),
            (EngineKind::Plugin, path) => {
                let runtime = runtime()?;
                let plugin = match path {
                    None => runtime.load(builtin_wasm()),
                    Some(path) => {
                        let bytes = std::fs::read(path).map_err(|e| {
                            UserError::one(format!("无法读取插件文件“{}”：{e}", path.display()))
                        })?;
                        runtime.load(&bytes)
                    }
                }
                .map_err(|e| UserError::one(e.to_string()))?;
                Ok(Engine::Plugin(plugin))
            }
        }
    }
}

/// The plugin runtime for command-line use, with the on-disk compile cache
/// ([`default_cache_dir`]) when there is a place for it.
pub fn runtime() -> anyhow::Result<Runtime> {
    Ok(match default_cache_dir() {
        Some(dir) => Runtime::with_cache(Limits::default(), &dir)?,
        None => Runtime::new(Limits::default())?,
    })
}

/// What computed a result, for JSON output: `{"kind":"plugin","plugin":"<sha-256>"}`.
pub fn engine_json(engine: &Engine) -> serde_json::Value {
    match engine.plugin_id() {
        Some(id) => serde_json::json!({"kind": "plugin", "plugin": id.as_str()}),
        None => serde_json::json!({"kind": "native"}),
    }
}

/// A built-in rule set by name, or one read from a TOML file.
pub fn rule_set(name_or_path: &str) -> anyhow::Result<RuleSet> {
    if let Some(rules) = builtin::by_name(name_or_path) {
        return Ok(rules);
    }
    let path = Path::new(name_or_path);
    let text = std::fs::read_to_string(path).map_err(|e| {
        UserError::one(format!(
            "无法读取指标体系“{name_or_path}”：{e}（内置指标体系：{}）",
            builtin::NAMES.join("、")
        ))
    })?;
    from_toml(&text).map_err(|e| UserError::one(e.to_string()).into())
}

/// Parses a period argument.
pub fn period(text: &str) -> anyhow::Result<Period> {
    text.parse()
        .map_err(|e| UserError::one(format!("--period：{e}")).into())
}

/// The header map: the built-in one, or the built-in one extended by a file.
pub fn header_map(path: Option<&Path>) -> anyhow::Result<HeaderMap> {
    match path {
        None => Ok(HeaderMap::new()),
        Some(path) => HeaderMap::load(path).map_err(|e| UserError::one(e.to_string()).into()),
    }
}

/// An import error as every problem on its own line.
pub fn import_error(error: ImportError) -> anyhow::Error {
    match error.problems() {
        [] => UserError::one(error.to_string()).into(),
        problems => UserError {
            problems: std::iter::once(format!(
                "导入失败，共 {} 处问题，未导入任何数据：",
                problems.len()
            ))
            .chain(problems.iter().map(ToString::to_string))
            .collect(),
        }
        .into(),
    }
}

/// Sends a request and returns the reply, or the engine's error as a user error.
pub fn call(engine: &Engine, request: &Request) -> anyhow::Result<Reply> {
    match engine.call(request)? {
        Response::Ok { result } => Ok(result),
        Response::Error { error } => Err(UserError {
            problems: std::iter::once(error.message)
                .chain(error.problems)
                .collect(),
        }
        .into()),
    }
}

/// Reads everything and evaluates it.
pub fn evaluate(args: &EvaluationArgs) -> anyhow::Result<(Evaluation, Engine)> {
    let rules = rule_set(&args.rules)?;
    let period = period(&args.period)?;
    let map = header_map(args.columns.as_deref())?;
    let inputs = load_inputs(
        &args.roster,
        &args.cases,
        args.bonus.as_deref(),
        args.ballots.as_deref(),
        &map,
    )
    .map_err(import_error)?;
    let engine = args.engine.engine()?;
    let request = Request::Evaluate {
        rules,
        input: inputs.into_evaluation_input(period),
    };
    match call(&engine, &request)? {
        Reply::Evaluation(evaluation) => Ok((evaluation, engine)),
        other => anyhow::bail!("引擎返回了意外的结果：{other:?}"),
    }
}

//! The `kaoping` command line. Each subcommand lives in its own module.
//!
//! Exit codes: 0 success; 2 bad input, with every problem on stderr and nothing on stdout;
//! 1 anything else.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

pub mod backup;
pub mod evaluate;
pub mod inputs;
pub mod plugin;
pub mod rules;
pub mod sample;
pub mod serve;
mod table;
pub mod workdays;

/// 考评：检察官业绩考评系统
#[derive(Debug, Parser)]
#[command(name = "kaoping", version, about = "检察官业绩考评系统（考评）")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 计算考评结果：各板块得分、总分、排名、等次
    Evaluate(evaluate::EvaluateArgs),
    /// 某位检察官的得分说明：每个指标、每件案件、每一分的来由
    Explain(evaluate::ExplainArgs),
    /// 案件评查抽样：必查案件全部入选，其余按种子哈希排序补足
    Sample(sample::SampleArgs),
    /// 按法定节假日与调休计算公示期的最后一天
    Workdays(workdays::WorkdaysArgs),
    /// 指标体系：校验、查看内置体系
    Rules(rules::RulesArgs),
    /// 评分插件：检查、导出
    Plugin(plugin::PluginArgs),
    /// 内网服务器：HTTP 接口、内置数据库
    Serve(serve::ServeArgs),
    /// 备份数据库（服务器运行时也可备份）
    Backup(backup::BackupArgs),
    /// 从备份恢复数据库（须先停止服务器）
    Restore(backup::RestoreArgs),
}

/// A failure the user must fix (exit 2), with every problem found.
#[derive(Debug)]
pub struct UserError {
    /// One line per problem, in Chinese.
    pub problems: Vec<String>,
}

impl UserError {
    /// A single problem.
    pub fn one(problem: impl Into<String>) -> UserError {
        UserError {
            problems: vec![problem.into()],
        }
    }
}

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.problems.join("\n"))
    }
}

impl std::error::Error for UserError {}

/// Parses the arguments, runs the command, and maps errors to exit codes.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => match error.downcast_ref::<UserError>() {
            Some(user) => {
                for line in &user.problems {
                    eprintln!("{line}");
                }
                ExitCode::from(2)
            }
            None => {
                eprintln!("错误：{error:#}");
                ExitCode::from(1)
            }
        },
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Evaluate(args) => evaluate::run_evaluate(args),
        Command::Explain(args) => evaluate::run_explain(args),
        Command::Sample(args) => sample::run(args),
        Command::Workdays(args) => workdays::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Plugin(args) => plugin::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Backup(args) => backup::run_backup(args),
        Command::Restore(args) => backup::run_restore(args),
    }
}

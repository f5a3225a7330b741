//! `kaoping rules check FILE` and `kaoping rules show NAME`.

use super::UserError;
use clap::{Args, Subcommand};
use kaoping_shared::rules::builtin;
use kaoping_shared::rules::load::from_toml;
use std::path::PathBuf;

/// `kaoping rules`
#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    command: RulesCommand,
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// 校验指标体系文件，列出全部问题
    Check {
        /// 指标体系文件（TOML）
        file: PathBuf,
    },
    /// 输出内置指标体系的 TOML 原文，可复制后修改
    Show {
        /// 内置名称，如 r-2019
        name: String,
    },
}

/// Runs `kaoping rules …`.
pub fn run(args: RulesArgs) -> anyhow::Result<()> {
    match args.command {
        RulesCommand::Check { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| UserError::one(format!("无法读取“{}”：{e}", file.display())))?;
            let rules = from_toml(&text).map_err(|e| UserError::one(e.to_string()))?;
            let indicators = rules.indicators().count();
            println!(
                "指标体系“{}”（{} {}）校验通过：{} 个板块，{} 个指标，总分 {}",
                rules.name,
                rules.id,
                rules.version,
                rules.dimensions.len(),
                indicators,
                rules.total_points
            );
            Ok(())
        }
        RulesCommand::Show { name } => match name.as_str() {
            "r-2019" => {
                print!("{}", builtin::R2019_TOML);
                Ok(())
            }
            _ => Err(UserError::one(format!(
                "没有名为“{name}”的内置指标体系（现有：{}）",
                builtin::NAMES.join("、")
            ))
            .into()),
        },
    }
}

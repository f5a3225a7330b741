//! `kaoping workdays`: the last day of a publication period of N working days.

use super::UserError;
use clap::Args;
use kaoping_shared::calendar::Calendar;
use kaoping_shared::date::Date;
use std::path::PathBuf;

/// `kaoping workdays`
#[derive(Debug, Args)]
pub struct WorkdaysArgs {
    /// 第一天，如 2019-09-27（非工作日则从下一个工作日起算）
    #[arg(long)]
    from: String,
    /// 工作日天数
    #[arg(long)]
    days: u32,
    /// 自行维护的节假日安排（TOML），省略则用内置的 2019–2026 年国务院安排
    #[arg(long, value_name = "FILE")]
    calendar: Option<PathBuf>,
}

/// Runs `kaoping workdays`: prints the last day, e.g. `2019-10-09`.
pub fn run(args: WorkdaysArgs) -> anyhow::Result<()> {
    let from: Date = args
        .from
        .parse()
        .map_err(|e| UserError::one(format!("--from：{e}")))?;
    if args.days == 0 {
        return Err(UserError::one("--days：工作日天数应至少为 1").into());
    }
    let calendar = match &args.calendar {
        None => Calendar::official(),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                UserError::one(format!("无法读取日历文件“{}”：{e}", path.display()))
            })?;
            Calendar::from_toml(&text).map_err(|e| UserError::one(e.to_string()))?
        }
    };
    let end = calendar
        .add_working_days(from, args.days)
        .map_err(|e| UserError::one(e.to_string()))?;
    println!("{end}");
    Ok(())
}

//! `kaoping plugin check FILE` and `kaoping plugin export FILE`.

use super::UserError;
use crate::plugin::{Plugin, builtin_id, builtin_wasm, decode};
use clap::{Args, Subcommand};
use kaoping_shared::api;
use std::path::{Path, PathBuf};

/// 评分插件：检查、导出
#[derive(Debug, Args)]
pub struct PluginArgs {
    #[command(subcommand)]
    command: PluginCommand,
}

#[derive(Debug, Subcommand)]
enum PluginCommand {
    /// 加载插件，在限制下运行检查请求，打印哈希、大小、燃料、峰值内存和耗时
    Check {
        /// 插件文件（.wasm）
        file: PathBuf,
    },
    /// 写出内置插件
    Export {
        /// 目标文件
        file: PathBuf,
    },
}

/// Runs `kaoping plugin …`.
pub fn run(args: PluginArgs) -> anyhow::Result<()> {
    match args.command {
        PluginCommand::Check { file } => check(&file),
        PluginCommand::Export { file } => export(&file),
    }
}

/// The request `check` runs a plugin on.
///
/// The check request: the reference example of DOMAIN.md evaluated under R-2019.
pub fn check_request() -> anyhow::Result<Vec<u8>> {
    let request = api::Request::Evaluate {
        rules: kaoping_shared::rules::builtin::r2019(),
        input: crate::reference::input()?,
    };
    Ok(serde_json::to_vec(&request)?)
}

fn check(file: &Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(file)
        .map_err(|e| UserError::one(format!("无法读取插件文件 {}：{e}", file.display())))?;
    let runtime = super::inputs::runtime()?;
    let fail = |what: &str, error: &dyn std::fmt::Display| {
        UserError::one(format!("插件 {} {what}：{error}", file.display()))
    };
    let plugin = runtime.load(&bytes).map_err(|e| fail("加载失败", &e))?;
    let instantiate = plugin
        .instantiate_only()
        .map_err(|e| fail("无法实例化", &e))?;
    let describe = serde_json::to_vec(&api::Request::Describe)?;
    let described = plugin
        .call(&describe)
        .map_err(|e| fail("运行 describe 失败", &e))?;
    let engine = match decode(&described.response).map_err(|e| fail("回答有误", &e))? {
        api::Response::Ok {
            result: api::Reply::Description(d),
        } if d.abi == api::ABI_VERSION => format!("{} {}（ABI {}）", d.engine, d.version, d.abi),
        api::Response::Ok {
            result: api::Reply::Description(d),
        } => {
            let detail = format!("describe 报告 ABI {}，应为 {}", d.abi, api::ABI_VERSION);
            return Err(fail("描述有误", &detail).into());
        }
        api::Response::Ok { .. } => {
            return Err(fail("回答有误", &"对 describe 的回答不是描述").into());
        }
        api::Response::Error { error } => {
            let detail = format!("{}（{}）", error.message, error.code);
            return Err(fail("describe 返回了错误", &detail).into());
        }
    };
    let request = check_request()?;
    let outcome = plugin
        .call(&request)
        .map_err(|e| fail("计算参考示例失败", &e))?;
    match decode(&outcome.response).map_err(|e| fail("回答有误", &e))? {
        api::Response::Ok {
            result: api::Reply::Evaluation(evaluation),
        } => {
            let totals: Vec<String> = evaluation
                .results
                .iter()
                .map(|r| format!("{} {} {}", r.prosecutor, r.total, r.grade))
                .collect();
            println!("参考示例（R-2019）：{}", totals.join("；"));
            let same = outcome.response == api::handle(&request);
            println!(
                "与内置引擎逐字节比较：{}",
                if same {
                    "一致"
                } else {
                    "不一致（插件采用了不同的算法）"
                }
            );
        }
        api::Response::Ok { .. } => {
            return Err(fail("回答有误", &"对 evaluate 的回答不是考评结果").into());
        }
        api::Response::Error { error } => {
            let detail = format!("{}（{}）", error.message, error.code);
            return Err(fail("计算参考示例返回了错误", &detail).into());
        }
    }
    print_report(file, &plugin, &outcome.report, instantiate, &engine);
    Ok(())
}

fn print_report(
    file: &Path,
    plugin: &Plugin,
    report: &crate::plugin::Report,
    instantiate: std::time::Duration,
    engine: &str,
) {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!("插件文件：{}", file.display());
    println!("SHA-256：{}", plugin.id());
    if plugin.id() == builtin_id() {
        println!("说明：与内置插件相同");
    }
    println!("大小：{} 字节", plugin.size());
    println!("引擎：{engine}");
    println!("燃料：{} / {}", report.fuel_used, report.fuel_limit);
    println!(
        "峰值内存：{} 字节（{:.1} MiB，上限 {} MiB）",
        report.peak_memory,
        report.peak_memory as f64 / 1048576.0,
        plugin.limits().memory() >> 20
    );
    println!(
        "耗时：调用 {:.3} ms（实例化 {:.3} ms），编译 {:.1} ms",
        ms(report.elapsed),
        ms(instantiate),
        ms(plugin.compile_time())
    );
}

fn export(file: &Path) -> anyhow::Result<()> {
    std::fs::write(file, builtin_wasm())
        .map_err(|e| UserError::one(format!("无法写入 {}：{e}", file.display())))?;
    println!("已写出内置插件：{}", file.display());
    println!("SHA-256：{}", builtin_id());
    println!("大小：{} 字节", builtin_wasm().len());
    Ok(())
}

//! The `kaoping` command line. Each subcommand lives in its own module.
//!
//! Exit codes: 0 success; 2 bad input, with every problem on stderr and nothing on stdout;
//! 1 anything else.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// 考评：检察官业绩考评系统
#[derive(Debug, Parser)]
#[command(name = "kaoping", version, about = "检察官业绩考评系统（考评）")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {}

/// A failure the user must fix (exit 2), with every problem found.
#[derive(Debug)]
pub struct UserError {
    /// One line per problem, in Chinese.
    pub problems: Vec<String>,
}

impl UserError {
    /// A single problem.
    pub fn one(problem: impl Into<String>) -> UserError {
        UserError { problems: vec![problem.into()] }
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
    match cli.command {}
}

//! The `kaoping` command: see `kaoping --help`.

fn main() -> std::process::ExitCode {
    kaoping_host::cli::main()
}

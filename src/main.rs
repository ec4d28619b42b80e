//! The `pm` binary: everything lives in the library; this only hands over the arguments
//! and turns the result into an exit code.

fn main() -> std::process::ExitCode {
    let code = pm::run(std::env::args_os().collect());
    std::process::ExitCode::from(code)
}

// pm allocates many small strings per document (front-matter values); mimalloc serves
// them markedly faster than glibc's malloc across threads (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

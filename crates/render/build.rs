//! Links LLVM's libc memory functions (memcpy, memmove, memset, memcmp, bcmp) in front of
//! musl's, for the static binary `make release` ships. musl's x86-64 memcpy starts a
//! `rep movsq` for every copy, which costs dozens of cycles for the short strings a render
//! copies thousands of times (docs/benchmarks.md). `make release` extracts the five
//! objects from Debian's libllvmlibc-22-dev into `AXISOR_LLVM_MEM_DIR/libllvm_mem.a`; a
//! library linked by the binary's own crate comes before musl on the linker's command
//! line, so these are the definitions it takes. Every other build leaves the C library
//! as it is.

fn main() {
    println!("cargo:rerun-if-env-changed=AXISOR_LLVM_MEM_DIR");
    let musl = std::env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|env| env == "musl");
    if let (true, Ok(dir)) = (musl, std::env::var("AXISOR_LLVM_MEM_DIR")) {
        println!("cargo:rerun-if-changed={dir}/libllvm_mem.a");
        println!("cargo:rustc-link-search=native={dir}");
        println!("cargo:rustc-link-lib=static=llvm_mem");
    }
}

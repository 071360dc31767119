//! `memcpy` and `memmove` for the static musl build that `make release` ships.
//!
//! musl's x86-64 `memcpy` aligns the destination one `movsb` at a time and then starts a
//! `rep movsq`: right for kilobytes, slow for the short strings and fields a render copies
//! by the thousand (12% of a render's time, measured with `perf`; see docs/benchmarks.md).
//! These copy up to 64 bytes with a few overlapping loads and stores, and anything longer
//! with `rep movsb`, which CPUs with ERMS (Intel since 2012, AMD Zen) run at full speed.
//! Defining the symbols here keeps musl's own out of the link; other builds use their libc.
//!
//! Nothing here loops, so the compiler cannot turn a loop back into a call to `memcpy`, and
//! the fixed-size copies (32 bytes at most) become plain moves even in a debug build (a
//! debug musl build passes `scripts/check_release.sh` too).

use core::arch::asm;

/// Copies `n` bytes from `src` to `dst`; the ranges must not overlap.
///
/// # Safety
/// As C's `memcpy`: both ranges valid for `n` bytes.
#[cfg_attr(target_env = "musl", unsafe(no_mangle))]
unsafe extern "C" fn memcpy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: the caller's contract; `copy_short` and `rep movsb` touch only the n bytes.
    unsafe {
        if n <= 64 {
            copy_short(dst, src, n);
        } else {
            asm!("rep movsb", inout("rcx") n => _, inout("rdi") dst => _, inout("rsi") src => _,
                options(nostack, preserves_flags));
        }
    }
    dst
}

/// Copies `n` bytes from `src` to `dst`; the ranges may overlap.
///
/// # Safety
/// As C's `memmove`: both ranges valid for `n` bytes.
#[cfg_attr(target_env = "musl", unsafe(no_mangle))]
unsafe extern "C" fn memmove(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: as in `memcpy`. A forward copy is right when `dst` starts before `src` or
    // after the end of it (the wrapping difference is then at least n); otherwise copy
    // from the last byte down, as musl's own `memmove` does.
    unsafe {
        if n <= 64 || (dst as usize).wrapping_sub(src as usize) >= n {
            return memcpy(dst, src, n);
        }
        asm!("std", "rep movsb", "cld", inout("rcx") n => _,
            inout("rdi") dst.add(n - 1) => _, inout("rsi") src.add(n - 1) => _,
            options(nostack));
    }
    dst
}

/// Copies `n <= 64` bytes as two overlapping chunks of the largest size that fits twice:
/// every load happens before any store, so overlapping ranges are copied right too.
///
/// # Safety
/// Both ranges valid for `n` bytes.
#[inline(always)]
unsafe fn copy_short(dst: *mut u8, src: *const u8, n: usize) {
    // SAFETY: each chunk lies within the first or the last bytes of both ranges.
    unsafe {
        match n {
            0 => {}
            1..=3 => {
                let (first, middle, last) = (*src, *src.add(n / 2), *src.add(n - 1));
                *dst = first;
                *dst.add(n / 2) = middle;
                *dst.add(n - 1) = last;
            }
            4..=7 => copy_ends::<u32>(dst, src, n),
            8..=15 => copy_ends::<u64>(dst, src, n),
            16..=32 => copy_ends::<u128>(dst, src, n),
            _ => copy_ends::<[u128; 2]>(dst, src, n),
        }
    }
}

/// Copies the first and the last `size_of::<T>()` bytes, which cover all `n` bytes when
/// `size_of::<T>() <= n <= 2 * size_of::<T>()`.
///
/// # Safety
/// Both ranges valid for `n` bytes, `n >= size_of::<T>()`.
#[inline(always)]
unsafe fn copy_ends<T>(dst: *mut u8, src: *const u8, n: usize) {
    let size = size_of::<T>();
    // SAFETY: both chunks lie within the n bytes of each range.
    unsafe {
        let head = src.cast::<T>().read_unaligned();
        let tail = src.add(n - size).cast::<T>().read_unaligned();
        dst.cast::<T>().write_unaligned(head);
        dst.add(n - size).cast::<T>().write_unaligned(tail);
    }
}

#[cfg(test)]
mod tests {
    use super::{memcpy, memmove};

    /// Bytes that differ from their neighbours, so a byte copied from the wrong place shows.
    fn pattern(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
    }

    #[test]
    fn memcpy_copies_every_length_at_every_alignment() {
        let source = pattern(600);
        for len in 0..=300 {
            for (src_at, dst_at) in [(0, 0), (1, 0), (0, 3), (5, 7), (8, 15), (15, 1)] {
                let mut target = vec![0xAA_u8; 600];
                let returned = unsafe {
                    memcpy(
                        target[dst_at..].as_mut_ptr(),
                        source[src_at..].as_ptr(),
                        len,
                    )
                };
                assert_eq!(returned, target[dst_at..].as_mut_ptr());
                assert_eq!(
                    &target[dst_at..dst_at + len],
                    &source[src_at..src_at + len],
                    "len {len}"
                );
                assert!(
                    target[..dst_at].iter().all(|&b| b == 0xAA),
                    "wrote before, len {len}"
                );
                assert!(
                    target[dst_at + len..].iter().all(|&b| b == 0xAA),
                    "wrote past, len {len}"
                );
            }
        }
    }

    #[test]
    fn memmove_matches_copy_within_for_overlapping_ranges() {
        for len in (0..=80).chain([100, 257]) {
            for shift in -70_isize..=70 {
                let mut buffer = pattern(600);
                let mut expected = buffer.clone();
                let src_at = 200;
                let dst_at = (200 + shift) as usize;
                expected.copy_within(src_at..src_at + len, dst_at);
                let base = buffer.as_mut_ptr();
                unsafe { memmove(base.add(dst_at), base.add(src_at), len) };
                assert_eq!(buffer, expected, "len {len}, shift {shift}");
            }
        }
    }
}

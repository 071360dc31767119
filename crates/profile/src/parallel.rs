//! Ordered parallel map over a slice with scoped threads: results come back in input
//! order, so output stays byte-identical whatever the scheduling.

use std::num::NonZeroUsize;

/// Below this many items the threads cost more than they save.
const MIN_ITEMS: usize = 8;

/// `items.iter().map(f).collect()`, spread over the machine's cores (loading many
/// profiles here, rendering many environments in the renderer).
///
/// ```
/// let squares = axisor_profile::parallel::map_ordered(&[1, 2, 3, 4, 5, 6, 7, 8, 9], |x| x * x);
/// assert_eq!(squares, [1, 4, 9, 16, 25, 36, 49, 64, 81]);
/// ```
pub fn map_ordered<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    // Asked only when it matters: the question reads cgroup files, a cost a one-environment
    // render should not pay.
    if items.len() < MIN_ITEMS {
        return items.iter().map(f).collect();
    }
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    if threads < 2 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_input_order() {
        let items: Vec<u32> = (0..1000).collect();
        let doubled = super::map_ordered(&items, |x| x * 2);
        assert_eq!(doubled, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert_eq!(super::map_ordered(&[1, 2], |x| x + 1), [2, 3]);
    }
}

//! Index build throughput (MB of corpus text per second) with 1 and 2 threads, on a
//! synthetic archive (`hanseek corpus synth`, 2,000 articles ≈ 5 MB unless
//! HANSEEK_BENCH_ARTICLES says otherwise). Run: `cargo bench --bench indexing`.
//!
//! Each sample is a whole `index build`: parse, analyze, index, commit, swap. For a
//! 50 MB corpus and the numbers in BENCHMARKS.md, see benches/index-throughput.sh.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hanseek_index::BuildOptions;

fn articles() -> usize {
    std::env::var("HANSEEK_BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000)
}

fn bench(c: &mut Criterion) {
    let work: PathBuf = std::env::temp_dir().join(format!("hanseek-bench-indexing-{}", std::process::id()));
    let corpus = work.join("corpus");
    let (_, bytes) = hanseek_synth::write_archive(&corpus, articles(), 1).expect("write the archive");
    let mut group = c.benchmark_group("index-build");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.measurement_time(std::time::Duration::from_secs(15));
    for threads in [1, 2] {
        group.bench_function(BenchmarkId::new("threads", threads), |b| {
            b.iter(|| {
                let index = work.join("index");
                let _ = std::fs::remove_dir_all(&index);
                let options = BuildOptions {
                    threads,
                    ..BuildOptions::default()
                };
                hanseek_index::build(&corpus, &index, options, &mut |_| {}).expect("the build succeeds")
            })
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&work);
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Overhead of the resilient HTTP layer over bare reqwest, on a loopback HTTP/1.1 responder.
//! `cargo bench -p brandpilot-benches --bench http -- --warm-up-time 1 --measurement-time 3`
//!
//! The client side runs on a current-thread tokio runtime (one core); the responder runs on
//! its own thread so that it does not share the measured core. Variants:
//! - `reqwest_bare`: `reqwest::Client` GET, body read;
//! - `reqwest_timeout`: the same with a per-request timeout, which the layer always sets
//!   (a tokio timer per request): the part of the overhead that is the timeout itself;
//! - `layer_no_cache`: `HttpClient::send` with a bearer token, both GCRA budgets (generous
//!   quotas), breaker and retry bookkeeping, no `cache_for`;
//! - `layer_cache_miss`: the same with `cache_for` on unique URLs (a lookup that misses and a
//!   store, every call).
//!
//! Wall-clock numbers on a shared machine swing with the neighbours' load, so the bench also
//! prints an interleaved A/B summary: rounds alternating bare and layered calls, each timed
//! in wall time and in the client thread's own CPU time (`/proc/thread-self/schedstat`,
//! Linux), medians over the rounds.

use std::hint::black_box;
use std::time::{Duration, Instant};

use brandpilot::Secret;
use brandpilot::http::{HttpClient, HttpConfig, Quota, Request, Route, RouteQuotas};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const BODY: &str = r#"{"data":{"id":"1","username":"brandpilot"}}"#;

/// Starts a keep-alive HTTP/1.1 responder on 127.0.0.1 that answers every request with the
/// same small JSON body, on its own thread; returns its base URL.
fn start_responder() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            tx.send(listener.local_addr().expect("addr")).expect("send");
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{BODY}",
                BODY.len()
            );
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    continue;
                };
                let response = response.clone();
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 8192];
                    let mut filled = 0;
                    loop {
                        let Ok(n) = socket.read(&mut buf[filled..]).await else {
                            return;
                        };
                        if n == 0 {
                            return;
                        }
                        filled += n;
                        // GETs only: a request ends at the blank line after the headers.
                        while let Some(end) = find_head_end(&buf[..filled]) {
                            if socket.write_all(response.as_bytes()).await.is_err() {
                                return;
                            }
                            buf.copy_within(end..filled, 0);
                            filled -= end;
                        }
                        if filled == buf.len() {
                            return;
                        }
                    }
                });
            }
        });
    });
    format!("http://{}", rx.recv().expect("address"))
}

fn find_head_end(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
}

fn bench_http(c: &mut Criterion) {
    let base = start_responder();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let url = format!("{base}/2/users/me");

    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest");
    let route = Route::new("x", "users.read");
    let mut config = HttpConfig::default();
    let generous = Some(Quota::new(10_000_000, Duration::from_secs(1)));
    config
        .quotas
        .insert(route.clone(), RouteQuotas::new(generous, generous));
    let layer = rt
        .block_on(async { HttpClient::new(config) })
        .expect("client");
    let token = Secret::new("bench-token");

    let mut group = c.benchmark_group("http");
    group.throughput(Throughput::Elements(1));
    group.bench_function("reqwest_bare", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    let response = bare
                        .get(&url)
                        .bearer_auth(token.expose())
                        .send()
                        .await
                        .expect("send");
                    black_box(response.bytes().await.expect("body"));
                }
                start.elapsed()
            })
        })
    });
    group.bench_function("reqwest_timeout", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    let response = bare
                        .get(&url)
                        .timeout(Duration::from_secs(30))
                        .bearer_auth(token.expose())
                        .send()
                        .await
                        .expect("send");
                    black_box(response.bytes().await.expect("body"));
                }
                start.elapsed()
            })
        })
    });
    group.bench_function("layer_no_cache", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    let request = Request::get(url.as_str(), route.clone()).bearer(token.clone());
                    black_box(layer.send(request).await.expect("send"));
                }
                start.elapsed()
            })
        })
    });
    let mut n = 0u64;
    group.bench_function("layer_cache_miss", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    n += 1;
                    let request = Request::get(format!("{url}?i={n}"), route.clone())
                        .bearer(token.clone())
                        .cache_for(Duration::from_secs(60));
                    let response = layer.send(request).await.expect("send");
                    assert!(!response.from_cache);
                    black_box(response);
                }
                start.elapsed()
            })
        })
    });
    group.finish();

    let unique = std::cell::Cell::new(0u64);
    let variants: [(&str, &dyn Fn(u64) -> Duration); 4] = [
        ("reqwest_bare", &|i| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..i {
                    let response = bare.get(&url).bearer_auth(token.expose()).send().await;
                    black_box(response.expect("send").bytes().await.expect("body"));
                }
                start.elapsed()
            })
        }),
        ("reqwest_timeout", &|i| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..i {
                    let response = bare
                        .get(&url)
                        .timeout(Duration::from_secs(30))
                        .bearer_auth(token.expose())
                        .send()
                        .await;
                    black_box(response.expect("send").bytes().await.expect("body"));
                }
                start.elapsed()
            })
        }),
        ("layer_no_cache", &|i| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..i {
                    let request = Request::get(url.as_str(), route.clone()).bearer(token.clone());
                    black_box(layer.send(request).await.expect("send"));
                }
                start.elapsed()
            })
        }),
        ("layer_cache_miss", &|i| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..i {
                    // Unique across rounds: every call misses.
                    let k = unique.get() + 1;
                    unique.set(k);
                    let request = Request::get(format!("{url}?ab={k}"), route.clone())
                        .bearer(token.clone())
                        .cache_for(Duration::from_secs(60));
                    black_box(layer.send(request).await.expect("send"));
                }
                start.elapsed()
            })
        }),
    ];
    interleaved_summary(&variants);
    let stats = layer.stats();
    assert_eq!(stats.retries, 0);
    assert_eq!(stats.rate_limited, 0);
}

/// CPU time the calling thread has run, in nanoseconds (first field of
/// `/proc/thread-self/schedstat`); `None` off Linux.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Alternates the variants for a number of rounds and prints, per variant, the median wall
/// time and client-thread CPU time per request, and the overhead against the first variant.
fn interleaved_summary(variants: &[(&str, &dyn Fn(u64) -> Duration)]) {
    const ROUNDS: usize = 15;
    const PER_ROUND: u64 = 2_000;
    let mut wall = vec![Vec::new(); variants.len()];
    let mut cpu = vec![Vec::new(); variants.len()];
    for _ in 0..ROUNDS {
        for (i, (_, run)) in variants.iter().enumerate() {
            let cpu_start = thread_cpu_ns().unwrap_or(0);
            let elapsed = run(PER_ROUND);
            let cpu_used = thread_cpu_ns().unwrap_or(0).saturating_sub(cpu_start);
            wall[i].push(elapsed.as_nanos() as f64 / PER_ROUND as f64 / 1000.0);
            cpu[i].push(cpu_used as f64 / PER_ROUND as f64 / 1000.0);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let walls: Vec<f64> = wall.iter_mut().map(median).collect();
    let cpus: Vec<f64> = cpu.iter_mut().map(median).collect();
    println!("interleaved A/B, {ROUNDS} rounds x {PER_ROUND} requests, medians per request:");
    for (i, (name, _)) in variants.iter().enumerate() {
        println!(
            "  {name:<18} wall {:>7.2} us ({:>7.0} req/s, {:+5.1}%)   client CPU {:>6.2} us ({:+5.1}%)",
            walls[i],
            1e6 / walls[i],
            (walls[i] / walls[0] - 1.0) * 100.0,
            cpus[i],
            (cpus[i] / cpus[0] - 1.0) * 100.0,
        );
    }
}

criterion_group!(benches, bench_http);
criterion_main!(benches);

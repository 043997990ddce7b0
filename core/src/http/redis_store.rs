//! Shared state across processes (feature `redis`): rate-limit budgets and the response
//! cache in Redis, so every worker of a host draws on one platform budget.
//!
//! - [`RedisRateLimits`] implements [`RateLimitStore`] with GCRA run as a Lua script: one
//!   atomic step on the server, timed by the server's `TIME`, so the workers' clocks do not
//!   matter.
//! - [`RedisCache`] implements [`ResponseCache`] with `SET … PX` entries in a compact binary
//!   encoding.
//! - [`RedisBackend`] is the connection both use (a [`redis::aio::ConnectionManager`], which
//!   reconnects a dropped connection); one backend can serve both.
//!
//! Keys are `<prefix>rl:{<key>}` (plus `:block`) for budgets and `<prefix>cache:<key>` for
//! cached responses; the prefix defaults to [`DEFAULT_KEY_PREFIX`]. The keys the HTTP client
//! passes in already hold token fingerprints, never tokens. Every key expires on its own.
//!
//! Failures are coded errors: `network` when Redis cannot be reached or refuses (including
//! authentication), `internal` when a script or a stored entry is broken, `invalid_input` for
//! a malformed URL or a zero burst. The URL's password never appears in an error or in
//! `Debug` output.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{ErrorKind, RedisError, Script};

use super::{CachedResponse, Quota, RateLimitStore, ResponseCache};
use crate::{Error, Result, Secret};

/// The key prefix used when the host has no preference: `brandpilot:`.
pub const DEFAULT_KEY_PREFIX: &str = "brandpilot:";

/// Each connection attempt gives up after this long.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// A command (one GCRA step, one cache read) gives up after this long.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(2);
/// Reconnection attempts (with jittered exponential backoff from 100 ms) before a connect
/// fails; small, so that a wrong URL fails within about a second.
const CONNECT_RETRIES: usize = 3;
/// The longest block or cache TTL written to Redis (longer ones are clamped to it).
const MAX_EXPIRY: Duration = Duration::from_secs(366 * 24 * 3600);

/// GCRA, one step, atomically on the server.
///
/// The formulation is the "virtual scheduling" form of the generic cell rate algorithm
/// (ITU-T I.371; https://en.wikipedia.org/wiki/Generic_cell_rate_algorithm), as brandur
/// describes it for rate limiting in "Rate limiting, cells, and GCRA"
/// (https://brandur.org/rate-limiting) and redis-cell implements it: with emission interval
/// `T = period / burst` and tolerance `tau = T * (burst - 1)`, a request arriving at `now`
/// conforms iff `max(TAT, now) - now <= tau`; it then moves the theoretical arrival time to
/// `max(TAT, now) + T`. A denied request changes nothing and may retry after
/// `max(TAT, now) - now - tau`. Starting from an empty key exactly `burst` requests conform
/// back to back, and one more every `T` after that.
///
/// KEYS[1]: the budget's TAT (µs of server time, expires when it is in the past: an absent
/// key and a TAT <= now mean the same full budget). KEYS[2]: the block set by `block_for`
/// (its remaining PTTL is the wait). ARGV[1]: T in µs. ARGV[2]: burst (>= 1).
/// Returns `{1, 0}` (allowed) or `{0, wait_ms}` (denied, wait rounded up, >= 1).
const GCRA_LUA: &str = r#"
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return {0, blocked}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local tolerance = interval * (tonumber(ARGV[2]) - 1)
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then
  tat = now
end
local ahead = tat - now
if ahead > tolerance then
  return {0, math.max(1, math.ceil((ahead - tolerance) / 1000))}
end
local new_tat = tat + interval
local ttl_ms = math.max(1, math.ceil((new_tat - now) / 1000))
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', string.format('%.0f', ttl_ms))
return {1, 0}
"#;

/// `block_for`: KEYS[1] is the block key, ARGV[1] the wait in ms (>= 1). A block is only
/// ever extended, never shortened by a later, shorter one.
const BLOCK_LUA: &str = r#"
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1
"#;

/// One Redis server, reached through a reconnecting connection, with the key prefix every
/// key gets. Cheap to clone (clones share the connection).
///
/// Build one with [`RedisBackend::connect`] and hand it to [`RedisRateLimits::new`] and
/// [`RedisCache::new`] to share one connection, or let their own `connect` make one each.
/// `Debug` shows the host, port and prefix, never credentials.
#[derive(Clone)]
pub struct RedisBackend {
    conn: ConnectionManager,
    prefix: Arc<str>,
    /// `host:port`, for `Debug` and error messages.
    endpoint: Arc<str>,
    /// The URL's password (as written and percent-decoded), kept only to scrub it from
    /// error messages.
    redact: Arc<[Secret]>,
}

impl RedisBackend {
    /// Connects to the Redis server at `url` (`redis://[user[:password]@]host[:port][/db]`)
    /// and prefixes every key with `prefix` (use [`DEFAULT_KEY_PREFIX`] when in doubt).
    ///
    /// Errors: `invalid_input` when the URL is malformed or not `redis://` (TLS is not built
    /// in); `network` when the server cannot be reached or rejects the credentials. Neither
    /// message contains the password.
    pub async fn connect(url: &str, prefix: &str) -> Result<Self> {
        let parsed = url::Url::parse(url)
            .map_err(|e| Error::invalid("url", format!("not a Redis URL: {e}")))?;
        let mut redact = Vec::new();
        if let Some(password) = parsed.password().filter(|p| !p.is_empty()) {
            let decoded = percent_decode(password);
            if decoded != password {
                redact.push(Secret::new(decoded));
            }
            redact.push(Secret::new(password));
        }
        let endpoint = format!(
            "{}:{}",
            parsed.host_str().unwrap_or(""),
            parsed.port().unwrap_or(6379)
        );
        if parsed.scheme() != "redis" {
            return Err(Error::invalid(
                "url",
                format!(
                    "scheme {:?} is not supported: use redis://host:port (TLS is not built in)",
                    parsed.scheme()
                ),
            ));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(Error::invalid("url", "the Redis URL names no host"));
        }
        let redact: Arc<[Secret]> = redact.into();
        let client = redis::Client::open(url).map_err(|e| {
            Error::invalid(
                "url",
                scrub(&format!("not a usable Redis URL: {e}"), &redact),
            )
        })?;
        let config = ConnectionManagerConfig::new()
            .set_number_of_retries(CONNECT_RETRIES)
            .set_connection_timeout(Some(CONNECT_TIMEOUT))
            .set_response_timeout(Some(RESPONSE_TIMEOUT));
        let conn = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(|e| map_error("connect", &endpoint, &redact, e))?;
        Ok(RedisBackend {
            conn,
            prefix: prefix.into(),
            endpoint: endpoint.into(),
            redact,
        })
    }

    /// The prefix every key gets.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    fn error(&self, op: &str, err: RedisError) -> Error {
        map_error(op, &self.endpoint, &self.redact, err)
    }
}

impl fmt::Debug for RedisBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisBackend")
            .field("endpoint", &self.endpoint)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// Rate-limit budgets in Redis: a [`RateLimitStore`] that many processes share.
///
/// Each `try_acquire` is one GCRA step in a Lua script (atomic, on the server's clock), so
/// N workers with the same prefix and key together get exactly the quota's budget. The
/// budget's state is one key holding its theoretical arrival time, expiring once the budget
/// is full again; `block_for` sets a second key the same script honours (blocks are whole
/// milliseconds, rounded up, at most a year, and never shortened by a later, shorter one).
///
/// ```no_run
/// # async fn demo() -> brandpilot::Result<()> {
/// use std::time::Duration;
/// use brandpilot::http::{Quota, RateLimitStore, RedisRateLimits, DEFAULT_KEY_PREFIX};
///
/// let limits = RedisRateLimits::connect("redis://127.0.0.1:6379/", DEFAULT_KEY_PREFIX).await?;
/// let quota = Quota::new(300, Duration::from_secs(15 * 60));
/// match limits.try_acquire("x/tweets.read/app", quota).await? {
///     None => { /* send the request */ }
///     Some(wait) => println!("budget spent, retry in {wait:?}"),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisRateLimits {
    backend: RedisBackend,
    gcra: Arc<Script>,
    block: Arc<Script>,
}

impl RedisRateLimits {
    /// Connects to `url` with its own connection; keys start with `prefix`. Errors as
    /// [`RedisBackend::connect`].
    pub async fn connect(url: &str, prefix: &str) -> Result<Self> {
        Ok(Self::new(RedisBackend::connect(url, prefix).await?))
    }

    /// Budgets on an existing backend (sharing its connection and prefix).
    pub fn new(backend: RedisBackend) -> Self {
        RedisRateLimits {
            backend,
            gcra: Arc::new(Script::new(GCRA_LUA)),
            block: Arc::new(Script::new(BLOCK_LUA)),
        }
    }

    /// The Redis key holding the budget `key`'s theoretical arrival time. The braces make
    /// it and its block key one hash slot.
    pub fn budget_key(&self, key: &str) -> String {
        format!("{}rl:{{{key}}}", self.backend.prefix)
    }

    fn block_key(&self, key: &str) -> String {
        format!("{}rl:{{{key}}}:block", self.backend.prefix)
    }
}

impl fmt::Debug for RedisRateLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisRateLimits")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl RateLimitStore for RedisRateLimits {
    async fn try_acquire(&self, key: &str, quota: Quota) -> Result<Option<Duration>> {
        if quota.burst == 0 {
            return Err(Error::invalid("quota.burst", "must be at least 1"));
        }
        let interval = quota.emission_interval();
        // Whole microseconds; a non-zero interval never rounds down to "unlimited".
        let interval_us = match u64::try_from(interval.as_micros()) {
            Ok(0) if !interval.is_zero() => 1,
            Ok(us) => us,
            Err(_) => return Err(Error::invalid("quota.period", "too long")),
        };
        let mut conn = self.backend.conn.clone();
        let (allowed, wait_ms): (i64, i64) = self
            .gcra
            .key(self.budget_key(key))
            .key(self.block_key(key))
            .arg(interval_us)
            .arg(quota.burst)
            .invoke_async(&mut conn)
            .await
            .map_err(|e| self.backend.error("rate-limit script", e))?;
        match (allowed, wait_ms) {
            (1, _) => Ok(None),
            (0, ms) if ms > 0 => Ok(Some(Duration::from_millis(ms.unsigned_abs()))),
            (a, ms) => Err(Error::internal(format!(
                "rate-limit script returned an unexpected reply ({a}, {ms})"
            ))),
        }
    }

    async fn block_for(&self, key: &str, wait: Duration) -> Result<()> {
        // Whole milliseconds, rounded up so the block never ends early.
        let ms = wait.min(MAX_EXPIRY).as_nanos().div_ceil(1_000_000);
        if ms == 0 {
            return Ok(());
        }
        let mut conn = self.backend.conn.clone();
        let _: i64 = self
            .block
            .key(self.block_key(key))
            .arg(ms as u64)
            .invoke_async(&mut conn)
            .await
            .map_err(|e| self.backend.error("block script", e))?;
        Ok(())
    }
}

/// The response cache in Redis: a [`ResponseCache`] that many processes share.
///
/// Entries are `SET` with a `PX` expiry, so Redis drops them on time; the value is a compact
/// binary encoding of [`CachedResponse`] (a version byte, the status, length-prefixed
/// headers, then the body as is). TTLs are whole milliseconds (a TTL under 1 ms removes the
/// entry) and at most a year.
#[derive(Clone)]
pub struct RedisCache {
    backend: RedisBackend,
}

impl RedisCache {
    /// Connects to `url` with its own connection; keys start with `prefix`. Errors as
    /// [`RedisBackend::connect`].
    pub async fn connect(url: &str, prefix: &str) -> Result<Self> {
        Ok(Self::new(RedisBackend::connect(url, prefix).await?))
    }

    /// A cache on an existing backend (sharing its connection and prefix).
    pub fn new(backend: RedisBackend) -> Self {
        RedisCache { backend }
    }

    /// The Redis key of the cache entry `key`.
    pub fn entry_key(&self, key: &str) -> String {
        format!("{}cache:{key}", self.backend.prefix)
    }
}

impl fmt::Debug for RedisCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisCache")
            .field("backend", &self.backend)
            .finish()
    }
}

#[async_trait]
impl ResponseCache for RedisCache {
    async fn get(&self, key: &str) -> Result<Option<CachedResponse>> {
        let mut conn = self.backend.conn.clone();
        let raw: Option<Vec<u8>> = redis::cmd("GET")
            .arg(self.entry_key(key))
            .query_async(&mut conn)
            .await
            .map_err(|e| self.backend.error("cache get", e))?;
        match raw {
            None => Ok(None),
            Some(bytes) => decode_entry(&bytes),
        }
    }

    async fn put(&self, key: &str, value: CachedResponse, ttl: Duration) -> Result<()> {
        let mut conn = self.backend.conn.clone();
        let ms = ttl.min(MAX_EXPIRY).as_millis() as u64;
        if ms == 0 {
            // Expires at once: whatever was cached under `key` is stale too.
            let _: i64 = redis::cmd("DEL")
                .arg(self.entry_key(key))
                .query_async(&mut conn)
                .await
                .map_err(|e| self.backend.error("cache delete", e))?;
            return Ok(());
        }
        let () = redis::cmd("SET")
            .arg(self.entry_key(key))
            .arg(encode_entry(&value)?)
            .arg("PX")
            .arg(ms)
            .query_async(&mut conn)
            .await
            .map_err(|e| self.backend.error("cache put", e))?;
        Ok(())
    }
}

/// The first byte of every stored entry.
const ENTRY_VERSION: u8 = 1;

/// `[version][status: u16 BE][header count: u32 BE]` then per header
/// `[name len: u32 BE][name][value len: u32 BE][value]`, then the body to the end.
fn encode_entry(value: &CachedResponse) -> Result<Vec<u8>> {
    let too_big = || Error::invalid("value", "cached response too large to encode");
    let header_bytes: usize = value
        .headers
        .iter()
        .map(|(n, v)| 8 + n.len() + v.len())
        .sum();
    let mut out = Vec::with_capacity(7 + header_bytes + value.body.len());
    out.push(ENTRY_VERSION);
    out.extend_from_slice(&value.status.to_be_bytes());
    let count = u32::try_from(value.headers.len()).map_err(|_| too_big())?;
    out.extend_from_slice(&count.to_be_bytes());
    for (name, val) in &value.headers {
        for part in [name, val] {
            let len = u32::try_from(part.len()).map_err(|_| too_big())?;
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(part.as_bytes());
        }
    }
    out.extend_from_slice(&value.body);
    Ok(out)
}

/// Reads an entry back. An entry of another format version (written by a newer or older
/// brandpilot sharing the server) is a miss; a damaged one is an `internal` error.
fn decode_entry(bytes: &[u8]) -> Result<Option<CachedResponse>> {
    let damaged = || Error::internal("damaged response-cache entry in Redis");
    let mut rest = bytes;
    let mut take = |n: usize| -> Result<&[u8]> {
        if rest.len() < n {
            return Err(damaged());
        }
        let (head, tail) = rest.split_at(n);
        rest = tail;
        Ok(head)
    };
    match take(1)?[0] {
        ENTRY_VERSION => {}
        _ => return Ok(None),
    }
    let status = u16::from_be_bytes(take(2)?.try_into().map_err(|_| damaged())?);
    let u32_at = |b: &[u8]| -> Result<usize> {
        let arr: [u8; 4] = b.try_into().map_err(|_| damaged())?;
        usize::try_from(u32::from_be_bytes(arr)).map_err(|_| damaged())
    };
    let count = u32_at(take(4)?)?;
    let mut headers = Vec::with_capacity(count.min(256));
    for _ in 0..count {
        let mut pair = [String::new(), String::new()];
        for slot in &mut pair {
            let len = u32_at(take(4)?)?;
            *slot = String::from_utf8(take(len)?.to_vec()).map_err(|_| damaged())?;
        }
        let [name, value] = pair;
        headers.push((name, value));
    }
    let body = rest.to_vec();
    Ok(Some(CachedResponse {
        status,
        headers,
        body,
    }))
}

/// Maps a Redis failure to a coded error without the URL's password: broken script replies
/// (a Lua runtime error, a reply of the wrong shape) are `internal`; everything else
/// (refused, reset, timed out, authentication, a server busy loading) is `network`.
fn map_error(op: &str, endpoint: &str, redact: &[Secret], err: RedisError) -> Error {
    let detail = scrub(&err.to_string(), redact);
    let script_bug = matches!(
        err.kind(),
        ErrorKind::UnexpectedReturnType | ErrorKind::Parse
    ) || detail.contains("user_script")
        || detail.contains("Error running script")
        || detail.contains("Error compiling script");
    if script_bug {
        Error::internal(format!("redis {op} ({endpoint}): {detail}"))
    } else {
        Error::Network {
            message: format!("redis {op} ({endpoint}): {detail}"),
        }
    }
}

/// `text` with every redacted value replaced by `***`.
fn scrub(text: &str, redact: &[Secret]) -> String {
    let mut out = text.to_owned();
    for secret in redact {
        if !secret.is_empty() {
            out = out.replace(secret.expose(), "***");
        }
    }
    out
}

/// Decodes `%XX` escapes (the form a password takes inside a URL); invalid escapes and
/// non-UTF-8 results are left as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push(((hex(h).unwrap_or(0) << 4) | hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> CachedResponse {
        CachedResponse {
            status: 203,
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("x-note".into(), "café ☕".into()),
                ("empty".into(), String::new()),
            ],
            body: vec![0, 159, 146, 150, b'{', b'}', 255],
        }
    }

    #[test]
    fn entries_round_trip_compactly() {
        let value = sample();
        let bytes = encode_entry(&value).unwrap();
        // 1 + 2 + 4 header bytes, 8 per header plus the text, then the body.
        let text: usize = value.headers.iter().map(|(n, v)| n.len() + v.len()).sum();
        assert_eq!(bytes.len(), 7 + 8 * 3 + text + value.body.len());
        assert_eq!(decode_entry(&bytes).unwrap(), Some(value));
        let empty = CachedResponse {
            status: 200,
            headers: vec![],
            body: vec![],
        };
        assert_eq!(
            decode_entry(&encode_entry(&empty).unwrap()).unwrap(),
            Some(empty)
        );
    }

    #[test]
    fn damaged_entries_are_internal_errors_and_other_versions_misses() {
        let bytes = encode_entry(&sample()).unwrap();
        for cut in [0, 1, 2, 6, 8, 12] {
            let err = decode_entry(&bytes[..cut]).unwrap_err();
            assert_eq!(err.code(), "internal", "cut at {cut}");
        }
        let mut other = bytes.clone();
        other[0] = 2;
        assert_eq!(decode_entry(&other).unwrap(), None);
        let mut bad_utf8 = bytes;
        bad_utf8[11] = 0xff; // first byte of the first header name
        assert_eq!(decode_entry(&bad_utf8).unwrap_err().code(), "internal");
    }

    #[test]
    fn passwords_are_scrubbed_in_both_forms() {
        assert_eq!(percent_decode("p%40ss%2Fw0rd"), "p@ss/w0rd");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        let redact = [Secret::new("p@ss/w0rd"), Secret::new("p%40ss%2Fw0rd")];
        assert_eq!(
            scrub("AUTH p@ss/w0rd failed for p%40ss%2Fw0rd", &redact),
            "AUTH *** failed for ***"
        );
    }
}

// client_options: everything a client can be told, with documented defaults.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace modelarts {

using namespace std::chrono_literals;

/// Connection pool per (scheme, host, port).
struct pool_options {
  /// Connections opened at most per origin. Requests beyond it wait in FIFO order.
  std::size_t max_connections = 16;
  /// An idle connection older than this is closed instead of reused. Shorter than
  /// the usual 60 s server/load-balancer idle timeout, so the pool rarely hands
  /// out a connection the server is closing.
  std::chrono::milliseconds idle_timeout = 30s;
  /// Time to resolve, connect and finish the TLS handshake.
  std::chrono::milliseconds connect_timeout = 10s;
};

/// When and how a failed attempt is tried again.
struct retry_options {
  /// Attempts in all, the first one included. 1 disables retries.
  unsigned max_attempts = 4;
  /// The retries of one call stop once this much time has passed since it started.
  std::chrono::milliseconds max_elapsed = 60s;
  /// Backoff before retry n (n ≥ 1) is uniform in [0, min(max_backoff,
  /// initial_backoff · 2^(n−1))] ("full jitter"), or `Retry-After` when the
  /// server sends one (capped at max_backoff).
  std::chrono::milliseconds initial_backoff = 100ms;
  std::chrono::milliseconds max_backoff = 20s;
  /// Client-wide retry budget (token bucket): each retry spends one token, each
  /// success gives back `budget_refill_per_success`. When empty, failures are
  /// returned at once instead of retried, so a brown-out does not become a
  /// retry storm.
  double budget_tokens = 100;
  double budget_refill_per_success = 0.1;
};

struct timeout_options {
  /// One attempt: connect (or wait for a pooled connection), send, receive.
  std::chrono::milliseconds attempt = 60s;
  /// A whole call, every retry and backoff included.
  std::chrono::milliseconds total = 5min;
};

struct tls_options {
  /// PEM file of CA certificates to trust instead of the system's.
  std::filesystem::path ca_file;
  /// Turns off peer and host-name verification. Never in production: anyone on
  /// the path can read and change every request, credentials included.
  bool insecure_skip_verify_i_understand_the_risk = false;
};

/// `HTTPS_PROXY` / `NO_PROXY` semantics: https:// requests go through an HTTP
/// CONNECT tunnel unless the host matches `no_proxy`.
struct proxy_options {
  std::string url;                    ///< `http://[user:pass@]host:port`, empty for none
  std::vector<std::string> no_proxy;  ///< host suffixes, `*` for all
};

struct endpoints {
  std::string modelarts; ///< `https://modelarts.{region}.myhuaweicloud.com`
  std::string iam;       ///< `https://iam.{region}.myhuaweicloud.com`
  std::string obs;       ///< `https://obs.{region}.myhuaweicloud.com`
};

/// How OBS requests are signed.
enum class obs_signature {
  obs, ///< `Authorization: OBS ak:sig` with `x-obs-` headers (OBS's own V2-style scheme)
  v2,  ///< `Authorization: AWS ak:sig` with `x-amz-` headers (S3 V2, which OBS also accepts)
  v4,  ///< AWS Signature V4 with `x-amz-` headers (OBS and S3-compatible servers)
};

/// Where the bucket goes in an OBS request.
enum class obs_addressing {
  /// `https://bucket.obs.{region}.myhuaweicloud.com/key`: the endpoint's host
  /// name prefixed with `bucket.`. Falls back to path style when the endpoint
  /// is an IP address, or for a bucket name with a dot over HTTPS (no
  /// certificate covers it). When `host_overrides` pins the endpoint's host
  /// (and not the bucket's), or the endpoint host is `localhost`, the
  /// connection goes to the endpoint and only the `Host` header names
  /// `bucket.<endpoint host>`.
  virtual_hosted,
  /// `https://obs.{region}.myhuaweicloud.com/bucket/key`.
  path,
};

struct obs_options {
  obs_signature signature = obs_signature::obs;
  obs_addressing addressing = obs_addressing::virtual_hosted;
  /// The region in V4 signatures; empty: `client_options::region`.
  std::string region_for_v4;
};

struct client_options {
  std::string region;
  std::string project_id;
  /// Empty fields default from the region; a full URL, `http://` allowed.
  endpoints endpoint;
  pool_options pool;
  retry_options retry;
  timeout_options timeout;
  tls_options tls;
  proxy_options proxy;
  /// OBS signature and addressing.
  obs_options obs;
  /// Host name → IP, consulted before DNS (like entries in /etc/hosts, for
  /// private sites). TLS still verifies the certificate against the host name.
  std::map<std::string, std::string> host_overrides;
  /// Response bodies larger than this fail with errc::body_too_large (unless
  /// streamed to a sink).
  std::size_t max_response_body = 64 * 1024 * 1024;
  /// Sent as User-Agent.
  std::string user_agent = "modelarts-cpp/0.1";

  /// The endpoint for a service, from `endpoint` (trailing '/' dropped) or the
  /// region default. Throws `system_error(invalid_configuration)` when neither
  /// is set.
  [[nodiscard]] std::string modelarts_endpoint() const;
  [[nodiscard]] std::string iam_endpoint() const;
  [[nodiscard]] std::string obs_endpoint() const;

  /// Fills what is empty from the environment: `MODELARTS_REGION`,
  /// `MODELARTS_PROJECT_ID` (else `HUAWEICLOUD_SDK_PROJECT_ID`),
  /// `MODELARTS_ENDPOINT`, `MODELARTS_IAM_ENDPOINT`, `MODELARTS_OBS_ENDPOINT`,
  /// `MODELARTS_CA_FILE`, `HTTPS_PROXY`/`https_proxy` (`http://` is assumed
  /// when it has no scheme), `NO_PROXY`/`no_proxy` (comma-separated),
  /// `MODELARTS_OBS_SIGNATURE` (`obs`, `v2`, `v4`) and
  /// `MODELARTS_OBS_ADDRESSING` (`virtual`, `path`), case-insensitive.
  /// Values already set in code are kept; an empty variable counts as unset.
  /// The two OBS enumerations are filled while they hold their defaults
  /// (`obs`, `virtual_hosted`); an unknown value throws
  /// `system_error(invalid_configuration)` naming the variable.
  /// docs/configuration.md lists every variable.
  client_options& apply_environment();
  static client_options from_environment() { return client_options{}.apply_environment(); }

  /// Throws `system_error(invalid_configuration)` naming the first unusable
  /// field: no region and no endpoint, an endpoint or proxy that is not an
  /// http(s) URL, a zero pool size or attempt count, a timeout ≤ 0, a negative
  /// backoff or budget, a `ca_file` that is not a file, a host override that
  /// is not an IP address, a `user_agent` with control characters, V4 OBS
  /// signatures without a region (`obs.region_for_v4` or `region`). A message
  /// never repeats the proxy URL (it may hold a password).
  void validate() const;
};

} // namespace modelarts

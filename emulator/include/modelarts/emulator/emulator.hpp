// A local fake of the cloud (IAM, ModelArts, OBS) for tests, examples and
// benchmarks. It runs on its own threads, so a test's io_context stays the
// client's alone. This header is light on purpose: tests include it.
//
// Served (HTTPS with a generated certificate, or plain HTTP):
//   POST /v3/auth/tokens                      IAM password tokens (201, X-Subject-Token)
//   GET  /v2/{project_id}/training-job-flavors[?flavor_type=CPU|GPU|Ascend]
//   GET  /v2/{project_id}/training-job-engines
//   POST|GET /v2/{project_id}/algorithms, GET|PUT|DELETE .../algorithms/{algorithm_id}
//   POST /v2/{project_id}/training-jobs, POST /v2/{project_id}/training-job-searches,
//   GET|PUT|DELETE /v2/{project_id}/training-jobs/{id}, POST .../{id}/actions (terminate),
//   GET .../{id}/tasks/{task_id}/logs/url, .../logs/preview, GET .../{id}/metrics/{task_id}
//                                             training jobs: Creating -> Pending -> Running ->
//                                             Completed, phase_duration each; outcome, phase
//                                             length, Unknown blip and log size set by the
//                                             job's EMULATOR_* environment variables
//   POST|GET /v1/{project_id}/models, GET|DELETE /v1/{project_id}/models/{model_id}
//                                             models: publishing -> published after phase_duration,
//                                             failed for a name starting with "emulator-fail"
//   POST /v2/{project_id}/agency, POST|GET|DELETE /v2/{project_id}/authorizations
//   POST|GET /v1/{project_id}/services, GET|PUT|DELETE …/services/{id},
//   PUT …/services/{id}/property, GET …/services/{id}/monitor|logs
//                                             services with a simulated deploy lifecycle
//   POST /v1/infers/{service_id}[/path]       toy inference of running services
//                                             (see emulator/README.md, "Services and inference")
//   OBS  buckets, objects, multipart uploads: path-style `/{bucket}/{key}`
//        or virtual-hosted `{bucket}.{obs_base_hosts}/{key}`; see
//        emulator/README.md for the operations, the on-disk layout and the
//        error codes.
// ModelArts routes take an `X-Auth-Token` issued here or an APIG
// `SDK-HMAC-SHA256` signature by one of options.keys. Error answers use the
// cloud's formats; the codes are listed in emulator/src/cloud_errors.hpp
// (401 APIG.0301 wrong credentials, 401 APIG.0307 expired or revoked token,
// 403 APIG.0201 clock skew, 404 APIG.0101 no such route, 404 ModelArts.0104
// another project). OBS routes take an OBS or AWS V2 signature, SigV4, or a
// presigned URL by one of options.keys and answer errors in OBS's XML.
// Every answer carries X-Request-Id, Date (the emulator's clock),
// Content-Type and Content-Length.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::emulator {

struct iam_user {
  std::string domain_name;  ///< the account
  std::string user_name;
  std::string password;
  std::string project_name = "emulator-region"; ///< the token's scope
};

struct key_pair {
  std::string access_key;
  std::string secret_key;
};

struct options {
  /// HTTPS with a certificate generated at start, or plain HTTP.
  bool tls = true;
  /// Names the generated certificate is valid for (SAN). Point a test at a
  /// name not listed here to see the client refuse the peer. OpenSSL (and
  /// curl) do not honour `*.localhost` (a wildcard needs two dots after
  /// it), so a TLS client naming `bucket.<base>` for a base in
  /// obs_base_hosts (or a base itself) gets a certificate issued for that
  /// exact name by the same CA.
  std::vector<std::string> certificate_names = {"localhost", "127.0.0.1", "*.localhost"};
  /// Where the CA certificate (`ca.pem`) and OBS data (`obs/`) are written.
  /// Empty: a fresh temporary folder, removed on destruction. OBS objects in
  /// a given folder survive a restart of the emulator.
  std::filesystem::path data_dir;
  std::string address = "127.0.0.1";
  std::uint16_t port = 0; ///< 0: an ephemeral port
  unsigned threads = 1;
  /// Threads that hash and write request bodies (OBS uploads), overlapped
  /// with reading the next piece from the network.
  unsigned worker_threads = 2;

  std::string region = "emulator-region";
  std::string project_id = "0123456789abcdef0123456789abcdef";
  std::vector<iam_user> users = {{"emulator-domain", "emulator-user", "emulator-password"}};
  std::vector<key_pair> keys = {{"EMULATORACCESSKEY000", "emulator-secret-key-0000000000000000000000"}};
  std::chrono::seconds token_lifetime = std::chrono::hours(24);
  /// Signed requests whose date is further than this from the emulator's
  /// clock get 403.
  std::chrono::seconds max_clock_skew = std::chrono::minutes(15);
  /// Seeds the generator that decides which requests a fault with rate < 1
  /// hits, so a test sees the same sequence on every run.
  std::uint64_t fault_seed = 1;

  /// Host names OBS requests are addressed to: a Host equal to one of them
  /// is path-style (`/{bucket}/{key}`), a Host `{bucket}.{base}` is
  /// virtual-hosted (`/{key}`). Empty: {"localhost", "127.0.0.1",
  /// "obs.<region>.myhuaweicloud.com"}.
  std::vector<std::string> obs_base_hosts{};
  /// CompleteMultipartUpload refuses (EntityTooSmall) a part other than the
  /// last one smaller than this. OBS's own minimum is 100 KiB.
  std::uint64_t obs_min_part_size = 100 * 1024;

  /// Simulated lifecycles (training jobs, models, services): how long each
  /// transitional phase lasts (Creating, Pending, Running, publishing,
  /// deploying...) unless a request asks for another length (see
  /// emulator/README.md). Tests use milliseconds.
  std::chrono::milliseconds phase_duration{std::chrono::seconds(2)};
};

/// A fault applied to requests whose method and path match a rule. Rules are
/// tried in the order they were added; the first one that matches, still has
/// count left and wins its `rate` draw is applied. Its effects combine:
/// `latency` first, then the drop, the status or the damaged answer.
/// `path_prefix` is matched against the path-style form of OBS requests
/// (`/bucket/key`), also when they are virtual-hosted.
struct fault {
  // The {} initialisers let `fault{.status = 503}` compile without
  // -Wmissing-field-initializers noise on g++ 12.
  std::string method{};      ///< empty: any
  std::string path_prefix{}; ///< empty: any path; else requests whose path starts with it
  double rate = 1.0;        ///< probability that a matching request is hit
  int count = -1;           ///< how many requests at most are hit; -1: no limit

  /// Answer with this status (the service's error body) instead. The
  /// request's body is read and discarded first (unless the client waits
  /// for `100 Continue`: then it is answered at once and the connection closed).
  unsigned status = 0;
  /// Service code in that body, e.g. "ModelArts.0001". Empty: "APIG.0308" for
  /// 429, "ModelArts.0001" otherwise. IAM paths (/v3/) get IAM's nested format;
  /// OBS requests get OBS's XML with, by default, `SlowDown` for 503 and 429,
  /// `InternalError` for other statuses.
  std::string error_code{};
  unsigned retry_after_seconds = 0; ///< add `Retry-After` to the error answer
  std::chrono::milliseconds latency{0}; ///< delay before answering
  /// Read the request (its body is discarded, the route never sees it),
  /// then close without a byte.
  bool drop_before_response = false;
  /// Send the headers and half the body, then reset the connection (RST):
  /// the client sees a reset, or a short body if it read before the reset.
  bool drop_mid_response = false;
  /// Announce the full Content-Length, send half the body, then close
  /// gracefully (FIN): the client sees end of stream inside the body.
  bool truncate_body = false;
  bool close_after_response = false; ///< answer normally with keep-alive, then close
                                     ///< the idle connection (a stale pooled socket)
  /// Reset the connection (RST) once this many body bytes have passed: a
  /// request with a longer body has that many bytes read (an upload dropped
  /// mid-way: nothing is stored), otherwise the answer is sent with that many
  /// body bytes (all of a shorter body) before the reset.
  std::optional<std::uint64_t> drop_after_body_bytes{};
};

struct stats {
  std::uint64_t connections_accepted = 0;
  std::uint64_t requests = 0;
  std::uint64_t token_issued = 0;
  std::uint64_t auth_failures = 0;
  /// Request body bytes read (a body cut by a fault counts what was read).
  std::uint64_t body_bytes_received = 0;
  /// Response body bytes written (a damaged answer counts what was sent).
  std::uint64_t body_bytes_sent = 0;
};

class server {
public:
  explicit server(options opts = {});
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  /// `https://localhost:PORT` (or `http://127.0.0.1:PORT`).
  [[nodiscard]] std::string endpoint() const;
  /// The PEM CA file that signed the server certificate (empty without TLS).
  [[nodiscard]] std::filesystem::path ca_file() const;
  [[nodiscard]] const options& settings() const;

  void add_fault(fault f);
  void clear_faults();
  /// Every token issued so far becomes invalid: requests carrying one get 401
  /// `APIG.0307` (the code that tells a client to fetch a new token).
  void revoke_tokens();
  /// Shifts the emulator's clock; signed requests are judged against it and
  /// the `Date` header reports it.
  void set_clock_offset(std::chrono::seconds offset);
  /// Requests seen so far whose method and path match (path by prefix; an
  /// empty method matches any). Counted before faults: a request a fault hit
  /// counts too. OBS requests count under their path-style form
  /// (`/bucket/key`), also when they were virtual-hosted.
  [[nodiscard]] std::uint64_t requests_matching(std::string_view method,
                                                std::string_view path_prefix) const;
  [[nodiscard]] stats statistics() const;
  /// Stops accepting and serving and closes every open connection (clients
  /// see end of stream). Idempotent; the destructor calls it.
  void stop();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace modelarts::emulator

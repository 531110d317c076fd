// Building OBS requests: where a bucket's requests go (virtual-hosted or path
// style), names checked, user metadata and object heads in headers.
#pragma once

#include "core/http_message.hpp"

#include <modelarts/config.hpp>
#include <modelarts/obs/obs_types.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace modelarts::obs {

/// Why `name` is not a valid OBS bucket name (3–63 characters of `a-z 0-9 . -`,
/// starting and ending with a letter or digit, no `..`, `.-` or `-.`, not an
/// IPv4 address), or "" when it is one.
std::string bucket_name_problem(std::string_view name);
/// Throws std::invalid_argument with bucket_name_problem().
void check_bucket_name(std::string_view name);
/// Throws std::invalid_argument for an empty key or one over 1,024 bytes.
void check_object_key(std::string_view key);

/// Where the requests for one bucket go.
struct bucket_address {
  http::origin to;          ///< the connection's origin (TLS name checked against to.host)
  std::string host_header;  ///< the Host header when it names another host than `to`, else ""
  std::string path_prefix;  ///< before "/key": "/bucket" in path style, else ""
  bool virtual_hosted = false;
};

/// Turns (method, bucket, key) into a request for the client's OBS endpoint.
///
/// Virtual-hosted addressing names the bucket in the host: `bucket.` + the
/// endpoint's host. Path style is used instead when the endpoint's host is an
/// IP address, or for a bucket name holding a dot over HTTPS (a wildcard
/// certificate does not cover it). The connection then goes to `bucket.host`
/// (DNS, SNI and certificate check for that name, as OBS serves buckets),
/// except when `host_overrides` pins the endpoint's host and not the bucket's
/// host, or the endpoint's host is `localhost`: the user said where the
/// endpoint is, so the connection goes there, TLS checks the endpoint's name,
/// and only the `Host` header says `bucket.host` (the signers take the bucket
/// from it).
class request_factory {
public:
  /// Throws system_error(errc::invalid_configuration) when the OBS endpoint
  /// is not set and cannot be derived, is not an http(s) URL, or has a path.
  explicit request_factory(const client_options& options);

  [[nodiscard]] bucket_address address(std::string_view bucket) const;

  /// A request to `bucket` (empty: the service, e.g. list buckets) and `key`
  /// (empty: the bucket itself). Checks the bucket name. Idempotent unless
  /// the method is POST. Sets `User-Agent`, `Host` when address() asks for
  /// one, and `req.bucket` for the V2 signers.
  [[nodiscard]] http::request make(std::string method, std::string_view bucket, std::string_view key = {}) const;

  /// `x-obs-` for OBS signatures, `x-amz-` for V2 and V4.
  [[nodiscard]] std::string_view header_prefix() const;
  [[nodiscard]] obs_signature signature() const { return signature_; }
  [[nodiscard]] const http::origin& endpoint() const { return endpoint_; }

private:
  http::origin endpoint_;
  obs_addressing addressing_;
  obs_signature signature_;
  std::map<std::string, std::string> host_overrides_;
  std::string user_agent_;
};

/// RFC 2047 for header values: text outside printable ASCII becomes
/// `=?UTF-8?B?<base64>?=` (what S3 documents for non-ASCII user metadata);
/// other text is sent as is.
std::string encode_metadata_value(std::string_view value);
/// The inverse: a `=?UTF-8?B?…?=` value is decoded (charset name in any
/// case), anything else, or an invalid base64 payload, is returned as is.
std::string decode_metadata_value(std::string_view value);

/// Adds `<prefix>meta-<name>: <encoded value>` for each entry. Throws
/// std::invalid_argument for a name that is empty or not an HTTP token.
void add_metadata_headers(http::header_list& headers, const metadata& meta, std::string_view header_prefix);
/// Every `x-obs-meta-*` and `x-amz-meta-*` header: names lower-cased without
/// the prefix, values decoded; repeated headers are joined with ','.
metadata metadata_from_headers(const http::header_list& headers);

/// What HEAD or GET answered about an object. The size is the whole
/// object's: from `Content-Range` (`bytes a-b/total`) for a ranged answer,
/// else `Content-Length`. Throws system_error(errc::malformed_response) for a
/// size that is not a number.
object_head head_from_headers(const http::header_list& headers);

/// `bytes=first-last` or `bytes=first-`. Throws std::invalid_argument when
/// last < first.
std::string range_header(const byte_range& range);

/// Lower-case hex MD5 and base64 MD5 (Content-MD5) of one pass over the data.
struct md5_digest {
  std::string hex;
  std::string base64;
};
md5_digest md5_of(std::string_view data);
/// Reads `length` bytes of `file` from `offset`. Throws system_error with the
/// OS error when the file cannot be read or is shorter.
md5_digest md5_of_file_range(const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length);

/// The ETag of an upload's answer, without quotes. With a non-empty
/// `expected_md5_hex`, throws system_error(errc::malformed_response) when the
/// answer has no ETag, and system_error(errc::checksum_mismatch) for an ETag
/// that is a plain MD5 (32 hex digits) other than the one expected. ETags of another form (multipart `…-N`) and the
/// answers of KMS-encrypted uploads are not MD5s of the body and pass.
std::string upload_etag(const http::header_list& headers, std::string_view expected_md5_hex, std::string_view what);

} // namespace modelarts::obs

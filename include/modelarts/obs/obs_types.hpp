// Values exchanged with OBS: buckets, objects, listings, multipart uploads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::obs {

/// `obs://bucket/key`, parsed. Also accepted wherever a path is taken:
/// `s3://bucket/key`, `/bucket/key`, `https://bucket.obs.{region}.{domain}/key`
/// (virtual-hosted) and `https://obs.{region}.{domain}/bucket/key` (path
/// style; S3 host names `bucket.s3…` and `s3…/bucket` likewise). Schemes are
/// case-insensitive. The key of an http(s) URL is percent-decoded; in the
/// other forms it is taken literally.
struct obs_path {
  std::string bucket;
  std::string key; ///< may be empty (the bucket itself) or end with '/' (a folder)

  /// Throws std::invalid_argument naming what is wrong (no bucket, a bucket
  /// name OBS does not allow, an unknown scheme, a relative path...).
  static obs_path parse(std::string_view url);
  [[nodiscard]] std::string str() const { return "obs://" + bucket + "/" + key; }
  [[nodiscard]] bool is_folder() const { return key.empty() || key.back() == '/'; }
  friend bool operator==(const obs_path&, const obs_path&) = default;
};

/// User metadata, names without the `x-obs-meta-` / `x-amz-meta-` prefix.
/// Names must be HTTP tokens and come back lower-cased. Values are UTF-8: a
/// value with bytes outside printable ASCII (or blank at either end) travels
/// RFC 2047-encoded (`=?UTF-8?B?…?=`, as S3 documents) and is decoded on read.
using metadata = std::map<std::string, std::string>;

struct bucket_summary {
  std::string name;
  std::string creation_date; ///< ISO 8601 as the service sent it
  std::string location;
};

struct object_summary {
  std::string key;
  std::uint64_t size = 0;
  std::string etag;          ///< without quotes
  std::string last_modified; ///< ISO 8601 as the service sent it
  std::string storage_class;
};

/// What HEAD (or GET) tells about an object.
struct object_head {
  std::uint64_t size = 0; ///< the whole object's size, also after a ranged GET
  std::string etag; ///< without quotes
  std::string content_type;
  std::string last_modified; ///< RFC 1123 as the service sent it
  metadata user_metadata;
};

// The option structs below (list_objects_request, put_options, get_options)
// have a constructor, so they are not aggregates, on purpose: g++ 12 destroys
// an aggregate temporary with non-trivial members twice when it is created
// inside a co_await expression, and `co_await c.get_object(b, k)` (a default
// argument) or `co_await c.put_object(b, k, body, {})` do just that. Set
// fields by name on a variable instead of designated initializers.

struct list_objects_request {
  list_objects_request() = default; // not an aggregate: see the note above
  std::string prefix;
  std::string delimiter;
  std::string marker;          ///< start after this key
  unsigned max_keys = 1000;    ///< per page, 1–1000
};

struct list_objects_page {
  std::vector<object_summary> objects;
  std::vector<std::string> common_prefixes; ///< "folders" when a delimiter was given
  bool truncated = false;
  std::string next_marker; ///< pass as `marker` for the next page
};

struct put_options {
  put_options() = default; // not an aggregate: see the note above list_objects_request
  std::string content_type;
  metadata user_metadata;
  /// Sends `Content-MD5` and lets the service check the body, and checks that
  /// a returned ETag that is an MD5 is the body's (a mismatch throws
  /// system_error(errc::checksum_mismatch)). Costs one MD5 pass over the data.
  /// Ignored by initiate_multipart_upload.
  bool verify_md5 = true;
};

/// A byte range of an object: [first, last], both included (HTTP semantics).
struct byte_range {
  std::uint64_t first = 0;
  std::optional<std::uint64_t> last; ///< none: to the end
};

struct get_options {
  get_options() = default; // not an aggregate: see the note above list_objects_request
  std::optional<byte_range> range;
  std::string if_match; ///< an ETag (without quotes); a changed object fails with 412
};

struct part_info {
  unsigned part_number = 0;
  std::string etag; ///< without quotes
  std::uint64_t size = 0;
};

struct multipart_upload_summary {
  std::string key;
  std::string upload_id;
  std::string initiated;
};

struct delete_result {
  std::vector<std::string> deleted;
  struct failure {
    std::string key;
    std::string code;
    std::string message;
  };
  std::vector<failure> failed;
};

} // namespace modelarts::obs

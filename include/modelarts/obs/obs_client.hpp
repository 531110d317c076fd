// OBS bucket and object operations. Every call is signed per attempt with the
// client's AK/SK (OBS, AWS V2 or V4 signature, see client_options::obs) and
// retried like any other call; object bodies stream from and to files.
//
// Failures: an error answer throws modelarts::api_error (OBS's Code, Message,
// RequestId, HostId); a client without AK/SK throws system_error
// (errc::credentials_missing); an answer that cannot be read throws
// system_error(errc::malformed_response); an upload whose returned ETag is
// an MD5 other than the data's throws system_error(errc::checksum_mismatch);
// HEAD answers carry no body, so a missing object or bucket is reported with
// the code OBS would have sent (`NoSuchKey` from head_object, `NoSuchBucket`
// from a bucket HEAD) in api_error::service_code(); an invalid argument (bucket name,
// empty key, part number...) throws std::invalid_argument before any request.
#pragma once

#include <modelarts/obs/obs_types.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts {

namespace detail {
class client_core;
}

/// Receives an object's bytes in order. Return false to stop the download
/// (the call then throws system_error(errc::sink_aborted)).
using object_sink = std::function<bool(std::string_view chunk)>;

class obs_client {
public:
  explicit obs_client(std::shared_ptr<detail::client_core> core) : core_(std::move(core)) {}

  // ---- buckets -------------------------------------------------------------
  /// `location` empty: the service's default region.
  boost::asio::awaitable<void> create_bucket(std::string bucket, std::string location = {}) const;
  boost::asio::awaitable<void> delete_bucket(std::string bucket) const;
  boost::asio::awaitable<std::vector<obs::bucket_summary>> list_buckets() const;
  /// False when the bucket does not exist (404); throws on any other error.
  boost::asio::awaitable<bool> bucket_exists(std::string bucket) const;
  /// The bucket's region (empty from S3-compatible servers for us-east-1).
  boost::asio::awaitable<std::string> bucket_location(std::string bucket) const;

  // ---- objects -------------------------------------------------------------
  /// Returns the ETag (without quotes).
  boost::asio::awaitable<std::string> put_object(std::string bucket, std::string key, std::string body,
                                                 obs::put_options options = {}) const;
  /// Uploads `length` bytes of `file` from `offset` without loading them.
  boost::asio::awaitable<std::string> put_object_from_file(std::string bucket, std::string key,
                                                           std::filesystem::path file, std::uint64_t offset,
                                                           std::uint64_t length, obs::put_options options = {}) const;
  /// The object (or range) in memory: at most client_options::max_response_body
  /// bytes (errc::body_too_large beyond); larger objects go to a sink.
  boost::asio::awaitable<std::string> get_object(std::string bucket, std::string key,
                                                 obs::get_options options = {}) const;
  /// Streams the object (or range) to `sink`; returns its head. A call whose
  /// sink has received bytes is not retried (the sink would see them twice).
  boost::asio::awaitable<obs::object_head> get_object_to_sink(std::string bucket, std::string key, object_sink sink,
                                                              obs::get_options options = {}) const;
  /// A missing object throws api_error 404 with service_code() `NoSuchKey`
  /// (also when the bucket is missing: a HEAD cannot tell them apart).
  boost::asio::awaitable<obs::object_head> head_object(std::string bucket, std::string key) const;
  boost::asio::awaitable<void> delete_object(std::string bucket, std::string key) const;
  /// Up to 1,000 keys per request; more are sent in several requests. Keys
  /// that did not exist count as deleted (as with delete_object).
  boost::asio::awaitable<obs::delete_result> delete_objects(std::string bucket, std::vector<std::string> keys) const;
  /// Server-side copy (user metadata is copied too); returns the new ETag.
  boost::asio::awaitable<std::string> copy_object(std::string source_bucket, std::string source_key,
                                                  std::string bucket, std::string key) const;
  /// One page. Throws std::invalid_argument unless 1 ≤ max_keys ≤ 1000.
  /// Asks for `encoding-type=url` and decodes keys, prefixes and markers, so
  /// keys holding control characters or other bytes XML cannot carry
  /// round-trip exactly (so does list_all_objects).
  boost::asio::awaitable<obs::list_objects_page> list_objects(std::string bucket,
                                                              obs::list_objects_request request = {}) const;
  /// Every page, following markers.
  boost::asio::awaitable<std::vector<obs::object_summary>> list_all_objects(std::string bucket,
                                                                            std::string prefix = {}) const;

  // ---- multipart -----------------------------------------------------------
  boost::asio::awaitable<std::string> initiate_multipart_upload(std::string bucket, std::string key,
                                                                obs::put_options options = {}) const;
  /// Streams the part from a file range; sends Content-MD5 and checks the ETag
  /// when `verify_md5`. Returns the part's ETag.
  boost::asio::awaitable<std::string> upload_part(std::string bucket, std::string key, std::string upload_id,
                                                  unsigned part_number, std::filesystem::path file,
                                                  std::uint64_t offset, std::uint64_t length,
                                                  bool verify_md5 = true) const;
  /// The part from memory: sends Content-MD5 and checks the ETag when
  /// `verify_md5`. Returns the part's ETag.
  boost::asio::awaitable<std::string> upload_part(std::string bucket, std::string key, std::string upload_id,
                                                  unsigned part_number, std::string body,
                                                  bool verify_md5 = true) const;
  /// UploadPartCopy: the part's bytes are `range` of the object
  /// `source_bucket/source_key` (the whole object when empty; a range needs
  /// its last byte), copied by the service. With `source_etag`, the copy
  /// fails with 412 (api_error) when the source is no longer that version.
  /// Returns the part's ETag. Parts of up to 5 GB; this is how objects above
  /// the single-copy limit are copied (see obs_transfer::copy).
  boost::asio::awaitable<std::string> upload_part_copy(std::string bucket, std::string key, std::string upload_id,
                                                       unsigned part_number, std::string source_bucket,
                                                       std::string source_key,
                                                       std::optional<obs::byte_range> range = std::nullopt,
                                                       std::string source_etag = {}) const;
  /// Every part the service holds for the upload (all pages).
  boost::asio::awaitable<std::vector<obs::part_info>> list_parts(std::string bucket, std::string key,
                                                                 std::string upload_id) const;
  /// Returns the object's ETag.
  boost::asio::awaitable<std::string> complete_multipart_upload(std::string bucket, std::string key,
                                                                std::string upload_id,
                                                                std::vector<obs::part_info> parts) const;
  boost::asio::awaitable<void> abort_multipart_upload(std::string bucket, std::string key,
                                                      std::string upload_id) const;
  boost::asio::awaitable<std::vector<obs::multipart_upload_summary>>
  list_multipart_uploads(std::string bucket, std::string prefix = {}) const;

  /// A URL anyone can use with `method` until `expires_in` has passed:
  /// query-string V2 (`AccessKeyId` in the OBS dialect, `AWSAccessKeyId` in
  /// V2) or SigV4 (`X-Amz-*`, at most 7 days) following client_options::obs.
  /// `key` may be empty (the bucket). Virtual-hosted URLs name
  /// `bucket.<endpoint host>` even where requests of this client connect to a
  /// pinned endpoint (see obs_addressing).
  [[nodiscard]] std::string presigned_url(std::string_view method, std::string_view bucket, std::string_view key,
                                          std::chrono::seconds expires_in) const;

private:
  std::shared_ptr<detail::client_core> core_;
};

} // namespace modelarts

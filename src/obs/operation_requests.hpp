// The request of each OBS operation, built without sending it: obs_client
// executes these, unit tests inspect them. Every function checks its
// arguments and throws std::invalid_argument before building anything.
#pragma once

#include "core/http_message.hpp"
#include "obs/obs_request.hpp"

#include <modelarts/obs/obs_types.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::obs::requests {

// OBS/S3 limits: a page holds at most 1,000 entries, a batch delete 1,000 keys,
// an upload at most 10,000 parts.
inline constexpr unsigned max_page = 1000;
inline constexpr std::size_t max_delete_batch = 1000;
inline constexpr unsigned max_part_number = 10000;

/// A request and the MD5 (lower-case hex) its answer's ETag should match;
/// empty when not checked.
struct upload_request {
  http::request request;
  std::string expected_md5_hex;
};

// ---- buckets --------------------------------------------------------------------
/// PUT on the bucket; with a location, a CreateBucketConfiguration body.
http::request create_bucket(const request_factory& f, std::string_view bucket, std::string_view location);
http::request delete_bucket(const request_factory& f, std::string_view bucket);
http::request list_buckets(const request_factory& f);
http::request head_bucket(const request_factory& f, std::string_view bucket);
/// GET `?location`.
http::request bucket_location(const request_factory& f, std::string_view bucket);

// ---- objects --------------------------------------------------------------------
/// PUT with Content-Type, user metadata and (verify_md5) Content-MD5.
upload_request put_object(const request_factory& f, std::string_view bucket, std::string_view key, std::string body,
                          const put_options& options);
/// The same with the body streamed from a file range at send time. The MD5
/// is one read of the range before sending (the transfer engine will overlap
/// that pass with other parts' I/O). Throws std::invalid_argument when the
/// range goes past the end of the file, std::filesystem::filesystem_error
/// when the file cannot be inspected.
upload_request put_object_from_file(const request_factory& f, std::string_view bucket, std::string_view key,
                                    const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length,
                                    const put_options& options);
/// GET with `Range` and `If-Match` (quoted) when given.
http::request get_object(const request_factory& f, std::string_view bucket, std::string_view key,
                         const get_options& options);
http::request head_object(const request_factory& f, std::string_view bucket, std::string_view key);
http::request delete_object(const request_factory& f, std::string_view bucket, std::string_view key);
/// POST `?delete` with a Delete body and its Content-MD5, at most
/// max_delete_batch keys; idempotent (deleting twice deletes the same keys).
http::request delete_objects(const request_factory& f, std::string_view bucket, const std::vector<std::string>& keys);
/// PUT on the target with `x-obs-copy-source` / `x-amz-copy-source:
/// /source_bucket/<encoded key>`.
http::request copy_object(const request_factory& f, std::string_view source_bucket, std::string_view source_key,
                          std::string_view bucket, std::string_view key);
/// GET on the bucket with prefix, delimiter, marker (when not empty),
/// max-keys and `encoding-type=url`: keys come back percent-encoded, so a key
/// holding bytes XML 1.0 cannot carry (control characters) still round-trips.
http::request list_objects(const request_factory& f, std::string_view bucket, const list_objects_request& request);

// ---- multipart ------------------------------------------------------------------
/// POST `?uploads` with Content-Type and user metadata; not idempotent.
http::request initiate_multipart_upload(const request_factory& f, std::string_view bucket, std::string_view key,
                                        const put_options& options);
/// PUT `?partNumber=N&uploadId=ID`, body from the file range.
upload_request upload_part(const request_factory& f, std::string_view bucket, std::string_view key,
                           std::string_view upload_id, unsigned part_number, const std::filesystem::path& file,
                           std::uint64_t offset, std::uint64_t length, bool verify_md5);
/// The same with the body from memory.
upload_request upload_part(const request_factory& f, std::string_view bucket, std::string_view key,
                           std::string_view upload_id, unsigned part_number, std::string body, bool verify_md5);
/// UploadPartCopy: PUT `?partNumber=N&uploadId=ID` with `x-obs-copy-source` /
/// `x-amz-copy-source: /source_bucket/<encoded key>`, the range as
/// `…copy-source-range: bytes=a-b` (both ends needed: the service refuses an
/// open range) and `…copy-source-if-match` when `source_etag` is given.
http::request upload_part_copy(const request_factory& f, std::string_view bucket, std::string_view key,
                               std::string_view upload_id, unsigned part_number, std::string_view source_bucket,
                               std::string_view source_key, const std::optional<byte_range>& range,
                               std::string_view source_etag);
/// GET `?uploadId=ID&max-parts=1000[&part-number-marker=M]`.
http::request list_parts(const request_factory& f, std::string_view bucket, std::string_view key,
                         std::string_view upload_id, unsigned part_number_marker);
/// POST `?uploadId=ID` with the parts sorted by number; not idempotent.
http::request complete_multipart_upload(const request_factory& f, std::string_view bucket, std::string_view key,
                                        std::string_view upload_id, std::vector<part_info> parts);
/// DELETE `?uploadId=ID`.
http::request abort_multipart_upload(const request_factory& f, std::string_view bucket, std::string_view key,
                                     std::string_view upload_id);
/// GET `?uploads&max-uploads=1000&encoding-type=url` with prefix and markers when not empty.
http::request list_multipart_uploads(const request_factory& f, std::string_view bucket, std::string_view prefix,
                                     std::string_view key_marker, std::string_view upload_id_marker);

} // namespace modelarts::obs::requests

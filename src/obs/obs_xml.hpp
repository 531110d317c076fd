// OBS/S3 XML answers read into obs types, and the XML request bodies.
// Every reader throws system_error(errc::malformed_response) for a body that
// is not XML, has another root element, or holds a value of the wrong form
// (a size that is not a number, IsTruncated that is not a boolean...).
#pragma once

#include <modelarts/obs/obs_types.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace modelarts::obs {

/// `"abc"` → `abc`; anything else unchanged.
std::string strip_etag_quotes(std::string_view etag);

/// True when the body is an `<Error>` document: S3 and OBS may answer a copy
/// or a CompleteMultipartUpload with 200 and an error body.
bool is_error_document(std::string_view body);

/// ListAllMyBucketsResult.
std::vector<bucket_summary> parse_list_buckets(std::string_view body);

/// ListBucketResult. Keys, prefixes and markers are URL-decoded when the
/// answer says `<EncodingType>url</EncodingType>`. When the page is truncated
/// without a NextMarker (S3 sends one only with a delimiter), next_marker is
/// the last key or common prefix of the page.
list_objects_page parse_list_objects(std::string_view body);

/// InitiateMultipartUploadResult → the upload id (never empty).
std::string parse_initiate_multipart_upload(std::string_view body);

struct list_parts_page {
  std::vector<part_info> parts;
  bool truncated = false;
  unsigned next_part_number_marker = 0;
};
/// ListPartsResult.
list_parts_page parse_list_parts(std::string_view body);

/// CompleteMultipartUploadResult → the object's ETag, without quotes.
std::string parse_complete_multipart_upload(std::string_view body);

struct list_uploads_page {
  std::vector<multipart_upload_summary> uploads;
  bool truncated = false;
  std::string next_key_marker;
  std::string next_upload_id_marker;
};
/// ListMultipartUploadsResult (keys URL-decoded under `EncodingType` url).
list_uploads_page parse_list_multipart_uploads(std::string_view body);

/// DeleteResult.
delete_result parse_delete_result(std::string_view body);

/// CopyObjectResult → the new ETag, without quotes.
std::string parse_copy_object_result(std::string_view body);

/// CopyPartResult (UploadPartCopy) → the part's ETag, without quotes.
std::string parse_copy_part_result(std::string_view body);

/// The bucket's region: S3 `<LocationConstraint>` (empty for us-east-1) or
/// OBS `<Location>`.
std::string parse_bucket_location(std::string_view body);

// ---- request bodies --------------------------------------------------------

/// CreateBucketConfiguration with `<Location>` (OBS) or `<LocationConstraint>`
/// (S3 dialects).
std::string create_bucket_body(std::string_view location, bool obs_dialect);

/// CompleteMultipartUpload; parts in the order given, ETags quoted.
std::string complete_multipart_upload_body(const std::vector<part_info>& parts);

/// Delete (not quiet, so the answer lists every key deleted). Throws
/// std::invalid_argument for a key XML cannot carry.
std::string delete_objects_body(const std::vector<std::string>& keys);

} // namespace modelarts::obs

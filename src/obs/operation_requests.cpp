#include "obs/operation_requests.hpp"

#include "core/uri_encoding.hpp"
#include "obs/obs_xml.hpp"

#include <algorithm>
#include <stdexcept>

namespace modelarts::obs::requests {
namespace {

void add_put_headers(http::request& req, const put_options& options, const request_factory& f) {
  if (!options.content_type.empty()) req.headers.set("Content-Type", options.content_type);
  add_metadata_headers(req.headers, options.user_metadata, f.header_prefix());
}

void set_xml_body(http::request& req, std::string body) {
  req.body = std::move(body);
  req.headers.set("Content-Type", "application/xml");
}

void check_upload_id(std::string_view upload_id) {
  if (upload_id.empty()) throw std::invalid_argument("upload id is empty");
}

void check_file_range(const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length) {
  const auto size = std::filesystem::file_size(file);
  if (offset > size || length > size - offset)
    throw std::invalid_argument("file range of " + std::to_string(length) + " bytes from " + std::to_string(offset) +
                                " is beyond the end of " + file.string() + " (" + std::to_string(size) + " bytes)");
}

/// Streams the range at send time; returns the MD5's hex when asked for.
std::string attach_file_body(http::request& req, const std::filesystem::path& file, std::uint64_t offset,
                             std::uint64_t length, bool verify_md5) {
  check_file_range(file, offset, length);
  req.body_pieces = {http::body_piece{{}, http::file_body{file, offset, length}}};
  if (!verify_md5) return {};
  auto md5 = md5_of_file_range(file, offset, length);
  req.headers.set("Content-MD5", md5.base64);
  return std::move(md5.hex);
}

http::request object_request(const request_factory& f, std::string method, std::string_view bucket,
                             std::string_view key) {
  check_object_key(key);
  return f.make(std::move(method), bucket, key);
}

/// PUT `?partNumber=N&uploadId=ID` on the object, arguments checked.
http::request part_request(const request_factory& f, std::string_view bucket, std::string_view key,
                           std::string_view upload_id, unsigned part_number) {
  check_upload_id(upload_id);
  if (part_number < 1 || part_number > max_part_number)
    throw std::invalid_argument("part number must be 1 to 10000, not " + std::to_string(part_number));
  auto req = object_request(f, "PUT", bucket, key);
  req.query.push_back({"partNumber", std::to_string(part_number)});
  req.query.push_back({"uploadId", std::string(upload_id)});
  return req;
}

/// `/bucket/<key percent-encoded, slashes kept>`, as copy-source headers take it.
std::string copy_source(std::string_view source_bucket, std::string_view source_key) {
  check_bucket_name(source_bucket);
  check_object_key(source_key);
  return "/" + std::string(source_bucket) + "/" + http::uri_encode(source_key, /*keep_slash=*/true);
}

} // namespace

// ---- buckets --------------------------------------------------------------------

http::request create_bucket(const request_factory& f, std::string_view bucket, std::string_view location) {
  auto req = f.make("PUT", bucket);
  if (!location.empty()) set_xml_body(req, create_bucket_body(location, f.signature() == obs_signature::obs));
  return req;
}

http::request delete_bucket(const request_factory& f, std::string_view bucket) { return f.make("DELETE", bucket); }

http::request list_buckets(const request_factory& f) { return f.make("GET", {}); }

http::request head_bucket(const request_factory& f, std::string_view bucket) { return f.make("HEAD", bucket); }

http::request bucket_location(const request_factory& f, std::string_view bucket) {
  auto req = f.make("GET", bucket);
  req.query.push_back({"location", ""});
  return req;
}

// ---- objects --------------------------------------------------------------------

upload_request put_object(const request_factory& f, std::string_view bucket, std::string_view key, std::string body,
                          const put_options& options) {
  upload_request out{object_request(f, "PUT", bucket, key), {}};
  add_put_headers(out.request, options, f);
  if (options.verify_md5) {
    auto md5 = md5_of(body);
    out.request.headers.set("Content-MD5", md5.base64);
    out.expected_md5_hex = std::move(md5.hex);
  }
  out.request.body = std::move(body);
  return out;
}

upload_request put_object_from_file(const request_factory& f, std::string_view bucket, std::string_view key,
                                    const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length,
                                    const put_options& options) {
  upload_request out{object_request(f, "PUT", bucket, key), {}};
  add_put_headers(out.request, options, f);
  out.expected_md5_hex = attach_file_body(out.request, file, offset, length, options.verify_md5);
  return out;
}

http::request get_object(const request_factory& f, std::string_view bucket, std::string_view key,
                         const get_options& options) {
  auto req = object_request(f, "GET", bucket, key);
  if (options.range) req.headers.set("Range", range_header(*options.range));
  if (!options.if_match.empty()) req.headers.set("If-Match", "\"" + strip_etag_quotes(options.if_match) + "\"");
  return req;
}

http::request head_object(const request_factory& f, std::string_view bucket, std::string_view key) {
  return object_request(f, "HEAD", bucket, key);
}

http::request delete_object(const request_factory& f, std::string_view bucket, std::string_view key) {
  return object_request(f, "DELETE", bucket, key);
}

http::request delete_objects(const request_factory& f, std::string_view bucket, const std::vector<std::string>& keys) {
  if (keys.empty() || keys.size() > max_delete_batch)
    throw std::invalid_argument("a batch delete takes 1 to 1000 keys");
  for (const auto& k : keys) check_object_key(k);
  auto req = f.make("POST", bucket);
  req.query.push_back({"delete", ""});
  set_xml_body(req, delete_objects_body(keys));
  req.headers.set("Content-MD5", md5_of(req.body).base64); // the service requires it for this call
  req.idempotent = true;
  return req;
}

http::request copy_object(const request_factory& f, std::string_view source_bucket, std::string_view source_key,
                          std::string_view bucket, std::string_view key) {
  auto source = copy_source(source_bucket, source_key);
  auto req = object_request(f, "PUT", bucket, key);
  req.headers.set(std::string(f.header_prefix()) + "copy-source", source);
  return req;
}

http::request list_objects(const request_factory& f, std::string_view bucket, const list_objects_request& request) {
  if (request.max_keys == 0 || request.max_keys > max_page)
    throw std::invalid_argument("list_objects: max_keys must be 1 to 1000");
  auto req = f.make("GET", bucket);
  if (!request.prefix.empty()) req.query.push_back({"prefix", request.prefix});
  if (!request.delimiter.empty()) req.query.push_back({"delimiter", request.delimiter});
  if (!request.marker.empty()) req.query.push_back({"marker", request.marker});
  req.query.push_back({"max-keys", std::to_string(request.max_keys)});
  req.query.push_back({"encoding-type", "url"});
  return req;
}

// ---- multipart ------------------------------------------------------------------

http::request initiate_multipart_upload(const request_factory& f, std::string_view bucket, std::string_view key,
                                        const put_options& options) {
  auto req = object_request(f, "POST", bucket, key); // a second POST would start a second upload
  req.query.push_back({"uploads", ""});
  add_put_headers(req, options, f);
  return req;
}

upload_request upload_part(const request_factory& f, std::string_view bucket, std::string_view key,
                           std::string_view upload_id, unsigned part_number, const std::filesystem::path& file,
                           std::uint64_t offset, std::uint64_t length, bool verify_md5) {
  upload_request out{part_request(f, bucket, key, upload_id, part_number), {}};
  out.expected_md5_hex = attach_file_body(out.request, file, offset, length, verify_md5);
  return out;
}

upload_request upload_part(const request_factory& f, std::string_view bucket, std::string_view key,
                           std::string_view upload_id, unsigned part_number, std::string body, bool verify_md5) {
  upload_request out{part_request(f, bucket, key, upload_id, part_number), {}};
  if (verify_md5) {
    auto md5 = md5_of(body);
    out.request.headers.set("Content-MD5", md5.base64);
    out.expected_md5_hex = std::move(md5.hex);
  }
  out.request.body = std::move(body);
  return out;
}

http::request upload_part_copy(const request_factory& f, std::string_view bucket, std::string_view key,
                               std::string_view upload_id, unsigned part_number, std::string_view source_bucket,
                               std::string_view source_key, const std::optional<byte_range>& range,
                               std::string_view source_etag) {
  auto source = copy_source(source_bucket, source_key);
  if (range && !range->last)
    throw std::invalid_argument("upload_part_copy: the source range needs its last byte");
  auto req = part_request(f, bucket, key, upload_id, part_number);
  const std::string prefix(f.header_prefix());
  req.headers.set(prefix + "copy-source", source);
  if (range) req.headers.set(prefix + "copy-source-range", range_header(*range));
  if (!source_etag.empty())
    req.headers.set(prefix + "copy-source-if-match", "\"" + strip_etag_quotes(source_etag) + "\"");
  return req;
}

http::request list_parts(const request_factory& f, std::string_view bucket, std::string_view key,
                         std::string_view upload_id, unsigned part_number_marker) {
  check_upload_id(upload_id);
  auto req = object_request(f, "GET", bucket, key);
  req.query.push_back({"uploadId", std::string(upload_id)});
  req.query.push_back({"max-parts", std::to_string(max_page)});
  if (part_number_marker != 0) req.query.push_back({"part-number-marker", std::to_string(part_number_marker)});
  return req;
}

http::request complete_multipart_upload(const request_factory& f, std::string_view bucket, std::string_view key,
                                        std::string_view upload_id, std::vector<part_info> parts) {
  check_upload_id(upload_id);
  if (parts.empty()) throw std::invalid_argument("complete_multipart_upload: no parts");
  std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.part_number < b.part_number; });
  auto req = object_request(f, "POST", bucket, key);
  req.query.push_back({"uploadId", std::string(upload_id)});
  set_xml_body(req, complete_multipart_upload_body(parts));
  return req;
}

http::request abort_multipart_upload(const request_factory& f, std::string_view bucket, std::string_view key,
                                     std::string_view upload_id) {
  check_upload_id(upload_id);
  auto req = object_request(f, "DELETE", bucket, key);
  req.query.push_back({"uploadId", std::string(upload_id)});
  return req;
}

http::request list_multipart_uploads(const request_factory& f, std::string_view bucket, std::string_view prefix,
                                     std::string_view key_marker, std::string_view upload_id_marker) {
  auto req = f.make("GET", bucket);
  req.query.push_back({"uploads", ""});
  req.query.push_back({"max-uploads", std::to_string(max_page)});
  req.query.push_back({"encoding-type", "url"});
  if (!prefix.empty()) req.query.push_back({"prefix", std::string(prefix)});
  if (!key_marker.empty()) req.query.push_back({"key-marker", std::string(key_marker)});
  if (!upload_id_marker.empty()) req.query.push_back({"upload-id-marker", std::string(upload_id_marker)});
  return req;
}

} // namespace modelarts::obs::requests

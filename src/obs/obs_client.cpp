// obs_client: each call builds its request (obs_request), executes it with
// the client's OBS signer and reads the answer (obs_xml).
#include "modelarts/obs/obs_client.hpp"

#include "client/client_core.hpp"
#include "core/error_parsing.hpp"
#include "core/uri_encoding.hpp"
#include "modelarts/error.hpp"
#include "obs/obs_request.hpp"
#include "obs/obs_signing.hpp"
#include "obs/obs_xml.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace modelarts {
namespace {

namespace asio = boost::asio;
using core_ptr = std::shared_ptr<detail::client_core>;
using obs::request_factory;

// OBS/S3 limits: a page holds at most 1,000 entries, a batch delete 1,000 keys,
// an upload at most 10,000 parts.
constexpr unsigned max_page = 1000;
constexpr std::size_t max_delete_batch = 1000;
constexpr unsigned max_part_number = 10000;

[[noreturn]] void malformed(const std::string& what) {
  throw boost::system::system_error(make_error_code(errc::malformed_response), what);
}

/// An answer with status 200 whose body is an `<Error>` (copy, complete) is a failure.
void throw_if_error_document(const http::response& res) {
  if (obs::is_error_document(res.body)) throw parse_api_error(res.status, res.headers, res.body);
}

void add_put_headers(http::request& req, const obs::put_options& options, const request_factory& f) {
  if (!options.content_type.empty()) req.headers.set("Content-Type", options.content_type);
  obs::add_metadata_headers(req.headers, options.user_metadata, f.header_prefix());
}

void add_get_headers(http::request& req, const obs::get_options& options) {
  if (options.range) req.headers.set("Range", obs::range_header(*options.range));
  if (!options.if_match.empty()) req.headers.set("If-Match", "\"" + obs::strip_etag_quotes(options.if_match) + "\"");
}

void set_xml_body(http::request& req, std::string body) {
  req.body = std::move(body);
  req.headers.set("Content-Type", "application/xml");
}

// Free coroutines own a reference to the client state: the obs_client that
// started them may be a temporary gone before they run.

// ---- buckets -----------------------------------------------------------------------

asio::awaitable<void> create_bucket_op(core_ptr core, std::string bucket, std::string location) {
  const request_factory f(core->options());
  auto req = f.make("PUT", bucket);
  if (!location.empty()) set_xml_body(req, obs::create_bucket_body(location, f.signature() == obs_signature::obs));
  co_await core->execute_obs(std::move(req));
}

asio::awaitable<void> delete_bucket_op(core_ptr core, std::string bucket) {
  co_await core->execute_obs(request_factory(core->options()).make("DELETE", bucket));
}

asio::awaitable<std::vector<obs::bucket_summary>> list_buckets_op(core_ptr core) {
  const auto res = co_await core->execute_obs(request_factory(core->options()).make("GET", {}));
  co_return obs::parse_list_buckets(res.body);
}

asio::awaitable<bool> bucket_exists_op(core_ptr core, std::string bucket) {
  try {
    co_await core->execute_obs(request_factory(core->options()).make("HEAD", bucket));
  } catch (const api_error& e) {
    if (e.http_status() == 404) co_return false;
    throw;
  }
  co_return true;
}

asio::awaitable<std::string> bucket_location_op(core_ptr core, std::string bucket) {
  auto req = request_factory(core->options()).make("GET", bucket);
  req.query.push_back({"location", ""});
  const auto res = co_await core->execute_obs(std::move(req));
  co_return obs::parse_bucket_location(res.body);
}

// ---- objects -----------------------------------------------------------------------

asio::awaitable<std::string> put_object_op(core_ptr core, std::string bucket, std::string key, std::string body,
                                           obs::put_options options) {
  obs::check_object_key(key);
  const request_factory f(core->options());
  auto req = f.make("PUT", bucket, key);
  add_put_headers(req, options, f);
  std::string expected_md5;
  if (options.verify_md5) {
    auto md5 = obs::md5_of(body);
    req.headers.set("Content-MD5", md5.base64);
    expected_md5 = std::move(md5.hex);
  }
  req.body = std::move(body);
  const auto res = co_await core->execute_obs(std::move(req));
  co_return obs::upload_etag(res.headers, expected_md5, "put object");
}

void check_file_range(const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length) {
  const auto size = std::filesystem::file_size(file); // throws filesystem_error naming the file
  if (offset > size || length > size - offset)
    throw std::invalid_argument("file range [" + std::to_string(offset) + ", +" + std::to_string(length) +
                                ") is beyond the end of " + file.string() + " (" + std::to_string(size) +
                                " bytes)");
}

/// The upload body and, when asked, its MD5. The transport reads the file
/// itself at send time, so the MD5 costs one pass over the range before the
/// request (the transfer engine will overlap that pass with other parts' I/O).
std::string attach_file_body(http::request& req, const std::filesystem::path& file, std::uint64_t offset,
                             std::uint64_t length, bool verify_md5) {
  check_file_range(file, offset, length);
  req.body_file = http::file_body{file, offset, length};
  if (!verify_md5) return {};
  auto md5 = obs::md5_of_file_range(file, offset, length);
  req.headers.set("Content-MD5", md5.base64);
  return std::move(md5.hex);
}

asio::awaitable<std::string> put_object_from_file_op(core_ptr core, std::string bucket, std::string key,
                                                     std::filesystem::path file, std::uint64_t offset,
                                                     std::uint64_t length, obs::put_options options) {
  obs::check_object_key(key);
  const request_factory f(core->options());
  auto req = f.make("PUT", bucket, key);
  add_put_headers(req, options, f);
  const auto expected_md5 = attach_file_body(req, file, offset, length, options.verify_md5);
  const auto res = co_await core->execute_obs(std::move(req));
  co_return obs::upload_etag(res.headers, expected_md5, "put object");
}

asio::awaitable<std::string> get_object_op(core_ptr core, std::string bucket, std::string key,
                                           obs::get_options options) {
  obs::check_object_key(key);
  auto req = request_factory(core->options()).make("GET", bucket, key);
  add_get_headers(req, options);
  auto res = co_await core->execute_obs(std::move(req));
  co_return std::move(res.body);
}

asio::awaitable<obs::object_head> get_object_to_sink_op(core_ptr core, std::string bucket, std::string key,
                                                        object_sink sink, obs::get_options options) {
  obs::check_object_key(key);
  if (!sink) throw std::invalid_argument("get_object_to_sink: the sink is empty");
  auto req = request_factory(core->options()).make("GET", bucket, key);
  add_get_headers(req, options);
  const http::body_sink body_sink = std::move(sink);
  http::call_options call;
  call.sink = &body_sink;
  const auto res = co_await core->execute_obs(std::move(req), call);
  co_return obs::head_from_headers(res.headers);
}

asio::awaitable<obs::object_head> head_object_op(core_ptr core, std::string bucket, std::string key) {
  obs::check_object_key(key);
  const auto res = co_await core->execute_obs(request_factory(core->options()).make("HEAD", bucket, key));
  co_return obs::head_from_headers(res.headers);
}

asio::awaitable<void> delete_object_op(core_ptr core, std::string bucket, std::string key) {
  obs::check_object_key(key);
  co_await core->execute_obs(request_factory(core->options()).make("DELETE", bucket, key));
}

asio::awaitable<obs::delete_result> delete_objects_op(core_ptr core, std::string bucket,
                                                      std::vector<std::string> keys) {
  for (const auto& k : keys) obs::check_object_key(k);
  const request_factory f(core->options());
  obs::delete_result all;
  for (std::size_t start = 0; start < keys.size(); start += max_delete_batch) {
    const auto end = std::min(keys.size(), start + max_delete_batch);
    const std::vector<std::string> batch(keys.begin() + static_cast<std::ptrdiff_t>(start),
                                         keys.begin() + static_cast<std::ptrdiff_t>(end));
    auto req = f.make("POST", bucket);
    req.query.push_back({"delete", ""});
    set_xml_body(req, obs::delete_objects_body(batch));
    req.headers.set("Content-MD5", obs::md5_of(req.body).base64); // the service requires it here
    req.idempotent = true; // deleting twice deletes the same keys
    const auto res = co_await core->execute_obs(std::move(req));
    auto part = obs::parse_delete_result(res.body);
    all.deleted.insert(all.deleted.end(), std::make_move_iterator(part.deleted.begin()),
                       std::make_move_iterator(part.deleted.end()));
    all.failed.insert(all.failed.end(), std::make_move_iterator(part.failed.begin()),
                      std::make_move_iterator(part.failed.end()));
  }
  co_return all;
}

asio::awaitable<std::string> copy_object_op(core_ptr core, std::string source_bucket, std::string source_key,
                                            std::string bucket, std::string key) {
  obs::check_bucket_name(source_bucket);
  obs::check_object_key(source_key);
  obs::check_object_key(key);
  const request_factory f(core->options());
  auto req = f.make("PUT", bucket, key);
  req.headers.set(std::string(f.header_prefix()) + "copy-source",
                  "/" + source_bucket + "/" + http::uri_encode(source_key, /*keep_slash=*/true));
  const auto res = co_await core->execute_obs(std::move(req));
  throw_if_error_document(res);
  co_return obs::parse_copy_object_result(res.body);
}

asio::awaitable<obs::list_objects_page> list_objects_op(core_ptr core, std::string bucket,
                                                        obs::list_objects_request request) {
  if (request.max_keys == 0 || request.max_keys > max_page)
    throw std::invalid_argument("list_objects: max_keys must be 1 to 1000");
  auto req = request_factory(core->options()).make("GET", bucket);
  if (!request.prefix.empty()) req.query.push_back({"prefix", request.prefix});
  if (!request.delimiter.empty()) req.query.push_back({"delimiter", request.delimiter});
  if (!request.marker.empty()) req.query.push_back({"marker", request.marker});
  req.query.push_back({"max-keys", std::to_string(request.max_keys)});
  const auto res = co_await core->execute_obs(std::move(req));
  co_return obs::parse_list_objects(res.body);
}

asio::awaitable<std::vector<obs::object_summary>> list_all_objects_op(core_ptr core, std::string bucket,
                                                                      std::string prefix) {
  std::vector<obs::object_summary> all;
  obs::list_objects_request request;
  request.prefix = std::move(prefix);
  for (;;) {
    auto page = co_await list_objects_op(core, bucket, request);
    all.insert(all.end(), std::make_move_iterator(page.objects.begin()), std::make_move_iterator(page.objects.end()));
    if (!page.truncated) co_return all;
    // Keys come in order; a marker that does not move forward would loop forever.
    if (page.next_marker <= request.marker) malformed("list objects: the next marker does not advance");
    request.marker = std::move(page.next_marker);
  }
}

// ---- multipart -----------------------------------------------------------------------

void check_upload_id(const std::string& upload_id) {
  if (upload_id.empty()) throw std::invalid_argument("upload id is empty");
}

asio::awaitable<std::string> initiate_multipart_upload_op(core_ptr core, std::string bucket, std::string key,
                                                          obs::put_options options) {
  obs::check_object_key(key);
  const request_factory f(core->options());
  auto req = f.make("POST", bucket, key); // not idempotent: a second POST starts a second upload
  req.query.push_back({"uploads", ""});
  add_put_headers(req, options, f);
  const auto res = co_await core->execute_obs(std::move(req));
  co_return obs::parse_initiate_multipart_upload(res.body);
}

asio::awaitable<std::string> upload_part_op(core_ptr core, std::string bucket, std::string key,
                                            std::string upload_id, unsigned part_number, std::filesystem::path file,
                                            std::uint64_t offset, std::uint64_t length, bool verify_md5) {
  obs::check_object_key(key);
  check_upload_id(upload_id);
  if (part_number < 1 || part_number > max_part_number)
    throw std::invalid_argument("part number must be 1 to 10000, not " + std::to_string(part_number));
  auto req = request_factory(core->options()).make("PUT", bucket, key);
  req.query.push_back({"partNumber", std::to_string(part_number)});
  req.query.push_back({"uploadId", upload_id});
  const auto expected_md5 = attach_file_body(req, file, offset, length, verify_md5);
  const auto res = co_await core->execute_obs(std::move(req));
  co_return obs::upload_etag(res.headers, expected_md5, "upload part " + std::to_string(part_number));
}

asio::awaitable<std::vector<obs::part_info>> list_parts_op(core_ptr core, std::string bucket, std::string key,
                                                           std::string upload_id) {
  obs::check_object_key(key);
  check_upload_id(upload_id);
  const request_factory f(core->options());
  std::vector<obs::part_info> all;
  unsigned marker = 0;
  for (;;) {
    auto req = f.make("GET", bucket, key);
    req.query.push_back({"uploadId", upload_id});
    req.query.push_back({"max-parts", std::to_string(max_page)});
    if (marker != 0) req.query.push_back({"part-number-marker", std::to_string(marker)});
    const auto res = co_await core->execute_obs(std::move(req));
    auto page = obs::parse_list_parts(res.body);
    all.insert(all.end(), std::make_move_iterator(page.parts.begin()), std::make_move_iterator(page.parts.end()));
    if (!page.truncated) co_return all;
    if (page.next_part_number_marker <= marker) malformed("list parts: the next part number marker does not advance");
    marker = page.next_part_number_marker;
  }
}

asio::awaitable<std::string> complete_multipart_upload_op(core_ptr core, std::string bucket, std::string key,
                                                          std::string upload_id, std::vector<obs::part_info> parts) {
  obs::check_object_key(key);
  check_upload_id(upload_id);
  if (parts.empty()) throw std::invalid_argument("complete_multipart_upload: no parts");
  // The service wants ascending part numbers.
  std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.part_number < b.part_number; });
  auto req = request_factory(core->options()).make("POST", bucket, key);
  req.query.push_back({"uploadId", upload_id});
  set_xml_body(req, obs::complete_multipart_upload_body(parts));
  const auto res = co_await core->execute_obs(std::move(req));
  throw_if_error_document(res);
  co_return obs::parse_complete_multipart_upload(res.body);
}

asio::awaitable<void> abort_multipart_upload_op(core_ptr core, std::string bucket, std::string key,
                                                std::string upload_id) {
  obs::check_object_key(key);
  check_upload_id(upload_id);
  auto req = request_factory(core->options()).make("DELETE", bucket, key);
  req.query.push_back({"uploadId", upload_id});
  co_await core->execute_obs(std::move(req));
}

asio::awaitable<std::vector<obs::multipart_upload_summary>> list_multipart_uploads_op(core_ptr core,
                                                                                     std::string bucket,
                                                                                     std::string prefix) {
  const request_factory f(core->options());
  std::vector<obs::multipart_upload_summary> all;
  std::string key_marker;
  std::string upload_id_marker;
  for (;;) {
    auto req = f.make("GET", bucket);
    req.query.push_back({"uploads", ""});
    req.query.push_back({"max-uploads", std::to_string(max_page)});
    if (!prefix.empty()) req.query.push_back({"prefix", prefix});
    if (!key_marker.empty()) req.query.push_back({"key-marker", key_marker});
    if (!upload_id_marker.empty()) req.query.push_back({"upload-id-marker", upload_id_marker});
    const auto res = co_await core->execute_obs(std::move(req));
    auto page = obs::parse_list_multipart_uploads(res.body);
    all.insert(all.end(), std::make_move_iterator(page.uploads.begin()), std::make_move_iterator(page.uploads.end()));
    if (!page.truncated) co_return all;
    if (std::tie(page.next_key_marker, page.next_upload_id_marker) <= std::tie(key_marker, upload_id_marker))
      malformed("list multipart uploads: the next markers do not advance");
    key_marker = std::move(page.next_key_marker);
    upload_id_marker = std::move(page.next_upload_id_marker);
  }
}

} // namespace

// ---- the public surface ------------------------------------------------------------

asio::awaitable<void> obs_client::create_bucket(std::string bucket, std::string location) const {
  return create_bucket_op(core_, std::move(bucket), std::move(location));
}
asio::awaitable<void> obs_client::delete_bucket(std::string bucket) const {
  return delete_bucket_op(core_, std::move(bucket));
}
asio::awaitable<std::vector<obs::bucket_summary>> obs_client::list_buckets() const { return list_buckets_op(core_); }
asio::awaitable<bool> obs_client::bucket_exists(std::string bucket) const {
  return bucket_exists_op(core_, std::move(bucket));
}
asio::awaitable<std::string> obs_client::bucket_location(std::string bucket) const {
  return bucket_location_op(core_, std::move(bucket));
}

asio::awaitable<std::string> obs_client::put_object(std::string bucket, std::string key, std::string body,
                                                    obs::put_options options) const {
  return put_object_op(core_, std::move(bucket), std::move(key), std::move(body), std::move(options));
}
asio::awaitable<std::string> obs_client::put_object_from_file(std::string bucket, std::string key,
                                                              std::filesystem::path file, std::uint64_t offset,
                                                              std::uint64_t length, obs::put_options options) const {
  return put_object_from_file_op(core_, std::move(bucket), std::move(key), std::move(file), offset, length,
                                 std::move(options));
}
asio::awaitable<std::string> obs_client::get_object(std::string bucket, std::string key,
                                                    obs::get_options options) const {
  return get_object_op(core_, std::move(bucket), std::move(key), std::move(options));
}
asio::awaitable<obs::object_head> obs_client::get_object_to_sink(std::string bucket, std::string key,
                                                                 object_sink sink, obs::get_options options) const {
  return get_object_to_sink_op(core_, std::move(bucket), std::move(key), std::move(sink), std::move(options));
}
asio::awaitable<obs::object_head> obs_client::head_object(std::string bucket, std::string key) const {
  return head_object_op(core_, std::move(bucket), std::move(key));
}
asio::awaitable<void> obs_client::delete_object(std::string bucket, std::string key) const {
  return delete_object_op(core_, std::move(bucket), std::move(key));
}
asio::awaitable<obs::delete_result> obs_client::delete_objects(std::string bucket,
                                                               std::vector<std::string> keys) const {
  return delete_objects_op(core_, std::move(bucket), std::move(keys));
}
asio::awaitable<std::string> obs_client::copy_object(std::string source_bucket, std::string source_key,
                                                     std::string bucket, std::string key) const {
  return copy_object_op(core_, std::move(source_bucket), std::move(source_key), std::move(bucket), std::move(key));
}
asio::awaitable<obs::list_objects_page> obs_client::list_objects(std::string bucket,
                                                                 obs::list_objects_request request) const {
  return list_objects_op(core_, std::move(bucket), std::move(request));
}
asio::awaitable<std::vector<obs::object_summary>> obs_client::list_all_objects(std::string bucket,
                                                                               std::string prefix) const {
  return list_all_objects_op(core_, std::move(bucket), std::move(prefix));
}

asio::awaitable<std::string> obs_client::initiate_multipart_upload(std::string bucket, std::string key,
                                                                   obs::put_options options) const {
  return initiate_multipart_upload_op(core_, std::move(bucket), std::move(key), std::move(options));
}
asio::awaitable<std::string> obs_client::upload_part(std::string bucket, std::string key, std::string upload_id,
                                                     unsigned part_number, std::filesystem::path file,
                                                     std::uint64_t offset, std::uint64_t length,
                                                     bool verify_md5) const {
  return upload_part_op(core_, std::move(bucket), std::move(key), std::move(upload_id), part_number, std::move(file),
                        offset, length, verify_md5);
}
asio::awaitable<std::vector<obs::part_info>> obs_client::list_parts(std::string bucket, std::string key,
                                                                    std::string upload_id) const {
  return list_parts_op(core_, std::move(bucket), std::move(key), std::move(upload_id));
}
asio::awaitable<std::string> obs_client::complete_multipart_upload(std::string bucket, std::string key,
                                                                   std::string upload_id,
                                                                   std::vector<obs::part_info> parts) const {
  return complete_multipart_upload_op(core_, std::move(bucket), std::move(key), std::move(upload_id),
                                      std::move(parts));
}
asio::awaitable<void> obs_client::abort_multipart_upload(std::string bucket, std::string key,
                                                         std::string upload_id) const {
  return abort_multipart_upload_op(core_, std::move(bucket), std::move(key), std::move(upload_id));
}
asio::awaitable<std::vector<obs::multipart_upload_summary>>
obs_client::list_multipart_uploads(std::string bucket, std::string prefix) const {
  return list_multipart_uploads_op(core_, std::move(bucket), std::move(prefix));
}

std::string obs_client::presigned_url(std::string_view method, std::string_view bucket, std::string_view key,
                                      std::chrono::seconds expires_in) const {
  const auto* key_pair = core_->obs_key();
  if (key_pair == nullptr)
    throw boost::system::system_error(make_error_code(errc::credentials_missing),
                                      "presigned OBS URLs need an access key pair (AK/SK)");
  if (expires_in <= std::chrono::seconds(0)) throw std::invalid_argument("presigned_url: expires_in must be positive");
  const request_factory f(core_->options());
  if (!bucket.empty()) obs::check_bucket_name(bucket);
  const auto address = f.address(bucket);
  const auto now = core_->executor().clock().now();
  if (f.signature() == obs_signature::v4) {
    const auto req = f.make(std::string(method), bucket, key);
    // The URL names the host a user's tool will connect to: the bucket's own
    // host when virtual-hosted, whatever this client's connection rule.
    std::string host = req.to.host_header();
    if (address.virtual_hosted) {
      http::origin named = f.endpoint();
      named.host = std::string(bucket) + "." + named.host;
      host = named.host_header();
    }
    return obs::v4_presigned_url(*key_pair, obs::v4_region(core_->options()), method, f.endpoint().scheme, host,
                                 req.path, now, expires_in);
  }
  const auto dialect = f.signature() == obs_signature::obs ? auth::obs_dialect::obs : auth::obs_dialect::aws;
  return auth::obs_presigned_url(*key_pair, dialect, method, f.endpoint(), bucket, key, now + expires_in,
                                 address.virtual_hosted);
}

} // namespace modelarts

// obs_client: each call builds its request (obs_request), executes it with
// the client's OBS signer and reads the answer (obs_xml).
#include "modelarts/obs/obs_client.hpp"

#include "client/client_core.hpp"
#include "core/error_parsing.hpp"
#include "modelarts/error.hpp"
#include "obs/obs_request.hpp"
#include "obs/operation_requests.hpp"
#include "obs/obs_signing.hpp"
#include "obs/obs_xml.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <tuple>

namespace modelarts {
namespace {

namespace asio = boost::asio;
namespace requests = obs::requests;
using core_ptr = std::shared_ptr<detail::client_core>;
using obs::request_factory;

[[noreturn]] void malformed(const std::string& what) {
  throw boost::system::system_error(make_error_code(errc::malformed_response), what);
}

/// HEAD answers have no body, so an error from one has no service code.
/// A 404 gets the code the service would have put in a body: callers
/// branch on service_code() as for any other call.
asio::awaitable<http::response> execute_head(core_ptr core, http::request req, std::string missing_code,
                                             std::string missing_message) {
  std::optional<api_error> missing;
  try {
    co_return co_await core->execute_obs(std::move(req));
  } catch (const api_error& e) {
    if (e.http_status() != 404 || !e.service_code().empty()) throw;
    missing.emplace(404, std::move(missing_code), std::move(missing_message), e.request_id(), e.solution());
    missing->set_host_id(e.host_id());
  }
  throw *missing;
}

/// An answer with status 200 whose body is an `<Error>` (copy, complete) is a failure.
void throw_if_error_document(const http::response& res) {
  if (obs::is_error_document(res.body)) throw parse_api_error(res.status, res.headers, res.body);
}

// Free coroutines own a reference to the client state: the obs_client that
// started them may be a temporary gone before they run. Requests are built
// (and arguments checked) inside them, so even a bad argument surfaces where
// the caller co_awaits.

// ---- buckets -----------------------------------------------------------------------

asio::awaitable<void> create_bucket_op(core_ptr core, std::string bucket, std::string location) {
  co_await core->execute_obs(requests::create_bucket(request_factory(core->options()), bucket, location));
}

asio::awaitable<void> delete_bucket_op(core_ptr core, std::string bucket) {
  co_await core->execute_obs(requests::delete_bucket(request_factory(core->options()), bucket));
}

asio::awaitable<std::vector<obs::bucket_summary>> list_buckets_op(core_ptr core) {
  const auto res = co_await core->execute_obs(requests::list_buckets(request_factory(core->options())));
  co_return obs::parse_list_buckets(res.body);
}

asio::awaitable<bool> bucket_exists_op(core_ptr core, std::string bucket) {
  auto req = requests::head_bucket(request_factory(core->options()), bucket);
  try {
    co_await execute_head(core, std::move(req), "NoSuchBucket", "The specified bucket does not exist");
  } catch (const api_error& e) {
    if (e.http_status() == 404) co_return false;
    throw;
  }
  co_return true;
}

asio::awaitable<std::string> bucket_location_op(core_ptr core, std::string bucket) {
  const auto res = co_await core->execute_obs(requests::bucket_location(request_factory(core->options()), bucket));
  co_return obs::parse_bucket_location(res.body);
}

// ---- objects -----------------------------------------------------------------------

asio::awaitable<std::string> upload_op(core_ptr core, requests::upload_request upload, std::string what) {
  const auto res = co_await core->execute_obs(std::move(upload.request));
  co_return obs::upload_etag(res.headers, upload.expected_md5_hex, what);
}

asio::awaitable<std::string> put_object_op(core_ptr core, std::string bucket, std::string key, std::string body,
                                           obs::put_options options) {
  auto upload = requests::put_object(request_factory(core->options()), bucket, key, std::move(body), options);
  co_return co_await upload_op(std::move(core), std::move(upload), "put object");
}

asio::awaitable<std::string> put_object_from_file_op(core_ptr core, std::string bucket, std::string key,
                                                     std::filesystem::path file, std::uint64_t offset,
                                                     std::uint64_t length, obs::put_options options) {
  auto upload =
      requests::put_object_from_file(request_factory(core->options()), bucket, key, file, offset, length, options);
  co_return co_await upload_op(std::move(core), std::move(upload), "put object");
}

asio::awaitable<std::string> get_object_op(core_ptr core, std::string bucket, std::string key,
                                           obs::get_options options) {
  auto res = co_await core->execute_obs(requests::get_object(request_factory(core->options()), bucket, key, options));
  co_return std::move(res.body);
}

asio::awaitable<obs::object_head> get_object_to_sink_op(core_ptr core, std::string bucket, std::string key,
                                                        object_sink sink, obs::get_options options) {
  if (!sink) throw std::invalid_argument("get_object_to_sink: the sink is empty");
  auto req = requests::get_object(request_factory(core->options()), bucket, key, options);
  const http::body_sink body_sink = std::move(sink);
  http::call_options call;
  call.sink = &body_sink;
  const auto res = co_await core->execute_obs(std::move(req), call);
  co_return obs::head_from_headers(res.headers);
}

asio::awaitable<obs::object_head> head_object_op(core_ptr core, std::string bucket, std::string key) {
  auto req = requests::head_object(request_factory(core->options()), bucket, key);
  const auto res = co_await execute_head(core, std::move(req), "NoSuchKey", "The specified key does not exist.");
  co_return obs::head_from_headers(res.headers);
}

asio::awaitable<void> delete_object_op(core_ptr core, std::string bucket, std::string key) {
  co_await core->execute_obs(requests::delete_object(request_factory(core->options()), bucket, key));
}

asio::awaitable<obs::delete_result> delete_objects_op(core_ptr core, std::string bucket,
                                                      std::vector<std::string> keys) {
  const request_factory f(core->options());
  for (const auto& k : keys) obs::check_object_key(k); // every key, before the first batch goes out
  obs::delete_result all;
  for (std::size_t start = 0; start < keys.size(); start += requests::max_delete_batch) {
    const auto end = std::min(keys.size(), start + requests::max_delete_batch);
    const std::vector<std::string> batch(keys.begin() + static_cast<std::ptrdiff_t>(start),
                                         keys.begin() + static_cast<std::ptrdiff_t>(end));
    const auto res = co_await core->execute_obs(requests::delete_objects(f, bucket, batch));
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
  const auto res = co_await core->execute_obs(
      requests::copy_object(request_factory(core->options()), source_bucket, source_key, bucket, key));
  throw_if_error_document(res);
  co_return obs::parse_copy_object_result(res.body);
}

asio::awaitable<obs::list_objects_page> list_objects_op(core_ptr core, std::string bucket,
                                                        obs::list_objects_request request) {
  const auto res =
      co_await core->execute_obs(requests::list_objects(request_factory(core->options()), bucket, request));
  co_return obs::parse_list_objects(res.body);
}

asio::awaitable<std::vector<obs::object_summary>> list_all_objects_op(core_ptr core, std::string bucket,
                                                                      std::string prefix) {
  const request_factory f(core->options());
  std::vector<obs::object_summary> all;
  obs::list_objects_request request;
  request.prefix = std::move(prefix);
  for (;;) {
    const auto res = co_await core->execute_obs(requests::list_objects(f, bucket, request));
    auto page = obs::parse_list_objects(res.body);
    all.insert(all.end(), std::make_move_iterator(page.objects.begin()), std::make_move_iterator(page.objects.end()));
    if (!page.truncated) co_return all;
    // Keys come in order; a marker that does not move forward would loop forever.
    if (page.next_marker <= request.marker) malformed("list objects: the next marker does not advance");
    request.marker = std::move(page.next_marker);
  }
}

// ---- multipart -----------------------------------------------------------------------

asio::awaitable<std::string> initiate_multipart_upload_op(core_ptr core, std::string bucket, std::string key,
                                                          obs::put_options options) {
  const auto res = co_await core->execute_obs(
      requests::initiate_multipart_upload(request_factory(core->options()), bucket, key, options));
  co_return obs::parse_initiate_multipart_upload(res.body);
}

asio::awaitable<std::string> upload_part_op(core_ptr core, std::string bucket, std::string key,
                                            std::string upload_id, unsigned part_number, std::filesystem::path file,
                                            std::uint64_t offset, std::uint64_t length, bool verify_md5) {
  auto upload = requests::upload_part(request_factory(core->options()), bucket, key, upload_id, part_number, file,
                                      offset, length, verify_md5);
  co_return co_await upload_op(std::move(core), std::move(upload), "upload part " + std::to_string(part_number));
}

asio::awaitable<std::string> upload_part_from_memory_op(core_ptr core, std::string bucket, std::string key,
                                                        std::string upload_id, unsigned part_number, std::string body,
                                                        bool verify_md5) {
  auto upload = requests::upload_part(request_factory(core->options()), bucket, key, upload_id, part_number,
                                      std::move(body), verify_md5);
  co_return co_await upload_op(std::move(core), std::move(upload), "upload part " + std::to_string(part_number));
}

asio::awaitable<std::string> upload_part_copy_op(core_ptr core, std::string bucket, std::string key,
                                                 std::string upload_id, unsigned part_number,
                                                 std::string source_bucket, std::string source_key,
                                                 std::optional<obs::byte_range> range, std::string source_etag) {
  auto req = requests::upload_part_copy(request_factory(core->options()), bucket, key, upload_id, part_number,
                                        source_bucket, source_key, range, source_etag);
  const auto res = co_await core->execute_obs(std::move(req));
  throw_if_error_document(res);
  co_return obs::parse_copy_part_result(res.body);
}

asio::awaitable<std::vector<obs::part_info>> list_parts_op(core_ptr core, std::string bucket, std::string key,
                                                           std::string upload_id) {
  const request_factory f(core->options());
  std::vector<obs::part_info> all;
  unsigned marker = 0;
  for (;;) {
    const auto res = co_await core->execute_obs(requests::list_parts(f, bucket, key, upload_id, marker));
    auto page = obs::parse_list_parts(res.body);
    all.insert(all.end(), std::make_move_iterator(page.parts.begin()), std::make_move_iterator(page.parts.end()));
    if (!page.truncated) co_return all;
    if (page.next_part_number_marker <= marker) malformed("list parts: the next part number marker does not advance");
    marker = page.next_part_number_marker;
  }
}

asio::awaitable<std::string> complete_multipart_upload_op(core_ptr core, std::string bucket, std::string key,
                                                          std::string upload_id, std::vector<obs::part_info> parts) {
  const auto res = co_await core->execute_obs(requests::complete_multipart_upload(
      request_factory(core->options()), bucket, key, upload_id, std::move(parts)));
  throw_if_error_document(res);
  co_return obs::parse_complete_multipart_upload(res.body);
}

asio::awaitable<void> abort_multipart_upload_op(core_ptr core, std::string bucket, std::string key,
                                                std::string upload_id) {
  co_await core->execute_obs(
      requests::abort_multipart_upload(request_factory(core->options()), bucket, key, upload_id));
}

asio::awaitable<std::vector<obs::multipart_upload_summary>> list_multipart_uploads_op(core_ptr core,
                                                                                     std::string bucket,
                                                                                     std::string prefix) {
  const request_factory f(core->options());
  std::vector<obs::multipart_upload_summary> all;
  std::string key_marker;
  std::string upload_id_marker;
  for (;;) {
    const auto res = co_await core->execute_obs(
        requests::list_multipart_uploads(f, bucket, prefix, key_marker, upload_id_marker));
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
asio::awaitable<std::string> obs_client::upload_part(std::string bucket, std::string key, std::string upload_id,
                                                     unsigned part_number, std::string body, bool verify_md5) const {
  return upload_part_from_memory_op(core_, std::move(bucket), std::move(key), std::move(upload_id), part_number,
                                    std::move(body), verify_md5);
}
asio::awaitable<std::string> obs_client::upload_part_copy(std::string bucket, std::string key, std::string upload_id,
                                                          unsigned part_number, std::string source_bucket,
                                                          std::string source_key,
                                                          std::optional<obs::byte_range> range,
                                                          std::string source_etag) const {
  return upload_part_copy_op(core_, std::move(bucket), std::move(key), std::move(upload_id), part_number,
                             std::move(source_bucket), std::move(source_key), std::move(range),
                             std::move(source_etag));
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

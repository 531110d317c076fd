#include "obs/transfer_requests.hpp"

#include "auth/crypto.hpp"
#include "modelarts/error.hpp"
#include "obs/checkpoint_file.hpp"

#include <boost/asio/error.hpp>

#include <algorithm>
#include <cctype>
#include <system_error>

namespace modelarts::obs::transfer {

http::request put_object_request(const request_factory& f, std::string_view bucket, std::string_view key,
                                 std::string_view body, const md5_digest* md5) {
  check_object_key(key);
  auto req = f.make("PUT", bucket, key);
  if (md5 != nullptr) req.headers.set("Content-MD5", md5->base64);
  req.body_pieces = {http::body_piece{body, std::nullopt}};
  return req;
}

http::request upload_part_request(const request_factory& f, std::string_view bucket, std::string_view key,
                                  std::string_view upload_id, unsigned part_number, std::string_view body,
                                  const md5_digest* md5) {
  check_object_key(key);
  auto req = f.make("PUT", bucket, key);
  req.query.push_back({"partNumber", std::to_string(part_number)});
  req.query.push_back({"uploadId", std::string(upload_id)});
  if (md5 != nullptr) req.headers.set("Content-MD5", md5->base64);
  req.body_pieces = {http::body_piece{body, std::nullopt}};
  return req;
}

http::request folder_listing_request(const request_factory& f, std::string_view bucket, std::string_view prefix,
                                   std::string_view marker) {
  auto req = f.make("GET", bucket);
  if (!prefix.empty()) req.query.push_back({"prefix", std::string(prefix)});
  if (!marker.empty()) req.query.push_back({"marker", std::string(marker)});
  req.query.push_back({"max-keys", "1000"});
  req.query.push_back({"encoding-type", "url"});
  return req;
}

bool is_md5_etag(std::string_view etag) {
  return etag.size() == 32 &&
         std::all_of(etag.begin(), etag.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

std::string multipart_etag(const std::vector<std::string>& part_etags) {
  std::string digests;
  digests.reserve(part_etags.size() * 16);
  for (const auto& etag : part_etags) {
    if (!is_md5_etag(etag)) return {};
    std::string lower(etag);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
    digests += *hex_decode(lower);
  }
  return auth::hex_lower(auth::md5(digests)) + "-" + std::to_string(part_etags.size());
}

bool is_cancellation(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const boost::system::system_error& err) {
    return err.code() == boost::asio::error::operation_aborted;
  } catch (...) {
  }
  return false;
}

bool is_object_changed(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const boost::system::system_error& err) {
    return err.code() == errc::object_changed;
  } catch (...) {
  }
  return false;
}

bool worth_retrying(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const api_error& err) {
    const auto s = err.http_status();
    return s >= 500 || s == 408 || s == 429;
  } catch (const boost::system::system_error& err) {
    const auto code = err.code();
    if (code == boost::asio::error::operation_aborted) return false;
    if (code.category() == category()) {
      switch (static_cast<errc>(code.value())) {
        case errc::object_changed:
        case errc::unsafe_object_key:
        case errc::credentials_missing:
        case errc::invalid_configuration:
        case errc::retry_budget_exhausted:
        case errc::body_too_large:
        case errc::sink_aborted: // the answer was longer than the range asked for
          return false;
        default:
          return true; // truncated bodies, timeouts, malformed answers (an ETag that does not match)
      }
    }
    return true; // connection refused, reset, broken pipe, TLS errors
  } catch (...) {
    return false; // local file errors, invalid arguments: another attempt reads the same
  }
}

std::exception_ptr precondition_as_object_changed(const std::exception_ptr& e, const std::string& object,
                                                  const std::string& etag) {
  try {
    std::rethrow_exception(e);
  } catch (const api_error& err) {
    if (err.http_status() == 412)
      return std::make_exception_ptr(boost::system::system_error(
          make_error_code(errc::object_changed),
          object + " changed since the download began: its ETag is no longer \"" + etag + "\" (" + err.what() +
              "); the partial download was removed, run again to fetch the new version"));
  } catch (...) {
  }
  return e;
}

} // namespace modelarts::obs::transfer

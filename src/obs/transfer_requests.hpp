// The requests the transfer engine builds itself, and how it reads failures.
//
// obs_client sends object and part bodies from a file range (and hashes that
// range itself). The engine instead reads each part once into a buffer it
// owns, hashes it on an I/O thread and sends that buffer: one disk pass, and
// the bytes in flight are exactly the buffers the scheduler granted. So it
// builds those two PUTs here, with the client's own request factory.
#pragma once

#include "core/http_message.hpp"
#include "obs/obs_request.hpp"

#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::obs::transfer {

/// PUT of a whole object from memory; Content-MD5 when `md5` is given. The
/// request borrows `body`: the buffer is the engine's, reused for the next
/// part once this one is sent, and must outlive the exchange.
http::request put_object_request(const request_factory& f, std::string_view bucket, std::string_view key,
                                 std::string_view body, const md5_digest* md5);
/// PUT `?partNumber=N&uploadId=ID` from memory, borrowing `body` likewise;
/// Content-MD5 when `md5` is given.
http::request upload_part_request(const request_factory& f, std::string_view bucket, std::string_view key,
                                  std::string_view upload_id, unsigned part_number, std::string_view body,
                                  const md5_digest* md5);

/// GET on the bucket: up to 1,000 keys under `prefix` after `marker`, with
/// `encoding-type=url`. A folder transfer must see every key, and a key
/// holding bytes XML cannot carry (NUL, other control characters) would
/// otherwise make the whole listing unreadable instead of being refused alone.
http::request folder_listing_request(const request_factory& f, std::string_view bucket, std::string_view prefix,
                                   std::string_view marker);

/// True for a plain MD5 ETag: 32 hex digits.
bool is_md5_etag(std::string_view etag);
/// The ETag S3 and OBS give a completed multipart upload: the MD5 of the
/// parts' binary MD5s, then "-<part count>". Empty when a part's ETag is not
/// an MD5 (e.g. encrypted uploads), so nothing can be predicted.
std::string multipart_etag(const std::vector<std::string>& part_etags);

/// Whether another attempt of a part may succeed: transport failures,
/// truncated bodies, timeouts, 5xx, 408 and 429 — not cancellation, not a
/// changed object, not a local file problem, not another 4xx.
bool worth_retrying(const std::exception_ptr& e);

/// True when `e` is a cancellation (operation_aborted).
bool is_cancellation(const std::exception_ptr& e);
/// True when `e` is system_error(errc::object_changed).
bool is_object_changed(const std::exception_ptr& e);

/// An api_error 412 (If-Match failed) becomes system_error(errc::object_changed)
/// naming `object`; anything else is returned unchanged.
std::exception_ptr precondition_as_object_changed(const std::exception_ptr& e, const std::string& object,
                                                  const std::string& etag);

} // namespace modelarts::obs::transfer

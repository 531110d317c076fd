// The OBS service's shared pieces: its state (the store, the host names it
// answers to, the owner it reports), the operations (one function each,
// grouped by file: obs_bucket_ops.cpp, obs_object_ops.cpp,
// obs_multipart_ops.cpp) and the body consumers they hand the listener.
#pragma once

#include "emulator_state.hpp"
#include "exchange.hpp"
#include "obs_answer.hpp"
#include "obs_store.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace modelarts::emulator {

struct obs_service {
  explicit obs_service(emulator_state& s);

  emulator_state& state;
  obs_store store;
  std::vector<std::string> base_hosts;
  std::string owner_id;
  std::string owner_name;

  [[nodiscard]] obs_clock::time_point now() const { return state.now(); }
};

// ---- operations: each answers, or returns the consumer of the body --------------
route_start list_buckets(obs_service& s, const obs_request& r);
route_start create_bucket(obs_service& s, const obs_request& r);
route_start delete_bucket(obs_service& s, const obs_request& r);
route_start head_bucket(obs_service& s, const obs_request& r);
route_start get_bucket_location(obs_service& s, const obs_request& r);
route_start list_objects(obs_service& s, const obs_request& r); ///< v1 and v2 (list-type=2)
route_start delete_objects(obs_service& s, const obs_request& r);

route_start put_object(obs_service& s, const obs_request& r);
route_start get_object(obs_service& s, const obs_request& r); ///< GET and HEAD
route_start delete_object(obs_service& s, const obs_request& r);
route_start copy_object(obs_service& s, const obs_request& r);

route_start initiate_multipart_upload(obs_service& s, const obs_request& r);
route_start upload_part(obs_service& s, const obs_request& r);
/// UploadPartCopy: PUT ?partNumber&uploadId with a copy source (and an
/// optional `copy-source-range: bytes=a-b`, `copy-source-if-match`).
route_start upload_part_copy(obs_service& s, const obs_request& r);
route_start list_parts(obs_service& s, const obs_request& r);
route_start complete_multipart_upload(obs_service& s, const obs_request& r);
route_start abort_multipart_upload(obs_service& s, const obs_request& r);
route_start list_multipart_uploads(obs_service& s, const obs_request& r);

// ---- body consumers ---------------------------------------------------------------

/// What an upload's body became once its digests were checked.
using stored_body_handler = std::function<reply(const obs_request&, staged_file body, const std::string& md5_hex)>;
using small_body_handler = std::function<reply(const obs_request&, std::string body)>;

/// Streams the body to a file under tmp/, computing its MD5 (and SHA-256 for
/// a SigV4 hash) on the way; on completion checks `Content-MD5` (BadDigest)
/// and `x-amz-content-sha256` (XAmzContentSHA256Mismatch), then calls `done`.
std::unique_ptr<body_consumer> stream_to_file(obs_service& s, const obs_request& r, stored_body_handler done);
/// Gathers a small (XML) body in memory, at most `limit` bytes (more is
/// MalformedXML), with the same checks.
std::unique_ptr<body_consumer> gather_small_body(const obs_request& r, std::size_t limit, small_body_handler done);

/// Throws InvalidDigest unless a `Content-MD5` header, when present, is the
/// base64 of 16 bytes; returns those bytes (empty without the header).
std::string declared_md5(const obs_request& r);

// ---- shared helpers ---------------------------------------------------------------

/// Content type, user metadata (x-obs-meta-* and x-amz-meta-*) and content
/// headers of a PUT, POST ?uploads or a copy with REPLACE.
object_attributes attributes_from_headers(const obs_request& r);
/// (bucket, key) of `x-obs-copy-source` / `x-amz-copy-source`: `/bucket/key`
/// or `bucket/key`, percent-encoded, a `?versionId=` ignored. InvalidArgument
/// when it does not name both.
std::pair<std::string, std::string> copy_source_of(const obs_request& r);
/// `"etag"`.
std::string quoted_etag(std::string_view etag);
/// An integer query parameter in [0, max] (larger values are clamped to
/// `clamp_to`); `fallback` when absent; InvalidArgument when not a number.
unsigned query_number(const obs_request& r, std::string_view name, unsigned fallback, unsigned clamp_to);
/// encoding-type: false when absent, true for `url`, InvalidArgument otherwise.
bool url_encoding_requested(const obs_request& r);
/// The text as listing answers carry it (URL-encoded when asked for).
std::string listed(std::string_view text, bool url_encoded);
void write_owner(class xml_writer& w, const obs_service& s, std::string_view element = "Owner");

} // namespace modelarts::emulator

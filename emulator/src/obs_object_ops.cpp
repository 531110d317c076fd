// Object operations: PutObject, GetObject/HeadObject (ranges, conditions),
// DeleteObject, CopyObject.
#include "obs_service.hpp"

#include "xml_document.hpp"

#include "auth/signer.hpp"
#include "core/uri_encoding.hpp"

#include <charconv>
#include <variant>

namespace modelarts::emulator {

namespace {

/// S3's and OBS's limit for one PUT (and one part).
constexpr std::uint64_t max_single_put = 5ULL * 1024 * 1024 * 1024;

struct byte_span {
  std::uint64_t first = 0;
  std::uint64_t last = 0; // included
};
struct whole_object {};
struct unsatisfiable {};
using range_choice = std::variant<whole_object, byte_span, unsatisfiable>;

std::optional<std::uint64_t> parse_number(std::string_view text) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

/// `bytes=a-b`, `bytes=a-`, `bytes=-n`. A header that does not parse, or
/// asks for several ranges, is ignored (the whole object), as S3 does.
range_choice choose_range(std::optional<std::string_view> header, std::uint64_t size) {
  if (!header) return whole_object{};
  std::string_view spec = *header;
  if (spec.size() < 6 || !http::iequals(spec.substr(0, 6), "bytes=")) return whole_object{};
  spec.remove_prefix(6);
  if (spec.find(',') != std::string_view::npos) return whole_object{};
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return whole_object{};
  const auto first_text = spec.substr(0, dash);
  const auto last_text = spec.substr(dash + 1);
  if (first_text.empty()) {
    const auto suffix = parse_number(last_text);
    if (!suffix) return whole_object{};
    if (*suffix == 0 || size == 0) return unsatisfiable{};
    return byte_span{size - std::min(*suffix, size), size - 1};
  }
  const auto first = parse_number(first_text);
  if (!first) return whole_object{};
  std::uint64_t last = size == 0 ? 0 : size - 1;
  if (!last_text.empty()) {
    const auto parsed = parse_number(last_text);
    if (!parsed || *parsed < *first) return whole_object{};
    last = std::min(*parsed, last);
  }
  if (*first >= size) return unsatisfiable{};
  return byte_span{*first, last};
}

/// The object's files covering [first, first + length).
std::vector<file_segment> segments_of(const object_record& o, std::uint64_t first, std::uint64_t length) {
  std::vector<file_segment> out;
  std::uint64_t offset = 0; // of the current piece within the object
  for (const auto& p : o.pieces) {
    const std::uint64_t end = offset + p.size;
    if (length > 0 && end > first && offset < first + length) {
      const std::uint64_t from = std::max(first, offset);
      const std::uint64_t to = std::min(first + length, end);
      out.push_back({std::make_shared<readable_file>(p.file->path(), p.file), from - offset, to - from});
    }
    offset = end;
  }
  return out;
}

bool etag_matches(std::string_view header, std::string_view etag) {
  std::size_t start = 0;
  while (start <= header.size()) {
    const auto comma = header.find(',', start);
    auto candidate = header.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!candidate.empty() && candidate.front() == ' ') candidate.remove_prefix(1);
    while (!candidate.empty() && candidate.back() == ' ') candidate.remove_suffix(1);
    if (candidate.starts_with("W/")) candidate.remove_prefix(2);
    if (candidate.size() >= 2 && candidate.front() == '"' && candidate.back() == '"')
      candidate = candidate.substr(1, candidate.size() - 2);
    if (candidate == "*" || candidate == etag) return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

/// Last-Modified is sent in whole seconds; conditions compare in them.
std::chrono::seconds whole_seconds(obs_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch());
}

/// RFC 7232's order: If-Match, else If-Unmodified-Since (412); then
/// If-None-Match, else If-Modified-Since (304).
std::optional<unsigned> failed_condition(const obs_request& r, const object_record& o) {
  const auto& h = r.head().headers;
  if (const auto if_match = h.get("If-Match")) {
    if (!etag_matches(*if_match, o.etag)) return 412;
  } else if (const auto since = h.get("If-Unmodified-Since")) {
    const auto t = auth::parse_http_date(*since);
    if (t && whole_seconds(o.last_modified) > whole_seconds(*t)) return 412;
  }
  if (const auto if_none = h.get("If-None-Match")) {
    if (etag_matches(*if_none, o.etag)) return 304;
  } else if (const auto since = h.get("If-Modified-Since")) {
    const auto t = auth::parse_http_date(*since);
    if (t && whole_seconds(o.last_modified) <= whole_seconds(*t)) return 304;
  }
  return std::nullopt;
}

void set_object_headers(http::header_list& headers, const obs_request& r, const object_record& o) {
  headers.set("ETag", quoted_etag(o.etag));
  headers.set("Last-Modified", auth::http_date(o.last_modified));
  headers.set("Content-Type", o.attributes.content_type);
  headers.set("Accept-Ranges", "bytes");
  const std::string meta_prefix = std::string(r.header_prefix()) + "meta-";
  for (const auto& [name, value] : o.attributes.metadata) headers.add(meta_prefix + name, value);
  for (const auto& [name, value] : o.attributes.content_headers) headers.set(name, value);
  headers.set(std::string(r.header_prefix()) + "storage-class", "STANDARD");
  // GET's response-* parameters override what was stored.
  static constexpr std::pair<std::string_view, std::string_view> overrides[] = {
      {"response-content-type", "Content-Type"},         {"response-content-language", "Content-Language"},
      {"response-expires", "Expires"},                   {"response-cache-control", "Cache-Control"},
      {"response-content-disposition", "Content-Disposition"}, {"response-content-encoding", "Content-Encoding"}};
  for (const auto& [parameter, header] : overrides) {
    if (r.has_query(parameter)) headers.set(header, r.query(parameter));
  }
}

void check_key(const obs_request& r) {
  if (r.address.key.size() > 1024)
    throw obs_failure("KeyTooLongError", "Your key is too long", {{"Size", std::to_string(r.address.key.size())}});
}

} // namespace

std::pair<std::string, std::string> copy_source_of(const obs_request& r) {
  const auto& h = r.head().headers;
  auto header = h.get("x-obs-copy-source") ? *h.get("x-obs-copy-source") : h.get("x-amz-copy-source").value_or("");
  // `/bucket/key`, `bucket/key` (percent-encoded), a `?versionId=` ignored.
  header = header.substr(0, header.find('?'));
  const std::string decoded = http::uri_decode(header);
  std::string_view rest = decoded;
  if (rest.starts_with('/')) rest.remove_prefix(1);
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size())
    throw obs_failure("InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
  return {std::string(rest.substr(0, slash)), std::string(rest.substr(slash + 1))};
}

route_start put_object(obs_service& s, const obs_request& r) {
  check_key(r);
  declared_md5(r); // a malformed Content-MD5 is refused before the body
  if (r.in.content_length && *r.in.content_length > max_single_put)
    throw obs_failure("EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.");
  s.store.require_bucket(r.address.bucket);
  return stream_to_file(s, r, [&s](const obs_request& req, staged_file body, const std::string& md5_hex) {
    const auto stored = s.store.put_object(req.address.bucket, req.address.key, std::move(body), md5_hex,
                                           attributes_from_headers(req), s.now());
    auto res = obs_answer(req.in.request_id, 200);
    res.message.headers.set("ETag", quoted_etag(stored.etag));
    return res;
  });
}

route_start get_object(obs_service& s, const obs_request& r) {
  check_key(r);
  const auto o = s.store.object(r.address.bucket, r.address.key);
  if (const auto failed = failed_condition(r, o)) {
    if (*failed == 412)
      throw obs_failure("PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                        {{"Condition", r.head().headers.contains("If-Match") ? "If-Match" : "If-Unmodified-Since"}});
    auto res = obs_answer(r.in.request_id, 304);
    res.message.headers.set("ETag", quoted_etag(o.etag));
    res.message.headers.set("Last-Modified", auth::http_date(o.last_modified));
    return res;
  }
  const auto range = choose_range(r.head().headers.get("Range"), o.size);
  if (std::holds_alternative<unsatisfiable>(range)) {
    auto res = obs_error_answer(r.in.request_id,
                                obs_failure("InvalidRange", "The requested range is not satisfiable",
                                            {{"RangeRequested", std::string(*r.head().headers.get("Range"))},
                                             {"ActualObjectSize", std::to_string(o.size)}}));
    res.message.headers.set("Content-Range", "bytes */" + std::to_string(o.size));
    return res;
  }
  auto res = obs_answer(r.in.request_id, 200);
  set_object_headers(res.message.headers, r, o);
  std::uint64_t first = 0;
  std::uint64_t length = o.size;
  if (const auto* span = std::get_if<byte_span>(&range)) {
    first = span->first;
    length = span->last - span->first + 1;
    res.message.status = 206;
    res.message.headers.set("Content-Range", "bytes " + std::to_string(span->first) + "-" +
                                                 std::to_string(span->last) + "/" + std::to_string(o.size));
  }
  if (r.head().method == "HEAD") {
    res.message.headers.set("Content-Length", std::to_string(length));
  } else {
    res.body_files = segments_of(o, first, length);
  }
  return res;
}

route_start delete_object(obs_service& s, const obs_request& r) {
  check_key(r);
  s.store.delete_object(r.address.bucket, r.address.key); // absent is fine: 204 either way
  return obs_answer(r.in.request_id, 204);
}

route_start copy_object(obs_service& s, const obs_request& r) {
  check_key(r);
  const auto& h = r.head().headers;
  const auto [source_bucket, source_key] = copy_source_of(r);
  const auto directive =
      h.get("x-obs-metadata-directive").value_or(h.get("x-amz-metadata-directive").value_or("COPY"));
  if (directive != "COPY" && directive != "REPLACE")
    throw obs_failure("InvalidArgument", "Unknown metadata directive.", {{"ArgumentName", "x-amz-metadata-directive"}});
  std::optional<object_attributes> replace;
  if (directive == "REPLACE") replace = attributes_from_headers(r);
  const auto copied =
      s.store.copy_object(source_bucket, source_key, r.address.bucket, r.address.key, std::move(replace), s.now());
  xml_writer w;
  w.open("CopyObjectResult", s3_xmlns);
  w.element("LastModified", iso8601(copied.last_modified));
  w.element("ETag", quoted_etag(copied.etag));
  w.close("CopyObjectResult");
  return obs_xml_answer(r.in.request_id, 200, w.take());
}

} // namespace modelarts::emulator

// Multipart uploads: InitiateMultipartUpload, UploadPart, UploadPartCopy, ListParts,
// CompleteMultipartUpload, AbortMultipartUpload, ListMultipartUploads.
#include "obs_service.hpp"

#include "xml_document.hpp"

#include "auth/crypto.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <tuple>

namespace modelarts::emulator {

namespace {

constexpr std::uint64_t max_part_size = 5ULL * 1024 * 1024 * 1024;
constexpr unsigned max_part_number = 10000;
/// 10,000 <Part> entries with quoted ETags fit well within this.
constexpr std::size_t complete_xml_limit = 4 * 1024 * 1024;

[[noreturn]] void malformed_xml() {
  throw obs_failure("MalformedXML",
                    "The XML you provided was not well-formed or did not validate against our published schema");
}

std::string upload_id_of(const obs_request& r) { return std::string(r.query("uploadId")); }

/// The (part number, ETag) list of a CompleteMultipartUpload body.
std::vector<std::pair<unsigned, std::string>> chosen_parts(std::string_view body) {
  xml_element root;
  try {
    root = parse_xml(body);
  } catch (const std::invalid_argument&) {
    malformed_xml();
  }
  if (root.name != "CompleteMultipartUpload") malformed_xml();
  std::vector<std::pair<unsigned, std::string>> out;
  for (const auto* part : root.children_named("Part")) {
    const auto* number = part->child("PartNumber");
    const auto* etag = part->child("ETag");
    if (number == nullptr || etag == nullptr) malformed_xml();
    std::string_view text = number->text;
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
    unsigned n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) malformed_xml();
    out.emplace_back(n, etag->text);
  }
  if (out.empty()) malformed_xml();
  return out;
}

std::optional<std::uint64_t> decimal(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

/// `bytes=first-last` within an object of `size` bytes: [first, length].
/// S3 takes only this form for a copy source (no open or suffix ranges).
std::pair<std::uint64_t, std::uint64_t> copy_range(std::string_view header, std::uint64_t size) {
  const auto invalid = [&] {
    return obs_failure("InvalidArgument",
                       "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last "
                       "are the zero-based offsets of the first and last bytes to copy",
                       {{"ArgumentName", "x-amz-copy-source-range"}, {"ArgumentValue", std::string(header)}});
  };
  if (!header.starts_with("bytes=")) throw invalid();
  const auto spec = header.substr(6);
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) throw invalid();
  const auto first = decimal(spec.substr(0, dash));
  const auto last = decimal(spec.substr(dash + 1));
  if (!first || !last || *last < *first) throw invalid();
  if (*last >= size)
    throw obs_failure("InvalidRange", "The requested range is not satisfiable",
                      {{"RangeRequested", std::string(header)}, {"ActualObjectSize", std::to_string(size)}});
  return {*first, *last - *first + 1};
}

/// Copies `length` bytes of `source` from `first` into `out`; returns their hex MD5.
std::string copy_bytes(const object_record& source, std::uint64_t first, std::uint64_t length, staged_file& out) {
  auth::digest md5(auth::digest::algorithm::md5);
  std::string buffer(1024 * 1024, '\0');
  std::uint64_t piece_start = 0;
  for (const auto& piece : source.pieces) {
    const auto piece_end = piece_start + piece.size;
    if (length > 0 && first < piece_end) {
      std::ifstream in(piece.file->path(), std::ios::binary);
      in.seekg(static_cast<std::streamoff>(first - piece_start));
      auto left = std::min(length, piece_end - first);
      while (left > 0) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
        if (!in.read(buffer.data(), static_cast<std::streamsize>(n)))
          throw std::runtime_error("the source object's data is shorter than its record");
        const std::string_view chunk(buffer.data(), n);
        out.write(chunk);
        md5.update(chunk);
        left -= n;
        first += n;
        length -= n;
      }
    }
    piece_start = piece_end;
  }
  return auth::hex_lower(md5.finish());
}

} // namespace

route_start initiate_multipart_upload(obs_service& s, const obs_request& r) {
  if (r.address.key.size() > 1024) throw obs_failure("KeyTooLongError", "Your key is too long");
  const auto upload = s.store.initiate_upload(r.address.bucket, r.address.key, attributes_from_headers(r), s.now());
  xml_writer w;
  w.open("InitiateMultipartUploadResult", s3_xmlns);
  w.element("Bucket", r.address.bucket);
  w.element("Key", r.address.key);
  w.element("UploadId", upload.upload_id);
  w.close("InitiateMultipartUploadResult");
  return obs_xml_answer(r.in.request_id, 200, w.take());
}

route_start upload_part(obs_service& s, const obs_request& r) {
  const auto number = query_number(r, "partNumber", 0, max_part_number + 1);
  if (number < 1 || number > max_part_number)
    throw obs_failure("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive",
                      {{"ArgumentName", "partNumber"}, {"ArgumentValue", std::string(r.query("partNumber"))}});
  declared_md5(r);
  if (r.in.content_length && *r.in.content_length > max_part_size)
    throw obs_failure("EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.");
  // Refused before the body when the upload is not there.
  s.store.require_upload(r.address.bucket, upload_id_of(r), r.address.key);
  return stream_to_file(s, r, [&s, number](const obs_request& req, staged_file body, const std::string& md5_hex) {
    const auto part = s.store.put_part(req.address.bucket, upload_id_of(req), req.address.key, number,
                                       std::move(body), md5_hex, s.now());
    auto res = obs_answer(req.in.request_id, 200);
    res.message.headers.set("ETag", quoted_etag(part.etag));
    return res;
  });
}

route_start upload_part_copy(obs_service& s, const obs_request& r) {
  const auto number = query_number(r, "partNumber", 0, max_part_number + 1);
  if (number < 1 || number > max_part_number)
    throw obs_failure("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive",
                      {{"ArgumentName", "partNumber"}, {"ArgumentValue", std::string(r.query("partNumber"))}});
  s.store.require_upload(r.address.bucket, upload_id_of(r), r.address.key);
  const auto [source_bucket, source_key] = copy_source_of(r);
  // The record holds the source's data files: they stay readable even if the
  // source is replaced while its bytes are copied.
  const auto source = s.store.object(source_bucket, source_key);
  const auto& h = r.head().headers;
  const std::string prefix(r.header_prefix());
  const auto other_prefix = prefix == "x-obs-" ? std::string("x-amz-") : std::string("x-obs-");
  auto header = [&](const std::string& name) {
    auto v = h.get(prefix + name);
    return v ? v : h.get(other_prefix + name);
  };
  if (const auto if_match = header("copy-source-if-match")) {
    std::string wanted(*if_match);
    if (wanted.size() >= 2 && wanted.front() == '"' && wanted.back() == '"') wanted = wanted.substr(1, wanted.size() - 2);
    if (wanted != source.etag && wanted != "*")
      throw obs_failure("PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                        {{"Condition", "x-amz-copy-source-If-Match"}});
  }
  std::uint64_t first = 0;
  std::uint64_t length = source.size;
  if (const auto range = header("copy-source-range")) std::tie(first, length) = copy_range(*range, source.size);
  if (length > max_part_size)
    throw obs_failure("EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.");
  auto body = s.store.stage();
  const auto md5_hex = copy_bytes(source, first, length, body);
  const auto part = s.store.put_part(r.address.bucket, upload_id_of(r), r.address.key, number, std::move(body),
                                     md5_hex, s.now());
  xml_writer w;
  w.open("CopyPartResult", s3_xmlns);
  w.element("LastModified", iso8601(part.last_modified));
  w.element("ETag", quoted_etag(part.etag));
  w.close("CopyPartResult");
  return obs_xml_answer(r.in.request_id, 200, w.take());
}

route_start list_parts(obs_service& s, const obs_request& r) {
  const unsigned max_parts = query_number(r, "max-parts", 1000, 1000);
  const unsigned marker = query_number(r, "part-number-marker", 0, max_part_number);
  const auto page = s.store.list_parts(r.address.bucket, upload_id_of(r), r.address.key, marker, max_parts);
  xml_writer w;
  w.open("ListPartsResult", s3_xmlns);
  w.element("Bucket", r.address.bucket);
  w.element("Key", r.address.key);
  w.element("UploadId", page.upload.upload_id);
  write_owner(w, s, "Initiator");
  write_owner(w, s);
  w.element("StorageClass", "STANDARD");
  w.element("PartNumberMarker", std::to_string(marker));
  w.element("NextPartNumberMarker", std::to_string(page.parts.empty() ? marker : page.parts.back().number));
  w.element("MaxParts", std::to_string(max_parts));
  w.element("IsTruncated", page.truncated ? "true" : "false");
  for (const auto& p : page.parts) {
    w.open("Part");
    w.element("PartNumber", std::to_string(p.number));
    w.element("LastModified", iso8601(p.last_modified));
    w.element("ETag", quoted_etag(p.etag));
    w.element("Size", std::to_string(p.size));
    w.close("Part");
  }
  w.close("ListPartsResult");
  return obs_xml_answer(r.in.request_id, 200, w.take());
}

route_start complete_multipart_upload(obs_service& s, const obs_request& r) {
  s.store.require_upload(r.address.bucket, upload_id_of(r), r.address.key);
  return gather_small_body(r, complete_xml_limit, [&s](const obs_request& req, std::string body) {
    const auto object = s.store.complete_upload(req.address.bucket, upload_id_of(req), req.address.key,
                                                chosen_parts(body), s.state.settings().obs_min_part_size, s.now());
    xml_writer w;
    w.open("CompleteMultipartUploadResult", s3_xmlns);
    w.element("Location", req.head().to.scheme + "://" + req.head().to.host_header() + "/" + req.address.bucket +
                              "/" + req.address.key);
    w.element("Bucket", req.address.bucket);
    w.element("Key", req.address.key);
    w.element("ETag", quoted_etag(object.etag));
    w.close("CompleteMultipartUploadResult");
    return obs_xml_answer(req.in.request_id, 200, w.take());
  });
}

route_start abort_multipart_upload(obs_service& s, const obs_request& r) {
  s.store.abort_upload(r.address.bucket, upload_id_of(r), r.address.key);
  return obs_answer(r.in.request_id, 204);
}

route_start list_multipart_uploads(obs_service& s, const obs_request& r) {
  const bool url = url_encoding_requested(r);
  uploads_request q;
  q.prefix = std::string(r.query("prefix"));
  q.delimiter = std::string(r.query("delimiter"));
  q.key_marker = std::string(r.query("key-marker"));
  q.upload_id_marker = std::string(r.query("upload-id-marker"));
  q.max_uploads = query_number(r, "max-uploads", 1000, 1000);
  const auto page = s.store.list_uploads(r.address.bucket, q);
  xml_writer w;
  w.open("ListMultipartUploadsResult", s3_xmlns);
  w.element("Bucket", r.address.bucket);
  w.element("KeyMarker", listed(q.key_marker, url));
  w.element("UploadIdMarker", q.upload_id_marker);
  w.element("NextKeyMarker", listed(page.truncated ? page.next_key_marker : "", url));
  w.element("NextUploadIdMarker", page.truncated ? page.next_upload_id_marker : "");
  if (!q.delimiter.empty()) w.element("Delimiter", listed(q.delimiter, url));
  if (!q.prefix.empty()) w.element("Prefix", listed(q.prefix, url));
  w.element("MaxUploads", std::to_string(q.max_uploads));
  w.element("IsTruncated", page.truncated ? "true" : "false");
  if (url) w.element("EncodingType", "url");
  for (const auto& u : page.uploads) {
    w.open("Upload");
    w.element("Key", listed(u.key, url));
    w.element("UploadId", u.upload_id);
    write_owner(w, s, "Initiator");
    write_owner(w, s);
    w.element("StorageClass", "STANDARD");
    w.element("Initiated", iso8601(u.initiated));
    w.close("Upload");
  }
  for (const auto& p : page.common_prefixes) {
    w.open("CommonPrefixes");
    w.element("Prefix", listed(p, url));
    w.close("CommonPrefixes");
  }
  w.close("ListMultipartUploadsResult");
  return obs_xml_answer(r.in.request_id, 200, w.take());
}

} // namespace modelarts::emulator

#include "obs/obs_xml.hpp"

#include "core/uri_encoding.hpp"
#include "modelarts/error.hpp"
#include "obs/xml_reader.hpp"
#include "obs/xml_writer.hpp"

#include <charconv>
#include <limits>

namespace modelarts::obs {
namespace {

[[noreturn]] void malformed(std::string_view what, const std::string& reason) {
  throw boost::system::system_error(make_error_code(errc::malformed_response),
                                    std::string(what) + ": " + reason);
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view ws = " \t\r\n";
  const auto first = s.find_first_not_of(ws);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(ws) - first + 1);
}

xml_element parse_root(std::string_view body, std::string_view root_name, std::string_view what) {
  auto root = parse_xml(body, what);
  if (root.name != root_name)
    malformed(what, "expected <" + std::string(root_name) + ">, got <" + root.name + ">");
  return root;
}

template <class Unsigned>
Unsigned number(std::string_view text, std::string_view field, std::string_view what) {
  text = trim(text);
  Unsigned value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size())
    malformed(what, std::string(field) + " is not a non-negative integer");
  return value;
}

bool boolean(std::string_view text, std::string_view field, std::string_view what) {
  text = trim(text);
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text.empty() || text == "false" || text == "False" || text == "FALSE") return false;
  malformed(what, std::string(field) + " is not true or false");
}

/// `EncodingType` url: S3 encodes like HTML forms, '+' for a space.
std::string url_decoded(std::string_view text) {
  std::string plus_as_space(text);
  for (auto& c : plus_as_space)
    if (c == '+') c = ' ';
  return http::uri_decode(plus_as_space);
}

bool url_encoded(const xml_element& root) { return trim(root.child_text("EncodingType")) == "url"; }

} // namespace

std::string strip_etag_quotes(std::string_view etag) {
  etag = trim(etag);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
  return std::string(etag);
}

bool is_error_document(std::string_view body) {
  const auto t = trim(body);
  if (t.empty() || t.front() != '<') return false;
  try {
    return parse_xml(t, "error answer").name == "Error";
  } catch (const boost::system::system_error&) {
    return false;
  }
}

std::vector<bucket_summary> parse_list_buckets(std::string_view body) {
  constexpr std::string_view what = "list buckets";
  const auto root = parse_root(body, "ListAllMyBucketsResult", what);
  std::vector<bucket_summary> out;
  if (const auto* buckets = root.child("Buckets")) {
    for (const auto* b : buckets->children_named("Bucket")) {
      bucket_summary s;
      s.name = b->child_text("Name");
      if (s.name.empty()) malformed(what, "a bucket without a name");
      s.creation_date = std::string(trim(b->child_text("CreationDate")));
      s.location = std::string(trim(b->child_text("Location")));
      out.push_back(std::move(s));
    }
  }
  return out;
}

list_objects_page parse_list_objects(std::string_view body) {
  constexpr std::string_view what = "list objects";
  const auto root = parse_root(body, "ListBucketResult", what);
  const bool encoded = url_encoded(root);
  auto text = [&](const std::string& raw) { return encoded ? url_decoded(raw) : raw; };

  list_objects_page page;
  for (const auto* c : root.children_named("Contents")) {
    object_summary o;
    o.key = text(c->child_text("Key"));
    if (o.key.empty()) malformed(what, "an object without a key");
    o.size = number<std::uint64_t>(c->child_text("Size"), "Size", what);
    o.etag = strip_etag_quotes(c->child_text("ETag"));
    o.last_modified = std::string(trim(c->child_text("LastModified")));
    o.storage_class = std::string(trim(c->child_text("StorageClass")));
    page.objects.push_back(std::move(o));
  }
  for (const auto* p : root.children_named("CommonPrefixes"))
    for (const auto* prefix : p->children_named("Prefix")) page.common_prefixes.push_back(text(prefix->text));
  page.truncated = boolean(root.child_text("IsTruncated"), "IsTruncated", what);
  if (page.truncated) {
    page.next_marker = text(root.child_text("NextMarker"));
    if (page.next_marker.empty()) {
      // Listing is in key order: the page's last entry is where the next starts.
      if (!page.objects.empty()) page.next_marker = page.objects.back().key;
      if (!page.common_prefixes.empty() && page.common_prefixes.back() > page.next_marker)
        page.next_marker = page.common_prefixes.back();
    }
    if (page.next_marker.empty()) malformed(what, "a truncated page with no marker to continue from");
  }
  return page;
}

std::string parse_initiate_multipart_upload(std::string_view body) {
  constexpr std::string_view what = "initiate multipart upload";
  const auto root = parse_root(body, "InitiateMultipartUploadResult", what);
  auto id = std::string(trim(root.child_text("UploadId")));
  if (id.empty()) malformed(what, "no UploadId");
  return id;
}

list_parts_page parse_list_parts(std::string_view body) {
  constexpr std::string_view what = "list parts";
  const auto root = parse_root(body, "ListPartsResult", what);
  list_parts_page page;
  for (const auto* p : root.children_named("Part")) {
    part_info part;
    part.part_number = number<unsigned>(p->child_text("PartNumber"), "PartNumber", what);
    part.etag = strip_etag_quotes(p->child_text("ETag"));
    part.size = number<std::uint64_t>(p->child_text("Size"), "Size", what);
    page.parts.push_back(std::move(part));
  }
  page.truncated = boolean(root.child_text("IsTruncated"), "IsTruncated", what);
  if (page.truncated) {
    const auto marker = root.child_text("NextPartNumberMarker");
    page.next_part_number_marker = trim(marker).empty() && !page.parts.empty()
                                       ? page.parts.back().part_number
                                       : number<unsigned>(marker, "NextPartNumberMarker", what);
  }
  return page;
}

std::string parse_complete_multipart_upload(std::string_view body) {
  constexpr std::string_view what = "complete multipart upload";
  const auto root = parse_root(body, "CompleteMultipartUploadResult", what);
  return strip_etag_quotes(root.child_text("ETag"));
}

list_uploads_page parse_list_multipart_uploads(std::string_view body) {
  constexpr std::string_view what = "list multipart uploads";
  const auto root = parse_root(body, "ListMultipartUploadsResult", what);
  const bool encoded = url_encoded(root);
  auto text = [&](const std::string& raw) { return encoded ? url_decoded(raw) : raw; };
  list_uploads_page page;
  for (const auto* u : root.children_named("Upload")) {
    multipart_upload_summary s;
    s.key = text(u->child_text("Key"));
    s.upload_id = std::string(trim(u->child_text("UploadId")));
    s.initiated = std::string(trim(u->child_text("Initiated")));
    if (s.key.empty() || s.upload_id.empty()) malformed(what, "an upload without key or UploadId");
    page.uploads.push_back(std::move(s));
  }
  page.truncated = boolean(root.child_text("IsTruncated"), "IsTruncated", what);
  page.next_key_marker = text(root.child_text("NextKeyMarker"));
  page.next_upload_id_marker = std::string(trim(root.child_text("NextUploadIdMarker")));
  if (page.truncated && page.next_key_marker.empty()) {
    if (page.uploads.empty()) malformed(what, "a truncated page with no marker to continue from");
    page.next_key_marker = page.uploads.back().key;
    page.next_upload_id_marker = page.uploads.back().upload_id;
  }
  return page;
}

delete_result parse_delete_result(std::string_view body) {
  constexpr std::string_view what = "delete objects";
  const auto root = parse_root(body, "DeleteResult", what);
  const bool encoded = url_encoded(root);
  auto text = [&](const std::string& raw) { return encoded ? url_decoded(raw) : raw; };
  delete_result result;
  for (const auto* d : root.children_named("Deleted")) result.deleted.push_back(text(d->child_text("Key")));
  for (const auto* e : root.children_named("Error"))
    result.failed.push_back({text(e->child_text("Key")), std::string(trim(e->child_text("Code"))),
                             e->child_text("Message")});
  return result;
}

std::string parse_copy_object_result(std::string_view body) {
  constexpr std::string_view what = "copy object";
  const auto root = parse_root(body, "CopyObjectResult", what);
  auto etag = strip_etag_quotes(root.child_text("ETag"));
  if (etag.empty()) malformed(what, "no ETag");
  return etag;
}

std::string parse_copy_part_result(std::string_view body) {
  constexpr std::string_view what = "upload part copy";
  const auto root = parse_root(body, "CopyPartResult", what);
  auto etag = strip_etag_quotes(root.child_text("ETag"));
  if (etag.empty()) malformed(what, "no ETag");
  return etag;
}

std::string parse_bucket_location(std::string_view body) {
  constexpr std::string_view what = "bucket location";
  const auto root = parse_xml(body, what);
  if (root.name != "LocationConstraint" && root.name != "Location")
    malformed(what, "expected <LocationConstraint> or <Location>, got <" + root.name + ">");
  return std::string(trim(root.text));
}

std::string create_bucket_body(std::string_view location, bool obs_dialect) {
  xml_writer w;
  w.open("CreateBucketConfiguration");
  w.element(obs_dialect ? "Location" : "LocationConstraint", location);
  w.close("CreateBucketConfiguration");
  return w.str();
}

std::string complete_multipart_upload_body(const std::vector<part_info>& parts) {
  xml_writer w;
  w.open("CompleteMultipartUpload");
  for (const auto& p : parts) {
    w.open("Part");
    w.element("PartNumber", std::to_string(p.part_number));
    w.element("ETag", "\"" + strip_etag_quotes(p.etag) + "\"");
    w.close("Part");
  }
  w.close("CompleteMultipartUpload");
  return w.str();
}

std::string delete_objects_body(const std::vector<std::string>& keys) {
  xml_writer w;
  w.open("Delete");
  w.element("Quiet", "false");
  for (const auto& key : keys) {
    w.open("Object");
    w.element("Key", key);
    w.close("Object");
  }
  w.close("Delete");
  return w.str();
}

} // namespace modelarts::obs

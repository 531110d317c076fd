// Service- and bucket-level operations: ListBuckets, CreateBucket,
// DeleteBucket, HeadBucket, GetBucketLocation, ListObjects (v1 and v2),
// DeleteObjects.
#include "obs_service.hpp"

#include "xml_document.hpp"

#include "auth/crypto.hpp"

namespace modelarts::emulator {

namespace {

/// CreateBucketConfiguration bodies may be this large at most.
constexpr std::size_t small_xml_limit = 64 * 1024;
/// DeleteObjects names up to 1,000 keys of up to 1,024 bytes each.
constexpr std::size_t delete_xml_limit = 2 * 1024 * 1024;

void write_contents(xml_writer& w, const obs_service& s, const object_record& o, bool with_owner, bool url) {
  w.open("Contents");
  w.element("Key", listed(o.key, url));
  w.element("LastModified", iso8601(o.last_modified));
  w.element("ETag", quoted_etag(o.etag));
  w.element("Size", std::to_string(o.size));
  if (with_owner) write_owner(w, s);
  w.element("StorageClass", "STANDARD");
  w.close("Contents");
}

void write_common_prefixes(xml_writer& w, const std::vector<std::string>& prefixes, bool url) {
  for (const auto& p : prefixes) {
    w.open("CommonPrefixes");
    w.element("Prefix", listed(p, url));
    w.close("CommonPrefixes");
  }
}

route_start list_objects_v1(obs_service& s, const obs_request& r) {
  const bool url = url_encoding_requested(r);
  list_request q;
  q.prefix = std::string(r.query("prefix"));
  q.delimiter = std::string(r.query("delimiter"));
  q.after = std::string(r.query("marker"));
  q.max_keys = query_number(r, "max-keys", 1000, 1000);
  const auto page = s.store.list_objects(r.address.bucket, q);

  xml_writer w;
  w.open("ListBucketResult", s3_xmlns);
  w.element("Name", r.address.bucket);
  w.element("Prefix", listed(q.prefix, url));
  w.element("Marker", listed(q.after, url));
  w.element("MaxKeys", std::to_string(q.max_keys));
  if (!q.delimiter.empty()) w.element("Delimiter", listed(q.delimiter, url));
  w.element("IsTruncated", page.truncated ? "true" : "false");
  // OBS sends NextMarker on every truncated page (S3 only with a delimiter);
  // either way it is the last key or prefix returned.
  if (page.truncated) w.element("NextMarker", listed(page.last, url));
  if (url) w.element("EncodingType", "url");
  for (const auto& o : page.objects) write_contents(w, s, o, true, url);
  write_common_prefixes(w, page.common_prefixes, url);
  w.close("ListBucketResult");
  return obs_xml_answer(r.in.request_id, 200, w.take());
}

route_start list_objects_v2(obs_service& s, const obs_request& r) {
  const bool url = url_encoding_requested(r);
  list_request q;
  q.prefix = std::string(r.query("prefix"));
  q.delimiter = std::string(r.query("delimiter"));
  q.max_keys = query_number(r, "max-keys", 1000, 1000);
  const bool has_token = r.has_query("continuation-token");
  if (has_token) {
    try {
      q.after = auth::base64_decode(r.query("continuation-token"));
    } catch (const std::exception&) {
      throw obs_failure("InvalidArgument", "The continuation token provided is incorrect",
                        {{"ArgumentName", "continuation-token"}});
    }
  } else {
    q.after = std::string(r.query("start-after"));
  }
  const auto page = s.store.list_objects(r.address.bucket, q);

  xml_writer w;
  w.open("ListBucketResult", s3_xmlns);
  w.element("Name", r.address.bucket);
  w.element("Prefix", listed(q.prefix, url));
  if (r.has_query("start-after")) w.element("StartAfter", listed(r.query("start-after"), url));
  if (has_token) w.element("ContinuationToken", r.query("continuation-token"));
  w.element("KeyCount", std::to_string(page.objects.size() + page.common_prefixes.size()));
  w.element("MaxKeys", std::to_string(q.max_keys));
  if (!q.delimiter.empty()) w.element("Delimiter", listed(q.delimiter, url));
  w.element("IsTruncated", page.truncated ? "true" : "false");
  if (page.truncated) w.element("NextContinuationToken", auth::base64(page.last));
  if (url) w.element("EncodingType", "url");
  const bool with_owner = r.query("fetch-owner") == "true";
  for (const auto& o : page.objects) write_contents(w, s, o, with_owner, url);
  write_common_prefixes(w, page.common_prefixes, url);
  w.close("ListBucketResult");
  return obs_xml_answer(r.in.request_id, 200, w.take());
}

/// The location a CreateBucketConfiguration names (S3's LocationConstraint
/// or OBS's Location); empty when the body names none.
std::string location_in(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return {};
  try {
    const auto root = parse_xml(body);
    if (root.name != "CreateBucketConfiguration") throw std::invalid_argument("root");
    if (const auto* c = root.child("LocationConstraint")) return c->text;
    return std::string(root.child_text("Location"));
  } catch (const std::invalid_argument&) {
    throw obs_failure("MalformedXML", "The XML you provided was not well-formed or did not validate against our "
                                      "published schema");
  }
}

} // namespace

route_start list_buckets(obs_service& s, const obs_request& r) {
  xml_writer w;
  w.open("ListAllMyBucketsResult", s3_xmlns);
  write_owner(w, s);
  w.open("Buckets");
  for (const auto& b : s.store.buckets()) {
    w.open("Bucket");
    w.element("Name", b.name);
    w.element("CreationDate", iso8601(b.created));
    w.element("Location", b.location);
    w.close("Bucket");
  }
  w.close("Buckets");
  w.close("ListAllMyBucketsResult");
  return obs_xml_answer(r.in.request_id, 200, w.take());
}

route_start create_bucket(obs_service& s, const obs_request& r) {
  return gather_small_body(r, small_xml_limit, [&s](const obs_request& req, std::string body) {
    auto location = location_in(body);
    if (location.empty()) location = s.state.settings().region;
    if (!s.store.create_bucket(req.address.bucket, location, s.now()))
      throw obs_failure("BucketAlreadyOwnedByYou",
                        "Your previous request to create the named bucket succeeded and you already own it.",
                        {{"BucketName", req.address.bucket}});
    auto res = obs_answer(req.in.request_id, 200);
    res.message.headers.set("Location", "/" + req.address.bucket);
    return res;
  });
}

route_start delete_bucket(obs_service& s, const obs_request& r) {
  s.store.delete_bucket(r.address.bucket);
  return obs_answer(r.in.request_id, 204);
}

route_start head_bucket(obs_service& s, const obs_request& r) {
  const auto b = s.store.bucket(r.address.bucket);
  if (!b) throw obs_failure("NoSuchBucket", "The specified bucket does not exist", {{"BucketName", r.address.bucket}});
  auto res = obs_answer(r.in.request_id, 200);
  res.message.headers.set(r.dialect == auth::obs_dialect::obs ? "x-obs-bucket-location" : "x-amz-bucket-region",
                          b->location);
  return res;
}

route_start get_bucket_location(obs_service& s, const obs_request& r) {
  const auto b = s.store.bucket(r.address.bucket);
  if (!b) throw obs_failure("NoSuchBucket", "The specified bucket does not exist", {{"BucketName", r.address.bucket}});
  xml_writer w;
  // OBS names the element Location; S3 LocationConstraint.
  const std::string_view element = r.dialect == auth::obs_dialect::obs ? "Location" : "LocationConstraint";
  w.open(element, s3_xmlns);
  w.text(b->location);
  w.close(element);
  return obs_xml_answer(r.in.request_id, 200, w.take());
}

route_start list_objects(obs_service& s, const obs_request& r) {
  return r.query("list-type") == "2" ? list_objects_v2(s, r) : list_objects_v1(s, r);
}

route_start delete_objects(obs_service& s, const obs_request& r) {
  if (!r.head().headers.contains("Content-MD5"))
    throw obs_failure("InvalidRequest", "Missing required header for this request: Content-MD5");
  s.store.require_bucket(r.address.bucket);
  return gather_small_body(r, delete_xml_limit, [&s](const obs_request& req, std::string body) {
    xml_element root;
    try {
      root = parse_xml(body);
    } catch (const std::invalid_argument&) {
      root = {};
    }
    const auto objects = root.children_named("Object");
    if (root.name != "Delete" || objects.empty() || objects.size() > 1000 ||
        std::any_of(objects.begin(), objects.end(), [](const auto* o) { return o->child("Key") == nullptr; }))
      throw obs_failure("MalformedXML", "The XML you provided was not well-formed or did not validate against our "
                                        "published schema");
    const bool quiet = root.child_text("Quiet") == "true";
    xml_writer w;
    w.open("DeleteResult", s3_xmlns);
    for (const auto* o : objects) {
      const std::string key(o->child_text("Key"));
      try {
        if (key.empty() || key.size() > 1024) throw obs_failure("KeyTooLongError", "The key is empty or too long.");
        s.store.delete_object(req.address.bucket, key); // an absent key counts as deleted
        if (quiet) continue;
        w.open("Deleted");
        w.element("Key", key);
        w.close("Deleted");
      } catch (const obs_failure& f) {
        w.open("Error");
        w.element("Key", key);
        w.element("Code", f.code());
        w.element("Message", f.what());
        w.close("Error");
      }
    }
    w.close("DeleteResult");
    return obs_xml_answer(req.in.request_id, 200, w.take());
  });
}

} // namespace modelarts::emulator

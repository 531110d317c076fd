// The emulator's OBS service, checked with a small blocking Beast client over
// plain HTTP (one TLS case), requests signed with the SDK's own signers:
// buckets, objects, ranges and conditions, listings, copies, multipart
// uploads, addressing styles, authentication, hostile keys, streaming and
// faults.
#include "emulator_fixture.hpp"
#include "raw_http_client.hpp"

#include "modelarts/emulator/emulator.hpp"

#include "auth/crypto.hpp"
#include "auth/signer.hpp"
#include "core/http_message.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace emu = modelarts::emulator;
namespace mhttp = modelarts::http;
namespace auth = modelarts::auth;
using tcp = asio::ip::tcp;
using beast_response = bhttp::response<bhttp::string_body>;

enum class signature { obs_v2, aws_v2, v4 };


// Shared with the other raw-HTTP emulator tests (raw_http_client.hpp).
using test_support::raw_http::plain_client;
using test_support::raw_http::to_beast;

/// Requests to one emulator, signed as a client of the chosen kind would.
class obs_caller {
public:
  explicit obs_caller(emu::server& s, signature kind = signature::obs_v2)
      : server_(s), client_(s.port()), kind_(kind),
        key_{s.settings().keys.front().access_key, s.settings().keys.front().secret_key, {}} {}

  /// Path-style: /bucket/key.
  mhttp::request make(std::string method, std::string path, std::vector<mhttp::query_param> query = {},
                      std::string body = {}) const {
    mhttp::request r;
    r.method = std::move(method);
    r.to = mhttp::parse_origin(server_.endpoint());
    r.path = std::move(path);
    r.query = std::move(query);
    r.body = std::move(body);
    return r;
  }
  /// Virtual-hosted: Host bucket.localhost, path /key.
  mhttp::request make_virtual(std::string method, const std::string& bucket, const std::string& key,
                              std::string body = {}) const {
    auto r = make(std::move(method), "/" + key, {}, std::move(body));
    r.bucket = bucket;
    r.headers.set("Host", bucket + ".localhost:" + std::to_string(server_.port()));
    return r;
  }

  mhttp::request signed_request(mhttp::request r, std::optional<std::string> secret = std::nullopt,
                                auth::clock::time_point when = auth::clock::now()) const {
    auth::access_key key = key_;
    if (secret) key.secret = *secret;
    switch (kind_) {
    case signature::obs_v2: auth::obs_v2_signer(key, auth::obs_dialect::obs).sign(r, when); break;
    case signature::aws_v2: auth::obs_v2_signer(key, auth::obs_dialect::aws).sign(r, when); break;
    case signature::v4: auth::v4_signer(key, server_.settings().region).sign(r, when); break;
    }
    return r;
  }

  beast_response call(mhttp::request r) { return client_.call(signed_request(std::move(r))); }
  beast_response send_signed(const mhttp::request& r) { return client_.call(r); }
  plain_client& connection() { return client_; }

  beast_response put(const std::string& path, std::string body) { return call(make("PUT", path, {}, std::move(body))); }
  beast_response get(const std::string& path) { return call(make("GET", path)); }

private:
  emu::server& server_;
  plain_client client_;
  signature kind_;
  auth::access_key key_;
};

std::string md5_hex(std::string_view data) { return auth::hex_lower(auth::md5(data)); }
std::string md5_base64(std::string_view data) { return auth::base64(auth::md5(data)); }

/// The text of every <name> element, in order (answers are small and flat enough).
std::vector<std::string> xml_values(const std::string& xml, const std::string& name) {
  std::vector<std::string> out;
  const std::regex element("<" + name + ">([^<]*)</" + name + ">");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), element); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

std::string xml_value(const std::string& xml, const std::string& name) {
  const auto all = xml_values(xml, name);
  return all.empty() ? std::string{} : all.front();
}

std::string error_code_of(const beast_response& res) { return xml_value(res.body(), "Code"); }

std::string unquoted(std::string_view etag) {
  std::string s(etag);
  for (const std::string entity : {"&quot;", "\""}) {
    for (auto at = s.find(entity); at != std::string::npos; at = s.find(entity)) s.erase(at, entity.size());
  }
  return s;
}

void create_bucket(obs_caller& c, const std::string& bucket) {
  BOOST_REQUIRE_EQUAL(c.call(c.make("PUT", "/" + bucket)).result_int(), 200U);
}

std::string complete_body(const std::vector<std::pair<unsigned, std::string>>& parts) {
  std::string xml = "<CompleteMultipartUpload>";
  for (const auto& [n, etag] : parts)
    xml += "<Part><PartNumber>" + std::to_string(n) + "</PartNumber><ETag>\"" + etag + "\"</ETag></Part>";
  return xml + "</CompleteMultipartUpload>";
}

std::string initiate(obs_caller& c, const std::string& path) {
  const auto res = c.call(c.make("POST", path, {{"uploads", ""}}));
  BOOST_REQUIRE_EQUAL(res.result_int(), 200U);
  return xml_value(res.body(), "UploadId");
}

std::string upload_part(obs_caller& c, const std::string& path, const std::string& upload_id, unsigned n,
                        const std::string& data) {
  const auto res = c.call(c.make("PUT", path, {{"partNumber", std::to_string(n)}, {"uploadId", upload_id}}, data));
  BOOST_REQUIRE_EQUAL(res.result_int(), 200U);
  return unquoted(res.at(bhttp::field::etag));
}

std::uint64_t status_kib(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(field)) return std::stoull(line.substr(std::string(field).size()));
  }
  return 0;
}

/// Every file under the folder, recursively.
std::vector<std::filesystem::path> files_under(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(folder))
    if (e.is_regular_file()) out.push_back(e.path());
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(buckets)

BOOST_AUTO_TEST_CASE(bucket_lifecycle) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  BOOST_TEST(c.call(c.make("HEAD", "/photos")).result_int() == 404U);
  create_bucket(c, "photos");
  const auto again = c.call(c.make("PUT", "/photos"));
  BOOST_TEST(again.result_int() == 409U);
  BOOST_TEST(error_code_of(again) == "BucketAlreadyOwnedByYou");
  BOOST_TEST(c.call(c.make("HEAD", "/photos")).result_int() == 200U);

  const auto listing = c.call(c.make("GET", "/"));
  BOOST_TEST(listing.result_int() == 200U);
  BOOST_TEST(xml_values(listing.body(), "Name") == std::vector<std::string>{"photos"}, boost::test_tools::per_element());
  const auto location = c.call(c.make("GET", "/photos", {{"location", ""}}));
  BOOST_TEST(location.body().find(">emulator-region</Location>") != std::string::npos);

  BOOST_REQUIRE_EQUAL(c.put("/photos/a.jpg", "x").result_int(), 200U);
  const auto not_empty = c.call(c.make("DELETE", "/photos"));
  BOOST_TEST(not_empty.result_int() == 409U);
  BOOST_TEST(error_code_of(not_empty) == "BucketNotEmpty");
  BOOST_TEST(c.call(c.make("DELETE", "/photos/a.jpg")).result_int() == 204U);
  BOOST_TEST(c.call(c.make("DELETE", "/photos")).result_int() == 204U);
  BOOST_TEST(c.call(c.make("HEAD", "/photos")).result_int() == 404U);
  const auto gone = c.get("/photos/a.jpg");
  BOOST_TEST(gone.result_int() == 404U);
  BOOST_TEST(error_code_of(gone) == "NoSuchBucket");
}

BOOST_AUTO_TEST_CASE(create_bucket_takes_a_location_constraint_in_aws_form) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s, signature::aws_v2);
  const auto res = c.call(c.make("PUT", "/regional", {},
                                 "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                                 "<LocationConstraint>cn-north-4</LocationConstraint></CreateBucketConfiguration>"));
  BOOST_TEST(res.result_int() == 200U);
  const auto location = c.call(c.make("GET", "/regional", {{"location", ""}}));
  BOOST_TEST(location.body().find(">cn-north-4</LocationConstraint>") != std::string::npos);
  const auto malformed = c.call(c.make("PUT", "/other-bucket", {}, "<CreateBucketConfiguration>"));
  BOOST_TEST(error_code_of(malformed) == "MalformedXML");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(objects)

BOOST_AUTO_TEST_CASE(put_get_head_delete_with_metadata) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "docs");
  const std::string body = "hello, object storage";
  auto put = c.make("PUT", "/docs/notes/hello.txt", {}, body);
  put.headers.set("Content-Type", "text/plain");
  put.headers.set("x-obs-meta-Color", "blue");
  put.headers.set("Content-MD5", md5_base64(body));
  const auto stored = c.call(put);
  BOOST_TEST(stored.result_int() == 200U);
  BOOST_TEST(stored.at(bhttp::field::etag) == "\"" + md5_hex(body) + "\"");

  const auto got = c.get("/docs/notes/hello.txt");
  BOOST_TEST(got.result_int() == 200U);
  BOOST_TEST(got.body() == body);
  BOOST_TEST(got.at(bhttp::field::content_type) == "text/plain");
  BOOST_TEST(got.at("x-obs-meta-color") == "blue");
  BOOST_TEST(got.at(bhttp::field::etag) == "\"" + md5_hex(body) + "\"");
  BOOST_TEST(got.at("x-obs-request-id").size() == 32U);

  const auto head = c.call(c.make("HEAD", "/docs/notes/hello.txt"));
  BOOST_TEST(head.result_int() == 200U);
  BOOST_TEST(head.at(bhttp::field::content_length) == std::to_string(body.size()));
  BOOST_TEST(head.at("x-obs-meta-color") == "blue");

  BOOST_TEST(c.call(c.make("DELETE", "/docs/notes/hello.txt")).result_int() == 204U);
  const auto missing = c.get("/docs/notes/hello.txt");
  BOOST_TEST(missing.result_int() == 404U);
  BOOST_TEST(error_code_of(missing) == "NoSuchKey");
  BOOST_TEST(xml_value(missing.body(), "RequestId") == std::string(missing.at("x-obs-request-id")));
  BOOST_TEST(!xml_value(missing.body(), "HostId").empty());
  // Deleting what is not there is still 204.
  BOOST_TEST(c.call(c.make("DELETE", "/docs/notes/hello.txt")).result_int() == 204U);
}

BOOST_AUTO_TEST_CASE(aws_signed_requests_get_x_amz_metadata) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s, signature::v4);
  create_bucket(c, "docs");
  auto put = c.make("PUT", "/docs/k", {}, "v");
  put.headers.set("x-amz-meta-owner", "ann");
  BOOST_REQUIRE_EQUAL(c.call(put).result_int(), 200U);
  const auto got = c.get("/docs/k");
  BOOST_TEST(got.at("x-amz-meta-owner") == "ann");
  BOOST_TEST(got.count("x-obs-meta-owner") == 0U);
}

BOOST_AUTO_TEST_CASE(content_md5_mismatch_is_bad_digest_and_stores_nothing) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "docs");
  auto put = c.make("PUT", "/docs/k", {}, "the body");
  put.headers.set("Content-MD5", md5_base64("another body"));
  const auto res = c.call(put);
  BOOST_TEST(res.result_int() == 400U);
  BOOST_TEST(error_code_of(res) == "BadDigest");
  BOOST_TEST(c.get("/docs/k").result_int() == 404U);

  auto malformed = c.make("PUT", "/docs/k", {}, "the body");
  malformed.headers.set("Content-MD5", "not base64!");
  BOOST_TEST(error_code_of(c.call(malformed)) == "InvalidDigest");
}

BOOST_AUTO_TEST_CASE(range_requests) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "docs");
  const std::string body = "0123456789";
  BOOST_REQUIRE_EQUAL(c.put("/docs/digits", body).result_int(), 200U);
  const auto ranged = [&](const std::string& range) {
    auto r = c.make("GET", "/docs/digits");
    r.headers.set("Range", range);
    return c.call(r);
  };
  const auto first = ranged("bytes=0-4");
  BOOST_TEST(first.result_int() == 206U);
  BOOST_TEST(first.body() == "01234");
  BOOST_TEST(first.at(bhttp::field::content_range) == "bytes 0-4/10");
  const auto open_ended = ranged("bytes=7-");
  BOOST_TEST(open_ended.body() == "789");
  BOOST_TEST(open_ended.at(bhttp::field::content_range) == "bytes 7-9/10");
  const auto suffix = ranged("bytes=-3");
  BOOST_TEST(suffix.body() == "789");
  const auto clamped = ranged("bytes=8-100");
  BOOST_TEST(clamped.body() == "89");
  BOOST_TEST(clamped.at(bhttp::field::content_range) == "bytes 8-9/10");
  const auto beyond = ranged("bytes=10-20");
  BOOST_TEST(beyond.result_int() == 416U);
  BOOST_TEST(error_code_of(beyond) == "InvalidRange");
  BOOST_TEST(beyond.at(bhttp::field::content_range) == "bytes */10");
  // Not a range S3 understands: the whole object.
  const auto ignored = ranged("bytes=5-2");
  BOOST_TEST(ignored.result_int() == 200U);
  BOOST_TEST(ignored.body() == body);
}

BOOST_AUTO_TEST_CASE(conditions_if_match_and_if_none_match) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "docs");
  BOOST_REQUIRE_EQUAL(c.put("/docs/k", "version 1").result_int(), 200U);
  const auto etag = "\"" + md5_hex("version 1") + "\"";

  auto matching = c.make("GET", "/docs/k");
  matching.headers.set("If-Match", etag);
  BOOST_TEST(c.call(matching).result_int() == 200U);

  BOOST_REQUIRE_EQUAL(c.put("/docs/k", "version 2").result_int(), 200U);
  const auto changed = c.call(matching);
  BOOST_TEST(changed.result_int() == 412U);
  BOOST_TEST(error_code_of(changed) == "PreconditionFailed");

  auto cached = c.make("GET", "/docs/k");
  cached.headers.set("If-None-Match", "\"" + md5_hex("version 2") + "\"");
  const auto not_modified = c.call(cached);
  BOOST_TEST(not_modified.result_int() == 304U);
  BOOST_TEST(not_modified.body().empty());
}

BOOST_AUTO_TEST_CASE(copy_keeps_metadata_or_replaces_it) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "src");
  create_bucket(c, "dst");
  auto put = c.make("PUT", "/src/original", {}, "payload");
  put.headers.set("x-obs-meta-tag", "first");
  put.headers.set("Content-Type", "text/plain");
  BOOST_REQUIRE_EQUAL(c.call(put).result_int(), 200U);

  auto copy = c.make("PUT", "/dst/copy");
  copy.headers.set("x-obs-copy-source", "/src/original");
  const auto copied = c.call(copy);
  BOOST_TEST(copied.result_int() == 200U);
  BOOST_TEST(unquoted(xml_value(copied.body(), "ETag")) == md5_hex("payload"));
  const auto got = c.get("/dst/copy");
  BOOST_TEST(got.body() == "payload");
  BOOST_TEST(got.at("x-obs-meta-tag") == "first");
  BOOST_TEST(got.at(bhttp::field::content_type) == "text/plain");

  // The copy lives on after its source is deleted.
  BOOST_TEST(c.call(c.make("DELETE", "/src/original")).result_int() == 204U);
  BOOST_TEST(c.get("/dst/copy").body() == "payload");

  auto replace = c.make("PUT", "/dst/replaced");
  replace.headers.set("x-obs-copy-source", "dst/copy");
  replace.headers.set("x-obs-metadata-directive", "REPLACE");
  replace.headers.set("x-obs-meta-tag", "second");
  BOOST_REQUIRE_EQUAL(c.call(replace).result_int(), 200U);
  BOOST_TEST(c.get("/dst/replaced").at("x-obs-meta-tag") == "second");

  auto missing = c.make("PUT", "/dst/nothing");
  missing.headers.set("x-obs-copy-source", "/src/original");
  BOOST_TEST(error_code_of(c.call(missing)) == "NoSuchKey");
}

BOOST_AUTO_TEST_CASE(a_replaced_object_being_read_keeps_its_bytes) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller writer(s);
  create_bucket(writer, "docs");
  const std::string first(3 * 1024 * 1024, 'a');
  BOOST_REQUIRE_EQUAL(writer.put("/docs/k", first).result_int(), 200U);
  // A GET whose answer has begun when the object is replaced, then deleted.
  obs_caller reader(s);
  bhttp::write(reader.connection().socket(), to_beast(reader.signed_request(reader.make("GET", "/docs/k"))));
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  reader.connection().read_header(parser);
  BOOST_REQUIRE_EQUAL(writer.put("/docs/k", "b").result_int(), 200U);
  BOOST_REQUIRE_EQUAL(writer.call(writer.make("DELETE", "/docs/k")).result_int(), 204U);
  reader.connection().read_rest(parser);
  BOOST_TEST(parser.get().result_int() == 200U);
  BOOST_TEST((parser.get().body() == first));
  // Once the answer is done (the next one on that connection proves it),
  // the old bytes are gone from disk too.
  BOOST_TEST(reader.get("/docs/k").result_int() == 404U);
  BOOST_TEST(files_under(s.settings().data_dir / "obs" / "buckets" / "docs" / "data").empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(listing)

BOOST_AUTO_TEST_CASE(prefix_delimiter_and_marker_pagination) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "tree");
  for (const auto* key : {"a.txt", "dir/one", "dir/two", "dir/sub/three", "other/x", "z.txt"})
    BOOST_REQUIRE_EQUAL(c.put(std::string("/tree/") + key, key).result_int(), 200U);

  const auto top = c.call(c.make("GET", "/tree", {{"delimiter", "/"}}));
  BOOST_TEST(xml_values(top.body(), "Key") == (std::vector<std::string>{"a.txt", "z.txt"}),
             boost::test_tools::per_element());
  BOOST_TEST(xml_values(top.body(), "Prefix") == (std::vector<std::string>{"", "dir/", "other/"}),
             boost::test_tools::per_element());
  BOOST_TEST(xml_value(top.body(), "IsTruncated") == "false");

  const auto dir = c.call(c.make("GET", "/tree", {{"prefix", "dir/"}, {"delimiter", "/"}}));
  BOOST_TEST(xml_values(dir.body(), "Key") == (std::vector<std::string>{"dir/one", "dir/two"}),
             boost::test_tools::per_element());
  BOOST_TEST(xml_values(dir.body(), "Prefix") == (std::vector<std::string>{"dir/", "dir/sub/"}),
             boost::test_tools::per_element());

  // Two at a time, following NextMarker (a common prefix counts as one entry).
  std::vector<std::string> seen;
  std::string marker;
  int pages = 0;
  for (;;) {
    const auto page = c.call(c.make("GET", "/tree", {{"delimiter", "/"}, {"max-keys", "2"}, {"marker", marker}}));
    BOOST_REQUIRE_EQUAL(page.result_int(), 200U);
    ++pages;
    for (const auto& k : xml_values(page.body(), "Key")) seen.push_back(k);
    const auto prefixes = xml_values(page.body(), "Prefix");
    seen.insert(seen.end(), prefixes.begin() + 1, prefixes.end());
    if (xml_value(page.body(), "IsTruncated") != "true") break;
    marker = xml_value(page.body(), "NextMarker");
    BOOST_REQUIRE(!marker.empty());
  }
  std::sort(seen.begin(), seen.end());
  BOOST_TEST(seen == (std::vector<std::string>{"a.txt", "dir/", "other/", "z.txt"}), boost::test_tools::per_element());
  BOOST_TEST(pages == 2);
}

BOOST_AUTO_TEST_CASE(list_v2_with_continuation_tokens_and_start_after) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s, signature::v4);
  create_bucket(c, "tree");
  for (int i = 0; i < 5; ++i) BOOST_REQUIRE_EQUAL(c.put("/tree/k" + std::to_string(i), "x").result_int(), 200U);
  std::vector<std::string> keys;
  std::string token;
  for (int page = 0; page < 10; ++page) {
    std::vector<mhttp::query_param> q{{"list-type", "2"}, {"max-keys", "2"}};
    if (!token.empty()) q.push_back({"continuation-token", token});
    const auto res = c.call(c.make("GET", "/tree", q));
    BOOST_REQUIRE_EQUAL(res.result_int(), 200U);
    for (const auto& k : xml_values(res.body(), "Key")) keys.push_back(k);
    if (xml_value(res.body(), "IsTruncated") != "true") break;
    token = xml_value(res.body(), "NextContinuationToken");
  }
  BOOST_TEST(keys == (std::vector<std::string>{"k0", "k1", "k2", "k3", "k4"}), boost::test_tools::per_element());
  const auto after = c.call(c.make("GET", "/tree", {{"list-type", "2"}, {"start-after", "k2"}}));
  BOOST_TEST(xml_values(after.body(), "Key") == (std::vector<std::string>{"k3", "k4"}), boost::test_tools::per_element());
  BOOST_TEST(xml_value(after.body(), "KeyCount") == "2");
}

BOOST_AUTO_TEST_CASE(batch_delete_reports_each_key_and_honours_quiet) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "trash");
  for (const auto* key : {"a", "b", "c"}) BOOST_REQUIRE_EQUAL(c.put(std::string("/trash/") + key, "x").result_int(), 200U);
  const auto request = [&](const std::string& xml, bool with_md5) {
    auto r = c.make("POST", "/trash", {{"delete", ""}}, xml);
    if (with_md5) r.headers.set("Content-MD5", md5_base64(xml));
    return c.call(r);
  };
  const std::string verbose = "<Delete><Object><Key>a</Key></Object><Object><Key>missing</Key></Object></Delete>";
  BOOST_TEST(error_code_of(request(verbose, false)) == "InvalidRequest");
  const auto deleted = request(verbose, true);
  BOOST_TEST(deleted.result_int() == 200U);
  BOOST_TEST(xml_values(deleted.body(), "Key") == (std::vector<std::string>{"a", "missing"}),
             boost::test_tools::per_element());
  const auto quiet = request("<Delete><Quiet>true</Quiet><Object><Key>b</Key></Object></Delete>", true);
  BOOST_TEST(quiet.result_int() == 200U);
  BOOST_TEST(xml_values(quiet.body(), "Key").empty());
  const auto rest = c.call(c.make("GET", "/trash"));
  BOOST_TEST(xml_values(rest.body(), "Key") == std::vector<std::string>{"c"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(multipart)

BOOST_AUTO_TEST_CASE(upload_complete_and_read_back_with_the_multipart_etag) {
  auto o = test_support::plain_http_emulator();
  o.obs_min_part_size = 1024;
  emu::server s(o);
  obs_caller c(s);
  create_bucket(c, "big");
  auto init = c.make("POST", "/big/file.bin", {{"uploads", ""}});
  init.headers.set("Content-Type", "application/x-data");
  init.headers.set("x-obs-meta-origin", "test");
  const auto started = c.call(init);
  BOOST_REQUIRE_EQUAL(started.result_int(), 200U);
  const auto upload_id = xml_value(started.body(), "UploadId");
  BOOST_TEST(upload_id.size() == 32U);

  const std::vector<std::string> parts{std::string(2000, 'a'), std::string(1500, 'b'), "tail"};
  std::vector<std::pair<unsigned, std::string>> listed;
  for (unsigned n = 1; n <= parts.size(); ++n) {
    auto r = c.make("PUT", "/big/file.bin", {{"partNumber", std::to_string(n)}, {"uploadId", upload_id}}, parts[n - 1]);
    r.headers.set("Content-MD5", md5_base64(parts[n - 1]));
    const auto res = c.call(r);
    BOOST_REQUIRE_EQUAL(res.result_int(), 200U);
    BOOST_TEST(unquoted(res.at(bhttp::field::etag)) == md5_hex(parts[n - 1]));
    listed.emplace_back(n, md5_hex(parts[n - 1]));
  }
  const auto done = c.call(c.make("POST", "/big/file.bin", {{"uploadId", upload_id}}, complete_body(listed)));
  BOOST_REQUIRE_EQUAL(done.result_int(), 200U);
  // Independently: MD5 of the concatenated binary part MD5s, then "-N".
  std::string md5s;
  for (const auto& p : parts) md5s += auth::md5(p);
  const auto expected_etag = md5_hex(md5s) + "-3";
  BOOST_TEST(unquoted(xml_value(done.body(), "ETag")) == expected_etag);

  const auto got = c.get("/big/file.bin");
  BOOST_TEST((got.body() == parts[0] + parts[1] + parts[2]));
  BOOST_TEST(unquoted(got.at(bhttp::field::etag)) == expected_etag);
  BOOST_TEST(got.at(bhttp::field::content_type) == "application/x-data");
  BOOST_TEST(got.at("x-obs-meta-origin") == "test");
  // A range across the boundary of parts 1 and 2.
  auto ranged = c.make("GET", "/big/file.bin");
  ranged.headers.set("Range", "bytes=1998-2001");
  BOOST_TEST(c.call(ranged).body() == "aabb");
  // The upload is gone.
  const auto after = c.call(c.make("GET", "/big/file.bin", {{"uploadId", upload_id}}));
  BOOST_TEST(error_code_of(after) == "NoSuchUpload");
}

BOOST_AUTO_TEST_CASE(complete_refuses_small_parts_unknown_parts_and_disorder) {
  emu::server s(test_support::plain_http_emulator()); // OBS's minimum part size: 100 KiB
  obs_caller c(s);
  create_bucket(c, "big");
  const auto id = initiate(c, "/big/f");
  const auto e1 = upload_part(c, "/big/f", id, 1, std::string(1000, 'x'));
  const auto e2 = upload_part(c, "/big/f", id, 2, "y");
  const auto complete = [&](const std::vector<std::pair<unsigned, std::string>>& parts) {
    return c.call(c.make("POST", "/big/f", {{"uploadId", id}}, complete_body(parts)));
  };
  const auto small = complete({{1, e1}, {2, e2}});
  BOOST_TEST(small.result_int() == 400U);
  BOOST_TEST(error_code_of(small) == "EntityTooSmall");
  BOOST_TEST(error_code_of(complete({{1, md5_hex("other")}})) == "InvalidPart");
  BOOST_TEST(error_code_of(complete({{3, e1}})) == "InvalidPart");
  BOOST_TEST(error_code_of(complete({{2, e2}, {1, e1}})) == "InvalidPartOrder");
  BOOST_TEST(error_code_of(c.call(c.make("POST", "/big/f", {{"uploadId", id}}, "<nope"))) == "MalformedXML");
  // A single small part is a valid (last) part.
  BOOST_TEST(complete({{2, e2}}).result_int() == 200U);
  BOOST_TEST(c.get("/big/f").body() == "y");
}

BOOST_AUTO_TEST_CASE(abort_removes_the_upload) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "big");
  const auto id = initiate(c, "/big/f");
  upload_part(c, "/big/f", id, 1, "data");
  const auto uploads = c.call(c.make("GET", "/big", {{"uploads", ""}}));
  BOOST_TEST(xml_values(uploads.body(), "UploadId") == std::vector<std::string>{id}, boost::test_tools::per_element());
  BOOST_TEST(c.call(c.make("DELETE", "/big/f", {{"uploadId", id}})).result_int() == 204U);
  const auto late = c.call(c.make("PUT", "/big/f", {{"partNumber", "2"}, {"uploadId", id}}, "more"));
  BOOST_TEST(late.result_int() == 404U);
  BOOST_TEST(error_code_of(late) == "NoSuchUpload");
  BOOST_TEST(error_code_of(c.call(c.make("DELETE", "/big/f", {{"uploadId", id}}))) == "NoSuchUpload");
  BOOST_TEST(xml_values(c.call(c.make("GET", "/big", {{"uploads", ""}})).body(), "UploadId").empty());
  // With no upload left the bucket can go.
  BOOST_TEST(c.call(c.make("DELETE", "/big")).result_int() == 204U);
}

BOOST_AUTO_TEST_CASE(list_parts_pages_with_part_number_markers) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "big");
  const auto id = initiate(c, "/big/f");
  for (unsigned n : {1U, 2U, 3U, 5U, 8U}) upload_part(c, "/big/f", id, n, "part " + std::to_string(n));
  std::vector<std::string> numbers;
  std::string marker = "0";
  int pages = 0;
  for (;;) {
    const auto res = c.call(c.make("GET", "/big/f", {{"uploadId", id}, {"max-parts", "2"}, {"part-number-marker", marker}}));
    BOOST_REQUIRE_EQUAL(res.result_int(), 200U);
    ++pages;
    for (const auto& n : xml_values(res.body(), "PartNumber")) numbers.push_back(n);
    BOOST_TEST(xml_values(res.body(), "Size").size() == xml_values(res.body(), "PartNumber").size());
    if (xml_value(res.body(), "IsTruncated") != "true") break;
    marker = xml_value(res.body(), "NextPartNumberMarker");
  }
  BOOST_TEST(numbers == (std::vector<std::string>{"1", "2", "3", "5", "8"}), boost::test_tools::per_element());
  BOOST_TEST(pages == 3);
  const auto first = c.call(c.make("GET", "/big/f", {{"uploadId", id}}));
  BOOST_TEST(xml_values(first.body(), "ETag").front() == "&quot;" + md5_hex("part 1") + "&quot;");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(addressing)

BOOST_AUTO_TEST_CASE(path_style_and_virtual_hosted_reach_the_same_objects) {
  emu::server s(test_support::plain_http_emulator());
  for (const auto kind : {signature::obs_v2, signature::aws_v2, signature::v4}) {
    obs_caller c(s, kind);
    const std::string bucket = kind == signature::obs_v2 ? "vh-obs" : kind == signature::aws_v2 ? "vh-aws" : "vh-v4";
    BOOST_REQUIRE_EQUAL(c.call(c.make_virtual("PUT", bucket, "")).result_int(), 200U);
    BOOST_REQUIRE_EQUAL(c.call(c.make_virtual("PUT", bucket, "dir/by host.txt", "hosted")).result_int(), 200U);
    BOOST_TEST(c.get("/" + bucket + "/dir/by host.txt").body() == "hosted");
    BOOST_REQUIRE_EQUAL(c.put("/" + bucket + "/by-path", "path").result_int(), 200U);
    BOOST_TEST(c.call(c.make_virtual("GET", bucket, "by-path")).body() == "path");
    const auto listing = c.call(c.make_virtual("GET", bucket, ""));
    BOOST_TEST(xml_values(listing.body(), "Key") == (std::vector<std::string>{"by-path", "dir/by host.txt"}),
               boost::test_tools::per_element());
  }
  // Virtual-hosted requests count under their path-style form.
  BOOST_TEST(s.requests_matching("GET", "/vh-obs/by-path") == 1U);
  BOOST_TEST(s.requests_matching("PUT", "/vh-v4/dir/") == 1U);
}

BOOST_AUTO_TEST_CASE(virtual_hosted_tls_verifies_for_bucket_localhost) {
  emu::server s; // TLS
  obs_caller plain_signing(s);
  const std::string name = "secure-bucket.localhost";
  asio::io_context io;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.load_verify_file(s.ca_file().string());
  ctx.set_verify_mode(asio::ssl::verify_peer);
  asio::ssl::stream<tcp::socket> stream(io, ctx);
  // SSL_set_tlsext_host_name spelled out: the macro hides a C-style cast.
  BOOST_REQUIRE(SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                         const_cast<char*>(name.c_str())) == 1);
  stream.set_verify_callback(asio::ssl::host_name_verification(name));
  stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), s.port()});
  stream.handshake(asio::ssl::stream_base::client); // throws when the name is not certified
  const auto call = [&](mhttp::request r) {
    r.headers.set("Host", name + ":" + std::to_string(s.port()));
    r.bucket = "secure-bucket";
    bhttp::write(stream, to_beast(plain_signing.signed_request(std::move(r))));
    beast::flat_buffer buffer;
    beast_response res;
    bhttp::read(stream, buffer, res);
    return res;
  };
  BOOST_TEST(call(plain_signing.make("PUT", "/")).result_int() == 200U);
  BOOST_TEST(call(plain_signing.make("PUT", "/k", {}, "over tls")).result_int() == 200U);
  BOOST_TEST(call(plain_signing.make("GET", "/k")).body() == "over tls");
}

BOOST_AUTO_TEST_CASE(other_services_keep_their_paths) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  mhttp::request r;
  r.method = "GET";
  r.to = mhttp::parse_origin(s.endpoint());
  r.path = "/v9/nothing/here";
  const auto res = c.call(r);
  BOOST_TEST(res.result_int() == 404U);
  BOOST_TEST(res.body().find("APIG.0101") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(authentication)

BOOST_AUTO_TEST_CASE(a_wrong_secret_is_signature_does_not_match_for_each_kind) {
  emu::server s(test_support::plain_http_emulator());
  for (const auto kind : {signature::obs_v2, signature::aws_v2, signature::v4}) {
    obs_caller c(s, kind);
    const std::string wrong = "wrong-secret-key-1111111111111111111111";
    const auto res = c.send_signed(c.signed_request(c.make("GET", "/"), wrong));
    BOOST_TEST(res.result_int() == 403U);
    BOOST_TEST(error_code_of(res) == "SignatureDoesNotMatch");
    BOOST_TEST(res.body().find(wrong) == std::string::npos);
    BOOST_TEST(res.body().find(s.settings().keys.front().secret_key) == std::string::npos);
  }
  BOOST_TEST(s.statistics().auth_failures == 3U);
}

BOOST_AUTO_TEST_CASE(unknown_key_missing_credentials_and_a_changed_request_are_refused) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "docs");
  auto unknown = c.make("GET", "/");
  auth::obs_v2_signer({"NOSUCHKEY", "secret", {}}, auth::obs_dialect::obs).sign(unknown, auth::clock::now());
  const auto refused = c.send_signed(unknown);
  BOOST_TEST(refused.result_int() == 403U);
  BOOST_TEST(error_code_of(refused) == "InvalidAccessKeyId");

  const auto anonymous = c.send_signed(c.make("GET", "/docs/k"));
  BOOST_TEST(anonymous.result_int() == 403U);
  BOOST_TEST(error_code_of(anonymous) == "AccessDenied");

  auto changed = c.signed_request(c.make("PUT", "/docs/k", {}, "x"));
  changed.headers.set("x-obs-meta-added", "after signing");
  BOOST_TEST(error_code_of(c.send_signed(changed)) == "SignatureDoesNotMatch");
}

BOOST_AUTO_TEST_CASE(clock_skew_is_request_time_too_skewed) {
  emu::server s(test_support::plain_http_emulator());
  for (const auto kind : {signature::obs_v2, signature::v4}) {
    obs_caller c(s, kind);
    const auto late = c.signed_request(c.make("GET", "/"), std::nullopt, auth::clock::now() - std::chrono::minutes(20));
    const auto res = c.send_signed(late);
    BOOST_TEST(res.result_int() == 403U);
    BOOST_TEST(error_code_of(res) == "RequestTimeTooSkewed");
    const auto close_enough = c.signed_request(c.make("GET", "/"), std::nullopt, auth::clock::now() - std::chrono::minutes(10));
    BOOST_TEST(c.send_signed(close_enough).result_int() == 200U);
  }
}

BOOST_AUTO_TEST_CASE(v4_payload_hash_is_checked_against_the_body) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s, signature::v4);
  create_bucket(c, "docs");
  auto r = c.make("PUT", "/docs/k", {}, "the real body");
  r.headers.set("x-amz-content-sha256", auth::sha256_hex("another body"));
  const auto res = c.call(r);
  BOOST_TEST(res.result_int() == 400U);
  BOOST_TEST(error_code_of(res) == "XAmzContentSHA256Mismatch");
  BOOST_TEST(c.get("/docs/k").result_int() == 404U);
  auto unsigned_payload = c.make("PUT", "/docs/k", {}, "any body");
  unsigned_payload.headers.set("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
  BOOST_TEST(c.call(unsigned_payload).result_int() == 200U);
  BOOST_TEST(c.put("/docs/hashed", "hashed body").result_int() == 200U); // the signer hashes the body
}

BOOST_AUTO_TEST_CASE(presigned_urls_work_until_they_expire) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "shared");
  BOOST_REQUIRE_EQUAL(c.put("/shared/file", "shared bytes").result_int(), 200U);
  const auto& k = s.settings().keys.front();
  const auto origin = mhttp::parse_origin(s.endpoint());
  for (const auto dialect : {auth::obs_dialect::obs, auth::obs_dialect::aws}) {
    const auto fetch = [&](auth::clock::time_point expires) {
      const auto url = auth::obs_presigned_url({k.access_key, k.secret_key, {}}, dialect, "GET", origin, "shared",
                                               "file", expires, false);
      const auto target = url.substr(url.find('/', url.find("://") + 3));
      bhttp::request<bhttp::string_body> msg(bhttp::verb::get, target, 11);
      msg.set(bhttp::field::host, origin.host_header());
      bhttp::write(c.connection().socket(), msg);
      return c.connection().receive();
    };
    const auto ok = fetch(auth::clock::now() + std::chrono::minutes(5));
    BOOST_TEST(ok.result_int() == 200U);
    BOOST_TEST(ok.body() == "shared bytes");
    const auto expired = fetch(auth::clock::now() - std::chrono::minutes(1));
    BOOST_TEST(expired.result_int() == 403U);
    BOOST_TEST(error_code_of(expired) == "AccessDenied");
  }
}

BOOST_AUTO_TEST_CASE(presigned_v4_urls_work_until_they_expire) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "shared");
  BOOST_REQUIRE_EQUAL(c.put("/shared/file", "v4 shared").result_int(), 200U);
  const auto& k = s.settings().keys.front();
  const auto& region = s.settings().region;
  const auto fetch = [&](auth::clock::time_point signed_at, int expires_seconds) {
    mhttp::request r;
    r.method = "GET";
    r.to = mhttp::parse_origin(s.endpoint());
    r.path = "/shared/file";
    r.headers.set("Host", r.to.host_header());
    const auto date = auth::apig_date(signed_at);
    const auto day = date.substr(0, 8);
    const auto scope = auth::v4_scope(day, region, "s3");
    r.query = {{"X-Amz-Algorithm", "AWS4-HMAC-SHA256"},
               {"X-Amz-Credential", k.access_key + "/" + scope},
               {"X-Amz-Date", date},
               {"X-Amz-Expires", std::to_string(expires_seconds)},
               {"X-Amz-SignedHeaders", "host"}};
    const auto canonical = auth::v4_canonical_request(r, {"host"}, "UNSIGNED-PAYLOAD");
    const auto key = auth::v4_signing_key(k.secret_key, day, region, "s3");
    r.query.push_back({"X-Amz-Signature",
                       auth::hex_lower(auth::hmac_sha256(key, auth::v4_string_to_sign(date, scope, canonical)))});
    return c.send_signed(r);
  };
  const auto ok = fetch(auth::clock::now(), 300);
  BOOST_TEST(ok.result_int() == 200U);
  BOOST_TEST(ok.body() == "v4 shared");
  const auto expired = fetch(auth::clock::now() - std::chrono::minutes(10), 60);
  BOOST_TEST(expired.result_int() == 403U);
  BOOST_TEST(error_code_of(expired) == "AccessDenied");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(storage)

BOOST_AUTO_TEST_CASE(hostile_keys_stay_inside_the_data_folder) {
  // The data folder inside a fresh folder, so that an escape one or more
  // levels up would show.
  const auto outer = std::filesystem::temp_directory_path() /
                     ("emulator-obs-keys-" + auth::hex_lower(auth::md5(std::to_string(
                                                 std::chrono::steady_clock::now().time_since_epoch().count()))));
  auto o = test_support::plain_http_emulator();
  o.data_dir = outer / "data";
  auto s_holder = std::make_unique<emu::server>(o);
  auto& s = *s_holder;
  obs_caller c(s);
  create_bucket(c, "safe");
  const std::vector<std::string> keys{"../x", "a/../../b", "../../../../escape", "./dot", "unicodé/✓"};
  for (const auto& k : keys) BOOST_REQUIRE_EQUAL(c.put("/safe/" + k, "content of " + k).result_int(), 200U);
  for (const auto& k : keys) BOOST_TEST(c.get("/safe/" + k).body() == "content of " + k);
  const auto listing = c.call(c.make("GET", "/safe"));
  auto listed = xml_values(listing.body(), "Key");
  auto expected = keys;
  std::sort(expected.begin(), expected.end());
  BOOST_TEST(listed == expected, boost::test_tools::per_element());

  const auto data_dir = std::filesystem::canonical(s.settings().data_dir);
  for (const auto& f : files_under(data_dir)) {
    const auto name = f.filename().string();
    BOOST_TEST(name != "x");
    BOOST_TEST(name != "b");
    BOOST_TEST(name != "escape");
    BOOST_TEST(std::filesystem::canonical(f).string().starts_with(data_dir.string()));
  }
  std::vector<std::string> beside;
  for (const auto& e : std::filesystem::directory_iterator(outer)) beside.push_back(e.path().filename().string());
  BOOST_TEST(beside == std::vector<std::string>{"data"}, boost::test_tools::per_element());
  s_holder.reset();
  std::filesystem::remove_all(outer);
}

BOOST_AUTO_TEST_CASE(objects_survive_a_restart_on_the_same_data_folder) {
  const auto dir = std::filesystem::temp_directory_path() / ("emulator-obs-restart-" + auth::hex_lower(auth::md5(std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()))));
  auto o = test_support::plain_http_emulator();
  o.data_dir = dir;
  std::string upload_id;
  {
    emu::server s(o);
    obs_caller c(s);
    create_bucket(c, "kept");
    BOOST_REQUIRE_EQUAL(c.put("/kept/k", "persisted").result_int(), 200U);
    upload_id = initiate(c, "/kept/pending");
    upload_part(c, "/kept/pending", upload_id, 1, "part");
  }
  {
    emu::server s(o);
    obs_caller c(s);
    BOOST_TEST(c.get("/kept/k").body() == "persisted");
    const auto parts = c.call(c.make("GET", "/kept/pending", {{"uploadId", upload_id}}));
    BOOST_TEST(xml_values(parts.body(), "PartNumber") == std::vector<std::string>{"1"}, boost::test_tools::per_element());
  }
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_64_mib_put_streams_to_disk) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "large");
  constexpr std::uint64_t size = 64ULL * 1024 * 1024;
  const std::string piece(1024 * 1024, 'q');
  auth::digest md5(auth::digest::algorithm::md5);
  for (std::uint64_t sent = 0; sent < size; sent += piece.size()) md5.update(piece);
  const auto digest = md5.finish();

  auto r = c.signed_request([&] {
    auto req = c.make("PUT", "/large/blob");
    req.headers.set("Content-MD5", auth::base64(digest));
    return req;
  }());
  auto head = to_beast(r);
  head.set(bhttp::field::content_length, std::to_string(size));
  head.body().clear();
  bhttp::request_serializer<bhttp::string_body> serializer(head);

  // The peak resident size, reset just before the upload where the kernel allows.
  { std::ofstream("/proc/self/clear_refs") << "5"; }
  const auto before = status_kib("VmRSS:");
  bhttp::write_header(c.connection().socket(), serializer);
  for (std::uint64_t sent = 0; sent < size; sent += piece.size()) asio::write(c.connection().socket(), asio::buffer(piece));
  const auto res = c.connection().receive();
  const auto peak = status_kib("VmHWM:");
  BOOST_TEST(res.result_int() == 200U);
  BOOST_TEST(unquoted(res.at(bhttp::field::etag)) == auth::hex_lower(digest));
  BOOST_TEST(s.statistics().body_bytes_received >= size);
  // Far less than the 64 MiB body: it went to disk in pieces.
  BOOST_TEST_MESSAGE("RSS before " << before << " KiB, peak " << peak << " KiB");
  BOOST_TEST(peak < before + 24 * 1024);

  auto ranged = c.make("GET", "/large/blob");
  ranged.headers.set("Range", "bytes=" + std::to_string(size - 4) + "-");
  BOOST_TEST(c.call(ranged).body() == "qqqq");
}

BOOST_AUTO_TEST_CASE(chunked_and_expect_continue_uploads) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "incoming");
  auto& socket = c.connection().socket();
  // Chunked: the SDK never sends it, curl does for a pipe.
  {
    auto r = c.signed_request(c.make("PUT", "/incoming/chunked"));
    std::string head = "PUT " + r.target() + " HTTP/1.1\r\n";
    for (const auto& f : r.headers) head += f.name + ": " + f.value + "\r\n";
    head += "Host: " + r.to.host_header() + "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
    asio::write(socket, asio::buffer(head));
    BOOST_TEST(c.connection().receive().result_int() == 200U);
    BOOST_TEST(c.get("/incoming/chunked").body() == "hello world");
  }
  // Expect: 100-continue: 100 first, then the answer.
  {
    auto r = c.signed_request(c.make("PUT", "/incoming/continued"));
    std::string head = "PUT " + r.target() + " HTTP/1.1\r\n";
    for (const auto& f : r.headers) head += f.name + ": " + f.value + "\r\n";
    head += "Host: " + r.to.host_header() + "\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n";
    asio::write(socket, asio::buffer(head));
    BOOST_TEST(c.connection().receive().result_int() == 100U);
    asio::write(socket, asio::buffer(std::string("body")));
    BOOST_TEST(c.connection().receive().result_int() == 200U);
  }
  // Refused at the head: the answer comes at once, without 100, and the
  // connection closes (the body was never sent).
  {
    auto r = c.signed_request(c.make("PUT", "/no-such-bucket/k"));
    std::string head = "PUT " + r.target() + " HTTP/1.1\r\n";
    for (const auto& f : r.headers) head += f.name + ": " + f.value + "\r\n";
    head += "Host: " + r.to.host_header() + "\r\nExpect: 100-continue\r\nContent-Length: 1000000\r\n\r\n";
    asio::write(socket, asio::buffer(head));
    const auto res = c.connection().receive();
    BOOST_TEST(res.result_int() == 404U);
    BOOST_TEST(error_code_of(res) == "NoSuchBucket");
    BOOST_TEST(!res.keep_alive());
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(faults)

BOOST_AUTO_TEST_CASE(drop_after_body_bytes_on_an_upload_leaves_no_object) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller setup(s);
  create_bucket(setup, "drops");
  s.add_fault({.method = "PUT", .path_prefix = "/drops/", .count = 1, .drop_after_body_bytes = 100 * 1024});
  obs_caller c(s);
  const std::string body(1024 * 1024, 'd');
  boost::system::error_code write_error; // the reset may come while writing
  bhttp::write(c.connection().socket(), to_beast(c.signed_request(c.make("PUT", "/drops/k", {}, body))), write_error);
  bhttp::response_parser<bhttp::string_body> parser;
  const auto ec = c.connection().receive_failing(parser);
  BOOST_TEST(!parser.is_header_done());
  BOOST_TEST((ec == asio::error::connection_reset || ec == bhttp::error::end_of_stream || ec == asio::error::eof));
  BOOST_TEST(setup.get("/drops/k").result_int() == 404U);
  BOOST_TEST(std::filesystem::is_empty(s.settings().data_dir / "obs" / "tmp"));
  BOOST_TEST(std::filesystem::is_empty(s.settings().data_dir / "obs" / "buckets" / "drops" / "data"));
  BOOST_TEST(s.statistics().body_bytes_received >= 100U * 1024);
  // The fault was used up: the same upload now works.
  BOOST_TEST(setup.put("/drops/k", body).result_int() == 200U);
}

BOOST_AUTO_TEST_CASE(drop_after_body_bytes_on_a_download_cuts_the_answer) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "drops");
  const std::string body(300 * 1024, 'e');
  BOOST_REQUIRE_EQUAL(c.put("/drops/k", body).result_int(), 200U);
  // Virtual-hosted requests match a rule written in path-style form.
  s.add_fault({.method = "GET", .path_prefix = "/drops/k", .count = 1, .drop_after_body_bytes = 1000});
  bhttp::write(c.connection().socket(), to_beast(c.signed_request(c.make_virtual("GET", "drops", "k"))));
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  const auto ec = c.connection().receive_failing(parser);
  BOOST_TEST((ec == asio::error::connection_reset || ec == bhttp::error::partial_message));
  BOOST_REQUIRE(parser.is_header_done());
  BOOST_TEST(parser.get().at(bhttp::field::content_length) == std::to_string(body.size()));
  BOOST_TEST(parser.get().body().size() <= 1000U);
}

BOOST_AUTO_TEST_CASE(status_faults_answer_in_obs_xml) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "busy");
  s.add_fault({.path_prefix = "/busy/", .count = 2, .status = 503, .retry_after_seconds = 1});
  const auto slow = c.put("/busy/k", "body");
  BOOST_TEST(slow.result_int() == 503U);
  BOOST_TEST(error_code_of(slow) == "SlowDown");
  BOOST_TEST(slow.at(bhttp::field::retry_after) == "1");
  BOOST_TEST(slow.at(bhttp::field::content_type) == "application/xml");
  BOOST_TEST(c.get("/busy/k").result_int() == 503U);
  // Nothing was stored by the refused PUT; the connection stayed usable.
  BOOST_TEST(c.get("/busy/k").result_int() == 404U);
  BOOST_TEST(s.requests_matching("", "/busy/k") == 3U);
}

BOOST_AUTO_TEST_CASE(truncate_body_and_stale_keep_alive_on_a_streamed_download) {
  emu::server s(test_support::plain_http_emulator());
  obs_caller c(s);
  create_bucket(c, "faulty");
  const std::string body(200 * 1024, 't');
  BOOST_REQUIRE_EQUAL(c.put("/faulty/k", body).result_int(), 200U);
  s.add_fault({.method = "GET", .count = 1, .truncate_body = true});
  bhttp::write(c.connection().socket(), to_beast(c.signed_request(c.make("GET", "/faulty/k"))));
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  BOOST_TEST((c.connection().receive_failing(parser) == bhttp::error::partial_message));
  BOOST_TEST(parser.get().body().size() == body.size() / 2);

  s.add_fault({.method = "GET", .count = 1, .close_after_response = true});
  obs_caller fresh(s);
  const auto whole = fresh.get("/faulty/k");
  BOOST_TEST(whole.body().size() == body.size());
  char byte = 0;
  boost::system::error_code ec;
  fresh.connection().socket().read_some(asio::buffer(&byte, 1), ec);
  BOOST_TEST((ec == asio::error::eof));
  BOOST_TEST(s.statistics().body_bytes_sent >= body.size() + body.size() / 2);
}

BOOST_AUTO_TEST_SUITE_END()

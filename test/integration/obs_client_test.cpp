// obs_client against the emulator's OBS routes: buckets, objects with user
// metadata, ranges and preconditions, listings across pages, batch delete,
// copy, multipart uploads, and OBS's XML errors, in every signature mode and
// both addressings.
#include "emulator_fixture.hpp"

#include <modelarts/obs/obs_client.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

using namespace test_support;
using modelarts::api_error;
using modelarts::obs_addressing;
using modelarts::obs_signature;
namespace obs = modelarts::obs;

namespace {

/// The api_error `f` throws; fails the test when it throws nothing else.
template <class F>
api_error api_error_of(F&& f) {
  try {
    f();
  } catch (const api_error& e) {
    return e;
  }
  BOOST_FAIL("no api_error thrown");
  throw std::logic_error("unreachable");
}

modelarts::client obs_client_for(emulator_fixture& f, obs_signature s, obs_addressing a) {
  auto o = f.options();
  o.obs.signature = s;
  o.obs.addressing = a;
  return f.make_client(o, f.access_key());
}

/// A file of `size` bytes whose every byte depends on its offset.
struct patterned_file {
  std::filesystem::path path;
  std::string contents;
  explicit patterned_file(std::size_t size) {
    path = std::filesystem::temp_directory_path() / ("obs_client_test_" + std::to_string(::getpid()) + ".bin");
    contents.resize(size);
    for (std::size_t i = 0; i < size; ++i) contents[i] = static_cast<char>((i * 7 + i / 1024) & 0xFF);
    std::ofstream(path, std::ios::binary) << contents;
  }
  ~patterned_file() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

obs::put_options text_with_metadata() {
  obs::put_options o;
  o.content_type = "text/plain";
  o.user_metadata = {{"owner", "alice"}, {"note", "caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87"}};
  return o;
}

} // namespace

BOOST_AUTO_TEST_SUITE(buckets)

BOOST_AUTO_TEST_CASE(bucket_lifecycle_in_both_addressings) {
  emulator_fixture f;
  for (const auto addressing : {obs_addressing::virtual_hosted, obs_addressing::path}) {
    auto c = obs_client_for(f, obs_signature::obs, addressing).obs();
    const std::string bucket = addressing == obs_addressing::path ? "lifecycle-path" : "lifecycle-virtual";
    BOOST_TEST(!f.run(c.bucket_exists(bucket)));
    f.run(c.create_bucket(bucket, f.server.settings().region));
    BOOST_TEST(f.run(c.bucket_exists(bucket)));
    BOOST_TEST(f.run(c.bucket_location(bucket)) == f.server.settings().region);
    const auto buckets = f.run(c.list_buckets());
    BOOST_TEST(std::any_of(buckets.begin(), buckets.end(), [&](const auto& b) { return b.name == bucket; }));
    f.run(c.delete_bucket(bucket));
    BOOST_TEST(!f.run(c.bucket_exists(bucket)));
  }
}

BOOST_AUTO_TEST_CASE(deleting_a_bucket_with_objects_is_refused) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("full-bucket"));
  f.run(c.put_object("full-bucket", "k", "x"));
  const auto e = api_error_of([&] { f.run(c.delete_bucket("full-bucket")); });
  BOOST_TEST(e.http_status() == 409u);
  BOOST_TEST(e.service_code() == "BucketNotEmpty");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(objects)

BOOST_AUTO_TEST_CASE(put_head_get_delete_with_metadata_in_every_signature_mode) {
  emulator_fixture f;
  for (const auto signature : {obs_signature::obs, obs_signature::v2, obs_signature::v4}) {
    for (const auto addressing : {obs_addressing::virtual_hosted, obs_addressing::path}) {
      auto c = obs_client_for(f, signature, addressing).obs();
      const std::string bucket = "objects-" + std::to_string(static_cast<int>(signature)) + "-" +
                                 std::to_string(static_cast<int>(addressing));
      f.run(c.create_bucket(bucket));
      const std::string key = "dir/a b+c \xE4\xB8\xAD.txt";
      const auto etag = f.run(c.put_object(bucket, key, "hello world", text_with_metadata()));
      BOOST_TEST(etag == "5eb63bbbe01eeed093cb22bb8f5acdc3");

      const auto head = f.run(c.head_object(bucket, key));
      BOOST_TEST(head.size == 11u);
      BOOST_TEST(head.etag == etag);
      BOOST_TEST(head.content_type == "text/plain");
      BOOST_TEST(!head.last_modified.empty());
      BOOST_TEST((head.user_metadata == text_with_metadata().user_metadata));

      BOOST_TEST(f.run(c.get_object(bucket, key)) == "hello world");
      f.run(c.delete_object(bucket, key));
      const auto gone = api_error_of([&] { (void)f.run(c.get_object(bucket, key)); });
      BOOST_TEST(gone.http_status() == 404u);
      BOOST_TEST(gone.service_code() == "NoSuchKey");
      BOOST_TEST(!gone.request_id().empty());
      f.run(c.delete_object(bucket, key)); // deleting what is gone succeeds
      f.run(c.delete_bucket(bucket));
    }
  }
}

BOOST_AUTO_TEST_CASE(in_memory_body_larger_than_a_tls_record) {
  // A body over 16 KiB spans several TLS records; all of it must arrive.
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("memory-body"));
  const patterned_file pattern(100 * 1024);
  f.run(c.put_object("memory-body", "k", pattern.contents));
  BOOST_TEST(f.run(c.get_object("memory-body", "k")) == pattern.contents);
}

BOOST_AUTO_TEST_CASE(upload_from_a_file_range) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  const patterned_file file(300 * 1024);
  f.run(c.create_bucket("from-file"));
  const auto etag = f.run(c.put_object_from_file("from-file", "slice.bin", file.path, 1000, 200 * 1024));
  BOOST_TEST(etag.size() == 32u);
  BOOST_TEST(f.run(c.get_object("from-file", "slice.bin")) == file.contents.substr(1000, 200 * 1024));
}

BOOST_AUTO_TEST_CASE(range_get_and_sink) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("ranges"));
  f.run(c.put_object("ranges", "k", "hello world"));
  obs::get_options range;
  range.range = obs::byte_range{6, 10};
  BOOST_TEST(f.run(c.get_object("ranges", "k", range)) == "world");
  range.range = obs::byte_range{6, std::nullopt};
  std::string received;
  const auto head = f.run(c.get_object_to_sink(
      "ranges", "k",
      [&](std::string_view piece) {
        received += piece;
        return true;
      },
      range));
  BOOST_TEST(received == "world");
  BOOST_TEST(head.size == 11u); // the whole object's size, from Content-Range
}

BOOST_AUTO_TEST_CASE(if_match_guards_against_a_changed_object) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("preconditions"));
  const auto first = f.run(c.put_object("preconditions", "k", "one"));
  obs::get_options guarded;
  guarded.if_match = first;
  BOOST_TEST(f.run(c.get_object("preconditions", "k", guarded)) == "one");
  f.run(c.put_object("preconditions", "k", "two"));
  const auto e = api_error_of([&] { (void)f.run(c.get_object("preconditions", "k", guarded)); });
  BOOST_TEST(e.http_status() == 412u);
  BOOST_TEST(e.service_code() == "PreconditionFailed");
}

BOOST_AUTO_TEST_CASE(copy_keeps_content_and_metadata) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("copy-source"));
  f.run(c.create_bucket("copy-target"));
  const auto etag = f.run(c.put_object("copy-source", "dir/orig inal.txt", "copied bytes", text_with_metadata()));
  BOOST_TEST(f.run(c.copy_object("copy-source", "dir/orig inal.txt", "copy-target", "copy.txt")) == etag);
  BOOST_TEST(f.run(c.get_object("copy-target", "copy.txt")) == "copied bytes");
  BOOST_TEST(f.run(c.head_object("copy-target", "copy.txt")).user_metadata.at("owner") == "alice");
  const auto missing = api_error_of([&] { (void)f.run(c.copy_object("copy-source", "nope", "copy-target", "x")); });
  BOOST_TEST(missing.service_code() == "NoSuchKey");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(listings)

BOOST_AUTO_TEST_CASE(pages_follow_markers_and_delimiters_group_prefixes) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("listing"));
  for (int i = 0; i < 25; ++i) f.run(c.put_object("listing", "many/" + std::to_string(100 + i), "x"));
  f.run(c.put_object("listing", "other/a", "x"));
  f.run(c.put_object("listing", "top", "x"));

  obs::list_objects_request request;
  request.prefix = "many/";
  request.max_keys = 10;
  std::vector<std::string> seen;
  for (int page_count = 1;; ++page_count) {
    auto page = f.run(c.list_objects("listing", request));
    for (const auto& o : page.objects) seen.push_back(o.key);
    if (!page.truncated) {
      BOOST_TEST(page_count == 3);
      break;
    }
    BOOST_TEST(page.objects.size() == 10u);
    request.marker = page.next_marker;
  }
  BOOST_TEST(seen.size() == 25u);
  BOOST_TEST(std::is_sorted(seen.begin(), seen.end()));

  obs::list_objects_request folders;
  folders.delimiter = "/";
  const auto top = f.run(c.list_objects("listing", folders));
  BOOST_TEST(top.common_prefixes == (std::vector<std::string>{"many/", "other/"}));
  BOOST_TEST(top.objects.size() == 1u);
  BOOST_TEST(top.objects[0].key == "top");
  BOOST_TEST(top.objects[0].size == 1u);
}

BOOST_AUTO_TEST_CASE(more_than_a_thousand_keys_are_listed_and_deleted_in_batches) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("thousands"));
  std::vector<std::string> keys;
  for (int i = 0; i < 1001; ++i) {
    keys.push_back("k" + std::to_string(10000 + i));
    obs::put_options quick;
    quick.verify_md5 = false;
    f.run(c.put_object("thousands", keys.back(), "", quick));
  }
  const auto all = f.run(c.list_all_objects("thousands"));
  BOOST_TEST(all.size() == 1001u);
  keys.push_back("never-existed");
  const auto result = f.run(c.delete_objects("thousands", keys));
  BOOST_TEST(result.deleted.size() == 1002u);
  BOOST_TEST(result.failed.empty());
  BOOST_TEST(f.run(c.list_all_objects("thousands")).empty());
}


BOOST_AUTO_TEST_CASE(keys_with_control_characters_and_odd_bytes_round_trip) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("hostile-list"));
  const std::vector<std::string> keys = {
      "k/\x01start",  "k/bell\x07",     "k/line\nbreak", "k/tab\there",  "k/del\x7f",   "k/amp&lt;<gt>\"'",
      "k/%41 percent", "k/plus+sign",    "k/ lead space", "k/raw\xff\xfe", "k/\xE4\xB8\xAD\xE6\x96\x87", "k/cr\r"};
  for (const auto& key : keys) f.run(c.put_object("hostile-list", key, "x"));
  std::vector<std::string> expected = keys;
  std::sort(expected.begin(), expected.end());

  std::vector<std::string> all;
  for (const auto& o : f.run(c.list_all_objects("hostile-list", "k/"))) all.push_back(o.key);
  BOOST_TEST(all == expected, boost::test_tools::per_element());

  // Pages of 5: every marker (decoded, then sent again) continues where the last page ended.
  std::vector<std::string> paged;
  obs::list_objects_request request;
  request.prefix = "k/";
  request.max_keys = 5;
  for (int pages = 0; pages < 10; ++pages) {
    const auto page = f.run(c.list_objects("hostile-list", request));
    for (const auto& o : page.objects) paged.push_back(o.key);
    if (!page.truncated) break;
    request.marker = page.next_marker;
  }
  BOOST_TEST(paged == expected, boost::test_tools::per_element());

  // Common prefixes with a control character come back decoded too.
  f.run(c.put_object("hostile-list", "d\x02ir/one", "x"));
  obs::list_objects_request folders;
  folders.delimiter = "/";
  const auto top = f.run(c.list_objects("hostile-list", folders));
  BOOST_TEST((std::find(top.common_prefixes.begin(), top.common_prefixes.end(), "d\x02ir/") != top.common_prefixes.end()));
  for (const auto& key : keys) BOOST_TEST(f.run(c.get_object("hostile-list", key)) == "x");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(multipart)

BOOST_AUTO_TEST_CASE(parts_from_a_file_are_listed_and_completed) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("multipart"));
  constexpr std::uint64_t part_size = 100 * 1024; // the emulator's minimum part size
  const patterned_file file(250 * 1024);
  const auto id = f.run(c.initiate_multipart_upload("multipart", "big.bin", text_with_metadata()));
  const auto uploads = f.run(c.list_multipart_uploads("multipart"));
  BOOST_TEST_REQUIRE(uploads.size() == 1u);
  BOOST_TEST(uploads[0].upload_id == id);
  BOOST_TEST(uploads[0].key == "big.bin");

  std::vector<obs::part_info> parts;
  for (unsigned n = 1; (n - 1) * part_size < file.contents.size(); ++n) {
    const std::uint64_t offset = (n - 1) * part_size;
    const std::uint64_t length = std::min<std::uint64_t>(part_size, file.contents.size() - offset);
    obs::part_info p;
    p.part_number = n;
    p.size = length;
    p.etag = f.run(c.upload_part("multipart", "big.bin", id, n, file.path, offset, length));
    parts.push_back(p);
  }
  const auto listed = f.run(c.list_parts("multipart", "big.bin", id));
  BOOST_TEST_REQUIRE(listed.size() == 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    BOOST_TEST(listed[i].part_number == parts[i].part_number);
    BOOST_TEST(listed[i].etag == parts[i].etag);
    BOOST_TEST(listed[i].size == parts[i].size);
  }

  std::reverse(parts.begin(), parts.end()); // completion sorts them
  const auto etag = f.run(c.complete_multipart_upload("multipart", "big.bin", id, parts));
  BOOST_TEST(etag.ends_with("-3"));
  const auto head = f.run(c.head_object("multipart", "big.bin"));
  BOOST_TEST(head.size == file.contents.size());
  BOOST_TEST(head.user_metadata.at("owner") == "alice");
  BOOST_TEST(f.run(c.get_object("multipart", "big.bin")) == file.contents);
  BOOST_TEST(f.run(c.list_multipart_uploads("multipart")).empty());
}

BOOST_AUTO_TEST_CASE(aborted_upload_is_gone) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("aborts"));
  const patterned_file file(1024);
  const auto id = f.run(c.initiate_multipart_upload("aborts", "x.bin"));
  f.run(c.upload_part("aborts", "x.bin", id, 1, file.path, 0, 1024));
  f.run(c.abort_multipart_upload("aborts", "x.bin", id));
  BOOST_TEST(f.run(c.list_multipart_uploads("aborts")).empty());
  const auto e = api_error_of([&] { (void)f.run(c.list_parts("aborts", "x.bin", id)); });
  BOOST_TEST(e.http_status() == 404u);
  BOOST_TEST(e.service_code() == "NoSuchUpload");
}

BOOST_AUTO_TEST_CASE(small_middle_part_is_refused_at_completion) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("small-parts"));
  const patterned_file file(2048);
  const auto id = f.run(c.initiate_multipart_upload("small-parts", "x.bin"));
  std::vector<obs::part_info> parts(2);
  for (unsigned n = 1; n <= 2; ++n) {
    parts[n - 1].part_number = n;
    parts[n - 1].etag = f.run(c.upload_part("small-parts", "x.bin", id, n, file.path, (n - 1) * 1024, 1024));
  }
  const auto e = api_error_of([&] { (void)f.run(c.complete_multipart_upload("small-parts", "x.bin", id, parts)); });
  BOOST_TEST(e.service_code() == "EntityTooSmall");
}

BOOST_AUTO_TEST_CASE(parts_from_memory_are_checked_and_completed) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("memory-parts"));
  const patterned_file file(150 * 1024);
  const std::string first = file.contents.substr(0, 100 * 1024); // the emulator's minimum part size
  const std::string second = file.contents.substr(100 * 1024);
  const auto id = f.run(c.initiate_multipart_upload("memory-parts", "m.bin"));
  std::vector<obs::part_info> parts(2);
  parts[0].part_number = 1;
  parts[0].etag = f.run(c.upload_part("memory-parts", "m.bin", id, 1, first));
  parts[1].part_number = 2;
  parts[1].etag = f.run(c.upload_part("memory-parts", "m.bin", id, 2, second, false));
  const auto listed = f.run(c.list_parts("memory-parts", "m.bin", id));
  BOOST_TEST_REQUIRE(listed.size() == 2u);
  BOOST_TEST(listed[0].size == first.size());
  BOOST_TEST(listed[0].etag == parts[0].etag);
  BOOST_TEST(listed[1].size == second.size());
  f.run(c.complete_multipart_upload("memory-parts", "m.bin", id, parts));
  BOOST_TEST(f.run(c.get_object("memory-parts", "m.bin")) == file.contents);
}

BOOST_AUTO_TEST_CASE(upload_part_copy_assembles_an_object_from_ranges_of_another) {
  emulator_fixture f;
  for (const auto signature : {obs_signature::obs, obs_signature::v4}) {
    auto c = obs_client_for(f, signature, obs_addressing::virtual_hosted).obs();
    const std::string bucket = signature == obs_signature::obs ? "part-copy-obs" : "part-copy-v4";
    f.run(c.create_bucket(bucket));
    const patterned_file file(250 * 1024 + 17);
    const auto source_etag = f.run(c.put_object(bucket, "dir/source file.bin", file.contents));
    const auto id = f.run(c.initiate_multipart_upload(bucket, "copy.bin"));
    std::vector<obs::part_info> parts(2);
    parts[0].part_number = 1;
    parts[0].etag = f.run(c.upload_part_copy(bucket, "copy.bin", id, 1, bucket, "dir/source file.bin",
                                             obs::byte_range{0, 150 * 1024 - 1}, source_etag));
    parts[1].part_number = 2;
    parts[1].etag = f.run(c.upload_part_copy(bucket, "copy.bin", id, 2, bucket, "dir/source file.bin",
                                             obs::byte_range{150 * 1024, file.contents.size() - 1}));
    const auto listed = f.run(c.list_parts(bucket, "copy.bin", id));
    BOOST_TEST_REQUIRE(listed.size() == 2u);
    BOOST_TEST(listed[0].size == 150u * 1024);
    BOOST_TEST(listed[0].etag == parts[0].etag);
    BOOST_TEST(listed[1].size == file.contents.size() - 150 * 1024);
    f.run(c.complete_multipart_upload(bucket, "copy.bin", id, parts));
    BOOST_TEST((f.run(c.get_object(bucket, "copy.bin")) == file.contents));
  }
}

BOOST_AUTO_TEST_CASE(upload_part_copy_refuses_a_changed_source_and_a_range_beyond_it) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("part-copy-errors"));
  f.run(c.put_object("part-copy-errors", "src", "0123456789"));
  const auto id = f.run(c.initiate_multipart_upload("part-copy-errors", "dst"));
  // The whole source without a range.
  const auto whole = f.run(c.upload_part_copy("part-copy-errors", "dst", id, 1, "part-copy-errors", "src"));
  BOOST_TEST(whole == f.run(c.head_object("part-copy-errors", "src")).etag);

  auto e = api_error_of([&] {
    (void)f.run(c.upload_part_copy("part-copy-errors", "dst", id, 2, "part-copy-errors", "src", std::nullopt,
                                   "00000000000000000000000000000000"));
  });
  BOOST_TEST(e.http_status() == 412u);
  BOOST_TEST(e.service_code() == "PreconditionFailed");
  e = api_error_of([&] {
    (void)f.run(c.upload_part_copy("part-copy-errors", "dst", id, 2, "part-copy-errors", "src",
                                   obs::byte_range{5, 10}));
  });
  BOOST_TEST(e.service_code() == "InvalidRange");
  e = api_error_of([&] {
    (void)f.run(c.upload_part_copy("part-copy-errors", "dst", id, 2, "part-copy-errors", "missing"));
  });
  BOOST_TEST(e.service_code() == "NoSuchKey");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(wrong_secret_is_signature_does_not_match_with_request_id) {
  emulator_fixture f;
  f.run(f.make_client().obs().create_bucket("signed"));
  for (const auto signature : {obs_signature::obs, obs_signature::v2, obs_signature::v4}) {
    auto credentials = f.access_key();
    credentials.secret_key = "not-the-secret";
    auto o = f.options();
    o.obs.signature = signature;
    auto c = f.make_client(o, credentials).obs();
    const auto e = api_error_of([&] { (void)f.run(c.get_object("signed", "k")); });
    BOOST_TEST(e.http_status() == 403u);
    BOOST_TEST(e.service_code() == "SignatureDoesNotMatch");
    BOOST_TEST(!e.request_id().empty());
    BOOST_TEST(std::string(e.what()).find("not-the-secret") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(missing_bucket_is_no_such_bucket) {
  emulator_fixture f;
  const auto e = api_error_of([&] { (void)f.run(f.make_client().obs().put_object("no-such-bucket", "k", "x")); });
  BOOST_TEST(e.http_status() == 404u);
  BOOST_TEST(e.service_code() == "NoSuchBucket");
}

BOOST_AUTO_TEST_CASE(head_of_a_missing_object_is_no_such_key) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("heads"));
  auto e = api_error_of([&] { (void)f.run(c.head_object("heads", "absent")); });
  BOOST_TEST(e.http_status() == 404u);
  BOOST_TEST(e.service_code() == "NoSuchKey");
  BOOST_TEST(!e.request_id().empty());
  BOOST_TEST(std::string(e.what()).find("NoSuchKey") != std::string::npos);
  // A HEAD cannot tell a missing bucket from a missing key.
  e = api_error_of([&] { (void)f.run(c.head_object("no-such-bucket", "absent")); });
  BOOST_TEST(e.http_status() == 404u);
  BOOST_TEST(e.service_code() == "NoSuchKey");
  BOOST_TEST(!f.run(c.bucket_exists("no-such-bucket")));
}

BOOST_AUTO_TEST_CASE(head_errors_other_than_404_keep_their_status) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("heads"));
  f.server.add_fault({.method = "HEAD", .path_prefix = "/heads/", .status = 403});
  const auto e = api_error_of([&] { (void)f.run(c.head_object("heads", "k")); });
  BOOST_TEST(e.http_status() == 403u);
  BOOST_TEST(e.service_code() != "NoSuchKey");
}

BOOST_AUTO_TEST_CASE(an_etag_that_is_not_the_md5_sent_is_a_checksum_mismatch) {
  emulator_fixture f;
  auto c = f.make_client().obs();
  f.run(c.create_bucket("etags"));
  // The service answers 200 with an MD5 ETag of other bytes (and stores nothing).
  const std::string wrong = "0123456789abcdef0123456789abcdef";
  f.server.add_fault({.method = "PUT", .path_prefix = "/etags/", .status = 200, .error_code = wrong});
  auto code = code_of([&] { (void)f.run(c.put_object("etags", "single", "payload")); });
  BOOST_TEST(code == make_error_code(modelarts::errc::checksum_mismatch));
  const patterned_file file(1024);
  code = code_of([&] { (void)f.run(c.put_object_from_file("etags", "file", file.path, 0, 1024)); });
  BOOST_TEST(code == make_error_code(modelarts::errc::checksum_mismatch));
  code = code_of([&] { (void)f.run(c.upload_part("etags", "part", "some-upload", 1, std::string("payload"))); });
  BOOST_TEST(code == make_error_code(modelarts::errc::checksum_mismatch));
  // Unchecked uploads take the ETag as it comes.
  obs::put_options unchecked;
  unchecked.verify_md5 = false;
  BOOST_TEST(f.run(c.put_object("etags", "unchecked", "payload", unchecked)) == wrong);
}

BOOST_AUTO_TEST_SUITE_END()

// obs_transfer::copy between OBS objects: above copy_multipart_threshold a
// multipart copy (UploadPartCopy, parts in parallel) gives a byte-identical
// object with the source's content type and metadata; below it one
// CopyObject; a failing part aborts the upload.
#include "emulator_fixture.hpp"

#include <modelarts/obs/obs_client.hpp>
#include <modelarts/obs/transfer.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace obs = modelarts::obs;
using test_support::local_files::pseudo_random;

namespace {

constexpr std::uint64_t kib = 1024;

struct copy_fixture : test_support::emulator_fixture {
  copy_fixture() : emulator_fixture(test_support::small_parts_emulator()), client(make_client()) {
    run(client.obs().create_bucket("source"));
    run(client.obs().create_bucket("target"));
  }

  /// Multipart copies above 256 KiB, in parts of 64 KiB.
  [[nodiscard]] static obs::transfer_options small_copies() {
    obs::transfer_options o;
    o.copy_multipart_threshold = 256 * kib;
    o.copy_part_size = 64 * kib;
    o.concurrency = 4;
    return o;
  }

  std::string put_source(const std::string& key, const std::string& data) {
    obs::put_options p;
    p.content_type = "application/x-test";
    p.user_metadata = {{"origin", "transfer-copy-test"}};
    return run(client.obs().put_object("source", key, data, p));
  }

  modelarts::client client;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(transfer_copy, copy_fixture)

BOOST_AUTO_TEST_CASE(an_object_above_the_threshold_is_copied_in_parts_byte_identical) {
  const auto data = pseudo_random(1024 * kib + 4321, 11); // 17 parts of 64 KiB, the last short
  put_source("big/model.bin", data);
  const modelarts::obs_transfer transfer(client, small_copies());
  const auto result = run(transfer.copy("obs://source/big/model.bin", "obs://target/copies/"));
  BOOST_TEST(result.ok());
  BOOST_TEST(result.files_transferred == 1u);
  BOOST_TEST(result.bytes_transferred == data.size());

  BOOST_TEST((run(client.obs().get_object("target", "copies/model.bin")) == data));
  const auto head = run(client.obs().head_object("target", "copies/model.bin"));
  BOOST_TEST(head.etag.ends_with("-17"));
  BOOST_TEST(head.content_type == "application/x-test");
  BOOST_TEST(head.user_metadata.at("origin") == "transfer-copy-test");
  // One UploadPartCopy per part, no single CopyObject, nothing left open.
  BOOST_TEST(server.requests_matching("PUT", "/target/copies/model.bin") == 17u);
  BOOST_TEST(run(client.obs().list_multipart_uploads("target")).empty());
}

BOOST_AUTO_TEST_CASE(progress_counts_every_copied_part) {
  const auto data = pseudo_random(300 * kib, 12); // 5 parts
  put_source("p.bin", data);
  auto options = small_copies();
  obs::transfer_progress last;
  options.on_progress = [&last](const obs::transfer_progress& p) { last = p; };
  const modelarts::obs_transfer transfer(client, options);
  const auto result = run(transfer.copy("obs://source/p.bin", "obs://target/p.bin"));
  BOOST_TEST(result.ok());
  BOOST_TEST(last.bytes_done == data.size());
  BOOST_TEST(last.parts_done == 5u);
  BOOST_TEST(last.parts_total == 5u);
  BOOST_TEST((run(client.obs().get_object("target", "p.bin")) == data));
}

BOOST_AUTO_TEST_CASE(an_object_at_the_threshold_is_one_copy_object) {
  const auto data = pseudo_random(256 * kib, 13);
  put_source("small.bin", data);
  const modelarts::obs_transfer transfer(client, small_copies());
  const auto result = run(transfer.copy("obs://source/small.bin", "obs://target/small.bin"));
  BOOST_TEST(result.ok());
  BOOST_TEST((run(client.obs().get_object("target", "small.bin")) == data));
  BOOST_TEST(server.requests_matching("PUT", "/target/small.bin") == 1u);
  BOOST_TEST(server.requests_matching("POST", "/target/small.bin") == 0u); // no multipart upload
}

BOOST_AUTO_TEST_CASE(a_folder_mixes_single_and_multipart_copies) {
  const auto big = pseudo_random(700 * kib, 14);
  const auto small = pseudo_random(10 * kib, 15);
  put_source("dir/big.bin", big);
  put_source("dir/sub/small.bin", small);
  const modelarts::obs_transfer transfer(client, small_copies());
  const auto result = run(transfer.copy("obs://source/dir/", "obs://target/out/"));
  BOOST_TEST(result.ok());
  BOOST_TEST(result.files_transferred == 2u);
  BOOST_TEST((run(client.obs().get_object("target", "out/dir/big.bin")) == big));
  BOOST_TEST((run(client.obs().get_object("target", "out/dir/sub/small.bin")) == small));
}

BOOST_AUTO_TEST_CASE(a_failing_part_aborts_the_multipart_copy) {
  put_source("fails.bin", pseudo_random(512 * kib, 16));
  // Every part copy is refused (403 is not worth retrying).
  server.add_fault({.method = "PUT", .path_prefix = "/target/fails.bin", .status = 403});
  const modelarts::obs_transfer transfer(client, small_copies());
  BOOST_CHECK_THROW(run(transfer.copy("obs://source/fails.bin", "obs://target/fails.bin")), modelarts::api_error);
  BOOST_TEST(run(client.obs().list_multipart_uploads("target")).empty());
  BOOST_TEST(run(client.obs().list_all_objects("target")).empty());
}

BOOST_AUTO_TEST_SUITE_END()

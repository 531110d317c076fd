// obs_transfer against the emulator: files below and above the multipart
// threshold come back byte-identical, folders keep the seeds' naming, copy
// works in every direction, and a part or range cut off mid-body is sent
// again.
#include "emulator_fixture.hpp"

#include <modelarts/obs/obs_client.hpp>
#include <modelarts/obs/transfer.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <set>
#include <string>

namespace fs = std::filesystem;
namespace obs = modelarts::obs;

namespace {

constexpr std::uint64_t kib = 1024;

// Shared with the other transfer tests (emulator_fixture.hpp).
using test_support::small_parts_emulator;
using test_support::local_files::files_under;
using test_support::local_files::pseudo_random;
using test_support::local_files::read_file;
using test_support::local_files::temp_dir;
using test_support::local_files::write_file;

struct transfer_fixture : test_support::emulator_fixture {
  transfer_fixture() : emulator_fixture(small_parts_emulator()), client(make_client()) {
    run(client.obs().create_bucket("bucket"));
  }

  [[nodiscard]] static obs::transfer_options small(std::uint64_t part_size, std::uint64_t threshold,
                                                   std::size_t concurrency = 4) {
    obs::transfer_options o;
    o.part_size = part_size;
    o.multipart_threshold = threshold;
    o.concurrency = concurrency;
    return o;
  }

  std::string object(const std::string& key) { return run(client.obs().get_object("bucket", key)); }
  std::set<std::string> keys(const std::string& prefix) {
    std::set<std::string> out;
    for (const auto& o : run(client.obs().list_all_objects("bucket", prefix))) out.insert(o.key);
    return out;
  }
  std::size_t open_uploads() { return run(client.obs().list_multipart_uploads("bucket")).size(); }

  modelarts::client client;
  temp_dir dir;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(transfer_files, transfer_fixture)

BOOST_AUTO_TEST_CASE(files_below_at_and_above_the_threshold_round_trip_byte_identical) {
  const std::uint64_t threshold = 256 * kib;
  const modelarts::obs_transfer transfer(client, small(64 * kib, threshold));
  std::uint64_t seed = 1;
  for (const std::uint64_t size : {std::uint64_t{0}, std::uint64_t{1}, 100 * kib, threshold, threshold + 1,
                                   1024 * kib + 12345}) {
    const auto data = pseudo_random(size, ++seed);
    const auto local = dir.path / "up" / ("f" + std::to_string(size) + ".bin");
    write_file(local, data);
    const auto key = "sizes/f" + std::to_string(size) + ".bin";
    const auto up = run(transfer.upload_file(local, "obs://bucket/" + key));
    BOOST_TEST(up.ok());
    BOOST_TEST(up.files_transferred == 1u);
    BOOST_TEST(up.bytes_transferred == size);
    BOOST_TEST((object(key) == data), "object " << key << " differs");

    const auto back = dir.path / "down" / ("f" + std::to_string(size) + ".bin");
    const auto down = run(transfer.download_file("obs://bucket/" + key, back));
    BOOST_TEST(down.ok());
    BOOST_TEST(down.bytes_transferred == size);
    BOOST_TEST((read_file(back) == data), "download of " << key << " differs");
  }
  // Multipart uploads above the threshold: nothing left open.
  BOOST_TEST(open_uploads() == 0u);
  // Only the final files: no temporary file left beside them.
  BOOST_TEST(files_under(dir.path / "down").size() == 6u);
}

BOOST_AUTO_TEST_CASE(several_part_sizes_give_the_same_bytes) {
  const auto data = pseudo_random(700 * kib + 3, 42);
  const auto local = dir.path / "model.bin";
  write_file(local, data);
  for (const std::uint64_t part : {64 * kib, 100 * kib, 333 * kib, 1024 * kib}) {
    const modelarts::obs_transfer transfer(client, small(part, 64 * kib, 3));
    const auto key = "parts/" + std::to_string(part) + ".bin";
    BOOST_TEST(run(transfer.upload_file(local, "obs://bucket/" + key)).ok());
    BOOST_TEST((object(key) == data), "part size " << part);
    const auto back = dir.path / ("back-" + std::to_string(part));
    BOOST_TEST(run(transfer.download_file("obs://bucket/" + key, back)).ok());
    BOOST_TEST((read_file(back) == data), "download with part size " << part);
  }
}

BOOST_AUTO_TEST_CASE(upload_file_into_a_folder_and_download_file_into_a_folder_follow_the_seeds) {
  const modelarts::obs_transfer transfer(client, small(64 * kib, 64 * kib));
  const auto data = pseudo_random(200 * kib, 7);
  write_file(dir.path / "home" / "file1.txt", data);
  // B1: into obs://bucket-name/dir1/ → dir1/file1.txt
  BOOST_TEST(run(transfer.upload_file(dir.path / "home" / "file1.txt", "obs://bucket/dir1/")).ok());
  BOOST_TEST((keys("dir1/") == std::set<std::string>{"dir1/file1.txt"}));
  // B3: into /home/ma-user/ → /home/ma-user/file1.txt
  const auto out = dir.path / "ma-user";
  BOOST_TEST(run(transfer.download_file("obs://bucket/dir1/file1.txt", out.string() + "/")).ok());
  BOOST_TEST((read_file(out / "file1.txt") == data));
}

BOOST_AUTO_TEST_CASE(a_folder_round_trip_keeps_the_last_component_and_skips_empty_folders) {
  const modelarts::obs_transfer transfer(client, small(64 * kib, 128 * kib));
  const auto top = dir.path / "src" / "ma-user";
  write_file(top / "a.txt", "alpha");
  write_file(top / "sub" / "big.bin", pseudo_random(500 * kib, 3));
  write_file(top / "sub" / "deeper" / "empty", "");
  fs::create_directories(top / "empty-folder");

  std::optional<obs::transfer_progress> last;
  auto options = small(64 * kib, 128 * kib);
  options.on_progress = [&](const obs::transfer_progress& p) { last = p; };
  const modelarts::obs_transfer with_progress(client, options);
  const auto up = run(with_progress.upload_folder(top.string() + "/", "obs://bucket/dir1/"));
  BOOST_TEST(up.ok());
  BOOST_TEST(up.files_transferred == 3u);
  // B2: the local folder's last component is kept; empty folders are not created.
  BOOST_TEST((keys("dir1/") ==
              std::set<std::string>{"dir1/ma-user/a.txt", "dir1/ma-user/sub/big.bin", "dir1/ma-user/sub/deeper/empty"}));
  BOOST_REQUIRE(last.has_value());
  BOOST_TEST(last->bytes_done == last->bytes_total);
  BOOST_TEST(last->bytes_total == 5u + 500 * kib);
  BOOST_TEST(last->files_done == 3u);
  BOOST_TEST(last->files_total == 3u);

  // B4: the prefix's last component is created locally.
  const auto out = dir.path / "out";
  const auto down = run(transfer.download_folder("obs://bucket/dir1/ma-user/", out));
  BOOST_TEST(down.ok());
  BOOST_TEST(down.files_transferred == 3u);
  BOOST_TEST((files_under(out) == std::set<std::string>{"ma-user/a.txt", "ma-user/sub/big.bin", "ma-user/sub/deeper/empty"}));
  for (const auto* rel : {"a.txt", "sub/big.bin", "sub/deeper/empty"})
    BOOST_TEST((read_file(out / "ma-user" / rel) == read_file(top / rel)), rel);

  // Without keep_last_dir the contents land directly in the folder.
  const auto flat = dir.path / "flat";
  BOOST_TEST(run(transfer.download_folder("obs://bucket/dir1/ma-user", flat, false)).ok());
  BOOST_TEST((files_under(flat) == std::set<std::string>{"a.txt", "sub/big.bin", "sub/deeper/empty"}));
}

BOOST_AUTO_TEST_CASE(copy_goes_in_every_direction_with_keep_last_dir) {
  const modelarts::obs_transfer transfer(client, small(64 * kib, 64 * kib));
  const auto data = pseudo_random(150 * kib, 11);
  write_file(dir.path / "home" / "ma-user" / "file1.txt", data);
  write_file(dir.path / "home" / "ma-user" / "sub" / "x.txt", "x");

  // Local file → OBS object, named in full.
  BOOST_TEST(run(transfer.copy((dir.path / "home/ma-user/file1.txt").string(), "obs://bucket/c/file1.txt")).ok());
  BOOST_TEST((object("c/file1.txt") == data));
  // OBS object → local file, named in full.
  BOOST_TEST(run(transfer.copy("obs://bucket/c/file1.txt", (dir.path / "got" / "renamed.txt").string())).ok());
  BOOST_TEST((read_file(dir.path / "got" / "renamed.txt") == data));
  // Local folder → OBS, keeping its last component (the seeds' default).
  BOOST_TEST(run(transfer.copy((dir.path / "home/ma-user").string(), "obs://bucket/c/dir1")).ok());
  BOOST_TEST((keys("c/dir1/") == std::set<std::string>{"c/dir1/ma-user/file1.txt", "c/dir1/ma-user/sub/x.txt"}));
  // Local folder → OBS without it.
  BOOST_TEST(run(transfer.copy((dir.path / "home/ma-user").string(), "obs://bucket/c/flat", false)).ok());
  BOOST_TEST((keys("c/flat/") == std::set<std::string>{"c/flat/file1.txt", "c/flat/sub/x.txt"}));
  // OBS folder → local, keeping its last component.
  BOOST_TEST(run(transfer.copy("obs://bucket/c/dir1", (dir.path / "local").string())).ok());
  BOOST_TEST((files_under(dir.path / "local") == std::set<std::string>{"dir1/ma-user/file1.txt", "dir1/ma-user/sub/x.txt"}));
  // OBS → OBS: an object, then a folder.
  BOOST_TEST(run(transfer.copy("obs://bucket/c/file1.txt", "obs://bucket/d/")).ok());
  BOOST_TEST((object("d/file1.txt") == data));
  BOOST_TEST(run(transfer.copy("obs://bucket/c/flat/", "obs://bucket/e/")).ok());
  BOOST_TEST((keys("e/") == std::set<std::string>{"e/flat/file1.txt", "e/flat/sub/x.txt"}));
  // Local → local is not a transfer.
  BOOST_CHECK_THROW(run(transfer.copy("/tmp/a", "/tmp/b")), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(an_upload_part_dropped_mid_body_is_sent_again) {
  const auto data = pseudo_random(5 * 64 * kib, 5);
  write_file(dir.path / "dropped.bin", data);
  modelarts::emulator::fault f;
  f.method = "PUT";
  f.path_prefix = "/bucket/dropped.bin";
  f.count = 1;
  f.drop_after_body_bytes = 10000;
  server.add_fault(f);
  const modelarts::obs_transfer transfer(client, small(64 * kib, 64 * kib, 2));
  const auto result = run(transfer.upload_file(dir.path / "dropped.bin", "obs://bucket/dropped.bin"));
  BOOST_TEST(result.ok());
  BOOST_TEST(result.bytes_transferred == data.size()); // the cut attempt is not counted
  BOOST_TEST((object("dropped.bin") == data));
  BOOST_TEST(server.requests_matching("PUT", "/bucket/dropped.bin") == 5u + 1u);
  BOOST_TEST(open_uploads() == 0u);
}

BOOST_AUTO_TEST_CASE(a_download_range_cut_mid_body_is_fetched_again) {
  const auto data = pseudo_random(4 * 64 * kib + 5, 6);
  run(client.obs().put_object("bucket", "cut.bin", data));
  modelarts::emulator::fault f;
  f.method = "GET";
  f.path_prefix = "/bucket/cut.bin";
  f.count = 1;
  f.drop_after_body_bytes = 1000;
  server.add_fault(f);
  const modelarts::obs_transfer transfer(client, small(64 * kib, 64 * kib, 2));
  const auto result = run(transfer.download_file("obs://bucket/cut.bin", dir.path / "cut.bin"));
  BOOST_TEST(result.ok());
  BOOST_TEST(result.bytes_transferred == data.size());
  BOOST_TEST((read_file(dir.path / "cut.bin") == data));
  BOOST_TEST(server.requests_matching("GET", "/bucket/cut.bin") == 5u + 1u);
}

BOOST_AUTO_TEST_CASE(a_missing_object_fails_download_file_with_the_service_error_and_leaves_no_file) {
  const modelarts::obs_transfer transfer(client, small(64 * kib, 64 * kib));
  try {
    run(transfer.download_file("obs://bucket/no-such-object", dir.path / "x"));
    BOOST_FAIL("a missing object downloaded");
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.http_status() == 404u);
  }
  BOOST_TEST(files_under(dir.path).empty());
}

BOOST_AUTO_TEST_CASE(a_folder_upload_reports_each_failure_and_transfers_the_rest) {
  const modelarts::obs_transfer transfer(client, small(64 * kib, 64 * kib));
  const auto top = dir.path / "mixed";
  write_file(top / "good.txt", "good");
  // A key longer than OBS allows (1,024 bytes) cannot be uploaded.
  const std::string long_name(200, 'n');
  write_file(top / long_name / long_name / long_name / long_name / long_name / "too-long.txt", "x");
  const auto result = run(transfer.upload_folder(top, "obs://bucket/mixed/"));
  BOOST_TEST(result.files_transferred == 1u);
  BOOST_REQUIRE(result.failures.size() == 1u);
  BOOST_TEST(result.failures[0].source.find("too-long.txt") != std::string::npos);
  BOOST_TEST(!result.failures[0].message.empty());
  BOOST_TEST((keys("mixed/") == std::set<std::string>{"mixed/mixed/good.txt"}));
}

BOOST_AUTO_TEST_SUITE_END()

// download_folder against objects whose keys try to leave the target
// folder (`../`, absolute, doubled '/', NUL, a symbolic link already in the
// tree): each is refused with errc::unsafe_object_key and named in the
// result, nothing is written outside the folder, and the other files arrive.
#include "emulator_fixture.hpp"

#include <modelarts/obs/obs_client.hpp>
#include <modelarts/obs/transfer.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace obs = modelarts::obs;

namespace {

struct temp_dir {
  fs::path path;
  temp_dir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("modelarts-hostile-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Every file and folder under `root`, relative, symbolic links not followed.
std::set<std::string> entries_under(const fs::path& root) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root))
    out.insert(e.path().lexically_relative(root).generic_string());
  return out;
}

struct hostile_fixture : test_support::emulator_fixture {
  hostile_fixture() : client(make_client()) {
    run(client.obs().create_bucket("bucket"));
    // The download goes to <dir>/a/b/target: a '../' would reach a/b or a.
    root = dir.path / "a" / "b" / "target";
    fs::create_directories(root);
  }

  /// Stores `key`; false when the service itself refuses such a key.
  bool put(const std::string& key, const std::string& body) {
    try {
      run(client.obs().put_object("bucket", key, body));
      return true;
    } catch (const std::exception& e) {
      BOOST_TEST_MESSAGE("the emulator refused key '" << key << "': " << e.what());
      return false;
    }
  }

  modelarts::client client;
  temp_dir dir;
  fs::path root;
};

const std::vector<std::string>& hostile_keys() {
  static const std::vector<std::string> keys = {
      "dir1/../escape-1.txt",          // one level up: <root>/escape-1.txt with the kept "dir1", or above
      "dir1/../../escape-2.txt",       // two levels up
      "dir1/a/../../../../escape-3.txt", // climbs out from inside
      "dir1//etc/escape-4.txt",        // absolute once the prefix is cut
      "dir1/./escape-5.txt",           // a '.' segment
      std::string("dir1/nul\0/escape-6.txt", 22), // NUL
  };
  return keys;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(transfer_hostile_keys, hostile_fixture)

BOOST_AUTO_TEST_CASE(hostile_keys_are_refused_and_the_other_files_still_arrive) {
  BOOST_REQUIRE(put("dir1/good.txt", "good"));
  BOOST_REQUIRE(put("dir1/sub/also-good.txt", "also good"));
  std::set<std::string> stored;
  for (const auto& key : hostile_keys())
    if (put(key, "evil")) stored.insert(key);
  BOOST_REQUIRE(stored.size() >= 4u); // the emulator must at least keep the '..' and '//' ones

  const modelarts::obs_transfer transfer(client);
  const auto result = run(transfer.download_folder("obs://bucket/dir1/", root));

  BOOST_TEST(result.files_transferred == 2u);
  BOOST_TEST(read_file(root / "dir1" / "good.txt") == "good");
  BOOST_TEST(read_file(root / "dir1" / "sub" / "also-good.txt") == "also good");
  BOOST_REQUIRE(result.failures.size() == stored.size());
  std::set<std::string> refused;
  for (const auto& f : result.failures) {
    BOOST_TEST((f.code == modelarts::errc::unsafe_object_key), f.source << ": " << f.message);
    BOOST_TEST(f.message.find("object key") != std::string::npos, f.message);
    refused.insert(f.source);
  }
  for (const auto& key : stored) BOOST_TEST(refused.count("obs://bucket/" + key) == 1u, "not refused: " << key);

  // Nothing outside the target folder, nothing inside but the good files.
  BOOST_TEST((entries_under(dir.path) ==
              std::set<std::string>{"a", "a/b", "a/b/target", "a/b/target/dir1", "a/b/target/dir1/good.txt",
                                    "a/b/target/dir1/sub", "a/b/target/dir1/sub/also-good.txt"}));
  BOOST_TEST(!fs::exists("/etc/escape-4.txt"));
}

BOOST_AUTO_TEST_CASE(without_keep_last_dir_a_key_climbing_from_the_prefix_is_refused_too) {
  BOOST_REQUIRE(put("top/fine.txt", "fine"));
  BOOST_REQUIRE(put("top/../outside.txt", "evil"));
  const modelarts::obs_transfer transfer(client);
  const auto result = run(transfer.download_folder("obs://bucket/top/", root, false));
  BOOST_TEST(result.files_transferred == 1u);
  BOOST_REQUIRE(result.failures.size() == 1u);
  BOOST_TEST((result.failures[0].code == modelarts::errc::unsafe_object_key));
  BOOST_TEST((entries_under(dir.path) == std::set<std::string>{"a", "a/b", "a/b/target", "a/b/target/fine.txt"}));
}

BOOST_AUTO_TEST_CASE(a_symbolic_link_in_the_target_folder_does_not_lead_writes_outside) {
  const auto outside = dir.path / "outside";
  fs::create_directories(outside);
  fs::create_directories(root / "dir1");
  fs::create_directory_symlink(outside, root / "dir1" / "link");
  BOOST_REQUIRE(put("dir1/link/planted.txt", "evil"));
  BOOST_REQUIRE(put("dir1/ok.txt", "ok"));
  const modelarts::obs_transfer transfer(client);
  const auto result = run(transfer.download_folder("obs://bucket/dir1/", root));
  BOOST_TEST(result.files_transferred == 1u);
  BOOST_REQUIRE(result.failures.size() == 1u);
  BOOST_TEST((result.failures[0].code == modelarts::errc::unsafe_object_key));
  BOOST_TEST(fs::is_empty(outside));
  BOOST_TEST(read_file(root / "dir1" / "ok.txt") == "ok");
}

BOOST_AUTO_TEST_CASE(a_prefix_whose_last_component_is_dot_dot_is_refused_before_any_request) {
  const modelarts::obs_transfer transfer(client);
  const auto requests = server.statistics().requests;
  try {
    run(transfer.download_folder("obs://bucket/dir1/../", root));
    BOOST_FAIL("a '..' folder name was accepted");
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == modelarts::errc::unsafe_object_key));
  }
  BOOST_TEST(server.statistics().requests == requests);
}

BOOST_AUTO_TEST_CASE(download_file_refuses_a_key_whose_name_is_not_a_file_name) {
  const modelarts::obs_transfer transfer(client);
  try {
    run(transfer.download_file("obs://bucket/dir1/..", root.string() + "/"));
    BOOST_FAIL("a '..' file name was accepted");
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == modelarts::errc::unsafe_object_key));
  }
  BOOST_TEST(fs::is_empty(root));
}

BOOST_AUTO_TEST_SUITE_END()

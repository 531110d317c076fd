// The seeds' path semantics (ModelArts SDK `session.obs.*`) and the checks
// that keep object keys from escaping a download folder.
#include "obs/transfer_paths.hpp"

#include "modelarts/error.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

using namespace modelarts::obs::transfer;
namespace fs = std::filesystem;

namespace {

modelarts::errc refusal_code(const fs::path& root, std::string_view last, std::string_view relative) {
  try {
    (void)download_path_in_folder(root, last, relative, relative);
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == modelarts::errc::unsafe_object_key));
    return modelarts::errc::unsafe_object_key;
  }
  return modelarts::errc::ok;
}

} // namespace

BOOST_AUTO_TEST_CASE(obs_paths_are_told_apart_from_local_paths_by_their_scheme) {
  BOOST_TEST(is_obs_url("obs://bucket-name/dir1/"));
  BOOST_TEST(is_obs_url("OBS://bucket-name/dir1"));
  BOOST_TEST(is_obs_url("s3://bucket/key"));
  BOOST_TEST(!is_obs_url("/home/ma-user/file1.txt")); // a local path, though /bucket/key parses as OBS elsewhere
  BOOST_TEST(!is_obs_url("obs:/bucket"));
  BOOST_TEST(!is_obs_url("relative/obs://x"));
}

BOOST_AUTO_TEST_CASE(upload_file_into_a_folder_appends_the_file_name) {
  // Seed B1: upload_file('/home/ma-user/file1.txt', 'obs://bucket-name/dir1/') → dir1/file1.txt
  BOOST_TEST(upload_key_for_file("dir1/", "/home/ma-user/file1.txt") == "dir1/file1.txt");
  BOOST_TEST(upload_key_for_file("", "/home/ma-user/file1.txt") == "file1.txt");
  // Seed B5 (copy file → file): the destination is the object's full name.
  BOOST_TEST(upload_key_for_file("dir1/file1.txt", "/home/ma-user/other.txt") == "dir1/file1.txt");
}

BOOST_AUTO_TEST_CASE(upload_folder_keeps_the_local_folders_last_component) {
  // Seed B2: upload_dir('/home/ma-user/', 'obs://bucket-name/dir1/') → dir1/ma-user/...
  BOOST_TEST(last_local_component("/home/ma-user/") == "ma-user");
  BOOST_TEST(last_local_component("/home/ma-user") == "ma-user");
  BOOST_TEST(last_local_component("/home/ma-user/sub/..") == "ma-user");
  BOOST_TEST(last_local_component("/") == "");
  BOOST_TEST(upload_key_in_folder("dir1/", "ma-user", "sub/a.txt") == "dir1/ma-user/sub/a.txt");
  BOOST_TEST(upload_key_in_folder("dir1", "ma-user", "a.txt") == "dir1/ma-user/a.txt");
  BOOST_TEST(upload_key_in_folder("", "ma-user", "a.txt") == "ma-user/a.txt");
}

BOOST_AUTO_TEST_CASE(keep_last_dir_false_puts_the_contents_directly_into_the_folder) {
  BOOST_TEST(upload_key_in_folder("dir1/", "", "sub/a.txt") == "dir1/sub/a.txt");
  BOOST_TEST(upload_key_in_folder("", "", "a.txt") == "a.txt");
}

BOOST_AUTO_TEST_CASE(download_folder_creates_the_prefixes_last_component_locally) {
  // Seed B4: download_dir('obs://bucket-name/dir1/', '/home/ma-user/') → /home/ma-user/dir1/...
  BOOST_TEST(last_key_component("dir1/") == "dir1");
  BOOST_TEST(last_key_component("a/b/dir1/") == "dir1");
  BOOST_TEST(last_key_component("a/b.txt") == "b.txt");
  BOOST_TEST(last_key_component("") == "");
  BOOST_TEST(download_path_in_folder("/home/ma-user", "dir1", "sub/x.bin", "dir1/sub/x.bin") ==
             fs::path("/home/ma-user/dir1/sub/x.bin"));
  BOOST_TEST(download_path_in_folder("/home/ma-user", "", "x.bin", "dir1/x.bin") == fs::path("/home/ma-user/x.bin"));
}

BOOST_AUTO_TEST_CASE(a_folder_prefix_ends_with_a_slash_unless_it_is_the_bucket) {
  BOOST_TEST(as_folder_prefix("dir1") == "dir1/");
  BOOST_TEST(as_folder_prefix("dir1/") == "dir1/");
  BOOST_TEST(as_folder_prefix("") == "");
}

BOOST_AUTO_TEST_CASE(download_file_into_a_folder_uses_the_keys_last_component) {
  // Seed B3: download_file('obs://bucket-name/dir1/file1.txt', '/home/ma-user/') → /home/ma-user/file1.txt
  BOOST_TEST(download_path_for_file("/home/ma-user/", "dir1/file1.txt") == fs::path("/home/ma-user/file1.txt"));
  // Copy obs → local file: the full path.
  BOOST_TEST(download_path_for_file("/nonexistent-dir/file9.txt", "dir1/file1.txt") ==
             fs::path("/nonexistent-dir/file9.txt"));
  // An existing folder, even without the trailing '/'.
  const auto tmp = fs::temp_directory_path();
  BOOST_TEST(download_path_for_file(tmp, "dir1/file1.txt") == tmp / "file1.txt");
}

BOOST_AUTO_TEST_CASE(download_file_refuses_a_last_component_that_is_not_a_file_name) {
  BOOST_CHECK_THROW(download_path_for_file("/home/ma-user/", "dir1/.."), boost::system::system_error);
  BOOST_CHECK_THROW(download_path_for_file("/home/ma-user/", "dir1/"), boost::system::system_error);
}

BOOST_AUTO_TEST_CASE(keys_that_would_leave_the_folder_are_refused) {
  for (const std::string_view hostile :
       {"../x", "a/../../b", "..", "a/..", "/etc/passwd", "//x", "a//b", "./a", "a/./b", "a/."})
    BOOST_TEST(!unsafe_relative_key_reason(hostile).empty(), "accepted: " << hostile);
  const std::string with_nul("a\0b", 3);
  BOOST_TEST(!unsafe_relative_key_reason(with_nul).empty());
  BOOST_TEST(!unsafe_relative_key_reason("").empty());
}

BOOST_AUTO_TEST_CASE(ordinary_keys_including_dots_inside_names_are_accepted) {
  for (const std::string_view fine : {"a", "a/b.txt", "..a", "a..", ".hidden", "x/.config/y", "a b/c d", "中文/文件.txt"})
    BOOST_TEST(unsafe_relative_key_reason(fine).empty(), "refused: " << fine);
}

BOOST_AUTO_TEST_CASE(a_refused_key_raises_unsafe_object_key_naming_the_key_with_nul_escaped) {
  BOOST_TEST((refusal_code("/root", "", "../x") == modelarts::errc::unsafe_object_key));
  BOOST_TEST((refusal_code("/root", "..", "x") == modelarts::errc::unsafe_object_key)); // the kept folder name
  BOOST_TEST((refusal_code("/root", "a/b", "x") == modelarts::errc::unsafe_object_key));
  try {
    (void)download_path_in_folder("/root", "", std::string("a\0b", 3), std::string("dir/a\0b", 7));
    BOOST_FAIL("a NUL byte was accepted");
  } catch (const boost::system::system_error& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find("dir/a\\x00b") != std::string::npos, what);
    BOOST_TEST(what.find("NUL") != std::string::npos, what);
  }
}

BOOST_AUTO_TEST_CASE(names_folder_is_about_spelling) {
  BOOST_TEST(names_folder("/home/ma-user/"));
  BOOST_TEST(names_folder(""));
  BOOST_TEST(!names_folder("/home/ma-user"));
}

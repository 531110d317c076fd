// Resume records: written atomically, appended to one line per part, read
// back with a torn last line ignored and cut off before the next append.
#include "obs/checkpoint_file.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

using namespace modelarts::obs::transfer;
namespace fs = std::filesystem;

namespace {

struct temp_folder {
  fs::path path;
  temp_folder() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("modelarts-ckpt-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~temp_folder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void append_raw(const fs::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::app);
  out << bytes;
}

upload_record sample_upload() {
  upload_record r;
  r.source = "/data/a file\nwith newline.bin";
  r.identity = {123456789, 1700000000123456789};
  r.bucket = "bucket-1";
  r.key = "dir 1/obj\twith tab";
  r.upload_id = "upload id/with+chars=";
  r.part_size = 256 * 1024;
  return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(hex_encoding_round_trips_any_bytes) {
  const std::string bytes("a b\n\0\xff", 6);
  BOOST_TEST(hex_decode(hex_encode(bytes)).value() == bytes);
  BOOST_TEST(!hex_decode("abc").has_value());
  BOOST_TEST(!hex_decode("zz").has_value());
  BOOST_TEST(hex_decode("").value().empty());
}

BOOST_AUTO_TEST_CASE(an_upload_record_round_trips_with_its_journal) {
  temp_folder dir;
  const auto file = dir.path / "sub" / "u.ckpt";
  const auto r = sample_upload();
  const auto header_length = write_checkpoint_header(file, r.header());
  BOOST_TEST(fs::file_size(file) == header_length);
  {
    checkpoint_journal journal(file, header_length);
    journal.append(upload_record::journal_line(1, {262144, "0123456789abcdef0123456789abcdef"}));
    journal.append(upload_record::journal_line(3, {1000, "etag with \"quotes\""}));
  }
  const auto lines = read_checkpoint_lines(file);
  BOOST_REQUIRE(lines.has_value());
  const auto back = upload_record::parse(*lines);
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->source == r.source);
  BOOST_TEST((back->identity == r.identity));
  BOOST_TEST(back->bucket == r.bucket);
  BOOST_TEST(back->key == r.key);
  BOOST_TEST(back->upload_id == r.upload_id);
  BOOST_TEST(back->part_size == r.part_size);
  BOOST_TEST(back->parts.size() == 2u);
  BOOST_TEST(back->parts.at(1).etag == "0123456789abcdef0123456789abcdef");
  BOOST_TEST(back->parts.at(3).size == 1000u);
  BOOST_TEST(back->parts.at(3).etag == "etag with \"quotes\"");
}

BOOST_AUTO_TEST_CASE(recording_a_part_appends_one_line_and_never_rewrites_the_header) {
  temp_folder dir;
  const auto file = dir.path / "u.ckpt";
  const auto header_length = write_checkpoint_header(file, sample_upload().header());
  const auto header = contents(file);
  checkpoint_journal journal(file, header_length);
  std::uint64_t expected = header_length;
  for (unsigned n = 1; n <= 50; ++n) {
    const auto line = upload_record::journal_line(n, {1, "0123456789abcdef0123456789abcdef"});
    journal.append(line);
    expected += line.size() + 1;
    BOOST_TEST(fs::file_size(file) == expected);
  }
  BOOST_TEST(contents(file).substr(0, header.size()) == header);
  BOOST_TEST(expected - header_length < 50u * 50u); // compact: under 50 bytes a part
}

BOOST_AUTO_TEST_CASE(a_torn_last_line_is_ignored_and_cut_off_before_the_next_append) {
  temp_folder dir;
  const auto file = dir.path / "u.ckpt";
  const auto header_length = write_checkpoint_header(file, sample_upload().header());
  {
    checkpoint_journal journal(file, header_length);
    journal.append(upload_record::journal_line(1, {10, "aa"}));
    journal.append(upload_record::journal_line(2, {10, "bb"}));
  }
  append_raw(file, "p 3 10 6"); // a process killed in the middle of a line
  auto lines = read_checkpoint_lines(file);
  BOOST_REQUIRE(lines.has_value());
  BOOST_TEST(lines->journal.size() == 2u);
  BOOST_TEST(lines->valid_length == fs::file_size(file) - 8);
  {
    checkpoint_journal journal(file, lines->valid_length);
    journal.append(upload_record::journal_line(3, {10, "cc"}));
  }
  const auto back = upload_record::parse(*read_checkpoint_lines(file));
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->parts.size() == 3u);
  BOOST_TEST(back->parts.at(3).etag == "cc");
}

BOOST_AUTO_TEST_CASE(a_record_without_a_complete_header_is_no_record) {
  temp_folder dir;
  const auto file = dir.path / "u.ckpt";
  append_raw(file, "modelarts-obs-upload v1\nsource 00 1 2\n");
  BOOST_TEST(!read_checkpoint_lines(file).has_value());
  BOOST_TEST(!read_checkpoint_lines(dir.path / "missing.ckpt").has_value());
}

BOOST_AUTO_TEST_CASE(a_damaged_header_or_another_kind_of_record_parses_as_nothing) {
  temp_folder dir;
  const auto file = dir.path / "u.ckpt";
  write_checkpoint_header(file, {"modelarts-obs-upload v1", "source zz 1 2", "object b 00", "upload 00 5"});
  BOOST_TEST(!upload_record::parse(*read_checkpoint_lines(file)).has_value());
  write_checkpoint_header(file, sample_upload().header());
  BOOST_TEST(!download_record::parse(*read_checkpoint_lines(file)).has_value());
}

BOOST_AUTO_TEST_CASE(writing_a_new_header_replaces_the_record_and_its_journal) {
  temp_folder dir;
  const auto file = dir.path / "u.ckpt";
  const auto length = write_checkpoint_header(file, sample_upload().header());
  {
    checkpoint_journal journal(file, length);
    journal.append(upload_record::journal_line(1, {10, "aa"}));
  }
  auto other = sample_upload();
  other.upload_id = "second";
  write_checkpoint_header(file, other.header());
  const auto back = upload_record::parse(*read_checkpoint_lines(file));
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->upload_id == "second");
  BOOST_TEST(back->parts.empty());
  // No temporary file is left beside the record.
  BOOST_TEST(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

BOOST_AUTO_TEST_CASE(a_download_record_round_trips_with_its_ranges) {
  temp_folder dir;
  const auto file = dir.path / "d.ckpt";
  download_record r;
  r.bucket = "b";
  r.key = "k/with space";
  r.etag = "abc-3";
  r.size = 5000000;
  r.part_size = 1000000;
  r.target = "/t/x y.bin";
  r.temp_file = "/t/.x y.bin.1234.part";
  const auto length = write_checkpoint_header(file, r.header());
  {
    checkpoint_journal journal(file, length);
    journal.append(download_record::journal_line(2));
    journal.append(download_record::journal_line(5));
  }
  const auto back = download_record::parse(*read_checkpoint_lines(file));
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->key == r.key);
  BOOST_TEST(back->etag == r.etag);
  BOOST_TEST(back->size == r.size);
  BOOST_TEST(back->part_size == r.part_size);
  BOOST_TEST(back->target == r.target);
  BOOST_TEST(back->temp_file == r.temp_file);
  BOOST_TEST((back->done == std::set<unsigned>{2, 5}));
}

BOOST_AUTO_TEST_CASE(the_record_name_depends_on_the_transfer_only) {
  const auto a = checkpoint_path("/ck", "upload", "upload\n/x\nb\nk");
  BOOST_TEST(a == checkpoint_path("/ck", "upload", "upload\n/x\nb\nk"));
  BOOST_TEST(a != checkpoint_path("/ck", "upload", "upload\n/x\nb\nk2"));
  BOOST_TEST(a.parent_path() == fs::path("/ck"));
  BOOST_TEST(a.filename().string().rfind("upload-", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(a_files_identity_changes_when_it_is_rewritten) {
  temp_folder dir;
  const auto file = dir.path / "f";
  append_raw(file, "12345");
  const auto before = identity_of(file);
  BOOST_TEST(before.size == 5u);
  fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(1));
  BOOST_TEST((identity_of(file) != before));
  BOOST_CHECK_THROW(identity_of(dir.path / "missing"), fs::filesystem_error);
}

// The OBS client and the transfer engine against a real, strict S3 server
// nobody here wrote: OpenStack Swift with s3api (SigV4, path-style).
#include "swift_fixture.hpp"

#include <modelarts/obs/transfer.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <random>
#include <sstream>

using namespace swift_support;
namespace obs = modelarts::obs;

namespace {

constexpr std::uint64_t mib = 1024 * 1024;

/// A folder of its own for a test's files, removed afterwards.
struct scratch {
  std::filesystem::path dir;
  scratch() {
    char pattern[] = "/tmp/modelarts-interop-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir = pattern;
  }
  ~scratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

std::string random_bytes(std::size_t size, unsigned seed) {
  std::mt19937_64 random(seed);
  std::string s(size, '\0');
  for (std::size_t i = 0; i + 8 <= size; i += 8) {
    const auto v = random();
    std::memcpy(&s[i], &v, 8);
  }
  return s;
}

std::filesystem::path write_file(const std::filesystem::path& p, const std::string& contents) {
  std::ofstream(p, std::ios::binary) << contents;
  return p;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct interop_fixture {
  asio::io_context io;
  modelarts::client client{io.get_executor(), server().options(), server().keys()};
  modelarts::obs_client obs = client.obs();
  scratch files;

  void make_bucket(const std::string& bucket) {
    if (!run(io, obs.bucket_exists(bucket))) run(io, obs.create_bucket(bucket));
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(swift_s3api, interop_fixture)

BOOST_AUTO_TEST_CASE(bucket_create_put_with_content_md5_and_byte_identical_get) {
  make_bucket("interop-basic");
  BOOST_TEST(run(io, obs.bucket_exists("interop-basic")));
  const auto body = random_bytes(300 * 1024, 1);
  obs::put_options options;
  options.content_type = "application/octet-stream";
  options.user_metadata = {{"origin", "interop"}};
  const auto etag = run(io, obs.put_object("interop-basic", "dir/object.bin", body, options));
  BOOST_TEST(etag.size() == 32u); // MD5 hex: the client checked it against its own

  BOOST_TEST(run(io, obs.get_object("interop-basic", "dir/object.bin")) == body);
  const auto head = run(io, obs.head_object("interop-basic", "dir/object.bin"));
  BOOST_TEST(head.size == body.size());
  BOOST_TEST(head.etag == etag);
  BOOST_TEST(head.user_metadata.at("origin") == "interop");

  obs::get_options range;
  range.range = obs::byte_range{1000, 1999};
  BOOST_TEST(run(io, obs.get_object("interop-basic", "dir/object.bin", range)) == body.substr(1000, 1000));
}

BOOST_AUTO_TEST_CASE(a_64_mib_multipart_upload_in_5_mib_parts_resumes_from_list_parts) {
  make_bucket("interop-multipart");
  const auto contents = random_bytes(64 * mib, 2);
  const auto source = write_file(files.dir / "big.bin", contents);
  obs::transfer_options options;
  options.part_size = 5 * mib;
  options.concurrency = 4;
  options.checkpoint_dir = files.dir / "checkpoints";

  // First run: cancelled once a few parts are in.
  asio::cancellation_signal cancel;
  std::uint64_t parts_seen = 0;
  auto first_options = options;
  first_options.on_progress = [&](const obs::transfer_progress& p) {
    if (p.parts_done >= 4 && parts_seen < 4) cancel.emit(asio::cancellation_type::terminal);
    parts_seen = p.parts_done;
  };
  modelarts::obs_transfer first(client, first_options);
  std::exception_ptr interrupted;
  asio::co_spawn(io, first.upload_file(source, "obs://interop-multipart/big.bin"),
                 asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e, obs::transfer_result) {
                   interrupted = e;
                 }));
  io.restart();
  io.run();
  BOOST_TEST_REQUIRE(static_cast<bool>(interrupted));
  const auto uploads = run(io, obs.list_multipart_uploads("interop-multipart"));
  BOOST_TEST_REQUIRE(uploads.size() == 1u); // kept for the resume
  const auto listed = run(io, obs.list_parts("interop-multipart", "big.bin", uploads.front().upload_id));
  BOOST_TEST(listed.size() >= 4u);

  // Second run: the same call finishes, sending only what Swift lacks.
  modelarts::obs_transfer second(client, options);
  const auto result = run(io, second.upload_file(source, "obs://interop-multipart/big.bin"));
  BOOST_TEST(result.ok());
  BOOST_TEST(result.bytes_resumed >= listed.size() * 5 * mib - 5 * mib);
  BOOST_TEST(result.bytes_transferred <= contents.size() - result.bytes_resumed);
  BOOST_TEST(run(io, obs.list_multipart_uploads("interop-multipart")).empty());

  const auto head = run(io, obs.head_object("interop-multipart", "big.bin"));
  BOOST_TEST(head.size == contents.size());
  BOOST_TEST(head.etag.find("-13") != std::string::npos); // 13 parts of 5 MiB, AWS-style ETag

  // Ranged, parallel download: byte-identical.
  obs::transfer_options download_options;
  download_options.part_size = 5 * mib;
  download_options.concurrency = 4;
  modelarts::obs_transfer download(client, download_options);
  const auto got = run(io, download.download_file("obs://interop-multipart/big.bin", files.dir / "back.bin"));
  BOOST_TEST(got.ok());
  BOOST_TEST((read_file(files.dir / "back.bin") == contents));
}

BOOST_AUTO_TEST_CASE(an_aborted_multipart_upload_is_gone) {
  make_bucket("interop-abort");
  const auto part = write_file(files.dir / "part.bin", random_bytes(5 * mib, 3));
  const auto id = run(io, obs.initiate_multipart_upload("interop-abort", "aborted.bin"));
  run(io, obs.upload_part("interop-abort", "aborted.bin", id, 1, part, 0, 5 * mib));
  BOOST_TEST(run(io, obs.list_parts("interop-abort", "aborted.bin", id)).size() == 1u);
  run(io, obs.abort_multipart_upload("interop-abort", "aborted.bin", id));
  const auto uploads = run(io, obs.list_multipart_uploads("interop-abort"));
  BOOST_TEST(std::none_of(uploads.begin(), uploads.end(), [&](const auto& u) { return u.upload_id == id; }));
  try {
    run(io, obs.list_parts("interop-abort", "aborted.bin", id));
    BOOST_FAIL("expected NoSuchUpload");
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.service_code() == "NoSuchUpload");
  }
}

BOOST_AUTO_TEST_CASE(listing_paginates_and_deletes_leave_an_empty_bucket) {
  make_bucket("interop-list");
  std::vector<std::string> keys;
  for (int i = 0; i < 25; ++i) {
    keys.push_back("list/item-" + std::to_string(100 + i));
    run(io, obs.put_object("interop-list", keys.back(), "x" + std::to_string(i)));
  }
  obs::list_objects_request page_request;
  page_request.prefix = "list/";
  page_request.max_keys = 10;
  const auto page = run(io, obs.list_objects("interop-list", page_request));
  BOOST_TEST(page.objects.size() == 10u);
  BOOST_TEST(page.truncated);
  const auto all = run(io, obs.list_all_objects("interop-list", "list/"));
  BOOST_TEST(all.size() == 25u);

  const auto deleted = run(io, obs.delete_objects("interop-list", keys));
  BOOST_TEST(deleted.failed.empty());
  BOOST_TEST(run(io, obs.list_all_objects("interop-list")).empty());
  run(io, obs.delete_bucket("interop-list"));
  BOOST_TEST(!run(io, obs.bucket_exists("interop-list")));
}

BOOST_AUTO_TEST_CASE(a_wrong_secret_key_is_a_clear_signature_error) {
  auto keys = server().keys();
  keys.secret_key = "Wrong-Interop-Secret";
  modelarts::client wrong(io.get_executor(), server().options(), keys);
  try {
    run(io, wrong.obs().list_buckets());
    BOOST_FAIL("expected an api_error");
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.http_status() == 403u);
    BOOST_TEST(e.service_code() == "SignatureDoesNotMatch");
    BOOST_TEST(!e.request_id().empty());
    BOOST_TEST(std::string(e.what()).find("Wrong-Interop-Secret") == std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()

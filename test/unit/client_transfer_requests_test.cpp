// The requests the transfer engine builds itself (parts from memory), the
// multipart ETag it predicts, how it reads failures, and its progress meter.
#include "obs/transfer_progress_meter.hpp"
#include "obs/transfer_requests.hpp"

#include "modelarts/error.hpp"

#include <boost/asio/error.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

using namespace modelarts::obs::transfer;
namespace obs = modelarts::obs;

namespace {

modelarts::client_options obs_options() {
  modelarts::client_options o;
  o.region = "cn-north-4";
  o.endpoint.obs = "https://obs.cn-north-4.myhuaweicloud.com";
  o.obs.addressing = modelarts::obs_addressing::path;
  return o;
}

std::string query_value(const modelarts::http::request& r, const std::string& key) {
  for (const auto& q : r.query)
    if (q.key == key) return q.value;
  return "<absent>";
}

} // namespace

BOOST_AUTO_TEST_CASE(a_part_request_carries_its_number_upload_id_md5_and_body) {
  const obs::request_factory f(obs_options());
  const auto md5 = obs::md5_of("hello");
  const auto req = upload_part_request(f, "bucket", "dir/key.bin", "up-1", 7, "hello", &md5);
  BOOST_TEST(req.method == "PUT");
  BOOST_TEST(req.path == "/bucket/dir/key.bin");
  BOOST_TEST(query_value(req, "partNumber") == "7");
  BOOST_TEST(query_value(req, "uploadId") == "up-1");
  BOOST_TEST(req.headers.get("Content-MD5").value_or("") == "XUFAKrxLKna5cZ2REBfFkg==");
  BOOST_TEST(req.body.empty());
  BOOST_REQUIRE(req.body_pieces.size() == 1u); // borrowed: the engine reuses its part buffers
  BOOST_TEST(req.body_pieces[0].bytes == "hello");
  BOOST_TEST(!req.body_pieces[0].file.has_value());
  BOOST_TEST(req.idempotent); // the same bytes to the same part number
}

BOOST_AUTO_TEST_CASE(an_object_request_without_md5_has_no_content_md5) {
  const obs::request_factory f(obs_options());
  const auto req = put_object_request(f, "bucket", "k", "data", nullptr);
  BOOST_TEST(req.method == "PUT");
  BOOST_TEST(!req.headers.contains("Content-MD5"));
  BOOST_TEST(req.body_size() == 4u);
  BOOST_CHECK_THROW(put_object_request(f, "bucket", "", "data", nullptr), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(the_multipart_etag_is_the_md5_of_the_part_md5s_and_the_count) {
  BOOST_TEST(multipart_etag({"0cc175b9c0f1b6a831c399e269772661", "92EB5FFEE6AE2FEC3AD71C777531578F"}) ==
             "96e024ba2074fe77e8e965ba43a704be-2");
  BOOST_TEST(multipart_etag({"0cc175b9c0f1b6a831c399e269772661", "not-an-md5"}).empty());
  BOOST_TEST(is_md5_etag("0cc175b9c0f1b6a831c399e269772661"));
  BOOST_TEST(!is_md5_etag("96e024ba2074fe77e8e965ba43a704be-2"));
}

BOOST_AUTO_TEST_CASE(transient_failures_are_worth_another_attempt) {
  auto ptr = [](auto e) { return std::make_exception_ptr(e); };
  BOOST_TEST(worth_retrying(ptr(modelarts::api_error(503, "SlowDown", "busy", "r"))));
  BOOST_TEST(worth_retrying(ptr(modelarts::api_error(429, "", "busy", "r"))));
  BOOST_TEST(worth_retrying(ptr(boost::system::system_error(make_error_code(modelarts::errc::truncated_body)))));
  BOOST_TEST(worth_retrying(ptr(boost::system::system_error(boost::asio::error::connection_reset))));
  BOOST_TEST(worth_retrying(ptr(boost::system::system_error(make_error_code(modelarts::errc::malformed_response)))));
}

BOOST_AUTO_TEST_CASE(final_failures_are_not_retried) {
  auto ptr = [](auto e) { return std::make_exception_ptr(e); };
  BOOST_TEST(!worth_retrying(ptr(modelarts::api_error(404, "NoSuchUpload", "gone", "r"))));
  BOOST_TEST(!worth_retrying(ptr(modelarts::api_error(412, "PreconditionFailed", "changed", "r"))));
  BOOST_TEST(!worth_retrying(ptr(boost::system::system_error(boost::asio::error::operation_aborted))));
  BOOST_TEST(!worth_retrying(ptr(boost::system::system_error(make_error_code(modelarts::errc::object_changed)))));
  BOOST_TEST(!worth_retrying(ptr(std::filesystem::filesystem_error("read", std::make_error_code(std::errc::io_error)))));
  BOOST_TEST(!worth_retrying(ptr(std::invalid_argument("bad"))));
  BOOST_TEST(is_cancellation(ptr(boost::system::system_error(boost::asio::error::operation_aborted))));
  BOOST_TEST(!is_cancellation(ptr(boost::system::system_error(make_error_code(modelarts::errc::sink_aborted)))));
}

BOOST_AUTO_TEST_CASE(a_failed_if_match_becomes_the_dedicated_object_changed_error) {
  const auto changed = precondition_as_object_changed(
      std::make_exception_ptr(modelarts::api_error(412, "PreconditionFailed", "At least one precondition failed", "r")),
      "obs://b/k", "abc");
  BOOST_TEST(is_object_changed(changed));
  try {
    std::rethrow_exception(changed);
  } catch (const boost::system::system_error& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find("obs://b/k") != std::string::npos, what);
    BOOST_TEST(what.find("abc") != std::string::npos, what);
  }
  const auto other = std::make_exception_ptr(modelarts::api_error(404, "NoSuchKey", "gone", "r"));
  BOOST_TEST(!is_object_changed(precondition_as_object_changed(other, "obs://b/k", "abc")));
}

BOOST_AUTO_TEST_CASE(the_object_changed_and_unsafe_key_codes_have_their_own_messages) {
  const auto changed = make_error_code(modelarts::errc::object_changed);
  const auto unsafe = make_error_code(modelarts::errc::unsafe_object_key);
  BOOST_TEST(changed != unsafe);
  BOOST_TEST(changed.message().find("changed") != std::string::npos);
  BOOST_TEST(unsafe.message().find("escape") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(progress_counts_bytes_parts_files_and_resumed_work) {
  std::vector<obs::transfer_progress> seen;
  progress_meter meter([&](const obs::transfer_progress& p) { seen.push_back(p); });
  meter.add_totals(2, 1000);
  meter.add_parts_total(4);
  meter.add_resumed(250, 1);
  meter.add_bytes(300);
  meter.remove_bytes(100); // a failed attempt, to be sent again
  meter.add_bytes(100);
  meter.part_done();
  meter.file_done(false);
  meter.file_done(true);
  const auto last = seen.back();
  BOOST_TEST(last.bytes_total == 1000u);
  BOOST_TEST(last.bytes_done == 550u);
  BOOST_TEST(last.parts_total == 4u);
  BOOST_TEST(last.parts_done == 2u);
  BOOST_TEST(last.files_total == 2u);
  BOOST_TEST(last.files_done == 2u);
  BOOST_TEST(last.files_failed == 1u);
  BOOST_TEST(meter.transferred() == 300u);
  BOOST_TEST(meter.resumed() == 250u);
  BOOST_TEST(seen.size() == 9u); // one report per change
}

BOOST_AUTO_TEST_CASE(progress_reports_a_rate_over_recent_bytes) {
  obs::transfer_progress last;
  progress_meter meter([&](const obs::transfer_progress& p) { last = p; });
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  meter.add_bytes(6000);
  BOOST_TEST(last.bytes_per_second > 0);
  BOOST_TEST(last.bytes_per_second <= 6000 / 0.06);
}

BOOST_AUTO_TEST_CASE(a_throwing_progress_callback_does_not_stop_the_count) {
  progress_meter meter([](const obs::transfer_progress&) { throw std::runtime_error("display failed"); });
  BOOST_CHECK_NO_THROW(meter.add_bytes(10));
  BOOST_TEST(meter.transferred() == 10u);
}

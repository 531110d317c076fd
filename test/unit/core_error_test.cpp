// The modelarts error category and api_error.
#include <modelarts/error.hpp>

#include <boost/test/unit_test.hpp>

#include <set>
#include <sstream>
#include <string>

using modelarts::api_error;
using modelarts::errc;

namespace {

constexpr int first_errc = static_cast<int>(errc::ok);
constexpr int last_errc = static_cast<int>(errc::checksum_mismatch); // keep at the last value

} // namespace

BOOST_AUTO_TEST_SUITE(error_category)

BOOST_AUTO_TEST_CASE(is_named_modelarts) {
  BOOST_TEST(std::string(modelarts::category().name()) == "modelarts");
}

BOOST_AUTO_TEST_CASE(every_code_has_its_own_message) {
  std::set<std::string> seen;
  for (int v = first_errc; v <= last_errc; ++v) {
    const std::string m = modelarts::category().message(v);
    BOOST_TEST_CONTEXT("errc value " << v) {
      BOOST_TEST(!m.empty());
      BOOST_TEST(m != "unknown modelarts error");
      BOOST_TEST(seen.insert(m).second, "message repeated: " << m);
    }
  }
}

BOOST_AUTO_TEST_CASE(messages_say_what_went_wrong) {
  BOOST_TEST(modelarts::make_error_code(errc::credentials_missing).message() ==
             "no usable credentials were found");
  BOOST_TEST(modelarts::make_error_code(errc::invalid_configuration).message() ==
             "invalid configuration");
  BOOST_TEST(modelarts::make_error_code(errc::deadline_exceeded).message() ==
             "the call's total deadline passed");
  BOOST_TEST(modelarts::make_error_code(errc::service_error).message() ==
             "the service returned an error");
}

BOOST_AUTO_TEST_CASE(an_unknown_value_has_a_generic_message) {
  BOOST_TEST(modelarts::category().message(last_errc + 1) == "unknown modelarts error");
}

BOOST_AUTO_TEST_CASE(errc_converts_to_an_error_code_of_the_category) {
  const boost::system::error_code ec = errc::proxy_error;
  BOOST_TEST(ec.value() == static_cast<int>(errc::proxy_error));
  BOOST_TEST((ec.category() == modelarts::category()));
  BOOST_TEST((ec == errc::proxy_error));
  BOOST_TEST((ec != errc::sink_aborted));
}

BOOST_AUTO_TEST_CASE(timeouts_compare_equal_to_the_generic_timed_out) {
  const boost::system::error_code attempt = errc::attempt_timeout;
  const boost::system::error_code deadline = errc::deadline_exceeded;
  const boost::system::error_code wait = errc::wait_deadline_exceeded;
  BOOST_TEST((attempt == boost::system::errc::timed_out));
  BOOST_TEST((deadline == boost::system::errc::timed_out));
  BOOST_TEST((wait == boost::system::errc::timed_out));
}

BOOST_AUTO_TEST_CASE(sink_aborted_compares_equal_to_operation_canceled) {
  const boost::system::error_code ec = errc::sink_aborted;
  BOOST_TEST((ec == boost::system::errc::operation_canceled));
}

BOOST_AUTO_TEST_CASE(other_codes_match_no_generic_condition) {
  const boost::system::error_code ec = errc::retries_exhausted;
  BOOST_TEST((ec != boost::system::errc::timed_out));
  BOOST_TEST((ec != boost::system::errc::operation_canceled));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(api_error_type)

BOOST_AUTO_TEST_CASE(what_reads_status_code_message_and_request_id) {
  const api_error e(404, "ModelArts.0104", "training job not found", "5f1e0c2a");
  BOOST_TEST(std::string(e.what()) ==
             "HTTP 404 ModelArts.0104: training job not found (request id 5f1e0c2a)");
}

BOOST_AUTO_TEST_CASE(what_leaves_out_a_missing_code_and_request_id) {
  const api_error e(502, "", "Bad Gateway", "");
  BOOST_TEST(std::string(e.what()) == "HTTP 502: Bad Gateway");
}

BOOST_AUTO_TEST_CASE(keeps_every_field) {
  api_error e(400, "ModelArts.2791", "invalid flavor", "req-1", "choose a listed flavor");
  e.set_host_id("host-9");
  BOOST_TEST(e.http_status() == 400U);
  BOOST_TEST(e.service_code() == "ModelArts.2791");
  BOOST_TEST(e.message() == "invalid flavor");
  BOOST_TEST(e.request_id() == "req-1");
  BOOST_TEST(e.solution() == "choose a listed flavor");
  BOOST_TEST(e.host_id() == "host-9");
}

BOOST_AUTO_TEST_CASE(its_code_is_service_error) {
  const api_error e(500, "X", "y", "z");
  BOOST_TEST((e.code() == errc::service_error));
}

BOOST_AUTO_TEST_CASE(is_caught_as_a_system_error_with_the_same_what) {
  try {
    throw api_error(403, "APIG.0301", "Incorrect IAM authentication information", "r");
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == errc::service_error));
    BOOST_TEST(std::string(e.what()) ==
               "HTTP 403 APIG.0301: Incorrect IAM authentication information (request id r)");
    return;
  }
  BOOST_FAIL("not caught as system_error");
}

BOOST_AUTO_TEST_CASE(a_copy_keeps_what) {
  const api_error original(409, "C", "conflict", "id");
  const api_error copy = original;
  BOOST_TEST(std::string(copy.what()) == std::string(original.what()));
}

BOOST_AUTO_TEST_CASE(streams_what_then_solution_and_host_id) {
  api_error e(404, "NoSuchKey", "The specified key does not exist.", "r1", "check the key");
  e.set_host_id("h1");
  std::ostringstream os;
  os << e;
  BOOST_TEST(os.str() == "HTTP 404 NoSuchKey: The specified key does not exist. (request id r1)"
                         "; solution: check the key; host id: h1");
}

BOOST_AUTO_TEST_CASE(streams_only_what_without_solution_or_host_id) {
  const api_error e(500, "", "Internal Server Error", "");
  std::ostringstream os;
  os << e;
  BOOST_TEST(os.str() == "HTTP 500: Internal Server Error");
}

BOOST_AUTO_TEST_SUITE_END()

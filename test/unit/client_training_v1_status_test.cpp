#include "modelarts/training/v1/job_status.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace modelarts::training::v1;

BOOST_AUTO_TEST_CASE(every_code_from_0_to_22_has_its_service_name) {
  BOOST_TEST(status_name(job_status_from_code(0)) == "JOBSTAT_UNKNOWN");
  BOOST_TEST(status_name(job_status_from_code(1)) == "JOBSTAT_INIT");
  BOOST_TEST(status_name(job_status_from_code(7)) == "JOBSTAT_WAITING");
  BOOST_TEST(status_name(job_status_from_code(8)) == "JOBSTAT_RUNNING");
  BOOST_TEST(status_name(job_status_from_code(10)) == "JOBSTAT_COMPLETED");
  BOOST_TEST(status_name(job_status_from_code(13)) == "JOBSTAT_CANCELED");
  BOOST_TEST(status_name(job_status_from_code(16)) == "JOBSTAT_SUBMIT_MODEL_FAILED");
  BOOST_TEST(status_name(job_status_from_code(20)) == "JOBSTAT_CHECK_RUNNING_COMPLETED");
  BOOST_TEST(status_name(job_status_from_code(22)) == "MOUNT_FAILED");
  for (int code = 0; code <= 22; ++code) {
    const auto name = std::string(status_name(job_status_from_code(code)));
    BOOST_TEST(name != "UNRECOGNIZED", "code " << code);
  }
}

BOOST_AUTO_TEST_CASE(codes_outside_the_table_are_kept_and_named_unrecognized) {
  const auto s = job_status_from_code(23);
  BOOST_TEST(static_cast<int>(s) == 23);
  BOOST_TEST(status_name(s) == "UNRECOGNIZED");
  BOOST_TEST(status_name(job_status_from_code(-1)) == "UNRECOGNIZED");
  BOOST_TEST(!is_final(s));
  BOOST_TEST(!is_failure(s));
}

BOOST_AUTO_TEST_CASE(failure_states_are_exactly_the_nine_failed_codes) {
  const int failures[] = {3, 5, 6, 11, 14, 16, 17, 21, 22};
  int count = 0;
  for (int code = 0; code <= 22; ++code) {
    if (is_failure(job_status_from_code(code))) ++count;
  }
  BOOST_TEST(count == 9);
  for (const int code : failures) {
    BOOST_TEST(is_failure(job_status_from_code(code)), "code " << code);
    BOOST_TEST(is_final(job_status_from_code(code)), "code " << code);
  }
}

BOOST_AUTO_TEST_CASE(completions_and_stops_are_final_but_not_failures) {
  for (const auto s : {job_status::completed, job_status::check_running_completed, job_status::killed,
                       job_status::canceled}) {
    BOOST_TEST(is_final(s), status_name(s));
    BOOST_TEST(!is_failure(s), status_name(s));
  }
  BOOST_TEST(is_success(job_status::completed));
  BOOST_TEST(is_success(job_status::check_running_completed));
  BOOST_TEST(!is_success(job_status::killed));
}

BOOST_AUTO_TEST_CASE(states_in_progress_are_not_final) {
  for (const int code : {0, 1, 2, 4, 7, 8, 9, 15, 18, 19}) {
    BOOST_TEST(!is_final(job_status_from_code(code)), "code " << code);
    BOOST_TEST(!is_success(job_status_from_code(code)), "code " << code);
  }
}

#include "core/json_fields.hpp"
#include "modelarts/error.hpp"
#include "modelarts/wait_policy.hpp"
#include "training/v1/training_v1_json.hpp"
#include "training/v1/training_v1_validation.hpp"
#include "training/v1/version_wait.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace modelarts;
using namespace modelarts::training::v1;
namespace json = boost::json;

namespace {

json::object parse(std::string_view text) { return json::parse(text).as_object(); }

boost::system::error_code code_of_validation(auto&& f) {
  try {
    f();
  } catch (const boost::system::system_error& e) {
    return e.code();
  }
  return {};
}

run_config own_code() {
  run_config c;
  c.app_url = "/bucket/src/";
  c.boot_file_url = "/bucket/src/boot.py";
  return c;
}

} // namespace

BOOST_AUTO_TEST_CASE(job_create_request_nests_the_run_fields_under_config_and_leaves_out_empty_ones) {
  job_create_request r;
  r.job_name = "my_training_job";
  r.job_desc = "first";
  r.config = own_code();
  r.config.worker_server_num = 2;
  r.config.parameters = {{"lr", "0.01"}};
  r.config.engine_id = 1;
  const auto o = to_json(r);
  BOOST_TEST(o.at("job_name").as_string() == "my_training_job");
  const auto& c = o.at("config").as_object();
  BOOST_TEST(c.at("worker_server_num").as_int64() == 2);
  BOOST_TEST(c.at("app_url").as_string() == "/bucket/src/");
  BOOST_TEST(c.at("parameter").as_array().at(0).as_object().at("label").as_string() == "lr");
  BOOST_TEST(c.at("engine_id").as_int64() == 1);
  BOOST_TEST(!c.contains("model_id"));
  BOOST_TEST(!c.contains("data_url"));
}

BOOST_AUTO_TEST_CASE(version_create_request_carries_pre_version_id_in_config) {
  version_create_request r;
  r.pre_version_id = 278813;
  r.config = own_code();
  const auto o = to_json(r);
  BOOST_TEST(o.at("config").as_object().at("pre_version_id").as_int64() == 278813);
}

BOOST_AUTO_TEST_CASE(job_config_is_flat_with_name_and_description) {
  job_config c;
  c.config_name = "my_job_config";
  c.config_desc = "d";
  c.config = own_code();
  const auto o = to_json(c);
  BOOST_TEST(o.at("config_name").as_string() == "my_job_config");
  BOOST_TEST(o.at("boot_file_url").as_string() == "/bucket/src/boot.py");
  BOOST_TEST(!o.contains("config"));
}

BOOST_AUTO_TEST_CASE(version_detail_reads_numbers_given_as_strings_and_keeps_unknown_fields) {
  const auto v = job_version_from_json(parse(R"({"is_success": true, "job_id": "182626", "job_name": "j",
      "version_id": 278813, "version_name": "V0001", "status": "8", "create_time": 1561000000000,
      "duration": 1200, "engine_type": 10, "engine_name": "PyTorch", "spec_id": 1, "worker_server_num": 2,
      "app_url": "/b/src/", "boot_file_url": "/b/src/boot.py", "parameter": [{"label": "lr", "value": "0.1"}],
      "data_source": [{"type": "obs", "data_url": "/b/data/"}], "gpu_type": "v100"})"));
  BOOST_TEST(v.job_id == 182626);
  BOOST_TEST(v.version_id == 278813);
  BOOST_TEST((v.status == job_status::running));
  BOOST_TEST(v.engine_type == 10);
  BOOST_TEST(v.config.worker_server_num == 2);
  BOOST_TEST(v.config.parameters.size() == 1U);
  BOOST_TEST(v.config.data_sources.at(0).data_url == "/b/data/");
  BOOST_TEST(v.extra.contains("gpu_type"));
  BOOST_TEST(!v.extra.contains("app_url"));
  BOOST_TEST(!v.extra.contains("is_success"));
}

BOOST_AUTO_TEST_CASE(job_page_reads_totals_and_summaries) {
  const auto p = job_page_from_json(parse(R"({"is_success": true, "job_total_count": 2, "job_count_limit": 100,
      "quotas": 100, "jobs": [{"job_id": 1, "job_name": "a", "version_id": 5, "status": 10, "version_count": 3},
      "not an object"]})"));
  BOOST_TEST(p.job_total_count == 2);
  BOOST_TEST(p.jobs.size() == 1U);
  BOOST_TEST((p.jobs[0].status == job_status::completed));
  BOOST_TEST(p.jobs[0].version_count == 3);
}

BOOST_AUTO_TEST_CASE(versions_in_a_list_inherit_the_job_id_and_name) {
  const auto l = version_list_from_json(parse(R"({"job_id": 7, "job_name": "j", "version_count": 1,
      "versions": [{"version_id": 9, "status": 1}]})"));
  BOOST_TEST(l.versions.size() == 1U);
  BOOST_TEST(l.versions[0].job_id == 7);
  BOOST_TEST(l.versions[0].job_name == "j");
}

BOOST_AUTO_TEST_CASE(algorithms_read_their_parameters) {
  const auto a = built_in_algorithms_from_json(parse(R"({"model_total_count": 1, "models": [{"model_id": 1,
      "model_name": "ResNet_v1_50", "model_usage": 1, "model_size": 102690000,
      "parameter": [{"label": "batch_size", "value": "32"}], "engine_id": 1}]})"));
  BOOST_TEST(a.size() == 1U);
  BOOST_TEST(a[0].model_name == "ResNet_v1_50");
  BOOST_TEST(a[0].model_size == 102690000);
  BOOST_TEST(a[0].parameters.at(0).value == "32");
}

BOOST_AUTO_TEST_CASE(invalid_names_and_configs_are_refused_before_sending) {
  const auto invalid = make_error_code(errc::invalid_argument);
  job_create_request r;
  r.job_name = "bad name";
  r.config = own_code();
  BOOST_TEST(code_of_validation([&] { validation::check(r); }) == invalid);
  r.job_name = std::string(65, 'a');
  BOOST_TEST(code_of_validation([&] { validation::check(r); }) == invalid);
  r.job_name = "ok-name_1";
  BOOST_TEST(code_of_validation([&] { validation::check(r); }) == boost::system::error_code());
  r.config = run_config{};
  BOOST_TEST(code_of_validation([&] { validation::check(r); }) == invalid);

  job_config c;
  c.config_name = std::string(21, 'c');
  c.config = own_code();
  BOOST_TEST(code_of_validation([&] { validation::check(c); }) == invalid);

  visualization_create_request v;
  v.job_name = "viz";
  BOOST_TEST(code_of_validation([&] { validation::check(v); }) == invalid); // no train_url
  BOOST_TEST(code_of_validation([] { validation::check_page(1001, 1, 1000, "", ""); }) == invalid);
  BOOST_TEST(code_of_validation([] { validation::check_page(10, 1, 1000, "up", ""); }) == invalid);
  BOOST_TEST(code_of_validation([] { validation::check_id("job_id", 0); }) == invalid);
}

BOOST_AUTO_TEST_CASE(the_waiter_ends_on_completion_and_fails_on_failures_and_stops) {
  job_version v;
  v.status = job_status::running;
  BOOST_TEST(!version_wait_over(v));
  v.status = job_status::completed;
  BOOST_TEST(version_wait_over(v));
  v.status = job_status::mount_failed;
  try {
    version_wait_over(v);
    BOOST_FAIL("a failure state must throw");
  } catch (const wait_error<job_version>& e) {
    BOOST_TEST(e.code() == make_error_code(errc::resource_failed));
    BOOST_TEST(std::string(e.what()).find("MOUNT_FAILED") != std::string::npos);
    BOOST_TEST((e.last().status == job_status::mount_failed));
  }
  v.status = job_status::killed;
  try {
    version_wait_over(v);
    BOOST_FAIL("a stopped version must throw");
  } catch (const wait_error<job_version>& e) {
    BOOST_TEST(e.code() == make_error_code(errc::resource_failed));
    BOOST_TEST(std::string(e.what()).find("stopped") != std::string::npos);
  }
}

// Training jobs against the emulator: create, get, search, update, delete, terminate.
#include "training_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

namespace asio = boost::asio;
namespace training = modelarts::training;
using test_support::code_of;
using test_support::training_fixture;

BOOST_FIXTURE_TEST_SUITE(training_jobs, training_fixture)

BOOST_AUTO_TEST_CASE(create_from_code_answers_creating_with_the_request_echoed) {
  const auto job = run(training.create_job(code_job()));
  BOOST_TEST(job.id().size() == 36u);
  BOOST_TEST(job.kind == "job");
  BOOST_TEST(job.metadata.name == "test-pytorch-cpu01");
  BOOST_TEST(job.status.phase == "Creating");
  BOOST_TEST(job.status.tasks.size() == 1u);
  BOOST_TEST(job.algorithm.code_dir == "/cnnorth4-job-test-v2/pytorch/fast_example/code/cpu/");
  BOOST_REQUIRE(job.algorithm.inputs.size() == 1u);
  BOOST_TEST(*job.algorithm.inputs[0].obs_url == "/cnnorth4-job-test-v2/pytorch/fast_example/data/");
  BOOST_TEST(job.algorithm.inputs[0].local_dir == "/home/ma-user/modelarts/inputs/data_url_0");
  BOOST_TEST(job.spec.resource.flavor_id == "modelarts.vm.cpu.8u");
  BOOST_TEST(job.spec.resource.flavor_name == "Computing CPU(8U) instance");
  BOOST_TEST(job.spec.log_export_obs_url == "/cnnorth4-job-test-v2/pytorch/fast_example/log/");
}

BOOST_AUTO_TEST_CASE(get_reads_the_job_as_it_moves_on) {
  const auto created = run(training.create_job(scripted_job("Completed", 5000)));
  const auto read = run(training.get_job(created.id()));
  BOOST_TEST(read.id() == created.id());
  BOOST_TEST(read.metadata.create_time_ms == created.metadata.create_time_ms);
  BOOST_TEST(read.status.phase == "Creating");
}

BOOST_AUTO_TEST_CASE(get_of_an_unknown_job_is_a_404_api_error) {
  try {
    run(training.get_job("00000000-0000-4000-8000-000000000000"));
    BOOST_FAIL("no error");
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.http_status() == 404u);
    BOOST_TEST(e.service_code() == "ModelArts.2602");
  }
}

BOOST_AUTO_TEST_CASE(run_parameters_with_values_and_bare_flags_reach_the_job) {
  auto r = code_job();
  r.parameters.push_back({"epochs", std::string("3"), {}, {}, {}});
  r.parameters.push_back({"dist", std::nullopt, {}, {}, {}});
  r.environments["USER_ENV_VAR"] = "customize environment variable";
  const auto job = run(training.create_job(r));
  BOOST_REQUIRE(job.algorithm.parameters.size() == 2u);
  BOOST_TEST(*job.algorithm.parameters[0].value == "3");
  BOOST_TEST(!job.algorithm.parameters[1].value.has_value());
  BOOST_TEST(job.algorithm.environments.at("USER_ENV_VAR") == "customize environment variable");
}

BOOST_AUTO_TEST_CASE(a_dataset_version_can_be_the_input) {
  auto r = code_job();
  r.inputs[0].obs_url.reset();
  r.inputs[0].dataset = training::dataset_source{"PYc9H2HGv5BJNwBGXyK", "IbAhFai5SKXWC3gthUfz", {}};
  const auto job = run(training.create_job(r));
  BOOST_REQUIRE(job.algorithm.inputs.size() == 1u);
  BOOST_REQUIRE(job.algorithm.inputs[0].dataset.has_value());
  BOOST_TEST(job.algorithm.inputs[0].dataset->version_id == "IbAhFai5SKXWC3gthUfz");
}

BOOST_AUTO_TEST_CASE(a_custom_image_job_is_created) {
  auto r = code_job();
  r.code_dir.clear();
  r.boot_file.clear();
  r.engine = {};
  r.engine.image_url = "sdk-test/pytorch1_4:1.0.1";
  r.command = "python /home/ma-user/modelarts/user-job-dir/train/test-pytorch.py";
  const auto job = run(training.create_job(r));
  BOOST_TEST(job.algorithm.command == r.command);
  BOOST_REQUIRE(job.algorithm.engine.has_value());
  BOOST_TEST(job.algorithm.engine->image_url == "sdk-test/pytorch1_4:1.0.1");
}

BOOST_AUTO_TEST_CASE(a_dedicated_pool_takes_its_own_flavor) {
  auto r = code_job();
  r.pool_id = "pool-0001";
  r.flavor_id = "modelarts.pool.visual.xlarge";
  const auto job = run(training.create_job(r));
  BOOST_TEST(job.spec.resource.pool_id == "pool-0001");
  BOOST_TEST(job.spec.resource.flavor_id == "modelarts.pool.visual.xlarge");
}

BOOST_AUTO_TEST_CASE(search_pages_filters_and_sorts) {
  for (int i = 0; i < 5; ++i) run(training.create_job(code_job("search-a-" + std::to_string(i))));
  run(training.create_job(code_job("other-job")));

  training::job_query q;
  q.limit = 2;
  q.order = "asc";
  q.filters.push_back({"name", "like", {"search-a"}});
  const auto page = run(training.list_jobs(q));
  BOOST_TEST(page.total == 6);
  BOOST_TEST(page.count == 5);
  BOOST_REQUIRE(page.items.size() == 2u);
  BOOST_TEST(page.items[0].metadata.name == "search-a-0");
  BOOST_TEST(page.items[1].metadata.name == "search-a-1");

  auto pages = training.job_pages(q);
  std::vector<std::string> names;
  int page_count = 0;
  run([&]() -> asio::awaitable<void> {
    while (auto p = co_await pages.next()) {
      ++page_count;
      for (const auto& j : *p) names.push_back(j.metadata.name);
    }
  }());
  BOOST_TEST(page_count == 3);
  BOOST_TEST(names.size() == 5u);
  BOOST_TEST(names.back() == "search-a-4");
  BOOST_TEST(std::set<std::string>(names.begin(), names.end()).size() == 5u);
}

BOOST_AUTO_TEST_CASE(search_limit_outside_1_to_50_is_refused_before_sending) {
  training::job_query q;
  q.limit = 51;
  BOOST_TEST(code_of([&] { run(training.list_jobs(q)); }) == make_error_code(modelarts::errc::invalid_argument));
}

BOOST_AUTO_TEST_CASE(update_description_is_read_back) {
  const auto job = run(training.create_job(code_job()));
  run(training.update_job_description(job.id(), "update job description"));
  BOOST_TEST(run(training.get_job(job.id())).metadata.description == "update job description");
}

BOOST_AUTO_TEST_CASE(delete_answers_202_and_the_job_is_gone) {
  const auto job = run(training.create_job(code_job()));
  run(training.delete_job(job.id()));
  try {
    run(training.get_job(job.id()));
    BOOST_FAIL("no error");
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.http_status() == 404u);
  }
}

BOOST_AUTO_TEST_CASE(terminate_a_running_job_ends_terminated) {
  const auto job = run(training.create_job(scripted_job("Completed", 2000)));
  const auto answer = run(training.terminate_job(job.id()));
  BOOST_TEST(answer.status.phase == "Terminating");
}

BOOST_AUTO_TEST_CASE(terminate_a_completed_job_is_invalid_state_without_sending) {
  const auto job = run(training.create_job(scripted_job("Completed", 1)));
  run(training.wait_for_job(job.id(), quick_policy()));
  const auto before = server.requests_matching("POST", "/v2/" + server.settings().project_id + "/training-jobs/" +
                                                           job.id() + "/actions");
  try {
    run(training.terminate_job(job.id()));
    BOOST_FAIL("no error");
  } catch (const boost::system::system_error& e) {
    BOOST_TEST(e.code() == make_error_code(modelarts::errc::invalid_state));
    BOOST_TEST(std::string(e.what()).find("Completed") != std::string::npos);
  }
  const auto after = server.requests_matching("POST", "/v2/" + server.settings().project_id + "/training-jobs/" +
                                                          job.id() + "/actions");
  BOOST_TEST(after == before);
}

BOOST_AUTO_TEST_SUITE_END()

// Legacy v1 training against the emulator: every client operation, the
// service's validation and state errors, and wait_for_version.
#include "emulator_fixture.hpp"

#include <modelarts/training/v1/training_client.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <stdexcept>
#include <thread>

using namespace modelarts::training::v1;
using modelarts::api_error;
using modelarts::errc;
using modelarts::wait_error;
using modelarts::wait_policy;
using test_support::emulator_fixture;

namespace {

modelarts::emulator::options quick_lifecycle() {
  auto o = test_support::default_emulator_options();
  o.phase_duration = std::chrono::milliseconds(30);
  return o;
}

struct v1_fixture : emulator_fixture {
  v1_fixture() : emulator_fixture(quick_lifecycle()), v1(make_client().training_v1()) {}
  training_client v1;
};

template <class F>
api_error api_error_of(F&& f) {
  try {
    f();
  } catch (const api_error& e) {
    return e;
  }
  BOOST_FAIL("no api_error thrown");
  throw std::logic_error("unreachable");
}

job_create_request job_named(std::string name) {
  job_create_request r;
  r.job_name = std::move(name);
  r.job_desc = "a job";
  r.config.app_url = "/bucket/src/";
  r.config.boot_file_url = "/bucket/src/boot.py";
  r.config.engine_id = 2;
  r.config.data_url = "/bucket/data/train/";
  r.config.train_url = "/bucket/output/";
  r.config.parameters = {{"lr", "0.01"}};
  return r;
}

wait_policy quick_wait(std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
  wait_policy p(deadline);
  p.initial_interval = std::chrono::milliseconds(10);
  p.max_interval = std::chrono::milliseconds(20);
  return p;
}

} // namespace

BOOST_FIXTURE_TEST_CASE(created_job_has_a_first_version_that_runs_to_completion, v1_fixture) {
  const auto created = run(v1.create_job(job_named("my_training_job")));
  BOOST_TEST(created.job_id > 0);
  BOOST_TEST(created.version_id > 0);
  BOOST_TEST(created.version_name == "V0001");
  BOOST_TEST((created.status == job_status::init));

  std::vector<job_status> seen;
  const auto done = run(v1.wait_for_version(created.job_id, created.version_id, quick_wait(),
                                            [&](const job_version& v) { seen.push_back(v.status); }));
  BOOST_TEST((done.status == job_status::completed));
  BOOST_TEST(!seen.empty());
  BOOST_TEST((seen.back() == job_status::completed));
  BOOST_TEST(done.engine_name == "PyTorch");
  BOOST_TEST(done.engine_type == 10);
  BOOST_TEST(done.config.boot_file_url == "/bucket/src/boot.py");
  BOOST_TEST(done.config.parameters.at(0).value == "0.01");
  BOOST_TEST(done.duration > 0);
}

BOOST_FIXTURE_TEST_CASE(a_version_reads_init_waiting_running_in_turn, v1_fixture) {
  const auto created = run(v1.create_job(job_named("phases")));
  std::vector<job_status> seen;
  run(v1.wait_for_version(created.job_id, created.version_id, quick_wait(),
                          [&](const job_version& v) { seen.push_back(v.status); }));
  // Polls 10–20 ms apart over 30 ms phases see the phases in order.
  const auto pos = [&](job_status s) { return std::find(seen.begin(), seen.end(), s) - seen.begin(); };
  BOOST_TEST(pos(job_status::waiting) < pos(job_status::running));
  BOOST_TEST(pos(job_status::running) < pos(job_status::completed));
  BOOST_TEST(std::is_sorted(seen.begin(), seen.end(), [](job_status a, job_status b) {
    return static_cast<int>(a) < static_cast<int>(b);
  }));
}

BOOST_FIXTURE_TEST_CASE(a_failing_version_ends_the_wait_with_resource_failed, v1_fixture) {
  const auto created = run(v1.create_job(job_named("emulator-fail-job")));
  try {
    run(v1.wait_for_version(created.job_id, created.version_id, quick_wait()));
    BOOST_FAIL("the wait must fail");
  } catch (const wait_error<job_version>& e) {
    BOOST_TEST(e.code() == make_error_code(errc::resource_failed));
    BOOST_TEST((e.last().status == job_status::failed));
    BOOST_TEST(std::string(e.what()).find("JOBSTAT_FAILED") != std::string::npos);
  }
}

BOOST_FIXTURE_TEST_CASE(a_wait_shorter_than_the_run_ends_with_deadline_exceeded, v1_fixture) {
  const auto created = run(v1.create_job(job_named("slow")));
  const auto started = std::chrono::steady_clock::now();
  try {
    run(v1.wait_for_version(created.job_id, created.version_id, quick_wait(std::chrono::milliseconds(25))));
    BOOST_FAIL("the wait must reach its deadline");
  } catch (const wait_error<job_version>& e) {
    BOOST_TEST(e.code() == make_error_code(errc::wait_deadline_exceeded));
    BOOST_TEST(!is_final(e.last().status));
  }
  BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(5)));
}

BOOST_FIXTURE_TEST_CASE(a_stopped_version_is_killing_then_killed_and_fails_the_wait, v1_fixture) {
  const auto created = run(v1.create_job(job_named("to_stop")));
  run(v1.stop_version(created.job_id, created.version_id));
  const auto v = run(v1.get_version(created.job_id, created.version_id));
  BOOST_TEST((v.status == job_status::killing));
  try {
    run(v1.wait_for_version(created.job_id, created.version_id, quick_wait()));
    BOOST_FAIL("a stopped version cannot complete");
  } catch (const wait_error<job_version>& e) {
    BOOST_TEST(e.code() == make_error_code(errc::resource_failed));
    BOOST_TEST((e.last().status == job_status::killed));
  }
  // A finished version cannot be stopped again.
  const auto e = api_error_of([&] { run(v1.stop_version(created.job_id, created.version_id)); });
  BOOST_TEST(e.http_status() == 400U);
  BOOST_TEST(e.service_code() == "ModelArts.2704");
}

BOOST_FIXTURE_TEST_CASE(versions_are_created_listed_and_deleted, v1_fixture) {
  const auto first = run(v1.create_job(job_named("versioned")));
  version_create_request r;
  r.pre_version_id = first.version_id;
  r.job_desc = "second run";
  r.config = job_named("x").config;
  r.config.parameters = {{"lr", "0.001"}};
  const auto second = run(v1.create_version(first.job_id, r));
  BOOST_TEST(second.job_id == first.job_id);
  BOOST_TEST(second.version_name == "V0002");

  auto list = run(v1.list_versions(first.job_id));
  BOOST_TEST(list.version_count == 2);
  BOOST_TEST(list.versions.size() == 2U);
  BOOST_TEST(list.versions.at(0).version_id == second.version_id); // newest first
  BOOST_TEST(list.versions.at(0).pre_version_id == first.version_id);
  BOOST_TEST(list.versions.at(0).config.parameters.at(0).value == "0.001");

  run(v1.delete_version(first.job_id, first.version_id));
  list = run(v1.list_versions(first.job_id));
  BOOST_TEST(list.versions.size() == 1U);
  const auto gone = api_error_of([&] { run(v1.get_version(first.job_id, first.version_id)); });
  BOOST_TEST(gone.http_status() == 404U);
  BOOST_TEST(gone.service_code() == "ModelArts.2703");

  // A version derived from one that does not exist is refused.
  r.pre_version_id = first.version_id;
  BOOST_TEST(api_error_of([&] { run(v1.create_version(first.job_id, r)); }).http_status() == 404U);
}

BOOST_FIXTURE_TEST_CASE(jobs_are_listed_filtered_described_and_deleted, v1_fixture) {
  const auto a = run(v1.create_job(job_named("alpha_job")));
  const auto b = run(v1.create_job(job_named("beta_job")));
  run(v1.update_job_description(a.job_id, "updated"));

  job_query q;
  q.search_content = "alpha";
  auto page = run(v1.list_jobs(q));
  BOOST_TEST(page.job_total_count == 1);
  BOOST_TEST(page.jobs.at(0).job_id == a.job_id);
  BOOST_TEST(page.jobs.at(0).job_desc == "updated");
  BOOST_TEST(page.jobs.at(0).version_count == 1);
  BOOST_TEST(page.job_count_limit > 0);

  q = {};
  q.sort_by = "job_name";
  q.order = "asc";
  q.per_page = 1;
  q.page = 2;
  page = run(v1.list_jobs(q));
  BOOST_TEST(page.job_total_count == 2);
  BOOST_TEST(page.jobs.size() == 1U);
  BOOST_TEST(page.jobs.at(0).job_name == "beta_job");

  q = {};
  q.status = job_status::completed;
  BOOST_TEST(run(v1.list_jobs(q)).jobs.empty());

  run(v1.delete_job(b.job_id));
  BOOST_TEST(run(v1.list_jobs()).job_total_count == 1);
  BOOST_TEST(api_error_of([&] { run(v1.list_versions(b.job_id)); }).http_status() == 404U);
}

BOOST_FIXTURE_TEST_CASE(the_service_refuses_a_duplicate_job_name, v1_fixture) {
  run(v1.create_job(job_named("twice")));
  const auto e = api_error_of([&] { run(v1.create_job(job_named("twice"))); });
  BOOST_TEST(e.http_status() == 400U);
  BOOST_TEST(e.service_code() == "ModelArts.2702");
}

BOOST_FIXTURE_TEST_CASE(the_service_refuses_an_unknown_built_in_algorithm, v1_fixture) {
  auto r = job_named("builtin");
  r.config.app_url.clear();
  r.config.boot_file_url.clear();
  r.config.model_id = 99;
  const auto e = api_error_of([&] { run(v1.create_job(r)); });
  BOOST_TEST(e.http_status() == 400U);
  BOOST_TEST(e.service_code() == "ModelArts.2701");
  BOOST_TEST(e.message().find("model_id") != std::string::npos);
  r.config.model_id = 1;
  BOOST_TEST(run(v1.create_job(r)).job_id > 0);
}

BOOST_FIXTURE_TEST_CASE(invalid_requests_are_refused_before_sending, v1_fixture) {
  const auto requests_before = server.requests_matching("POST", "/v1/" + server.settings().project_id +
                                                                    "/training-jobs");
  const auto code = test_support::code_of([&] { run(v1.create_job(job_named("spaces are not allowed"))); });
  BOOST_TEST(code == make_error_code(errc::invalid_argument));
  BOOST_TEST(test_support::code_of([&] { run(v1.get_version(0, 1)); }) == make_error_code(errc::invalid_argument));
  BOOST_TEST(server.requests_matching("POST", "/v1/" + server.settings().project_id + "/training-jobs") ==
             requests_before);
}

BOOST_FIXTURE_TEST_CASE(job_configs_are_created_read_updated_listed_and_deleted, v1_fixture) {
  job_config c;
  c.config_name = "my_job_config";
  c.config_desc = "my job config";
  c.config = job_named("x").config;
  run(v1.create_config(c));
  auto got = run(v1.get_config("my_job_config"));
  BOOST_TEST(got.config_desc == "my job config");
  BOOST_TEST(got.config.data_url == "/bucket/data/train/");
  BOOST_TEST(got.engine_name == "PyTorch");
  BOOST_TEST(got.create_time > 0);

  c.config_desc = "update";
  c.config.data_url = "/bucket/dataset/";
  run(v1.update_config(c));
  got = run(v1.get_config("my_job_config"));
  BOOST_TEST(got.config_desc == "update");
  BOOST_TEST(got.config.data_url == "/bucket/dataset/");

  c.config_name = "other_config";
  run(v1.create_config(c));
  config_query q;
  q.search_content = "other";
  const auto page = run(v1.list_configs(q));
  BOOST_TEST(page.config_total_count == 1);
  BOOST_TEST(page.configs.at(0).config_name == "other_config");

  BOOST_TEST(api_error_of([&] { run(v1.create_config(c)); }).service_code() == "ModelArts.2702");
  run(v1.delete_config("my_job_config"));
  BOOST_TEST(api_error_of([&] { run(v1.get_config("my_job_config")); }).http_status() == 404U);
  BOOST_TEST(run(v1.list_configs()).config_total_count == 1);
}

BOOST_FIXTURE_TEST_CASE(visualization_jobs_run_stop_restart_and_delete, v1_fixture) {
  visualization_create_request r;
  r.job_name = "visualization_job";
  r.job_desc = "my visualization job";
  r.train_url = "/bucket/train/";
  const auto created = run(v1.create_visualization_job(r));
  BOOST_TEST(created.job_id > 0);
  BOOST_TEST((created.status == job_status::init));

  const auto running = [&] {
    for (int i = 0; i < 200; ++i) {
      auto j = run(v1.get_visualization_job(created.job_id));
      if (j.status == job_status::running) return j;
      std::this_thread::sleep_for(std::chrono::milliseconds(10)); // a third of a phase
    }
    throw std::runtime_error("the visualization job never ran");
  };
  auto j = running();
  BOOST_TEST(!j.service_url.empty());
  BOOST_TEST(j.train_url == "/bucket/train/");

  run(v1.update_visualization_job(created.job_id, "described"));
  run(v1.stop_visualization_job(created.job_id));
  j = run(v1.get_visualization_job(created.job_id));
  BOOST_TEST((j.status == job_status::killed));
  BOOST_TEST(j.job_desc == "described");
  BOOST_TEST(j.service_url.empty());
  BOOST_TEST(api_error_of([&] { run(v1.stop_visualization_job(created.job_id)); }).service_code() ==
             "ModelArts.2704");

  visualization_query q;
  q.status = job_status::killed;
  BOOST_TEST(run(v1.list_visualization_jobs(q)).job_total_count == 1);

  run(v1.restart_visualization_job(created.job_id));
  BOOST_TEST((run(v1.get_visualization_job(created.job_id)).status == job_status::init));
  running();
  BOOST_TEST(api_error_of([&] { run(v1.restart_visualization_job(created.job_id)); }).http_status() == 400U);

  run(v1.delete_visualization_job(created.job_id));
  BOOST_TEST(api_error_of([&] { run(v1.get_visualization_job(created.job_id)); }).http_status() == 404U);
  BOOST_TEST(run(v1.list_visualization_jobs()).jobs.empty());
}

BOOST_FIXTURE_TEST_CASE(built_in_algorithms_are_listed, v1_fixture) {
  const auto algorithms = run(v1.list_built_in_algorithms());
  BOOST_TEST(algorithms.size() == 2U);
  BOOST_TEST(algorithms.at(0).model_id == 1);
  BOOST_TEST(algorithms.at(0).engine_name == "TensorFlow");
  BOOST_TEST(!algorithms.at(0).parameters.empty());
}

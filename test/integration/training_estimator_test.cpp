// The estimator flow of the Python SDK: spec → fit (optionally wait) → job handle.
#include "training_fixture.hpp"

#include <boost/test/unit_test.hpp>

namespace training = modelarts::training;
using modelarts::errc;
using test_support::code_of;
using test_support::training_fixture;

namespace {

training::estimator_spec pytorch_spec() {
  training::estimator_spec s;
  s.code_dir = "/cnnorth4-job-test-v2/pytorch/fast_example/code/cpu/";
  s.boot_file = "test-pytorch.py";
  s.engine.engine_name = "PyTorch";
  s.engine.engine_version = "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64";
  training::data_output out;
  out.name = "train_url";
  out.obs_url = "/cnnorth4-job-test-v2/pytorch/fast_example/outputs/";
  s.outputs = {out};
  s.parameters = {{"epochs", std::string("2"), {}, {}, {}}};
  s.env_variables = {{"EMULATOR_PHASE_MS", "10"}};
  s.flavor_id = "modelarts.vm.cpu.8u";
  s.log_export_obs_url = "/cnnorth4-job-test-v2/pytorch/fast_example/log/";
  s.description = "estimator job";
  return s;
}

training::fit_options obs_inputs(std::string name) {
  training::fit_options f;
  f.job_name = std::move(name);
  training::data_input in;
  in.name = "data_url";
  in.obs_url = "/cnnorth4-job-test-v2/pytorch/fast_example/data/";
  f.inputs = {in};
  return f;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(training_estimator, training_fixture)

BOOST_AUTO_TEST_CASE(fit_without_wait_returns_the_created_job_and_the_handle_works) {
  const training::estimator est(training, pytorch_spec());
  const auto job = run(est.fit(obs_inputs("job_name_1")));
  BOOST_TEST(job.submitted().status.phase == "Creating");
  BOOST_TEST(job.submitted().metadata.description == "estimator job");
  BOOST_TEST(run(job.info()).id() == job.id());
  const auto done = run(job.wait(quick_policy()));
  BOOST_TEST(done.status.phase == "Completed");
  BOOST_TEST(run(job.log()).content.find("ended Completed") != std::string::npos);
  BOOST_TEST(run(job.metrics()).find("cpuUsage") != nullptr);
  run(job.update_description("after"));
  BOOST_TEST(run(job.info()).metadata.description == "after");
  run(job.remove());
  BOOST_CHECK_THROW(run(job.info()), modelarts::api_error);
}

BOOST_AUTO_TEST_CASE(fit_with_wait_returns_the_completed_job) {
  const training::estimator est(training, pytorch_spec());
  auto options = obs_inputs("job_name_2");
  options.wait = quick_policy();
  std::vector<std::string> phases;
  options.on_phase_change = [&](const training::job& j) { phases.push_back(j.status.phase); };
  const auto job = run(est.fit(options));
  BOOST_TEST(job.submitted().status.phase == "Completed");
  BOOST_TEST(phases.back() == "Completed");
}

BOOST_AUTO_TEST_CASE(fit_with_a_dataset_version) {
  const training::estimator est(training, pytorch_spec());
  training::fit_options f;
  f.job_name = "job_name_5";
  f.dataset = training::dataset_source{"PYc9H2HGv5BJNwBGXyK", "IbAhFai5SKXWC3gthUfz", {}};
  const auto job = run(est.fit(f));
  BOOST_REQUIRE(job.submitted().algorithm.inputs.size() == 1u);
  BOOST_TEST(job.submitted().algorithm.inputs[0].name == "data_url");
  BOOST_TEST(job.submitted().algorithm.inputs[0].dataset->id == "PYc9H2HGv5BJNwBGXyK");
}

BOOST_AUTO_TEST_CASE(fit_checks_node_count_against_the_flavor_before_creating) {
  auto spec = pytorch_spec();
  spec.node_count = 17; // modelarts.vm.cpu.8u allows 16
  const training::estimator est(training, spec);
  const auto jobs = "/v2/" + server.settings().project_id + "/training-jobs";
  BOOST_TEST(code_of([&] { run(est.fit(obs_inputs("too-many"))); }) == make_error_code(errc::invalid_argument));
  BOOST_TEST(server.requests_matching("POST", jobs) == 0u);
}

BOOST_AUTO_TEST_CASE(fit_refuses_both_inputs_and_a_dataset) {
  const training::estimator est(training, pytorch_spec());
  auto f = obs_inputs("both");
  f.dataset = training::dataset_source{"d", "v", {}};
  BOOST_TEST(code_of([&] { run(est.fit(f)); }) == make_error_code(errc::invalid_argument));
}

BOOST_AUTO_TEST_CASE(terminate_and_attach) {
  auto spec = pytorch_spec();
  spec.env_variables["EMULATOR_PHASE_MS"] = "60000";
  const training::estimator est(training, spec);
  const auto job = run(est.fit(obs_inputs("to-stop")));
  const auto attached = run(est.attach(job.id()));
  BOOST_TEST(attached.submitted().status.phase == "Creating");
  BOOST_TEST(run(attached.terminate()).status.phase == "Terminating");
  BOOST_TEST(code_of([&] { run(attached.terminate()); }) == make_error_code(errc::invalid_state));
}

BOOST_AUTO_TEST_SUITE_END()

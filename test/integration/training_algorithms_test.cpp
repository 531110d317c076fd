// Stored algorithms against the emulator, and jobs that refer to them (the
// REST walkthrough: algorithm, then a job by algorithm id).
#include "training_fixture.hpp"

#include <boost/test/unit_test.hpp>

namespace training = modelarts::training;
using test_support::training_fixture;

namespace {

training::algorithm_request walkthrough_algorithm(std::string name = "test-pytorch-cpu") {
  training::algorithm_request r;
  r.name = std::move(name);
  r.description = "test pytorch job in cpu in mode gloo";
  r.code_dir = "/cnnorth4-job-test-v2/pytorch/fast_example/code/cpu/";
  r.boot_file = "/cnnorth4-job-test-v2/pytorch/fast_example/code/cpu/test-pytorch.py";
  r.engine.engine_name = "PyTorch";
  r.engine.engine_version = "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64";
  r.inputs = {training::data_input{"data_url", "数据来源1", {}, {}, {}, {}}};
  r.outputs = {training::data_output{"train_url", "输出数据1", {}, {}, {}, {}, {}}};
  training::parameter_constraint boolean{"Boolean", true, false, false, "None", {}, {}};
  training::parameter_constraint integer{"Integer", true, false, false, "None", {}, {}};
  r.parameters = {{"dist", std::string("False"), "", boolean, {}}, {"world_size", std::string("1"), "", integer, {}}};
  return r;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(training_algorithms, training_fixture)

BOOST_AUTO_TEST_CASE(create_completes_the_engine_from_the_catalogue) {
  const auto a = run(training.create_algorithm(walkthrough_algorithm()));
  BOOST_TEST(a.id().size() == 36u);
  BOOST_TEST(a.metadata.name == "test-pytorch-cpu");
  BOOST_TEST(a.metadata.source == "custom");
  BOOST_REQUIRE(a.engine.has_value());
  BOOST_TEST(a.engine->engine_id == "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64");
  BOOST_TEST(a.parameters.size() == 2u);
}

BOOST_AUTO_TEST_CASE(get_list_update_delete) {
  const auto a = run(training.create_algorithm(walkthrough_algorithm("algo-a")));
  run(training.create_algorithm(walkthrough_algorithm("algo-b")));
  BOOST_TEST(run(training.get_algorithm(a.id())).metadata.name == "algo-a");

  const auto all = run(training.list_algorithms());
  BOOST_TEST(all.total == 2);
  BOOST_TEST(all.items.size() == 2u);
  const auto one = run(training.list_algorithms({1, 1}));
  BOOST_TEST(one.items.size() == 1u);

  auto changed = walkthrough_algorithm("algo-a");
  changed.description = "new description";
  changed.boot_file = "/cnnorth4-job-test-v2/pytorch/fast_example/code/cpu/other.py";
  const auto updated = run(training.update_algorithm(a.id(), changed));
  BOOST_TEST(updated.metadata.description == "new description");
  BOOST_TEST(updated.boot_file == changed.boot_file);
  BOOST_TEST(updated.metadata.update_time_ms > 0);

  run(training.delete_algorithm(a.id()));
  try {
    run(training.get_algorithm(a.id()));
    BOOST_FAIL("no error");
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.http_status() == 404u);
    BOOST_TEST(e.service_code() == "ModelArts.2607");
  }
}

BOOST_AUTO_TEST_CASE(a_job_by_algorithm_id_takes_its_code_and_parameter_defaults) {
  const auto a = run(training.create_algorithm(walkthrough_algorithm()));
  training::job_request r;
  r.name = "test-pytorch-cpu01";
  r.algorithm_id = a.id();
  r.parameters = {{"world_size", std::string("2"), {}, {}, {}}};
  training::data_input in;
  in.name = "data_url";
  in.obs_url = "/cnnorth4-job-test-v2/pytorch/fast_example/data/";
  r.inputs = {in};
  r.flavor_id = "modelarts.vm.cpu.8u";
  const auto job = run(training.create_job(r));
  BOOST_TEST(job.algorithm.id == a.id());
  BOOST_TEST(job.algorithm.name == "test-pytorch-cpu");
  BOOST_TEST(job.algorithm.boot_file == "/cnnorth4-job-test-v2/pytorch/fast_example/code/cpu/test-pytorch.py");
  BOOST_REQUIRE(job.algorithm.parameters.size() == 2u);
  BOOST_TEST(*job.algorithm.parameters[0].value == "False"); // the algorithm's default
  BOOST_TEST(*job.algorithm.parameters[1].value == "2");     // the job's value
  BOOST_REQUIRE(job.algorithm.engine.has_value());
  BOOST_TEST(job.algorithm.engine->engine_name == "PyTorch");
}

BOOST_AUTO_TEST_CASE(an_unknown_engine_is_refused_by_the_service) {
  auto r = walkthrough_algorithm();
  r.engine.engine_version = "pytorch_0.1";
  try {
    run(training.create_algorithm(r));
    BOOST_FAIL("no error");
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.http_status() == 400u);
    BOOST_TEST(e.service_code() == "ModelArts.2610");
  }
}

BOOST_AUTO_TEST_SUITE_END()

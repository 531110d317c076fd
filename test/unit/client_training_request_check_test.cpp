// What the SDK refuses before sending a training job or algorithm.
#include "training/job_request_check.hpp"

#include "modelarts/error.hpp"

#include <boost/test/unit_test.hpp>

namespace training = modelarts::training;

namespace {

training::job_request valid_job() {
  training::job_request r;
  r.name = "job_name_1";
  r.algorithm_id = "01c399ae-8593-4ef5-9e4d-085950aacde1";
  r.flavor_id = "modelarts.vm.cpu.8u";
  return r;
}

training::flavor cpu_8u() {
  training::flavor f;
  f.flavor_id = "modelarts.vm.cpu.8u";
  f.info.max_num = 16;
  return f;
}

/// The message of the invalid_argument `r` raises, or "" when it passes.
std::string refusal(const training::job_request& r, const training::flavor* f = nullptr) {
  try {
    training::check_job_request(r, f);
  } catch (const boost::system::system_error& e) {
    BOOST_TEST(e.code() == make_error_code(modelarts::errc::invalid_argument));
    return e.what();
  }
  return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(training_request_check)

BOOST_AUTO_TEST_CASE(a_valid_job_passes) {
  BOOST_TEST(refusal(valid_job()).empty());
  const auto f = cpu_8u();
  BOOST_TEST(refusal(valid_job(), &f).empty());
}

BOOST_AUTO_TEST_CASE(names_are_1_to_64_of_letters_digits_underscore_dash) {
  auto r = valid_job();
  r.name = "";
  BOOST_TEST(!refusal(r).empty());
  r.name = std::string(65, 'a');
  BOOST_TEST(!refusal(r).empty());
  r.name = "has space";
  BOOST_TEST(refusal(r).find("letters, digits") != std::string::npos);
  r.name = std::string(64, 'a');
  BOOST_TEST(refusal(r).empty());
}

BOOST_AUTO_TEST_CASE(exactly_one_algorithm_source) {
  auto r = valid_job();
  r.algorithm_id.clear();
  BOOST_TEST(refusal(r).find("exactly one algorithm source") != std::string::npos);
  r = valid_job();
  r.code_dir = "/b/code/";
  r.boot_file = "/b/code/train.py";
  BOOST_TEST(refusal(r).find("(2 given)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(code_needs_an_engine_and_an_image_needs_a_command) {
  auto r = valid_job();
  r.algorithm_id.clear();
  r.code_dir = "/b/code/";
  r.boot_file = "/b/code/train.py";
  BOOST_TEST(refusal(r).find("engine") != std::string::npos);
  r.engine.engine_id = "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64";
  BOOST_TEST(refusal(r).empty());

  r = valid_job();
  r.algorithm_id.clear();
  r.engine.image_url = "sdk-test/pytorch1_4:1.0.1";
  BOOST_TEST(refusal(r).find("command") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_input_has_an_obs_path_or_a_dataset_not_both) {
  auto r = valid_job();
  training::data_input in;
  in.name = "data_url";
  r.inputs = {in};
  BOOST_TEST(refusal(r).find("exactly one of") != std::string::npos);
  r.inputs[0].obs_url = "/b/data/";
  r.inputs[0].dataset = training::dataset_source{"d", "v", {}};
  BOOST_TEST(refusal(r).find("exactly one of") != std::string::npos);
  r.inputs[0].obs_url.reset();
  BOOST_TEST(refusal(r).empty());
}

BOOST_AUTO_TEST_CASE(an_output_needs_an_obs_path) {
  auto r = valid_job();
  training::data_output out;
  out.name = "train_url";
  r.outputs = {out};
  BOOST_TEST(refusal(r).find("OBS path") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(node_count_is_at_least_1_and_at_most_the_flavors_max_num) {
  auto r = valid_job();
  r.node_count = 0;
  BOOST_TEST(refusal(r).find("at least 1") != std::string::npos);
  const auto f = cpu_8u();
  r.node_count = 16;
  BOOST_TEST(refusal(r, &f).empty());
  r.node_count = 17;
  BOOST_TEST(refusal(r, &f).find("max_num 16") != std::string::npos);
  BOOST_TEST(refusal(r).empty()); // without the flavor the service decides
}

BOOST_AUTO_TEST_CASE(a_flavor_is_required) {
  auto r = valid_job();
  r.flavor_id.clear();
  BOOST_TEST(refusal(r).find("flavor_id") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ids_with_a_slash_are_refused) {
  BOOST_CHECK_THROW(training::check_resource_id("a/b", "training job"), boost::system::system_error);
  BOOST_CHECK_THROW(training::check_resource_id("", "training job"), boost::system::system_error);
  BOOST_CHECK_NO_THROW(training::check_resource_id("66ff6991-fd66-40b6-8101-0829a46d3731", "training job"));
}

BOOST_AUTO_TEST_CASE(an_algorithm_needs_code_or_an_image) {
  training::algorithm_request a;
  a.name = "algo";
  BOOST_CHECK_THROW(training::check_algorithm_request(a), boost::system::system_error);
  a.code_dir = "/b/code/";
  a.boot_file = "/b/code/train.py";
  a.engine.engine_name = "PyTorch";
  a.engine.engine_version = "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64";
  BOOST_CHECK_NO_THROW(training::check_algorithm_request(a));
}

BOOST_AUTO_TEST_SUITE_END()

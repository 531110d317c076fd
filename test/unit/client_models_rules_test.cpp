#include "modelarts/error.hpp"
#include "modelarts/models/model_rules.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace modelarts;
using models::create_model_request;

namespace {

/// The message of the invalid_argument error `f` throws; fails the test when it throws none.
template <class F>
std::string refusal(F&& f) {
  try {
    f();
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == make_error_code(errc::invalid_argument)));
    return e.what();
  }
  BOOST_ERROR("no refusal");
  return {};
}

bool mentions(const std::string& message, const std::string& part) {
  const bool found = message.find(part) != std::string::npos;
  if (!found) BOOST_TEST_MESSAGE("message: " << message << " lacks: " << part);
  return found;
}

create_model_request valid() { return create_model_request::from_obs("digit_model-1", "1.0.0", "/bucket/dir/", "PyTorch"); }

} // namespace

BOOST_AUTO_TEST_CASE(model_names_follow_the_seed_rule) {
  BOOST_CHECK_NO_THROW(models::check_model_name("a"));
  BOOST_CHECK_NO_THROW(models::check_model_name("Digit_model-01"));
  BOOST_CHECK_NO_THROW(models::check_model_name(std::string(64, 'm')));
  BOOST_TEST(mentions(refusal([] { models::check_model_name(""); }), "1 to 64 characters"));
  BOOST_TEST(mentions(refusal([] { models::check_model_name(std::string(65, 'm')); }), "1 to 64 characters"));
  BOOST_TEST(mentions(refusal([] { models::check_model_name("1model"); }), "must start with a letter"));
  BOOST_TEST(mentions(refusal([] { models::check_model_name("_model"); }), "must start with a letter"));
  BOOST_TEST(mentions(refusal([] { models::check_model_name("my model"); }), "only letters, digits"));
  BOOST_TEST(mentions(refusal([] { models::check_model_name("model.v1"); }), "model_name \"model.v1\""));
}

BOOST_AUTO_TEST_CASE(model_versions_are_three_numbers_without_leading_zeros) {
  for (const char* ok : {"1.0.0", "0.1.0", "99.99.99", "1.2.3", "10.0.1"}) {
    BOOST_CHECK_NO_THROW(models::check_model_version(ok));
  }
  for (const char* bad : {"01.01.01", "1.0", "1.0.0.0", "100.0.0", "1..0", "a.b.c", "1.0.0-rc", " 1.0.0", "1.00.0"}) {
    const auto message = refusal([bad] { models::check_model_version(bad); });
    BOOST_TEST(mentions(message, "model_version \"" + std::string(bad) + "\""));
    BOOST_TEST(mentions(message, "without a leading zero"));
  }
  BOOST_TEST(mentions(refusal([] { models::check_model_version(""); }), "model_version: is mandatory"));
}

BOOST_AUTO_TEST_CASE(a_valid_request_passes_and_a_generated_name_is_not_required) {
  BOOST_CHECK_NO_THROW(models::check_create_request(valid()));
  auto r = valid();
  r.model_name.clear();
  BOOST_CHECK_NO_THROW(models::check_create_request(r));
  BOOST_CHECK_NO_THROW(models::check_create_request(create_model_request::from_image("img", "1.0.0", "swr/org/i:1")));
  BOOST_CHECK_NO_THROW(models::check_create_request(
      create_model_request::from_obs("m", "1.0.0", "obs://bucket/dir/", "TensorFlow")));
}

BOOST_AUTO_TEST_CASE(model_type_and_source_location_are_checked) {
  auto r = valid();
  r.model_type = "pytorch";
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "model_type \"pytorch\""));
  r = valid();
  r.source_location.clear();
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "source_location: is mandatory"));
  r = valid();
  r.source_location = "bucket/dir/";
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "must be an OBS folder"));
  r = valid();
  r.source_location = "//dir/";
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "must be an OBS folder"));
  auto image = create_model_request::from_image("img", "1.0.0", "swr/org/i:1");
  image.location_type = models::source_location_type::local_source;
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(image); }), "cannot come from a local folder"));
}

BOOST_AUTO_TEST_CASE(descriptions_are_short_and_free_of_forbidden_characters) {
  auto r = valid();
  r.description = std::string(100, 'd');
  BOOST_CHECK_NO_THROW(models::check_create_request(r));
  r.description = std::string(101, 'd');
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "at most 100 characters"));
  for (const char* bad : {"a!", "<b>", "x=1", "a&b", "say \"hi\"", "it's"}) {
    r.description = bad;
    BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "must not contain"));
  }
}

BOOST_AUTO_TEST_CASE(execution_code_names_customize_service_py) {
  auto r = valid();
  r.execution_code = "/bucket/dir/model/customize_service.py";
  BOOST_CHECK_NO_THROW(models::check_create_request(r));
  r.execution_code = "/bucket/dir/model/service.py";
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "customize_service.py"));
  auto image = create_model_request::from_image("img", "1.0.0", "swr/org/i:1");
  image.execution_code = "/bucket/dir/model/customize_service.py";
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(image); }), "built into the image"));
}

BOOST_AUTO_TEST_CASE(source_type_and_job_version_are_checked) {
  auto r = valid();
  r.source_type = "auto";
  BOOST_CHECK_NO_THROW(models::check_create_request(r));
  r.source_type = "manual";
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "source_type \"manual\""));
  r = valid();
  r.source_job_version = "V001";
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "needs source_job_id"));
}

BOOST_AUTO_TEST_CASE(params_name_the_failing_index_and_rule) {
  auto r = valid();
  r.input_params = {{"/", "images", "file", std::nullopt, std::nullopt, ""}};
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "input_params[0].param_type \"file\""));
  r.input_params = {{"/", "x", "number", 0.0, 1.0, ""}, {"", "y", "string", std::nullopt, std::nullopt, ""}};
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "input_params[1].url"));
  r.input_params.clear();
  r.output_params = {{"/", std::string(65, 'p'), "string", std::nullopt, std::nullopt, ""}};
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "output_params[0].param_name"));
  r.output_params = {{"/", "p", "number", 2.0, 1.0, ""}};
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "must not exceed max"));
  r.output_params = {{"/", "p", "string", std::nullopt, std::nullopt, std::string(101, 'x')}};
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "param_desc"));
}

BOOST_AUTO_TEST_CASE(dependencies_follow_the_packages_rules) {
  auto r = valid();
  r.dependencies = {{"pip", {{"numpy", "1.15.0", "EXACT"}, {"h5py", "", ""}, {"six", "1.0", "ATLEAST"}}}};
  BOOST_CHECK_NO_THROW(models::check_create_request(r));
  r.dependencies = {{"conda", {{"numpy", "", ""}}}};
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "dependencies[0].installer \"conda\""));
  r.dependencies = {{"pip", {}}};
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "at least one package"));
  r.dependencies = {{"pip", {{"", "", ""}}}};
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "packages[0].package_name"));
  r.dependencies = {{"pip", {{"numpy", "", "EQUAL"}}}};
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "restraint \"EQUAL\""));
  r.dependencies = {{"pip", {{"numpy", "1.0", ""}}}};
  BOOST_TEST(mentions(refusal([&] { models::check_create_request(r); }), "mandatory when package_version"));
}

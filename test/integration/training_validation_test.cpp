// Requests the SDK refuses before sending, and those the emulator refuses in
// the cloud's error format (error_code, error_msg, error_solution).
#include "training_fixture.hpp"

#include "client/client_core.hpp"

#include <boost/test/unit_test.hpp>

namespace asio = boost::asio;
namespace training = modelarts::training;
using modelarts::errc;
using test_support::code_of;
using test_support::training_fixture;

namespace {

/// The api_error `op` throws.
template <class F>
modelarts::api_error service_refusal(F&& op) {
  try {
    op();
  } catch (const modelarts::api_error& e) {
    return e;
  }
  BOOST_FAIL("no api_error");
  throw std::logic_error("unreachable");
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(training_validation, training_fixture)

BOOST_AUTO_TEST_CASE(an_unknown_flavor_is_refused_by_the_service) {
  auto r = code_job();
  r.flavor_id = "modelarts.vm.cpu.999u";
  const auto e = service_refusal([&] { run(training.create_job(r)); });
  BOOST_TEST(e.http_status() == 400u);
  BOOST_TEST(e.service_code() == "ModelArts.2604");
  BOOST_TEST(!e.solution().empty());
}

BOOST_AUTO_TEST_CASE(node_count_above_max_num_is_refused_by_the_service) {
  auto r = code_job();
  r.flavor_id = "modelarts.vm.cpu.2u"; // max_num 1
  r.node_count = 2;
  const auto e = service_refusal([&] { run(training.create_job(r)); });
  BOOST_TEST(e.http_status() == 400u);
  BOOST_TEST(e.service_code() == "ModelArts.2605");
  BOOST_TEST(e.message().find("max_num 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(node_count_above_a_known_flavors_max_num_is_refused_before_sending) {
  const auto flavors = run(training.list_flavors());
  const auto it = std::find_if(flavors.begin(), flavors.end(),
                               [](const auto& f) { return f.flavor_id == "modelarts.vm.cpu.2u"; });
  BOOST_REQUIRE((it != flavors.end()));
  auto r = code_job();
  r.flavor_id = it->flavor_id;
  r.node_count = 2;
  const auto jobs = "/v2/" + server.settings().project_id + "/training-jobs";
  const auto before = server.requests_matching("POST", jobs);
  BOOST_TEST(code_of([&] { run(training.create_job(r, *it)); }) == make_error_code(errc::invalid_argument));
  BOOST_TEST(server.requests_matching("POST", jobs) == before);
}

BOOST_AUTO_TEST_CASE(an_unknown_algorithm_id_is_a_404) {
  training::job_request r;
  r.name = "job";
  r.algorithm_id = "00000000-0000-4000-8000-000000000000";
  r.flavor_id = "modelarts.vm.cpu.8u";
  const auto e = service_refusal([&] { run(training.create_job(r)); });
  BOOST_TEST(e.http_status() == 404u);
  BOOST_TEST(e.service_code() == "ModelArts.2607");
}

BOOST_AUTO_TEST_CASE(a_job_without_an_algorithm_is_refused_on_both_sides) {
  auto r = code_job();
  r.code_dir.clear();
  r.boot_file.clear();
  BOOST_TEST(code_of([&] { run(training.create_job(r)); }) == make_error_code(errc::invalid_argument));

  // Sent anyway, bypassing the SDK's check: the emulator refuses it too.
  auto core = client.core();
  const auto e = service_refusal([&] {
    run([&]() -> asio::awaitable<void> {
      auto req = core->modelarts_request("POST", "/v2/" + core->project_id() + "/training-jobs");
      req.body = R"({"kind":"job","metadata":{"name":"no-algo"},"algorithm":{},)"
                 R"("spec":{"resource":{"flavor_id":"modelarts.vm.cpu.8u","node_count":1}}})";
      req.headers.set("Content-Type", "application/json");
      co_await core->execute(std::move(req));
    }());
  });
  BOOST_TEST(e.http_status() == 400u);
  BOOST_TEST(e.service_code() == "ModelArts.2603");
}

BOOST_AUTO_TEST_CASE(a_body_that_is_not_json_is_refused) {
  auto core = client.core();
  const auto e = service_refusal([&] {
    run([&]() -> asio::awaitable<void> {
      auto req = core->modelarts_request("POST", "/v2/" + core->project_id() + "/training-jobs");
      req.body = "not json";
      co_await core->execute(std::move(req));
    }());
  });
  BOOST_TEST(e.service_code() == "ModelArts.2601");
}

BOOST_AUTO_TEST_CASE(the_service_refuses_a_terminate_from_a_final_state) {
  const auto job = run(training.create_job(scripted_job("Completed", 1)));
  run(training.wait_for_job(job.id(), quick_policy()));
  auto core = client.core();
  const auto e = service_refusal([&] {
    run([&]() -> asio::awaitable<void> {
      auto req = core->modelarts_request("POST", "/v2/" + core->project_id() + "/training-jobs/" + job.id() +
                                                     "/actions");
      req.body = R"({"action_type":"terminate"})";
      req.headers.set("Content-Type", "application/json");
      co_await core->execute(std::move(req));
    }());
  });
  BOOST_TEST(e.http_status() == 400u);
  BOOST_TEST(e.service_code() == "ModelArts.2606");
  BOOST_TEST(e.message().find("Completed") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

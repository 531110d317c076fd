// Services against the emulator: every operation, server-side validation and
// each waiter outcome.
#include "emulator_fixture.hpp"

#include "client/client_core.hpp"

#include <modelarts/services/service_client.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <thread>

using namespace modelarts::services;
using modelarts::errc;
using modelarts::make_error_code;
using namespace std::chrono_literals;

namespace {

modelarts::emulator::options quick() {
  modelarts::emulator::options o;
  o.phase_duration = 30ms;
  return o;
}

struct services_fixture : test_support::emulator_fixture {
  services_fixture() : emulator_fixture(quick()) {}

  modelarts::client c = make_client();

  /// A published model in the emulator's model store.
  std::string published_model(const std::string& name) {
    auto core = c.core();
    auto req = core->modelarts_request("POST", "/v1/" + core->project_id() + "/models");
    req.body = boost::json::serialize(boost::json::object{{"model_name", name}, {"model_version", "1.0.0"},
                                                          {"source_location", "obs://bucket/model/"},
                                                          {"model_type", "TensorFlow"}});
    const auto answer = run(core->execute_json(std::move(req), "create model"));
    std::this_thread::sleep_for(60ms); // two publishing phases
    return std::string(answer.at("model_id").as_string());
  }

  deploy_request one_model(const std::string& model, std::map<std::string, std::string> envs = {}) {
    deploy_request r;
    r.service_name = "svc";
    service_config cfg;
    cfg.model_id = model;
    cfg.weight = 100;
    cfg.specification = "modelarts.vm.cpu.2u";
    cfg.envs = std::move(envs);
    r.configs = {cfg};
    return r;
  }

  static modelarts::wait_policy fast(std::chrono::milliseconds deadline = 5s) {
    modelarts::wait_policy p(deadline);
    p.initial_interval = 5ms;
    p.max_interval = 20ms;
    return p;
  }
};

template <class F>
errc wait_code(F&& f) {
  try {
    f();
  } catch (const modelarts::wait_error<service>& e) {
    return static_cast<errc>(e.code().value());
  }
  return errc::ok;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(services, services_fixture)

BOOST_AUTO_TEST_CASE(deploy_wait_get_monitor_logs_delete) {
  const auto model = published_model("digits");
  const auto deployed = run(c.services().deploy(one_model(model)));
  BOOST_TEST(!deployed.service_id.empty());
  std::vector<int> progress;
  const auto s = run(c.services().wait_for_service(deployed.service_id, service_target::running, fast(),
                                                   [&](const service& seen) {
                                                     if (seen.status == "deploying") progress.push_back(seen.progress);
                                                   }));
  BOOST_TEST(s.status == "running");
  BOOST_TEST(s.access_address.find("/v1/infers/" + deployed.service_id) != std::string::npos);
  BOOST_REQUIRE(s.configs.size() == 1u);
  BOOST_TEST(s.configs[0].model_name == "digits");
  BOOST_TEST(s.configs[0].status == "ready");
  BOOST_TEST(!progress.empty());
  BOOST_TEST(std::is_sorted(progress.begin(), progress.end()));

  const auto m = run(c.services().monitor(deployed.service_id));
  BOOST_REQUIRE(m.monitors.size() == 1u);
  BOOST_TEST(m.monitors[0].model_id == model);
  const auto l = run(c.services().logs(deployed.service_id));
  BOOST_REQUIRE(l.logs.size() == 1u);
  BOOST_TEST(l.logs[0].result == "SUCCESS");

  run(c.services().remove(deployed.service_id));
  try {
    (void)run(c.services().get(deployed.service_id));
    BOOST_FAIL("a deleted service was found");
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.http_status() == 404u);
    BOOST_TEST(e.service_code() == "ModelArts.3502");
  }
}

BOOST_AUTO_TEST_CASE(failed_and_concerning_outcomes) {
  const auto model = published_model("outcomes");
  const auto failed = run(c.services().deploy(one_model(model, {{"EMULATOR_OUTCOME", "failed"}})));
  BOOST_TEST((wait_code([&] { (void)run(c.services().wait_for_service(failed.service_id, service_target::running, fast())); }) ==
              errc::resource_failed));
  const auto concerning = run(c.services().deploy(one_model(model, {{"EMULATOR_OUTCOME", "concerning"}})));
  BOOST_TEST((wait_code([&] {
                (void)run(c.services().wait_for_service(concerning.service_id, service_target::running, fast()));
              }) == errc::resource_failed));
  const auto taken = run(c.services().wait_for_service(concerning.service_id, service_target::running, fast(), {},
                                                       concerning_policy::accept));
  BOOST_TEST(taken.status == "concerning");
}

BOOST_AUTO_TEST_CASE(deadline_and_cancellation) {
  const auto model = published_model("slow");
  const auto slow = run(c.services().deploy(one_model(model, {{"EMULATOR_DEPLOY_MS", "60000"}})));
  const auto started = std::chrono::steady_clock::now();
  try {
    (void)run(c.services().wait_for_service(slow.service_id, service_target::running, fast(100ms)));
    BOOST_FAIL("the wait did not time out");
  } catch (const modelarts::wait_error<service>& e) {
    BOOST_TEST((e.code() == make_error_code(errc::wait_deadline_exceeded)));
    BOOST_TEST(e.last().status == "deploying");
  }
  BOOST_TEST((std::chrono::steady_clock::now() - started < 2s));

  boost::asio::cancellation_signal cancel;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, c.services().wait_for_service(slow.service_id, service_target::running, fast(30s)),
                        boost::asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e, service) {
                          failure = e;
                        }));
  boost::asio::steady_timer t(io, 50ms);
  t.async_wait([&](auto) { cancel.emit(boost::asio::cancellation_type::terminal); });
  io.restart();
  io.run();
  BOOST_REQUIRE(failure);
  BOOST_CHECK_THROW(std::rethrow_exception(failure), boost::system::system_error);
}

BOOST_AUTO_TEST_CASE(stop_start_update_and_property) {
  const auto model = published_model("lifecycle");
  const auto id = run(c.services().deploy(one_model(model))).service_id;
  (void)run(c.services().wait_for_service(id, service_target::running, fast()));

  service_update stop;
  stop.status = "stopped";
  (void)run(c.services().update(id, stop));
  BOOST_TEST(run(c.services().wait_for_service(id, service_target::stopped, fast())).status == "stopped");
  service_update start;
  start.status = "running";
  start.description = "again";
  (void)run(c.services().update(id, start));
  const auto restarted = run(c.services().wait_for_service(id, service_target::running, fast()));
  BOOST_TEST(restarted.description == "again");

  property_update scale;
  scale.configs = {{model, 3}};
  const auto scaled = run(c.services().update_property(id, scale));
  BOOST_TEST(!scaled.update_time.empty());
  BOOST_TEST(run(c.services().get(id)).configs.at(0).instance_count == 3);
  try {
    (void)run(c.services().update_property(id, scale)); // same count again
    BOOST_FAIL("an unchanged instance count was accepted");
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.service_code() == "ModelArts.3501");
  }

  service_update configs;
  configs.configs = one_model(model).configs;
  configs.configs->at(0).instance_count = 2;
  const auto updated = run(c.services().update(id, configs));
  BOOST_TEST(!updated.update_time.empty());
  try {
    (void)run(c.services().update(id, configs)); // still deploying the first change
    BOOST_FAIL("a config change while deploying was accepted");
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.service_code() == "ModelArts.3503");
  }
  BOOST_TEST(run(c.services().logs(id)).logs.size() >= 3u);

  service_update both;
  both.status = "stopped";
  both.configs = configs.configs;
  BOOST_TEST((test_support::code_of([&] { (void)run(c.services().update(id, both)); }) ==
              make_error_code(errc::invalid_argument)));
}

BOOST_AUTO_TEST_CASE(batch_service_finishes) {
  const auto model = published_model("batchmodel");
  batch_deploy_request r;
  r.service_name = "batchservicetest";
  r.config.model_id = model;
  r.config.specification = "modelarts.vm.cpu.2u";
  r.config.src_path = "https://infers-data.obs.xxx.com/xgboosterdata/";
  r.config.dest_path = "https://infers-data.obs.xxx.com/output/";
  const auto id = run(c.services().deploy_batch(r)).service_id;
  const auto done = run(c.services().wait_for_service(id, service_target::finished, fast()));
  BOOST_TEST(done.status == "finished");
  BOOST_REQUIRE(done.batch_configs.size() == 1u);
  BOOST_TEST(done.batch_configs[0].dest_path == r.config.dest_path);
  BOOST_TEST(done.access_address.empty());
}

BOOST_AUTO_TEST_CASE(list_filters_and_pages) {
  const auto a = published_model("modela");
  const auto b = published_model("modelb");
  for (int i = 0; i < 5; ++i) {
    auto r = one_model(i < 3 ? a : b);
    r.service_name = "page-" + std::to_string(i);
    (void)run(c.services().deploy(r));
  }
  service_query by_model;
  by_model.model_id = a;
  BOOST_TEST(run(c.services().list(by_model)).total_count == 3);
  service_query by_name;
  by_name.service_name = "page-4";
  const auto one = run(c.services().list(by_name));
  BOOST_REQUIRE(one.services.size() == 1u);
  BOOST_TEST(one.services[0].service_name == "page-4");
  service_query sorted;
  sorted.sort_by = "service_name";
  sorted.order = "asc";
  sorted.limit = 2;
  auto pages = c.services().list_pages(sorted);
  std::vector<std::string> names;
  std::size_t page_count = 0;
  run([&]() -> boost::asio::awaitable<void> {
    while (auto page = co_await pages.next()) {
      ++page_count;
      for (const auto& s : page->services) names.push_back(s.service_name);
    }
  }());
  BOOST_TEST(page_count == 3u);
  BOOST_TEST(names == (std::vector<std::string>{"page-0", "page-1", "page-2", "page-3", "page-4"}));
  service_query bad;
  bad.order = "up";
  BOOST_TEST((test_support::code_of([&] { (void)run(c.services().list(bad)); }) ==
              make_error_code(errc::invalid_argument)));
}

BOOST_AUTO_TEST_CASE(the_emulator_refuses_what_the_cloud_refuses) {
  // Bypassing the SDK's own checks: the emulator answers in the cloud's format.
  auto core = c.core();
  auto send = [&](const std::string& body) {
    auto req = core->modelarts_request("POST", "/v1/" + core->project_id() + "/services");
    req.body = body;
    try {
      (void)run(core->execute_json(std::move(req), "deploy"));
    } catch (const modelarts::api_error& e) {
      return e.service_code() + " " + e.message();
    }
    return std::string("accepted");
  };
  const auto model = published_model("checked");
  const std::string cfg = R"({"model_id":")" + model + R"(","specification":"modelarts.vm.cpu.2u","instance_count":1)";
  BOOST_TEST(send(R"({"config":[)" + cfg + R"(,"weight":"70"}]})").find("sum to 100") != std::string::npos);
  BOOST_TEST(send(R"({"config":[{"model_id":"no-such-model","weight":100,"specification":"s","instance_count":1}]})")
                 .find("ModelArts.3504") != std::string::npos);
  BOOST_TEST(send(R"({"infer_type":"batch","config":[)" + cfg + R"(,"src_path":"a","dest_path":"b","req_uri":"/","mapping_type":"csv"}]})")
                 .find("mapping_rule") != std::string::npos);
  BOOST_TEST(send(R"({"config":[)" + cfg + R"(,"weight":"100"}]})") == "accepted");
}

BOOST_AUTO_TEST_SUITE_END()

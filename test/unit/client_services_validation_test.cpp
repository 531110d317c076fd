// Requests the SDK refuses before sending, and how a waiter judges a service.
#include "services/service_validation.hpp"
#include "services/service_wait.hpp"

#include <modelarts/error.hpp>

#include <boost/test/unit_test.hpp>

using namespace modelarts::services;
using modelarts::errc;

namespace {

/// The message of the invalid_argument `f` throws; fails the test otherwise.
template <class F>
std::string refusal(F&& f) {
  try {
    f();
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == modelarts::make_error_code(errc::invalid_argument)));
    return e.what();
  }
  BOOST_FAIL("the request was accepted");
  return {};
}

service_config model(std::string id, int weight) {
  service_config c;
  c.model_id = std::move(id);
  c.weight = weight;
  c.specification = "modelarts.vm.cpu.2u";
  return c;
}

deploy_request valid_deploy() {
  deploy_request r;
  r.service_name = "mnist-service_1";
  r.configs = {model("a", 70), model("b", 30)};
  return r;
}

batch_deploy_request valid_batch() {
  batch_deploy_request r;
  r.service_name = "batchservicetest";
  r.config.model_id = "598b913a";
  r.config.specification = "modelarts.vm.cpu.2u";
  r.config.src_path = "https://infers-data.obs.xxx.com/xgboosterdata/";
  r.config.dest_path = "https://infers-data.obs.xxx.com/output/";
  return r;
}

bool mentions(const std::string& message, const std::string& part) { return message.find(part) != std::string::npos; }

} // namespace

BOOST_AUTO_TEST_CASE(valid_requests_pass) {
  validation::check(valid_deploy());
  validation::check(valid_batch());
  auto csv = valid_batch();
  csv.config.mapping_type = "csv";
  csv.config.mapping_rule = {{"type", "object"}};
  validation::check(csv);
  auto named_in_chinese = valid_deploy();
  named_in_chinese.service_name = "\xe6\x9c\x8d\xe5\x8a\xa1";
  validation::check(named_in_chinese);
}

BOOST_AUTO_TEST_CASE(weights_must_sum_to_100) {
  auto r = valid_deploy();
  r.configs[1].weight = 20;
  const auto m = refusal([&] { validation::check(r); });
  BOOST_TEST(mentions(m, "configs.weight"));
  BOOST_TEST(mentions(m, "sum to 100 (they sum to 90)"));
}

BOOST_AUTO_TEST_CASE(each_config_rule_names_its_field) {
  auto r = valid_deploy();
  r.configs[0].model_id.clear();
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "configs[0].model_id"));
  r = valid_deploy();
  r.configs[1].model_id = "a";
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "configs[1].model_id: model a appears twice"));
  r = valid_deploy();
  r.configs[1].specification.clear();
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "configs[1].specification"));
  r = valid_deploy();
  r.configs[0].instance_count = 6;
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "configs[0].instance_count: must be from 1 to 5"));
  r.configs[0].instance_count = 0;
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "configs[0].instance_count"));
  r = valid_deploy();
  r.configs[0].weight = 130;
  r.configs[1].weight = -30;
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "weight: must be from 0 to 100"));
  r = valid_deploy();
  r.configs.clear();
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "configs: at least one model"));
  r = valid_deploy();
  r.configs[0].envs[""] = "x";
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "configs[0].envs"));
}

BOOST_AUTO_TEST_CASE(names_and_descriptions_follow_the_service_rules) {
  auto r = valid_deploy();
  r.service_name = "1mnist";
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "service_name: must start with a letter"));
  r.service_name = "mnist service";
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "service_name: only letters"));
  r.service_name = std::string(65, 'a');
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "service_name: at most 64"));
  r = valid_deploy();
  r.description = std::string(101, 'd');
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "description: at most 100"));
  r.description = std::string(100, 'd');
  validation::check(r);
}

BOOST_AUTO_TEST_CASE(networking_and_schedules_are_complete) {
  auto r = valid_deploy();
  r.vpc = network{"vpc-1", "", "sg"};
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "vpc.subnet_network_id"));
  r.vpc = network{"vpc-1", "subnet", ""};
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "vpc.security_group_id"));
  r = valid_deploy();
  r.schedules = {schedule{"start", "HOURS", 1}};
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "schedules[0].op_type"));
  r.schedules = {schedule{"stop", "WEEKS", 1}};
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "schedules[0].time_unit"));
  r.schedules = {schedule{"stop", "MINUTES", 0}};
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "schedules[0].duration"));
}

BOOST_AUTO_TEST_CASE(batch_rules) {
  auto r = valid_batch();
  r.config.src_path.clear();
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "config.src_path"));
  r = valid_batch();
  r.config.dest_path.clear();
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "config.dest_path"));
  r = valid_batch();
  r.config.req_uri = "predict";
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "config.req_uri"));
  r = valid_batch();
  r.config.mapping_type = "csv";
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "config.mapping_rule: required when mapping_type is csv"));
  r.config.mapping_type = "file";
  r.config.mapping_rule = {{"type", "object"}};
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "config.mapping_rule: only for mapping_type csv"));
  r = valid_batch();
  r.config.mapping_type = "json";
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "config.mapping_type"));
  r = valid_batch();
  r.config.instance_count = 9;
  BOOST_TEST(mentions(refusal([&] { validation::check(r); }), "config.instance_count"));
}

BOOST_AUTO_TEST_CASE(status_and_configs_never_go_together) {
  service_update u;
  u.status = "running";
  u.configs = std::vector<service_config>{model("a", 100)};
  const auto m = refusal([&] { validation::check(u); });
  BOOST_TEST(mentions(m, "status: cannot be changed in the same call as configs"));
  u.configs.reset();
  u.batch_config = valid_batch().config;
  BOOST_TEST(mentions(refusal([&] { validation::check(u); }), "status: cannot be changed"));
}

BOOST_AUTO_TEST_CASE(update_rules) {
  service_update empty;
  BOOST_TEST(mentions(refusal([&] { validation::check(empty); }), "nothing to change"));
  service_update u;
  u.status = "paused";
  BOOST_TEST(mentions(refusal([&] { validation::check(u); }), "status: must be 'running' or 'stopped'"));
  service_update c;
  c.configs = std::vector<service_config>{model("a", 50)};
  BOOST_TEST(mentions(refusal([&] { validation::check(c); }), "sum to 100"));
  service_update d;
  d.description = std::string(101, 'x');
  BOOST_TEST(mentions(refusal([&] { validation::check(d); }), "description"));
  d.description = "ok";
  validation::check(d);
}

BOOST_AUTO_TEST_CASE(property_rules) {
  property_update p;
  p.configs = {{"m", 2}};
  validation::check(p);
  p.changed_property = "weight";
  BOOST_TEST(mentions(refusal([&] { validation::check(p); }), "changed_property: only 'instance_count'"));
  p.changed_property = "instance_count";
  p.configs = {{"m", 0}};
  BOOST_TEST(mentions(refusal([&] { validation::check(p); }), "configs[0].changed_value"));
  p.configs.clear();
  BOOST_TEST(mentions(refusal([&] { validation::check(p); }), "configs"));
  p.configs = {{"", 2}};
  BOOST_TEST(mentions(refusal([&] { validation::check(p); }), "configs[0].model_id"));
}

BOOST_AUTO_TEST_CASE(service_ids_are_one_path_segment) {
  BOOST_TEST(mentions(refusal([] { validation::check_service_id(""); }), "service_id"));
  BOOST_TEST(mentions(refusal([] { validation::check_service_id("a/../b"); }), "one path segment"));
  validation::check_service_id("4f0a-11");
}

namespace {

service seen(std::string status, int progress = 0) {
  service s;
  s.service_id = "svc";
  s.status = std::move(status);
  s.progress = progress;
  return s;
}

modelarts::errc wait_failure(const service& s, service_target t, concerning_policy c = concerning_policy::fail) {
  try {
    (void)service_wait_over(s, t, c);
  } catch (const modelarts::wait_error<service>& e) {
    BOOST_TEST(e.last().status == s.status);
    return static_cast<errc>(e.code().value());
  }
  return errc::ok;
}

} // namespace

BOOST_AUTO_TEST_CASE(waiting_for_running) {
  BOOST_TEST(!service_wait_over(seen("deploying", 40), service_target::running, concerning_policy::fail));
  BOOST_TEST(service_wait_over(seen("running"), service_target::running, concerning_policy::fail));
  BOOST_TEST((wait_failure(seen("failed"), service_target::running) == errc::resource_failed));
  BOOST_TEST((wait_failure(seen("stopped"), service_target::running) == errc::resource_failed));
  BOOST_TEST((wait_failure(seen("concerning"), service_target::running) == errc::resource_failed));
  BOOST_TEST(service_wait_over(seen("concerning"), service_target::running, concerning_policy::accept));
}

BOOST_AUTO_TEST_CASE(waiting_for_stopped_and_finished) {
  BOOST_TEST(!service_wait_over(seen("running"), service_target::stopped, concerning_policy::fail));
  BOOST_TEST(service_wait_over(seen("stopped"), service_target::stopped, concerning_policy::fail));
  BOOST_TEST(!service_wait_over(seen("running"), service_target::finished, concerning_policy::fail));
  BOOST_TEST(service_wait_over(seen("finished"), service_target::finished, concerning_policy::fail));
  BOOST_TEST((wait_failure(seen("failed"), service_target::finished) == errc::resource_failed));
  BOOST_TEST((wait_failure(seen("stopped"), service_target::finished) == errc::resource_failed));
}

BOOST_AUTO_TEST_CASE(a_failure_message_carries_the_service_reason) {
  auto s = seen("failed");
  s.error_msg = "no resources left";
  try {
    (void)service_wait_over(s, service_target::running, concerning_policy::fail);
    BOOST_FAIL("no throw");
  } catch (const modelarts::wait_error<service>& e) {
    BOOST_TEST(std::string(e.what()).find("no resources left") != std::string::npos);
  }
  try {
    service_wait_timed_out(seen("deploying", 55), service_target::running);
  } catch (const modelarts::wait_error<service>& e) {
    BOOST_TEST((e.code() == modelarts::make_error_code(errc::wait_deadline_exceeded)));
    BOOST_TEST(std::string(e.what()).find("deploying (55%)") != std::string::npos);
  }
}

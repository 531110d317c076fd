// Models against the emulator: import from OBS, a training job and an image,
// local publication through the transfer engine, list filters and pages,
// delete, the waiter's outcomes, and the checks on both sides.
#include "emulator_fixture.hpp"

#include "client/client_core.hpp"
#include "modelarts/models/model_client.hpp"
#include "modelarts/obs/transfer.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>

using namespace modelarts;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using models::create_model_request;
using test_support::code_of;

namespace {

modelarts::emulator::options with_phase(std::chrono::milliseconds phase) {
  auto o = test_support::default_emulator_options();
  o.phase_duration = phase;
  return o;
}

struct quick_models : test_support::emulator_fixture {
  quick_models() : emulator_fixture(with_phase(40ms)) {}
  client c = make_client();
  model_client models = c.models();

  [[nodiscard]] std::string models_path() const { return "/v1/" + server.settings().project_id + "/models"; }
  [[nodiscard]] std::uint64_t creates() const { return server.requests_matching("POST", models_path()); }
};

struct slow_models : test_support::emulator_fixture {
  slow_models() : emulator_fixture(with_phase(60s)) {}
  client c = make_client();
  model_client models = c.models();
};

wait_policy quick_policy(std::chrono::milliseconds deadline = 10s) {
  wait_policy p(deadline);
  p.initial_interval = 10ms;
  p.max_interval = 40ms;
  return p;
}

create_model_request obs_request(std::string name, std::string version = "1.0.0") {
  auto r = create_model_request::from_obs(std::move(name), std::move(version), "/bucket/digits/", "PyTorch");
  r.execution_code = "/bucket/digits/model/customize_service.py";
  return r;
}

/// The api_error `f` throws; fails the test when it throws none.
template <class F>
std::optional<api_error> api_error_of(F&& f) {
  try {
    f();
  } catch (const api_error& e) {
    return e;
  }
  BOOST_ERROR("no api_error");
  return std::nullopt;
}

struct temp_folder {
  temp_folder() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("models-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~temp_folder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void file(const std::string& relative, const std::string& body = "x") const {
    fs::create_directories((path / relative).parent_path());
    std::ofstream(path / relative, std::ios::binary) << body;
  }
  fs::path path;
};

} // namespace

BOOST_FIXTURE_TEST_CASE(an_imported_model_is_publishing_then_listed_read_and_deleted, quick_models) {
  auto request = obs_request("digits");
  request.model_algorithm = "image_classification";
  request.description = "mnist digits";
  request.runtime = "python3.7";
  request.input_params = {{"/", "images", "string", std::nullopt, std::nullopt, "an image"}};
  request.dependencies = {{"pip", {{"numpy", "1.15.0", "EXACT"}}}};
  const auto id = run(models.create_model(request));
  BOOST_TEST(id.size() == 36u);

  const auto m = run(models.get_model(id));
  BOOST_TEST(m.model_id == id);
  BOOST_TEST(m.model_name == "digits");
  BOOST_TEST(m.model_version == "1.0.0");
  BOOST_TEST(m.model_type == "PyTorch");
  BOOST_TEST(m.model_status == "publishing");
  BOOST_TEST(m.source_location == "/bucket/digits/");
  BOOST_TEST(m.execution_code == "/bucket/digits/model/customize_service.py");
  BOOST_TEST(m.model_algorithm == "image_classification");
  BOOST_TEST(m.runtime == "python3.7");
  BOOST_TEST_REQUIRE(m.input_params.size() == 1u);
  BOOST_TEST(m.input_params[0].param_name == "images");
  BOOST_TEST_REQUIRE(m.dependencies.size() == 1u);
  BOOST_TEST(m.dependencies[0].packages[0].package_version == "1.15.0");
  BOOST_TEST(m.create_at > 0);

  const auto page = run(models.list_models());
  BOOST_TEST(page.total_count == 1);
  BOOST_TEST_REQUIRE(page.models.size() == 1u);
  BOOST_TEST(page.models[0].model_id == id);

  run(models.delete_model(id));
  const auto gone = api_error_of([&] { run(models.get_model(id)); });
  BOOST_TEST_REQUIRE(gone.has_value());
  BOOST_TEST(gone->http_status() == 404u);
  BOOST_TEST(gone->service_code() == "ModelArts.3003");
  const auto twice = api_error_of([&] { run(models.delete_model(id)); });
  BOOST_TEST_REQUIRE(twice.has_value());
  BOOST_TEST(twice->http_status() == 404u);
}

BOOST_FIXTURE_TEST_CASE(models_come_from_a_training_job_and_from_an_image, quick_models) {
  const auto from_job = run(models.create_model(create_model_request::from_training_job(
      "from_job", "0.1.0", "obs://bucket/job/output/", "TensorFlow", "66ff6991-fd66-40b6-8101-0829a46d3731")));
  const auto job_model = run(models.get_model(from_job));
  BOOST_TEST(job_model.source_location == "/bucket/job/output/");
  BOOST_TEST(job_model.source_job_id == "66ff6991-fd66-40b6-8101-0829a46d3731");

  const auto from_image =
      run(models.create_model(create_model_request::from_image("from_image", "1.0.0", "swr.example/org/infer:1.0")));
  const auto image_model = run(models.get_model(from_image));
  BOOST_TEST(image_model.model_type == "Image");
  BOOST_TEST(image_model.source_location == "swr.example/org/infer:1.0");
}

BOOST_FIXTURE_TEST_CASE(a_model_without_a_name_gets_one, quick_models) {
  auto request = obs_request("");
  const auto m = run(models.get_model(run(models.create_model(request))));
  BOOST_TEST(m.model_name.starts_with("model-"));
  BOOST_TEST(m.model_name.size() == 14u);
}

BOOST_FIXTURE_TEST_CASE(the_waiter_returns_the_published_model, quick_models) {
  const auto id = run(models.create_model(obs_request("digits")));
  const auto m = run(models.wait_for_model(id, quick_policy()));
  BOOST_TEST(m.model_status == "published");
  BOOST_TEST(m.is_published());
  BOOST_TEST(run(models.get_model(id)).model_status == "published");
}

BOOST_FIXTURE_TEST_CASE(the_waiter_reports_a_failed_publication_with_its_reason, quick_models) {
  const auto id = run(models.create_model(obs_request("emulator-fail-digits")));
  try {
    run(models.wait_for_model(id, quick_policy()));
    BOOST_ERROR("the wait did not fail");
  } catch (const wait_error<models::model>& e) {
    BOOST_TEST((e.code() == make_error_code(errc::resource_failed)));
    BOOST_TEST(e.last().model_status == "failed");
    BOOST_TEST(e.last().model_id == id);
    BOOST_TEST(!e.last().failure_reason.empty());
    BOOST_TEST(std::string(e.what()).find(e.last().failure_reason) != std::string::npos, e.what());
  }
}

BOOST_FIXTURE_TEST_CASE(the_waiter_stops_at_its_deadline, slow_models) {
  const auto id = run(models.create_model(obs_request("digits")));
  const auto started = std::chrono::steady_clock::now();
  try {
    run(models.wait_for_model(id, quick_policy(150ms)));
    BOOST_ERROR("the wait did not stop");
  } catch (const wait_error<models::model>& e) {
    BOOST_TEST((e.code() == make_error_code(errc::wait_deadline_exceeded)));
    BOOST_TEST(e.last().model_status == "publishing");
    BOOST_TEST(std::string(e.what()).find("publishing") != std::string::npos, e.what());
  }
  const auto took = std::chrono::steady_clock::now() - started;
  BOOST_TEST((took >= 150ms));
  BOOST_TEST((took < 5s));
}

BOOST_FIXTURE_TEST_CASE(cancelling_the_waiter_ends_it_at_once, slow_models) {
  const auto id = run(models.create_model(obs_request("digits")));
  boost::asio::cancellation_signal signal;
  std::exception_ptr failure;
  bool finished = false;
  boost::asio::co_spawn(io, models.wait_for_model(id, quick_policy(30s)),
                        boost::asio::bind_cancellation_slot(signal.slot(), [&](std::exception_ptr e, models::model) {
                          failure = e;
                          finished = true;
                        }));
  boost::asio::steady_timer cancel_later(io, 100ms);
  cancel_later.async_wait([&](boost::system::error_code) { signal.emit(boost::asio::cancellation_type::terminal); });
  const auto started = std::chrono::steady_clock::now();
  io.restart();
  io.run();
  BOOST_TEST(finished);
  BOOST_TEST_REQUIRE(static_cast<bool>(failure));
  BOOST_TEST((std::chrono::steady_clock::now() - started < 5s));
  const auto code = code_of([&] { std::rethrow_exception(failure); });
  BOOST_TEST((code == boost::asio::error::operation_aborted), code.message());
}

BOOST_FIXTURE_TEST_CASE(client_side_rules_refuse_before_sending, quick_models) {
  const auto invalid = make_error_code(errc::invalid_argument);
  BOOST_TEST((code_of([&] { run(models.create_model(obs_request("1digits"))); }) == invalid));
  BOOST_TEST((code_of([&] { run(models.create_model(obs_request("digits", "01.01.01"))); }) == invalid));
  auto bad_type = obs_request("digits");
  bad_type.model_type = "Caffe";
  BOOST_TEST((code_of([&] { run(models.create_model(bad_type)); }) == invalid));
  auto bad_description = obs_request("digits");
  bad_description.description = "<script>";
  BOOST_TEST((code_of([&] { run(models.create_model(bad_description)); }) == invalid));
  auto bad_package = obs_request("digits");
  bad_package.dependencies = {{"pip", {{"numpy", "1.0", ""}}}};
  BOOST_TEST((code_of([&] { run(models.create_model(bad_package)); }) == invalid));
  auto local = create_model_request::from_local_folder("digits", "1.0.0", "/tmp/model", "PyTorch");
  BOOST_TEST((code_of([&] { run(models.create_model(local)); }) == invalid));
  BOOST_TEST((code_of([&] { run(models.get_model("")); }) == invalid));
  BOOST_TEST((code_of([&] { run(models.delete_model("a/b")); }) == invalid));
  BOOST_TEST((code_of([&] { run(models.wait_for_model("", quick_policy())); }) == invalid));
  BOOST_TEST(creates() == 0u);
}

BOOST_FIXTURE_TEST_CASE(the_service_refuses_a_second_model_with_the_same_name_and_version, quick_models) {
  run(models.create_model(obs_request("digits")));
  const auto clash = api_error_of([&] { run(models.create_model(obs_request("digits"))); });
  BOOST_TEST_REQUIRE(clash.has_value());
  BOOST_TEST(clash->http_status() == 400u);
  BOOST_TEST(clash->service_code() == "ModelArts.3002");
  BOOST_CHECK_NO_THROW(run(models.create_model(obs_request("digits", "1.0.1"))));
}

BOOST_FIXTURE_TEST_CASE(the_service_checks_requests_a_client_did_not, quick_models) {
  // Raw requests, as a client without the SDK's checks would send them.
  auto post = [&](std::string body) {
    auto req = c.core()->modelarts_request("POST", models_path());
    req.body = std::move(body);
    req.headers.set("Content-Type", "application/json");
    return api_error_of([&] { run(c.core()->execute(std::move(req))); });
  };
  const struct {
    const char* body;
    const char* message_part;
  } cases[] = {
      {R"({"model_version":"1.0.0","source_location":"/b/d/","model_type":"PyTorch"})", "model_name is mandatory"},
      {R"({"model_name":"9x","model_version":"1.0.0","source_location":"/b/d/","model_type":"PyTorch"})",
       "start with a letter"},
      {R"({"model_name":"x","model_version":"1.0","source_location":"/b/d/","model_type":"PyTorch"})",
       "model_version"},
      {R"({"model_name":"x","model_version":"1.0.0","source_location":"/b/d/","model_type":"Caffe"})", "model_type"},
      {R"({"model_name":"x","model_version":"1.0.0","source_location":"/b/d/","model_type":"PyTorch","description":"a&b"})",
       "description"},
      {R"({"model_name":"x","model_version":"1.0.0","source_location":"/b/d/","model_type":"PyTorch","dependencies":[{"installer":"pip","packages":[{"package_name":"n","package_version":"1"}]}]})",
       "restraint"},
      {"not json", "not a JSON object"},
  };
  for (const auto& k : cases) {
    const auto e = post(k.body);
    BOOST_TEST_REQUIRE(e.has_value());
    BOOST_TEST(e->http_status() == 400u);
    BOOST_TEST(e->service_code() == "ModelArts.3001");
    BOOST_TEST(e->message().find(k.message_part) != std::string::npos, e->message());
  }
  BOOST_TEST(run(models.list_models()).total_count == 0);
}

BOOST_FIXTURE_TEST_CASE(lists_filter_sort_and_page, quick_models) {
  run(models.create_model(obs_request("alpha", "1.0.0")));
  run(models.create_model(obs_request("alpha", "1.10.0")));
  run(models.create_model(obs_request("alpha", "1.9.0")));
  auto described = obs_request("beta_long_name", "2.0.0");
  described.description = "production model";
  run(models.create_model(described));
  const auto failing = run(models.create_model(obs_request("emulator-fail", "1.0.0")));
  run(models.wait_for_model(run(models.create_model(obs_request("gamma", "3.0.0"))), quick_policy()));

  BOOST_TEST(run(models.list_models({.model_name = "alph"})).total_count == 3);
  BOOST_TEST(run(models.list_models({.model_version = "1.0.0"})).total_count == 2);
  BOOST_TEST(run(models.list_models({.description = "production"})).total_count == 1);
  const auto failed = run(models.list_models({.model_status = "failed"}));
  BOOST_TEST_REQUIRE(failed.models.size() == 1u);
  BOOST_TEST(failed.models[0].model_id == failing);
  BOOST_TEST(run(models.list_models({.model_status = "published"})).total_count == 5);

  // Versions sort as numbers: 1.9.0 before 1.10.0.
  const auto by_version = run(models.list_models({.model_name = "alpha", .sort_by = "model_version", .order = "asc"}));
  BOOST_TEST_REQUIRE(by_version.models.size() == 3u);
  BOOST_TEST(by_version.models[0].model_version == "1.0.0");
  BOOST_TEST(by_version.models[1].model_version == "1.9.0");
  BOOST_TEST(by_version.models[2].model_version == "1.10.0");
  // The newest first by default.
  const auto newest = run(models.list_models());
  BOOST_TEST(newest.models.front().model_name == "gamma");
  const auto by_size = run(models.list_models({.sort_by = "model_size", .order = "desc"}));
  BOOST_TEST(by_size.models.front().model_name == "beta_long_name");

  const auto second = run(models.list_models({.offset = 1, .limit = 4}));
  BOOST_TEST(second.total_count == 6);
  BOOST_TEST(second.count == 2);
  BOOST_TEST(second.models.size() == 2u);

  const auto bad = api_error_of([&] { run(models.list_models({.sort_by = "name"})); });
  BOOST_TEST_REQUIRE(bad.has_value());
  BOOST_TEST(bad->service_code() == "ModelArts.3001");
}

BOOST_FIXTURE_TEST_CASE(pages_are_fetched_lazily_until_every_model_is_seen, quick_models) {
  for (int i = 0; i < 7; ++i) run(models.create_model(obs_request("m" + std::to_string(i))));
  const auto lists_before = server.requests_matching("GET", models_path());
  auto pages = models.list_model_pages({.limit = 3});
  BOOST_TEST(server.requests_matching("GET", models_path()) == lists_before); // nothing fetched yet
  std::set<std::string> seen;
  std::vector<std::size_t> sizes;
  while (auto page = run(pages.next())) {
    sizes.push_back(page->size());
    for (const auto& m : *page) seen.insert(m.model_id);
  }
  BOOST_TEST(seen.size() == 7u);
  BOOST_TEST((sizes == std::vector<std::size_t>{3, 3, 1}));
  BOOST_TEST(pages.total_count() == 7);
  // Three pages, no fourth request past the end; next() stays at the end.
  BOOST_TEST(server.requests_matching("GET", models_path()) == lists_before + 3);
  BOOST_TEST(!run(pages.next()).has_value());
  BOOST_TEST(server.requests_matching("GET", models_path()) == lists_before + 3);

  auto empty = models.list_model_pages({.model_name = "nothing-matches"});
  BOOST_TEST(!run(empty.next()).has_value());
}

BOOST_FIXTURE_TEST_CASE(a_local_model_is_uploaded_through_the_transfer_engine_and_published, quick_models) {
  run(c.obs().create_bucket("models-bucket"));
  temp_folder package;
  package.file("model/config.json", R"({"model_type":"PyTorch"})");
  package.file("model/customize_service.py", "class Service: pass\n");
  package.file("model/mnist_mlp.pt", std::string(300 * 1024, 'w'));
  obs::transfer_options small_parts;
  small_parts.multipart_threshold = 128 * 1024; // the weights travel as a multipart upload
  small_parts.part_size = 128 * 1024;
  small_parts.concurrency = 4;
  obs_transfer transfer(c, small_parts);

  auto request = create_model_request::from_local_folder("local_digits", "1.0.0", package.path.string(), "PyTorch");
  const auto id = run(models.publish_model(request, "obs://models-bucket/published/digits/", transfer));

  std::set<std::string> keys;
  for (const auto& o : run(c.obs().list_all_objects("models-bucket", "published/"))) keys.insert(o.key);
  BOOST_TEST((keys == std::set<std::string>{"published/digits/model/config.json",
                                            "published/digits/model/customize_service.py",
                                            "published/digits/model/mnist_mlp.pt"}));
  const auto weights = run(c.obs().head_object("models-bucket", "published/digits/model/mnist_mlp.pt"));
  BOOST_TEST(weights.size == 300u * 1024u);

  const auto m = run(models.wait_for_model(id, quick_policy()));
  BOOST_TEST(m.source_location == "/models-bucket/published/digits/");
  BOOST_TEST(m.model_name == "local_digits");
  // The uploaded folder passes the OBS pre-check too.
  BOOST_CHECK_NO_THROW(run(models.check_obs_model_package("/models-bucket/published/digits/")));
}

BOOST_FIXTURE_TEST_CASE(a_bad_local_package_is_refused_before_any_upload, quick_models) {
  run(c.obs().create_bucket("models-bucket"));
  temp_folder package;
  package.file("model/config.json");
  package.file("config.json");
  obs_transfer transfer(c);
  auto request = create_model_request::from_local_folder("local_digits", "1.0.0", package.path.string(), "PyTorch");
  try {
    run(models.publish_model(request, "obs://models-bucket/digits/", transfer));
    BOOST_ERROR("the package was accepted");
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == make_error_code(errc::invalid_argument)));
    const std::string what = e.what();
    BOOST_TEST(what.find("2 files named config.json") != std::string::npos, what);
    BOOST_TEST(what.find("no customize_service.py") != std::string::npos, what);
  }
  BOOST_TEST(run(c.obs().list_all_objects("models-bucket")).empty());
  BOOST_TEST(creates() == 0u);
  const auto bad_folder = code_of([&] {
    run(models.publish_model(create_model_request::from_local_folder("x", "1.0.0", package.path.string(), "PyTorch"),
                             "not an obs folder", transfer));
  });
  BOOST_TEST((bad_folder == make_error_code(errc::invalid_argument)));
}

BOOST_FIXTURE_TEST_CASE(a_failed_upload_imports_nothing, quick_models) {
  temp_folder package;
  package.file("model/config.json");
  package.file("model/customize_service.py");
  obs_transfer transfer(c);
  // No such bucket: every file fails.
  auto request = create_model_request::from_local_folder("local_digits", "1.0.0", package.path.string(), "PyTorch");
  const auto code = code_of([&] { run(models.publish_model(request, "obs://absent-bucket/digits/", transfer)); });
  BOOST_TEST((code == make_error_code(errc::service_error)), code.message());
  BOOST_TEST(creates() == 0u);
}

BOOST_FIXTURE_TEST_CASE(an_obs_package_is_checked_by_listing_it, quick_models) {
  run(c.obs().create_bucket("models-bucket"));
  run(c.obs().put_object("models-bucket", "bad/model/weights.pt", "w"));
  run(c.obs().put_object("models-bucket", "bad/config.json", "{}"));
  try {
    run(models.check_obs_model_package("obs://models-bucket/bad"));
    BOOST_ERROR("the package was accepted");
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == make_error_code(errc::invalid_argument)));
    const std::string what = e.what();
    BOOST_TEST(what.find("config.json must be model/config.json") != std::string::npos, what);
    BOOST_TEST(what.find("no customize_service.py") != std::string::npos, what);
  }
}

// Task logs (link, preview, the 5 MB window, following) and metrics against the emulator.
#include "training_fixture.hpp"

#include <boost/test/unit_test.hpp>

namespace asio = boost::asio;
namespace training = modelarts::training;
using test_support::training_fixture;

BOOST_FIXTURE_TEST_SUITE(training_logs, training_fixture)

BOOST_AUTO_TEST_CASE(the_log_url_is_a_preview_or_a_download_link) {
  const auto job = run(training.create_job(code_job()));
  const auto preview = run(training.get_log_url(job.id(), "worker-0", training::log_link::preview));
  const auto download = run(training.get_log_url(job.id(), "worker-0", training::log_link::download));
  BOOST_TEST(preview.find("/" + job.id() + "/worker-0/modelarts-job-" + job.id() + "-worker-0.log?") !=
             std::string::npos);
  BOOST_TEST(preview.find("response-content-type=text%2Fplain") != std::string::npos);
  BOOST_TEST(download.find("response-content-disposition=attachment") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unknown_task_is_a_404) {
  const auto job = run(training.create_job(code_job()));
  try {
    run(training.get_log_preview(job.id(), "worker-7"));
    BOOST_FAIL("no error");
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.http_status() == 404u);
    BOOST_TEST(e.service_code() == "ModelArts.2609");
  }
}

BOOST_AUTO_TEST_CASE(the_preview_of_a_finished_job_holds_the_whole_log) {
  const auto job = run(training.create_job(scripted_job("Completed", 5)));
  run(training.wait_for_job(job.id(), quick_policy()));
  const auto p = run(training.get_log_preview(job.id()));
  BOOST_TEST(!p.truncated());
  BOOST_TEST(p.current_size == static_cast<std::int64_t>(p.content.size()));
  BOOST_TEST(p.content.find("step 10/10") != std::string::npos);
  BOOST_TEST(p.content.find("ended Completed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_log_over_5_mb_previews_only_its_last_5_mb) {
  auto r = scripted_job("Completed", 5);
  r.environments["EMULATOR_LOG_LINES"] = "100";
  r.environments["EMULATOR_LOG_LINE_BYTES"] = "65536";
  const auto job = run(training.create_job(r));
  run(training.wait_for_job(job.id(), quick_policy()));
  const auto p = run(training.get_log_preview(job.id()));
  BOOST_TEST(p.truncated());
  BOOST_TEST(p.current_size == training::log_preview_limit);
  BOOST_TEST(p.content.size() == static_cast<std::size_t>(training::log_preview_limit));
  BOOST_TEST(p.full_size > 100 * 65536);
  BOOST_TEST(p.content.find("[emulator] training job " + job.id() + " task worker-0 started") == std::string::npos);
  BOOST_TEST(p.content.find("ended Completed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(following_returns_the_log_as_it_grows_then_ends) {
  auto r = scripted_job("Completed", 150);
  r.environments["EMULATOR_LOG_LINES"] = "20";
  const auto job = run(training.create_job(r));
  auto follower = training.follow_log(job.id(), "worker-0", std::chrono::milliseconds(10));
  std::vector<std::string> pieces;
  run([&]() -> asio::awaitable<void> {
    while (auto text = co_await follower.next()) pieces.push_back(*text);
  }());
  std::string all;
  for (const auto& p : pieces) all += p;
  BOOST_TEST(pieces.size() > 2u); // it grew while followed
  BOOST_TEST(follower.last_phase() == "Completed");
  BOOST_TEST(follower.skipped_bytes() == 0);
  BOOST_TEST(follower.bytes_read() == static_cast<std::int64_t>(all.size()));
  // Every line once, in order: exactly the final log.
  BOOST_TEST(all == run(training.get_log_preview(job.id())).content);
  BOOST_TEST(all.find("step 1/20") < all.find("step 20/20"));
}

BOOST_AUTO_TEST_CASE(following_a_failed_job_ends_with_its_last_line) {
  const auto job = run(training.create_job(scripted_job("Failed", 10)));
  auto follower = training.follow_log(job.id(), "worker-0", std::chrono::milliseconds(5));
  std::string all;
  run([&]() -> asio::awaitable<void> {
    while (auto text = co_await follower.next()) all += *text;
  }());
  BOOST_TEST(follower.last_phase() == "Failed");
  BOOST_TEST(all.find("ended Failed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(following_a_finished_job_returns_its_log_once) {
  const auto job = run(training.create_job(scripted_job("Completed", 5)));
  run(training.wait_for_job(job.id(), quick_policy()));
  auto follower = training.follow_log(job.id());
  const auto first = run(follower.next());
  const auto second = run(follower.next());
  BOOST_REQUIRE(first.has_value());
  BOOST_TEST(first->find("ended Completed") != std::string::npos);
  BOOST_TEST(!second.has_value());
}

BOOST_AUTO_TEST_CASE(metrics_have_no_samples_before_the_job_runs) {
  const auto job = run(training.create_job(scripted_job("Completed", 60000)));
  const auto m = run(training.get_job_metrics(job.id()));
  BOOST_TEST(m.series.size() == 6u);
  const auto* cpu = m.find("cpuUsage");
  BOOST_REQUIRE(cpu != nullptr);
  BOOST_TEST(std::none_of(cpu->values.begin(), cpu->values.end(), [](auto v) { return v.has_value(); }));
}

BOOST_AUTO_TEST_CASE(metrics_of_a_finished_cpu_job_have_cpu_samples_only) {
  const auto job = run(training.create_job(scripted_job("Completed", 5)));
  run(training.wait_for_job(job.id(), quick_policy()));
  const auto m = run(training.get_job_metrics(job.id(), "worker-0"));
  const auto* cpu = m.find("cpuUsage");
  BOOST_REQUIRE(cpu != nullptr);
  BOOST_REQUIRE(cpu->values.size() == 8u);
  BOOST_TEST(!cpu->values[0].has_value()); // the service's -1
  BOOST_TEST(!cpu->values[1].has_value());
  BOOST_TEST(cpu->values[2].has_value());
  BOOST_TEST(*cpu->values[7] > *cpu->values[2]);
  const auto* gpu = m.find("gpuUtil");
  BOOST_REQUIRE(gpu != nullptr);
  BOOST_TEST(std::none_of(gpu->values.begin(), gpu->values.end(), [](auto v) { return v.has_value(); }));
}

BOOST_AUTO_TEST_CASE(metrics_of_a_gpu_job_have_gpu_samples) {
  auto r = scripted_job("Completed", 5);
  r.flavor_id = "modelarts.p3.large.public";
  const auto job = run(training.create_job(r));
  run(training.wait_for_job(job.id(), quick_policy()));
  const auto metrics = run(training.get_job_metrics(job.id()));
  const auto* gpu = metrics.find("gpuUtil");
  BOOST_REQUIRE(gpu != nullptr);
  BOOST_TEST(gpu->values.back().has_value());
}

BOOST_AUTO_TEST_SUITE_END()

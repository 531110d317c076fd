// wait_for_job against the emulator: every outcome, the deadline, cancellation,
// the Unknown blip and the phase callback.
#include "training_fixture.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include <vector>

namespace asio = boost::asio;
namespace training = modelarts::training;
using modelarts::errc;
using test_support::training_fixture;

namespace {

/// The wait's error for a job scripted to end in `outcome`.
modelarts::wait_error<training::job> failure_of(training_fixture& f, const std::string& outcome) {
  const auto job = f.run(f.training.create_job(training_fixture::scripted_job(outcome, 5)));
  try {
    f.run(f.training.wait_for_job(job.id(), training_fixture::quick_policy()));
  } catch (const modelarts::wait_error<training::job>& e) {
    return e;
  }
  BOOST_FAIL("the wait did not fail");
  throw std::logic_error("unreachable");
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(training_waiter, training_fixture)

BOOST_AUTO_TEST_CASE(a_completed_job_is_returned_with_every_phase_seen_in_order) {
  // Phases longer than the longest pause between polls: each one is seen.
  const auto job = run(training.create_job(scripted_job("Completed", 60)));
  std::vector<std::string> phases;
  const auto done = run(training.wait_for_job(job.id(), quick_policy(),
                                              [&](const training::job& j) { phases.push_back(j.status.phase); }));
  BOOST_TEST(done.status.phase == "Completed");
  BOOST_TEST(done.status.start_time_ms > 0);
  BOOST_REQUIRE(!phases.empty());
  BOOST_TEST(phases.front() == "Creating");
  BOOST_TEST(phases.back() == "Completed");
  BOOST_TEST((std::find(phases.begin(), phases.end(), "Running") != phases.end()));
  for (std::size_t i = 1; i < phases.size(); ++i) BOOST_TEST(phases[i] != phases[i - 1]);
}

BOOST_AUTO_TEST_CASE(failed_is_resource_failed_with_task_messages_and_exit_codes) {
  const auto e = failure_of(*this, "Failed");
  BOOST_TEST(e.code() == make_error_code(errc::resource_failed));
  BOOST_TEST(e.last().status.phase == "Failed");
  const std::string what = e.what();
  BOOST_TEST(what.find("Failed") != std::string::npos);
  BOOST_TEST(what.find("worker-0 exit code 1") != std::string::npos);
  BOOST_TEST(what.find("emulator: task ended Failed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(abnormal_is_resource_failed) {
  const auto e = failure_of(*this, "Abnormal");
  BOOST_TEST(e.code() == make_error_code(errc::resource_failed));
  BOOST_TEST(e.last().status.phase == "Abnormal");
}

BOOST_AUTO_TEST_CASE(create_failed_is_resource_failed_naming_the_secondary_phase) {
  const auto e = failure_of(*this, "CreateFailed");
  BOOST_TEST(e.code() == make_error_code(errc::resource_failed));
  BOOST_TEST(e.last().status.secondary_phase == "CreateFailed");
  BOOST_TEST(std::string(e.what()).find("CreateFailed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(lost_is_resource_failed) {
  const auto e = failure_of(*this, "Lost");
  BOOST_TEST(e.code() == make_error_code(errc::resource_failed));
  BOOST_TEST(e.last().status.secondary_phase == "Lost");
}

BOOST_AUTO_TEST_CASE(terminated_is_resource_failed) {
  // Terminating lasts one phase; then the job is Terminated, which did not complete.
  const auto short_job = run(training.create_job(scripted_job("Completed", 20)));
  run(training.terminate_job(short_job.id()));
  try {
    run(training.wait_for_job(short_job.id(), quick_policy()));
    BOOST_FAIL("no error");
  } catch (const modelarts::wait_error<training::job>& e) {
    BOOST_TEST(e.code() == make_error_code(errc::resource_failed));
    BOOST_TEST(e.last().status.phase == "Terminated");
  }
}

BOOST_AUTO_TEST_CASE(terminated_failed_is_resource_failed) {
  const auto job = run(training.create_job(scripted_job("TerminatedFailed", 20)));
  run(training.terminate_job(job.id()));
  try {
    run(training.wait_for_job(job.id(), quick_policy()));
    BOOST_FAIL("no error");
  } catch (const modelarts::wait_error<training::job>& e) {
    BOOST_TEST(e.code() == make_error_code(errc::resource_failed));
    BOOST_TEST(e.last().status.secondary_phase == "TerminatedFailed");
  }
}

BOOST_AUTO_TEST_CASE(the_deadline_throws_with_the_job_still_running_server_side) {
  const auto job = run(training.create_job(scripted_job("Completed", 60000)));
  const auto started = std::chrono::steady_clock::now();
  try {
    run(training.wait_for_job(job.id(), quick_policy(std::chrono::milliseconds(150))));
    BOOST_FAIL("no error");
  } catch (const modelarts::wait_error<training::job>& e) {
    BOOST_TEST(e.code() == make_error_code(errc::wait_deadline_exceeded));
    BOOST_TEST(e.last().status.phase == "Creating");
    BOOST_TEST(std::string(e.what()).find("server-side") != std::string::npos);
  }
  const auto took = std::chrono::steady_clock::now() - started;
  BOOST_TEST((took >= std::chrono::milliseconds(150)));
  BOOST_TEST((took < std::chrono::seconds(5)));
  BOOST_TEST(run(training.get_job(job.id())).status.phase == "Creating");
}

BOOST_AUTO_TEST_CASE(cancellation_stops_the_wait) {
  const auto job = run(training.create_job(scripted_job("Completed", 60000)));
  asio::cancellation_signal cancel;
  std::exception_ptr failure;
  bool finished = false;
  asio::co_spawn(io, training.wait_for_job(job.id(), quick_policy()),
                 asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e, training::job) {
                   failure = e;
                   finished = true;
                 }));
  asio::steady_timer later(io, std::chrono::milliseconds(100));
  later.async_wait([&](boost::system::error_code) { cancel.emit(asio::cancellation_type::terminal); });
  io.restart();
  io.run();
  BOOST_TEST(finished);
  BOOST_REQUIRE(failure);
  try {
    std::rethrow_exception(failure);
  } catch (const boost::system::system_error& e) {
    BOOST_TEST(e.code() == asio::error::operation_aborted);
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_blip_is_waited_through) {
  auto r = scripted_job("Completed", 80);
  r.environments["EMULATOR_UNKNOWN_BLIP"] = "1";
  const auto job = run(training.create_job(r));
  std::vector<std::string> phases;
  const auto done = run(training.wait_for_job(job.id(), quick_policy(),
                                              [&](const training::job& j) { phases.push_back(j.status.phase); }));
  BOOST_TEST(done.status.phase == "Completed");
  BOOST_TEST((std::find(phases.begin(), phases.end(), "Unknown") != phases.end()));
}

BOOST_AUTO_TEST_CASE(each_poll_is_one_get) {
  const auto job = run(training.create_job(scripted_job("Completed", 20)));
  const auto path = "/v2/" + server.settings().project_id + "/training-jobs/" + job.id();
  const auto before = server.requests_matching("GET", path);
  int calls = 0;
  run(training.wait_for_job(job.id(), quick_policy(), [&](const training::job&) { ++calls; }));
  const auto polls = server.requests_matching("GET", path) - before;
  BOOST_TEST(polls >= static_cast<std::uint64_t>(calls));
  BOOST_TEST(polls < 200u);
}

BOOST_AUTO_TEST_SUITE_END()

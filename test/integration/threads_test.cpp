// One client shared by coroutines on a multi-threaded io_context, each
// coroutine on its own strand: pool hand-overs and token waiters cross threads.
#include "emulator_fixture.hpp"

#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>

using namespace test_support;
using modelarts::training::flavor;

namespace {

/// Runs `calls` list_flavors calls on `threads` threads; returns how many succeeded.
int run_on_threads(modelarts::client& client, asio::thread_pool& pool, int calls) {
  std::atomic<int> succeeded{0};
  std::atomic<int> finished{0};
  for (int i = 0; i < calls; ++i) {
    asio::co_spawn(asio::make_strand(pool), client.training().list_flavors(),
                   [&](std::exception_ptr e, std::vector<flavor> v) {
                     if (!e && !v.empty()) ++succeeded;
                     ++finished;
                   });
  }
  pool.join();
  BOOST_TEST(finished.load() == calls);
  return succeeded.load();
}

} // namespace

BOOST_AUTO_TEST_CASE(a_client_shared_across_four_threads_keeps_its_pool_consistent) {
  emulator_fixture f;
  asio::thread_pool threads(4);
  auto options = f.options();
  options.pool.max_connections = 4;
  modelarts::client client(threads.get_executor(), options, f.access_key());
  BOOST_TEST(run_on_threads(client, threads, 2000) == 2000);
  const auto stats = client.pool_stats();
  BOOST_TEST(stats.in_use == 0u);
  BOOST_TEST(stats.waiters == 0u);
  BOOST_TEST(stats.connects <= 4u);
  BOOST_TEST(f.server.statistics().connections_accepted <= 4u);
}

BOOST_AUTO_TEST_CASE(token_waiters_on_four_threads_share_one_fetch) {
  emulator_fixture f;
  asio::thread_pool threads(4);
  modelarts::client client(threads.get_executor(), f.options(), f.password());
  BOOST_TEST(run_on_threads(client, threads, 500) == 500);
  BOOST_TEST(f.server.statistics().token_issued == 1u);
}

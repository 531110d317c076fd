// Cutting files into parts: the part size rule (≤ 10,000 parts, a given size
// kept when it fits) and the byte ranges of the parts.
#include "obs/transfer_plan.hpp"

#include <boost/test/unit_test.hpp>

#include <stdexcept>

using namespace modelarts::obs::transfer;

BOOST_AUTO_TEST_CASE(default_part_size_is_8_mib_for_ordinary_files) {
  BOOST_TEST(choose_part_size(100 * mib, 0) == 8 * mib);
  BOOST_TEST(choose_part_size(1, 0) == 8 * mib);
  BOOST_TEST(choose_part_size(10000 * 8 * mib, 0) == 8 * mib); // exactly 10,000 parts
}

BOOST_AUTO_TEST_CASE(part_size_grows_so_that_a_file_needs_at_most_10000_parts) {
  // One byte more than 10,000 parts of 8 MiB: the next whole MiB.
  BOOST_TEST(choose_part_size(10000 * 8 * mib + 1, 0) == 9 * mib);
  const std::uint64_t one_tib = 1024 * gib;
  const auto part = choose_part_size(one_tib, 0);
  BOOST_TEST(part % mib == 0);
  BOOST_TEST(part_count(one_tib, part) <= max_parts);
  BOOST_TEST(part_count(one_tib, part - mib) > max_parts); // the smallest whole MiB that fits
}

BOOST_AUTO_TEST_CASE(a_given_part_size_is_kept_when_it_fits) {
  BOOST_TEST(choose_part_size(10 * mib, 256 * kib) == 256 * kib);
  BOOST_TEST(choose_part_size(10 * mib, 2000) == 2000); // below OBS's minimum, but asked for (tests, emulators)
  BOOST_TEST(choose_part_size(10 * mib, 64 * mib) == 64 * mib);
}

BOOST_AUTO_TEST_CASE(a_given_part_size_too_small_for_10000_parts_is_raised) {
  const std::uint64_t size = 200 * gib;
  const auto part = choose_part_size(size, 5 * mib);
  BOOST_TEST(part > 5 * mib);
  BOOST_TEST(part_count(size, part) <= max_parts);
}

BOOST_AUTO_TEST_CASE(a_file_beyond_10000_parts_of_5_gib_is_refused) {
  BOOST_CHECK_THROW(choose_part_size(max_parts * max_part_size + 1, 0), std::invalid_argument);
  BOOST_CHECK_NO_THROW(choose_part_size(max_parts * max_part_size, 0));
}

BOOST_AUTO_TEST_CASE(every_part_is_at_least_100_kib_with_the_default_rule) {
  for (const std::uint64_t size : {std::uint64_t{1}, 300 * kib, 50 * gib, 3000 * gib})
    BOOST_TEST(choose_part_size(size, 0) >= min_part_size);
}

BOOST_AUTO_TEST_CASE(an_empty_file_is_one_empty_part) {
  BOOST_TEST(part_count(0, 8 * mib) == 1u);
  const auto p = part_at(0, 8 * mib, 1);
  BOOST_TEST(p.offset == 0u);
  BOOST_TEST(p.length == 0u);
}

BOOST_AUTO_TEST_CASE(parts_cover_the_file_contiguously_and_only_the_last_is_short) {
  for (const std::uint64_t size : {std::uint64_t{1}, 1000 * kib, 1000 * kib + 1, 3 * mib - 7, 3 * mib}) {
    const std::uint64_t part = 256 * kib;
    const auto n = part_count(size, part);
    std::uint64_t next = 0;
    for (unsigned i = 1; i <= n; ++i) {
      const auto r = part_at(size, part, i);
      BOOST_TEST(r.number == i);
      BOOST_TEST(r.offset == next);
      if (i < n) BOOST_TEST(r.length == part);
      else BOOST_TEST((r.length > 0 && r.length <= part));
      next += r.length;
    }
    BOOST_TEST(next == size);
  }
}

BOOST_AUTO_TEST_CASE(part_size_zero_is_refused_by_the_arithmetic) {
  BOOST_CHECK_THROW(part_count(10, 0), std::invalid_argument);
}

#include "prediction_work.hpp"

#include <boost/json.hpp>

#include <cstdint>

namespace modelarts::bench {
namespace {

double expected_sum(std::size_t index) { return static_cast<double>(index) + 3.25; }
constexpr std::int64_t expected_count = 4;

} // namespace

boost::json::value prediction_input(std::size_t index) {
  return boost::json::object{
      {"inputs", boost::json::array{static_cast<std::uint64_t>(index), 0.25, boost::json::array{1, 2}}}};
}

std::string check_answer(const boost::json::value& answer, std::size_t index) {
  const auto* object = answer.if_object();
  if (object == nullptr) return "answer is not a JSON object";
  const auto* sum = object->if_contains("sum");
  const auto* count = object->if_contains("count");
  if (sum == nullptr || !sum->is_number() || count == nullptr || !count->is_int64())
    return "answer lacks sum or count";
  // Every addend is a multiple of 1/4 well below 2^50: the sum is exact.
  if (sum->to_number<double>() != expected_sum(index) || count->get_int64() != expected_count)
    return "wrong sum or count for prediction " + std::to_string(index);
  return {};
}

std::string check_answer_text(std::string_view body, std::size_t index) {
  boost::system::error_code ec;
  const auto answer = boost::json::parse(body, ec);
  if (ec) return "answer is not JSON: " + ec.message();
  return check_answer(answer, index);
}

} // namespace modelarts::bench

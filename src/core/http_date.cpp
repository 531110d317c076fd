#include "core/http_date.hpp"

#include <array>
#include <charconv>
#include <cstdio>

namespace modelarts::http {
namespace {

constexpr std::array<std::string_view, 12> month_names = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> day_names = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};

/// A small cursor over the text; every step fails (returns false) instead of throwing.
class scanner {
public:
  explicit scanner(std::string_view s) : s_(s) {}

  bool literal(std::string_view word) {
    if (s_.substr(0, word.size()) != word) return false;
    s_.remove_prefix(word.size());
    return true;
  }
  void spaces() {
    while (!s_.empty() && s_.front() == ' ') s_.remove_prefix(1);
  }
  bool number(int digits_min, int digits_max, int& out) {
    int n = 0;
    int value = 0;
    while (n < digits_max && n < static_cast<int>(s_.size()) && s_[n] >= '0' && s_[n] <= '9') {
      value = value * 10 + (s_[n] - '0');
      ++n;
    }
    if (n < digits_min) return false;
    s_.remove_prefix(static_cast<std::size_t>(n));
    out = value;
    return true;
  }
  bool month(unsigned& out) {
    for (std::size_t i = 0; i < month_names.size(); ++i) {
      if (literal(month_names[i])) {
        out = static_cast<unsigned>(i + 1);
        return true;
      }
    }
    return false;
  }
  bool time_of_day(int& h, int& m, int& sec) {
    return number(2, 2, h) && literal(":") && number(2, 2, m) && literal(":") && number(2, 2, sec);
  }
  /// Skips a day name up to and including `stop` (',' or ' ').
  bool day_name(char stop) {
    const auto pos = s_.find(stop);
    if (pos == std::string_view::npos || pos < 3) return false;
    s_.remove_prefix(pos + 1);
    return true;
  }
  bool done() const { return s_.empty(); }

private:
  std::string_view s_;
};

std::optional<std::chrono::system_clock::time_point> make_time(int year, unsigned month, int day,
                                                               int h, int m, int s) {
  using namespace std::chrono;
  const year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                           std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || h > 23 || m > 59 || s > 60) return std::nullopt;
  return sys_days{ymd} + hours{h} + minutes{m} + seconds{s};
}

} // namespace

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  int day = 0, year = 0, h = 0, m = 0, s = 0;
  unsigned month = 0;

  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
  if (scanner sc(text); sc.day_name(',') && (sc.spaces(), sc.number(1, 2, day)) && sc.literal(" ") &&
                        sc.month(month) && sc.literal(" ") && sc.number(4, 4, year) &&
                        sc.literal(" ") && sc.time_of_day(h, m, s) && sc.literal(" GMT") && sc.done())
    return make_time(year, month, day, h, m, s);

  // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"; a two-digit year within 50
  // years of now, simplified to the usual 1970-2069 window.
  if (scanner sc(text); sc.day_name(',') && (sc.spaces(), sc.number(2, 2, day)) && sc.literal("-") &&
                        sc.month(month) && sc.literal("-") && sc.number(2, 2, year) &&
                        sc.literal(" ") && sc.time_of_day(h, m, s) && sc.literal(" GMT") && sc.done())
    return make_time(year < 70 ? 2000 + year : 1900 + year, month, day, h, m, s);

  // asctime: "Sun Nov  6 08:49:37 1994"
  if (scanner sc(text); sc.day_name(' ') && sc.month(month) && (sc.spaces(), sc.number(1, 2, day)) &&
                        sc.literal(" ") && sc.time_of_day(h, m, s) && sc.literal(" ") &&
                        sc.number(4, 4, year) && sc.done())
    return make_time(year, month, day, h, m, s);

  return std::nullopt;
}

std::string format_http_date(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto secs = floor<seconds>(t);
  const auto days = floor<std::chrono::days>(secs);
  const year_month_day ymd{days};
  const hh_mm_ss hms{secs - days};
  const weekday wd{days};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT",
                day_names[wd.c_encoding()].data(), static_cast<unsigned>(ymd.day()),
                month_names[static_cast<unsigned>(ymd.month()) - 1].data(), static_cast<int>(ymd.year()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

} // namespace modelarts::http

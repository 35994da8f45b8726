#include "sim/core/time.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace csc::sim {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days algorithms (public domain), which give
// exact Gregorian arithmetic without tables.
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<std::int64_t>(y - era * 400);
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

}  // namespace

bool Date::parse(std::string_view text, Date& out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  auto number = [&](std::size_t pos, std::size_t len, int& v) {
    const auto* first = text.data() + pos;
    auto [ptr, ec] = std::from_chars(first, first + len, v);
    return ec == std::errc{} && ptr == first + len;
  };
  Date d;
  if (!number(0, 4, d.year) || !number(5, 2, d.month) || !number(8, 2, d.day)) return false;
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month)) {
    return false;
  }
  out = d;
  return true;
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::int64_t Date::serial() const { return days_from_civil(year, month, day); }

Date Date::from_serial(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const auto d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const auto m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const auto y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return Date{y, m, d};
}

int Clock::weekday(Day d) const {
  // 1970-01-01 was a Thursday (weekday 3 when Monday is 0).
  const std::int64_t s = start_serial_ + d;
  return static_cast<int>(((s % 7) + 7 + 3) % 7);
}

Day Clock::add_working_days(Day d, int working_days) const {
  Day out = d;
  int left = working_days;
  while (left > 0) {
    ++out;
    if (weekday(out) < 5) --left;
  }
  return out;
}

int Clock::financial_year(Day d) const {
  const Date dt = date(d);
  return dt.month >= 4 ? dt.year : dt.year - 1;
}

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  return std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0 ? std::string(buf) : std::string();
}

}  // namespace csc::sim

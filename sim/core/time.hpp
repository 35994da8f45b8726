#pragma once
// Simulation time. The clock counts whole days (`Day`) from the scenario's start date; the
// weekly tick is 7 days. Calendar dates matter for statutory timescales, which are set in
// working days (Monday to Friday; bank holidays are not modelled), and for financial years.
#include <cstdint>
#include <string>
#include <string_view>

namespace csc::sim {

using Day = std::int32_t;  // days since the run's start date (negative in burn-in)
inline constexpr Day kDaysPerWeek = 7;
inline constexpr Day kDaysPerYear = 365;        // for rates; calendar arithmetic uses Date
inline constexpr double kDaysPerMonth = 30.44;  // for durations set or reported in months

/// A proleptic Gregorian calendar date.
struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  /// Parses "YYYY-MM-DD"; returns false if the text is not a valid date.
  static bool parse(std::string_view text, Date& out);
  [[nodiscard]] std::string iso() const;
  /// Days since 1970-01-01 (negative before).
  [[nodiscard]] std::int64_t serial() const;
  static Date from_serial(std::int64_t serial);
  friend bool operator==(const Date&, const Date&) = default;
};

/// Maps simulation days to dates and working days, anchored at a start date.
class Clock {
 public:
  explicit Clock(Date start) : start_serial_(start.serial()) {}

  [[nodiscard]] Date date(Day d) const { return Date::from_serial(start_serial_ + d); }
  /// 0 = Monday .. 6 = Sunday.
  [[nodiscard]] int weekday(Day d) const;
  /// The day that is `working_days` working days after `d` (counting from the next day).
  [[nodiscard]] Day add_working_days(Day d, int working_days) const;
  /// The English financial year (April to March) that contains day d, named by its first year.
  [[nodiscard]] int financial_year(Day d) const;

 private:
  std::int64_t start_serial_;
};

/// The wall-clock time now in UTC, ISO 8601 to the second ("2026-12-06T20:06:13Z"): when a
/// run or a posterior was written.
std::string utc_now();

}  // namespace csc::sim

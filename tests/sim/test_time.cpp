#include <catch2/catch.hpp>

#include "sim/core/time.hpp"

using csc::sim::Clock;
using csc::sim::Date;

TEST_CASE("dates round-trip through serial day numbers", "[unit][time]") {
  for (std::int64_t s = -200000; s <= 200000; s += 997) {
    REQUIRE(Date::from_serial(s).serial() == s);
  }
  REQUIRE(Date{1970, 1, 1}.serial() == 0);
  REQUIRE(Date{2013, 4, 1}.serial() == 15796);
  REQUIRE(Date{2000, 2, 29}.iso() == "2000-02-29");
}

TEST_CASE("date parsing rejects invalid dates", "[unit][time]") {
  Date d;
  REQUIRE(Date::parse("2016-02-29", d));
  REQUIRE(d == Date{2016, 2, 29});
  REQUIRE_FALSE(Date::parse("2015-02-29", d));
  REQUIRE_FALSE(Date::parse("2015-13-01", d));
  REQUIRE_FALSE(Date::parse("2015-1-01", d));
  REQUIRE_FALSE(Date::parse("not a date", d));
}

TEST_CASE("working days skip weekends", "[unit][time]") {
  const Clock clock(Date{2013, 4, 1});  // a Monday
  REQUIRE(clock.weekday(0) == 0);
  REQUIRE(clock.weekday(5) == 5);              // Saturday
  REQUIRE(clock.add_working_days(0, 4) == 4);  // Friday
  REQUIRE(clock.add_working_days(0, 5) == 7);  // next Monday
  REQUIRE(clock.add_working_days(4, 1) == 7);  // Friday + 1 = Monday
  // 45 working days is 9 calendar weeks.
  REQUIRE(clock.add_working_days(0, 45) == 63);
}

TEST_CASE("financial years run April to March", "[unit][time]") {
  const Clock clock(Date{2013, 4, 1});
  REQUIRE(clock.financial_year(0) == 2013);
  REQUIRE(clock.financial_year(364) == 2013);  // 2014-03-31
  REQUIRE(clock.financial_year(365) == 2014);
  REQUIRE(clock.financial_year(-1) == 2012);
}

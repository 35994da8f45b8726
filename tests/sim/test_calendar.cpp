#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include <oneapi/tbb/global_control.h>

#include "sim/io/state_archive.hpp"
#include "sim/run/parallel.hpp"
#include "sim/schedule/calendar.hpp"

using csc::sim::Calendar;
using csc::sim::Event;

TEST_CASE("calendar returns a week's events in total order", "[unit][calendar]") {
  Calendar cal(-14, 4);  // weeks start on days -14, -7, 0, 7
  cal.schedule(0, {3, 0, 2, 9, 0});
  cal.schedule(0, {1, 1, 0, 5, 0});
  cal.schedule(0, {1, 0, 1, 7, 0});
  cal.schedule(0, {1, 0, 1, 6, 0});
  cal.schedule(0, {-20, 0, 0, 1, 0});  // before the start: clamped into week 0
  cal.schedule(0, {100, 0, 0, 1, 0});  // after the end: dropped
  REQUIRE(cal.take_week(0, 0).size() == 1);
  const auto week2 = cal.take_week(2, 0);
  REQUIRE(week2.size() == 4);
  REQUIRE(week2[0].id == 6);  // day 1, priority 0, kind 1, id 6
  REQUIRE(week2[1].id == 7);
  REQUIRE(week2[2].id == 5);  // day 1 but priority 1
  REQUIRE(week2[3].day == 3);
  REQUIRE(cal.take_week(2, 0).empty());
  REQUIRE(cal.take_week(3, 0).empty());
}

TEST_CASE("events scheduled while a week is processed are taken next", "[unit][calendar]") {
  Calendar cal(0, 2);
  cal.schedule(0, {2, 0, 0, 1, 0});
  auto first = cal.take_week(0, 0);
  REQUIRE(first.size() == 1);
  cal.schedule(0, {5, 0, 0, 2, 0});
  auto second = cal.take_week(0, 0);
  REQUIRE(second.size() == 1);
  REQUIRE(second[0].id == 2);
}

TEST_CASE("events due in a closed week run at the start of the next one", "[unit][calendar]") {
  Calendar cal(0, 3);
  REQUIRE(cal.take_week(0, 0).empty());
  cal.close_week(0);
  cal.schedule(0, {6, 0, 0, 4, 0});  // due on the last day of week 0, scheduled after it closed
  REQUIRE(cal.take_week(0, 0).empty());
  const auto next = cal.take_week(1, 0);
  REQUIRE(next.size() == 1);
  REQUIRE(next[0].day == 6);
}

TEST_CASE("a calendar's archived state does not depend on the order events arrived in", "[sim][calendar]") {
  // A bucket's order of arrival is a council's own order of scheduling, which the snapshot
  // must not depend on: equal states, equal snapshot bytes.
  csc::sim::Calendar forward(0, 2), backward(0, 2);
  const std::vector<csc::sim::Event> events = {{3, 0, 1, 7, 0}, {3, 0, 1, 2, 0}, {9, 1, 0, 5, 1}, {1, 0, 2, 9, 0}};
  for (const auto& e : events) forward.schedule(0, e);
  for (auto e = events.rbegin(); e != events.rend(); ++e) backward.schedule(0, *e);
  csc::sim::StateWriter a, b;
  forward.fields(a);
  backward.fields(b);
  CHECK(a.bytes() == b.bytes());
}

TEST_CASE("a calendar's bytes are what its archived fields hold", "[sim][calendar]") {
  Calendar cal(-14, 4);
  const auto sized = [&] {
    csc::sim::StateSizer sizer;
    cal.fields(sizer);
    return sizer.bytes();
  };
  CHECK(cal.bytes() == sized());
  for (int k = 0; k < 5; ++k) cal.schedule(0, {k * 3, 0, 1, static_cast<std::uint32_t>(k), 0});
  CHECK(cal.bytes() == sized());
  CHECK(cal.bytes() > Calendar(-14, 4).bytes());
  static_cast<void>(cal.take_week(1, 0));
  CHECK(cal.bytes() == sized());
}

TEST_CASE("councils scheduling from several threads at once fill their own buckets, as a serial walk does",
          "[sim][calendar][parallel]") {
  // Each council's events come from one thread at a time (a phase that runs its councils in
  // parallel): its buckets then hold what a serial walk schedules, in the same order, and each
  // council takes its own week in total order.
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, 4);
  constexpr std::size_t kCouncils = 7;
  constexpr std::uint32_t kEvents = 3000;  // per council
  const auto event = [](std::size_t l, std::uint32_t i) {
    const auto id = static_cast<std::uint32_t>(l * kEvents + i);
    return Event{static_cast<csc::sim::Day>((id * 2654435761u) % 35), static_cast<std::uint8_t>(i % 3), 1, id, i % 5};
  };
  Calendar serial(0, 5, kCouncils), parallel(0, 5, kCouncils);
  serial.close_week(0), parallel.close_week(0);  // week 0's events go to week 1
  for (std::size_t l = 0; l < kCouncils; ++l) {
    for (std::uint32_t i = 0; i < kEvents; ++i) serial.schedule(l, event(l, i));
  }
  csc::sim::parallel_for(std::size_t{0}, kCouncils, [&](std::size_t l) {
    for (std::uint32_t i = 0; i < kEvents; ++i) parallel.schedule(l, event(l, i));
  });
  csc::sim::StateWriter a, b;
  serial.fields(a);
  parallel.fields(b);
  CHECK(a.bytes() == b.bytes());
  std::size_t taken_in_all = 0;
  for (int w = 1; w < 5; ++w) {
    std::vector<std::vector<Event>> taken(kCouncils);
    csc::sim::parallel_for(std::size_t{0}, kCouncils, [&](std::size_t l) { taken[l] = parallel.take_week(w, l); });
    for (std::size_t l = 0; l < kCouncils; ++l) {
      CHECK(std::is_sorted(taken[l].begin(), taken[l].end()));
      CHECK(std::ranges::all_of(taken[l], [&](const Event& e) { return e.id / kEvents == l; }));
      CHECK(taken[l] == serial.take_week(w, l));
      taken_in_all += taken[l].size();
    }
  }
  CHECK(taken_in_all == kCouncils * kEvents);  // days 0-34 fall in weeks 1-4 (week 0's in week 1)
}

#pragma once
// What the scenario loader's tests (tests/sim/test_scenario_*.cpp) share: a small domain-free
// schema, minimal scenario texts, and helpers that collect the messages of an InputError.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/errors.hpp"
#include "sim/io/scenario.hpp"

namespace csc::test {

using sim::InputError;
using sim::ParamSpec;
using sim::ParamType;
using sim::ParamValue;
using sim::Scenario;
using sim::Schema;
using sim::TableArraySpec;

inline const std::string kDir = std::string(CSC_FIXTURES_DIR) + "/scenario/";

inline ParamSpec spec(std::string key, ParamType type, std::optional<ParamValue> def = std::nullopt) {
  ParamSpec p{};
  p.key = std::move(key);
  p.type = type;
  p.default_value = std::move(def);
  return p;
}

/// A small domain-free schema exercising every type and constraint.
inline Schema test_schema() {
  Schema s;
  s.params.push_back(spec("name", ParamType::string));
  auto years = spec("run.years", ParamType::integer, std::int64_t{10});
  years.min = 1;  // lower bound only: messages read "must be >= 1"
  years.unit = "years";
  years.description = "Length of the run | simulated";
  s.params.push_back(years);
  s.params.push_back(spec("run.start", ParamType::date, std::string("2024-01-01")));
  auto rate = spec("referral.base_rate", ParamType::real);
  rate.min = 0;
  rate.max = 1;
  rate.source = "Survey 2023";
  s.params.push_back(rate);
  auto policy = spec("referral.policy", ParamType::string, std::string("hire"));
  policy.choices = {"hire", "agency", "wait"};
  s.params.push_back(policy);
  s.params.push_back(spec("referral.enabled", ParamType::boolean, true));
  s.params.push_back(spec("output.scale", ParamType::real, std::int64_t{2}));
  TableArraySpec la;
  la.key = "la";
  la.min_count = 1;
  la.max_count = 3;
  la.description = "Local authorities";
  la.params.push_back(spec("name", ParamType::string));
  auto children = spec("children", ParamType::integer);
  children.min = 0;
  la.params.push_back(children);
  auto cost = spec("cost", ParamType::real, 1.5);
  cost.min = 0;
  la.params.push_back(cost);
  s.arrays.push_back(la);
  return s;
}

inline const std::string kLa = "[[la]]\nname = 'a'\nchildren = 4\n";

inline const std::string kMinimal = R"(name = "min"
referral.base_rate = 0.25

[[la]]
name = "a"
children = 4
)";

/// Messages of the InputError thrown by parsing `text` as "t.toml"; fails the test if none.
inline std::vector<std::string> parse_errors(const std::string& text) {
  try {
    (void)Scenario::parse(text, "t.toml", test_schema());
  } catch (const InputError& e) {
    return e.messages();
  }
  FAIL("expected an InputError for:\n" << text);
  return {};
}

inline std::vector<std::string> load_errors(const std::string& file) {
  try {
    (void)Scenario::load(kDir + file, test_schema());
  } catch (const InputError& e) {
    return e.messages();
  }
  FAIL("expected an InputError for " << file);
  return {};
}

/// The single message of `errors` that contains `needle` (and a check that there is one).
inline std::string find_message(const std::vector<std::string>& errors, const std::string& needle) {
  std::string found;
  int count = 0;
  for (const auto& m : errors) {
    if (m.find(needle) != std::string::npos) found = m, ++count;
  }
  INFO("looking for '" << needle << "' in:\n" << Catch::Detail::stringify(errors));
  CHECK(count == 1);
  return found;
}

}  // namespace csc::test

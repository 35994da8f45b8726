// Text helpers: CSV fields (RFC 4180) and JSON strings (RFC 8259) for names users choose.
#include <catch2/catch.hpp>

#include "sim/core/text.hpp"

using csc::sim::csv_field;
using csc::sim::json_string;

TEST_CASE("a CSV field is quoted only when it must be", "[unit][text]") {
  CHECK(csv_field("baseline") == "baseline");
  CHECK(csv_field("caseload cap 12, hire") == "\"caseload cap 12, hire\"");
  CHECK(csv_field("say \"no\"") == "\"say \"\"no\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("") == "");
}

TEST_CASE("a JSON string escapes quotes, backslashes and control characters", "[unit][text]") {
  CHECK(json_string("O'Brien LA") == "\"O'Brien LA\"");
  CHECK(json_string("a \"b\" \\ c") == "\"a \\\"b\\\" \\\\ c\"");
  CHECK(json_string(std::string("tab\there\x01", 9)) == "\"tab\\u0009here\\u0001\"");
  CHECK(json_string("Ynys Môn") == "\"Ynys Môn\"");  // UTF-8 kept
}

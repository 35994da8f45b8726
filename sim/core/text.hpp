#pragma once
// Small text helpers: the comma-separated lists that scenario and configuration values
// hold (LA names, team numbers, rollout stages, target ids), and text made safe to print.
#include <string>
#include <string_view>

namespace csc::sim {

/// `text` without the spaces around it.
inline std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(' ') - first + 1));
}

}  // namespace csc::sim

namespace csc::sim {

/// `text` safe to print on a terminal: control characters (C0, DEL and the C1 range in UTF-8)
/// become \xNN, so that a scenario or a run file cannot move the cursor, clear the screen or
/// forge a line of output through a message that quotes it. Other UTF-8 is kept.
inline std::string printable(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  const auto escape = [&out](unsigned char c) {
    out += "\\x";
    out += hex[c >> 4];
    out += hex[c & 15];
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      escape(c);
    } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      escape(static_cast<unsigned char>(text[++i]));  // U+0080..U+009F
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace csc::sim

namespace csc::sim {

/// `text` as one field of a CSV record (RFC 4180): quoted, with quotes doubled, when it holds
/// a comma, a quote or a line break; as it is otherwise. Names users choose (a scenario
/// called "caseload cap 12, hire") stay one field.
inline std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

/// `text` as a JSON string literal, quotes included (RFC 8259): quote, backslash and control
/// characters escaped; other UTF-8 kept.
inline std::string json_string(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

}  // namespace csc::sim

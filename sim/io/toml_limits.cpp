#include "sim/io/toml_limits.hpp"

#include <vector>

namespace csc::sim {
namespace {

/// A TOML lexer just good enough to follow keys, headers, inline tables and arrays. Where it
/// meets something that is not TOML it gives up (toml++ then reports the syntax error, and
/// toml++ stops parsing at or before that place, so nothing past it is ever built).
class Scanner {
 public:
  explicit Scanner(std::string_view text) : t_(text) {}

  TomlShape run() {
    if (t_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // a UTF-8 byte-order mark
    std::size_t table_depth = 0;                    // depth of the table the last header opened
    for (;;) {
      skip_space(true);
      if (eof()) return std::move(shape_);
      if (peek() == '[') {
        const Pos start = pos();
        advance();
        const bool array = !eof() && peek() == '[';
        if (array) advance();
        const std::size_t from = i_;
        std::size_t parts = 0;
        if (!key(parts)) return gave_up();
        const std::size_t to = i_;
        if (parts > kMaxKeyParts) {
          return too_many_parts(start, subject("table header", from, to), parts);
        }
        skip_space(false);
        if (!take(']') || (array && !take(']'))) return gave_up();
        table_depth = parts + (array ? 1 : 0);  // [[a.b]]: the array b holds a table
        if (table_depth > kMaxNesting) {
          return too_deep(start, subject("table header", from, to), table_depth);
        }
      } else {
        if (!key_value(table_depth)) return std::move(shape_);
      }
      if (!end_of_line()) return gave_up();
    }
  }

 private:
  struct Pos {
    std::uint32_t line, column;
  };
  struct Frame {
    bool table;         // an inline table (else an array)
    std::size_t depth;  // depth of the inline table or array itself
  };

  [[nodiscard]] bool eof() const { return i_ >= t_.size(); }
  [[nodiscard]] char peek() const { return t_[i_]; }
  [[nodiscard]] bool at(std::string_view s) const { return t_.substr(i_, s.size()) == s; }
  [[nodiscard]] Pos pos() const { return {line_, column_}; }

  void advance() {
    const auto c = static_cast<unsigned char>(t_[i_++]);
    if (c == '\n') {
      ++line_, column_ = 1;
    } else if ((c & 0xC0u) != 0x80u) {  // not a UTF-8 continuation byte
      ++column_;
    }
  }
  bool take(char c) {
    if (eof() || peek() != c) return false;
    advance();
    return true;
  }

  /// Spaces and tabs; with `newlines`, also line breaks and comments.
  void skip_space(bool newlines) {
    while (!eof()) {
      const char c = peek();
      if (c == ' ' || c == '\t') {
        advance();
      } else if (newlines && (c == '\n' || c == '\r')) {
        advance();
      } else if (newlines && c == '#') {
        skip_comment();
      } else {
        return;
      }
    }
  }
  void skip_comment() {
    while (!eof() && peek() != '\n') advance();
  }
  /// After a header or a key/value pair: spaces, an optional comment, then a line break or
  /// the end.
  bool end_of_line() {
    skip_space(false);
    if (!eof() && peek() == '#') skip_comment();
    if (eof()) return true;
    if (peek() == '\r') advance();
    return take('\n');
  }

  static bool bare_key_char(char c) {
    switch (c) {
      case ' ':
      case '\t':
      case '\r':
      case '\n':
      case '.':
      case '=':
      case '"':
      case '\'':
      case '[':
      case ']':
      case '{':
      case '}':
      case ',':
      case '#': return false;
      default: return true;  // lenient (TOML allows A-Z a-z 0-9 _ -): toml++ judges the rest
    }
  }
  /// A scalar value (number, boolean, date, time) ends at one of these.
  static bool value_end(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ']' || c == '}' || c == '#';
  }

  /// A dotted key; counts its parts.
  bool key(std::size_t& parts) {
    parts = 0;
    for (;;) {
      skip_space(false);
      if (eof()) return false;
      const char c = peek();
      if (c == '"' || c == '\'') {
        if (at("\"\"\"") || at("'''")) return false;  // no multi-line string as a key
        if (!string()) return false;
      } else if (bare_key_char(c)) {
        while (!eof() && bare_key_char(peek())) advance();
      } else {
        return false;
      }
      ++parts;
      skip_space(false);
      if (!take('.')) return true;
    }
  }

  /// A string of any of the four kinds, from its opening quote.
  bool string() {
    const char q = peek();
    const bool basic = q == '"';
    if (at(basic ? "\"\"\"" : "'''")) {
      for (int k = 0; k < 3; ++k) advance();
      while (!eof()) {
        if (basic && peek() == '\\') {
          advance();
          if (!eof()) advance();
        } else if (peek() == q && at(basic ? "\"\"\"" : "'''")) {
          while (!eof() && peek() == q) advance();  // up to two quotes may end the content
          return true;
        } else {
          advance();
        }
      }
      return false;
    }
    advance();
    while (!eof() && peek() != '\n') {
      if (basic && peek() == '\\') {
        advance();
        if (!eof() && peek() != '\n') advance();
      } else if (peek() == q) {
        advance();
        return true;
      } else {
        advance();
      }
    }
    return false;
  }

  /// key = value, with the key's table at `table_depth`, values inline tables and arrays
  /// followed without recursion. False when the scan stops (a limit, or not TOML).
  bool key_value(std::size_t table_depth) {
    std::vector<Frame> stack;  // open inline tables and arrays; at most kMaxNesting deep
    std::size_t depth = 0;     // depth of the value about to be read
    bool need_key = true;      // a key (then '=') comes before the next value
    for (;;) {
      if (need_key) {
        skip_space(!stack.empty());
        const Pos start = pos();
        const std::size_t from = i_;
        std::size_t parts = 0;
        if (!key(parts)) return stop_giving_up();
        const std::size_t to = i_;
        if (parts > kMaxKeyParts) return stop(too_many_parts(start, subject("key", from, to), parts));
        depth = (stack.empty() ? table_depth : stack.back().depth) + parts;
        if (depth > kMaxNesting) return stop(too_deep(start, subject("key", from, to), depth));
        skip_space(false);
        if (!take('=')) return stop_giving_up();
        need_key = false;
      }
      // One value at `depth`. (Line breaks and comments are skipped inside inline tables as
      // well as arrays: toml++ rejects them there, but skipping never misreads valid TOML.)
      skip_space(!stack.empty());
      if (eof()) return stop_giving_up();
      const Pos start = pos();
      const std::size_t from = i_;
      const char c = peek();
      if (c == '{' || c == '[') {
        if (depth > kMaxNesting) return stop(too_deep(start, subject("value", from), depth));
        advance();
        stack.push_back({c == '{', depth});
        skip_space(true);
        if (!take(c == '{' ? '}' : ']')) {
          if (c == '{') {
            need_key = true;
          } else {
            depth = stack.back().depth + 1;
          }
          continue;
        }
        stack.pop_back();  // {} or []
      } else if (c == '"' || c == '\'') {
        if (!string()) return stop_giving_up();
      } else if (!value_end(c)) {
        // A scalar; a date-time may have a space inside ("1979-05-27 07:32:00").
        for (;;) {
          while (!eof() && !value_end(peek()) && peek() != '[' && peek() != '{' && peek() != '"' && peek() != '\'') {
            advance();
          }
          const std::size_t mark = i_;
          const Pos mark_pos = pos();
          skip_space(false);
          if (eof() || value_end(peek()) || peek() == '[' || peek() == '{' || peek() == '"' || peek() == '\'') {
            i_ = mark, line_ = mark_pos.line, column_ = mark_pos.column;
            break;
          }
        }
      } else {
        return stop_giving_up();
      }
      // After a value: close what ends here, or go on to the next element or key.
      for (;;) {
        if (stack.empty()) return true;
        const Frame top = stack.back();
        skip_space(true);
        if (take(',')) {
          if (top.table) {
            need_key = true;
            break;
          }
          skip_space(true);
          if (!take(']')) {
            depth = top.depth + 1;
            break;
          }
        } else if (!take(top.table ? '}' : ']')) {
          return stop_giving_up();
        }
        stack.pop_back();
      }
    }
  }

  void mark_gave_up() {
    shape_.result = TomlShape::Result::gave_up;
    shape_.line = line_, shape_.column = column_;
  }
  TomlShape gave_up() {
    mark_gave_up();
    return std::move(shape_);
  }
  bool stop_giving_up() {
    mark_gave_up();
    return false;
  }
  bool stop(TomlShape&& s) {
    shape_ = std::move(s);
    return false;
  }
  /// "key 'a.b.c': " for the text in [from, to) (to the end of the line when `to` is npos),
  /// shortened to 40 bytes.
  [[nodiscard]] std::string subject(const char* noun, std::size_t from, std::size_t to = std::string_view::npos) const {
    constexpr std::size_t kShown = 40;
    if (to == std::string_view::npos) {
      to = from;
      while (to < t_.size() && t_[to] != '\n' && t_[to] != '\r') ++to;
    }
    std::string_view text = t_.substr(from, to - from);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    const bool cut = text.size() > kShown;
    if (cut) {
      std::size_t n = kShown;
      // Whole UTF-8 characters only.
      while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0u) == 0x80u) --n;
      while (n > 0 && text[n - 1] == '.') --n;  // "a.a..." rather than "a.a...."
      text = text.substr(0, n);
    }
    return std::string(noun) + " '" + std::string(text) + (cut ? "..." : "") + "': ";
  }
  TomlShape too_many_parts(Pos at, std::string what, std::size_t parts) {
    return problem(at, std::move(what) + "has " + std::to_string(parts) + " dotted parts; a scenario allows at most " +
                           std::to_string(kMaxKeyParts));
  }
  TomlShape too_deep(Pos at, std::string what, std::size_t depth) {
    return problem(at, std::move(what) + "nests " + std::to_string(depth) +
                           " tables and arrays deep; a scenario allows at most " + std::to_string(kMaxNesting));
  }
  TomlShape problem(Pos at, std::string message) {
    TomlShape s;
    s.result = TomlShape::Result::over_limit;
    s.line = at.line, s.column = at.column;
    s.message = std::move(message);
    return s;
  }

  std::string_view t_;
  std::size_t i_ = 0;
  std::uint32_t line_ = 1, column_ = 1;
  TomlShape shape_;
};

}  // namespace

TomlShape scan_toml_shape(std::string_view text) { return Scanner(text).run(); }

}  // namespace csc::sim

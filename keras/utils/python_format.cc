#include "keras/utils/python_format.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "keras/core/error.h"
#include "keras/core/json.h"

namespace keras::utils {

std::string python_float(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // The shortest round-trip digits, in scientific form: d.ddde±x.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string sci(buf, end);
  size_t e = sci.find('e');
  std::string mantissa = sci.substr(0, e);
  int exponent = std::atoi(sci.c_str() + e + 1);
  bool negative = mantissa[0] == '-';
  if (negative) mantissa.erase(0, 1);
  std::string digits;
  for (char c : mantissa)
    if (c != '.') digits += c;
  // Python's repr switches to scientific notation below 1e-4 and from 1e16.
  std::string out;
  if (exponent < -4 || exponent >= 16) {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    out += exp;
  } else if (exponent < 0) {
    out = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
  } else {
    size_t int_len = static_cast<size_t>(exponent) + 1;
    if (digits.size() <= int_len) {
      out = digits + std::string(int_len - digits.size(), '0') + ".0";
    } else {
      out = digits.substr(0, int_len) + "." + digits.substr(int_len);
    }
  }
  return negative ? "-" + out : out;
}

std::string csv_field(const std::string& field, char separator) {
  if (field.find_first_of(std::string{separator, '"', '\r', '\n'}) == std::string::npos)
    return field;
  std::string out = "\"";
  for (char c : field) out += c == '"' ? "\"\"" : std::string(1, c);
  return out + "\"";
}

namespace {

struct Spec {
  char fill = ' ';
  char align = 0;  // '<', '>', '^', '=' or 0 (the type's default)
  char sign = '-';
  int width = 0;
  bool grouping = false;
  int precision = -1;
  char type = 0;
};

Spec parse_spec(const std::string& text, const std::string& where) {
  Spec spec;
  size_t i = 0;
  auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
  if (text.size() >= 2 && is_align(text[1])) {
    spec.fill = text[0];
    spec.align = text[1];
    i = 2;
  } else if (!text.empty() && is_align(text[0])) {
    spec.align = text[0];
    i = 1;
  }
  if (i < text.size() && (text[i] == '+' || text[i] == '-' || text[i] == ' '))
    spec.sign = text[i++];
  if (i < text.size() && text[i] == '0') {
    if (!spec.align) {
      spec.fill = '0';
      spec.align = '=';
    }
    ++i;
  }
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
    spec.width = spec.width * 10 + (text[i++] - '0');
  if (i < text.size() && text[i] == ',') {
    spec.grouping = true;
    ++i;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i])))
      throw ValueError(str("Format specifier missing precision in ", where));
    spec.precision = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
      spec.precision = spec.precision * 10 + (text[i++] - '0');
  }
  if (i < text.size()) spec.type = text[i++];
  if (i != text.size() || (spec.type && !std::strchr("dfFeEgG%", spec.type)))
    throw ValueError(str("Invalid format specifier '", text, "' in ", where));
  return spec;
}

std::string with_grouping(const std::string& digits) {
  size_t start = digits.find_first_of("0123456789");
  size_t end = digits.find_first_not_of("0123456789", start);
  if (end == std::string::npos) end = digits.size();
  std::string out = digits.substr(0, start);
  std::string whole = digits.substr(start, end - start);
  for (size_t k = 0; k < whole.size(); ++k) {
    if (k && (whole.size() - k) % 3 == 0) out += ',';
    out += whole[k];
  }
  return out + digits.substr(end);
}

std::string format_value(const FormatValue& value, const Spec& spec, const std::string& where) {
  std::string body;
  bool negative = false;
  char buf[512];
  if (std::holds_alternative<int64_t>(value) && (spec.type == 0 || spec.type == 'd')) {
    int64_t v = std::get<int64_t>(value);
    negative = v < 0;
    std::snprintf(buf, sizeof buf, "%llu",
                  static_cast<unsigned long long>(negative ? -static_cast<uint64_t>(v) : v));
    body = buf;
  } else {
    if (spec.type == 'd')
      throw ValueError(str("Unknown format code 'd' for object of type 'float' in ", where));
    double v = std::holds_alternative<int64_t>(value)
                   ? static_cast<double>(std::get<int64_t>(value))
                   : std::get<double>(value);
    negative = std::signbit(v) && !std::isnan(v);
    double magnitude = std::fabs(v);
    if (spec.type == 0 && spec.precision < 0) {
      body = python_float(magnitude);
    } else {
      char type = spec.type ? spec.type : 'g';
      int precision = spec.precision >= 0 ? spec.precision : 6;
      if (type == '%') magnitude *= 100;
      std::string format = str("%.", precision, type == '%' ? 'f' : type);
      std::snprintf(buf, sizeof buf, format.c_str(), magnitude);
      body = buf;
      if (type == '%') body += '%';
    }
  }
  if (spec.grouping) body = with_grouping(body);
  std::string sign = negative ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
  size_t length = sign.size() + body.size();
  if (static_cast<size_t>(spec.width) <= length) return sign + body;
  size_t pad = static_cast<size_t>(spec.width) - length;
  char align = spec.align ? spec.align : '>';
  if (align == '=') return sign + std::string(pad, spec.fill) + body;
  if (align == '<') return sign + body + std::string(pad, spec.fill);
  if (align == '^')
    return std::string(pad / 2, spec.fill) + sign + body + std::string(pad - pad / 2, spec.fill);
  return std::string(pad, spec.fill) + sign + body;
}

}  // namespace

std::string python_str_format(const std::string& pattern,
                              const std::map<std::string, FormatValue>& values) {
  std::string out;
  std::string where = "\"" + pattern + "\"";
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '}') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '}') {
        out += '}';
        ++i;
        continue;
      }
      throw ValueError(str("Single '}' encountered in format string ", where));
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (i + 1 < pattern.size() && pattern[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    size_t close = pattern.find('}', i);
    if (close == std::string::npos)
      throw ValueError(str("Single '{' encountered in format string ", where));
    std::string field = pattern.substr(i + 1, close - i - 1);
    size_t colon = field.find(':');
    std::string name = field.substr(0, colon);
    std::string spec = colon == std::string::npos ? "" : field.substr(colon + 1);
    auto it = values.find(name);
    if (it == values.end())
      throw ValueError(str("no value named '", name, "' for the format string ", where));
    out += format_value(it->second, parse_spec(spec, where), where);
    i = close;
  }
  return out;
}

namespace {

void append_json(const Json& j, std::string& out) {
  if (j.is_object()) {
    out += '{';
    bool first = true;
    for (const auto& [key, value] : j.items()) {
      if (!first) out += ", ";
      first = false;
      out += Json(key).dump(-1, ' ', /*ensure_ascii=*/true);
      out += ": ";
      append_json(value, out);
    }
    out += '}';
  } else if (j.is_array()) {
    out += '[';
    for (size_t i = 0; i < j.size(); ++i) {
      if (i) out += ", ";
      append_json(j[i], out);
    }
    out += ']';
  } else if (j.is_number_float()) {
    double v = j.get<double>();
    out += std::isnan(v)   ? "NaN"
           : std::isinf(v) ? (v > 0 ? "Infinity" : "-Infinity")
                           : python_float(v);
  } else {
    out += j.dump(-1, ' ', /*ensure_ascii=*/true);
  }
}

}  // namespace

std::string python_json_dumps(const Json& value) {
  std::string out;
  append_json(value, out);
  return out;
}

}  // namespace keras::utils

#include "keras/utils/naming.h"

#include <cctype>
#include <map>
#include <mutex>

namespace keras::utils {

namespace {

struct Names {
  std::mutex mutex;
  std::map<std::string, int64_t> uids;
};

Names& names() {
  static auto* n = new Names;
  return *n;
}

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}

}  // namespace

std::string to_snake_case(std::string_view name) {
  // re.sub(r"\W+", "", name)
  std::string s;
  for (char c : name)
    if (is_word(c)) s += c;
  // re.sub("(.)([A-Z][a-z]+)", r"\1_\2", s): scanning left to right, non-overlapping; the match
  // consumes the character before the capital and the whole lower-case run after it.
  std::string a;
  size_t i = 0;
  while (i < s.size()) {
    if (i + 2 < s.size() && is_upper(s[i + 1]) && is_lower(s[i + 2])) {
      size_t end = i + 2;
      while (end < s.size() && is_lower(s[end])) ++end;
      a += s[i];
      a += '_';
      a.append(s, i + 1, end - (i + 1));
      i = end;
    } else {
      a += s[i];
      ++i;
    }
  }
  // re.sub("([a-z])([A-Z])", r"\1_\2", a).lower(): matches consume both letters.
  std::string b;
  i = 0;
  while (i < a.size()) {
    if (i + 1 < a.size() && is_lower(a[i]) && is_upper(a[i + 1])) {
      b += a[i];
      b += '_';
      b += a[i + 1];
      i += 2;
    } else {
      b += a[i];
      ++i;
    }
  }
  for (char& c : b) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return b;
}

std::string uniquify(const std::string& name) {
  Names& n = names();
  std::lock_guard lock(n.mutex);
  auto it = n.uids.find(name);
  std::string unique = it == n.uids.end() ? name : name + "_" + std::to_string(it->second);
  ++n.uids[name];
  return unique;
}

std::string auto_name(std::string_view prefix) {
  return uniquify(to_snake_case(prefix));
}

void clear_session() {
  Names& n = names();
  std::lock_guard lock(n.mutex);
  n.uids.clear();
}

}  // namespace keras::utils

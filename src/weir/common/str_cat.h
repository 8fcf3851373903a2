// StrCat: builds a message from strings, numbers and printable values without iostreams.
#pragma once

#include <charconv>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace weir {

namespace internal {

template <typename T>
concept HasToString = requires(const T& v) {
  { v.ToString() } -> std::convertible_to<std::string>;
};

template <typename T>
concept HasFreeToString = requires(const T& v) {
  { ToString(v) } -> std::convertible_to<std::string>;
};

}  // namespace internal

/// Appends the text form of `value` to `out`.
inline void AppendTo(std::string& out, std::string_view value) { out.append(value); }
inline void AppendTo(std::string& out, const char* value) {
  out.append(value == nullptr ? "(null)" : value);
}
inline void AppendTo(std::string& out, const std::string& value) { out.append(value); }
inline void AppendTo(std::string& out, char value) { out.push_back(value); }
inline void AppendTo(std::string& out, bool value) { out.append(value ? "true" : "false"); }

template <typename T>
  requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>)
void AppendTo(std::string& out, T value) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, res.ptr);
}

template <typename T>
  requires std::is_enum_v<T> && (!internal::HasFreeToString<T>)
void AppendTo(std::string& out, T value) {
  AppendTo(out, static_cast<std::underlying_type_t<T>>(value));
}

template <internal::HasToString T>
void AppendTo(std::string& out, const T& value) {
  out.append(value.ToString());
}

template <typename T>
  requires(internal::HasFreeToString<T> && !internal::HasToString<T>)
void AppendTo(std::string& out, const T& value) {
  out.append(ToString(value));
}

template <typename T>
void AppendTo(std::string& out, const T* ptr)
  requires(!std::is_same_v<T, char>)
{
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof(buf), reinterpret_cast<std::uintptr_t>(ptr), 16);
  out.append("0x").append(buf, res.ptr);
}

/// Concatenates the text forms of all arguments.
template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string out;
  (AppendTo(out, args), ...);
  return out;
}

}  // namespace weir

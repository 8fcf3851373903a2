// Value: a readable text form for test failure messages.
#include "weir/common/batch/value.h"

#include "weir/common/str_cat.h"

namespace weir {

namespace {

void AppendValue(std::string& out, const Value& v);

void AppendInt128(std::string& out, __int128 v) {
  if (v == 0) {
    out += '0';
    return;
  }
  const bool negative = v < 0;
  unsigned __int128 u =
      negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  char buf[48];
  int n = 0;
  while (u != 0) {
    buf[n++] = static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  }
  if (negative) out += '-';
  while (n > 0) out += buf[--n];
}

void AppendList(std::string& out, const ValueList& items, char open, char close) {
  out += open;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    AppendValue(out, items[i]);
  }
  out += close;
}

void AppendValue(std::string& out, const Value& v) {
  const Value::Storage& s = v.storage();
  if (v.is_null()) {
    out += "null";
  } else if (const bool* b = std::get_if<bool>(&s)) {
    out += *b ? "true" : "false";
  } else if (const int64_t* i = std::get_if<int64_t>(&s)) {
    out += StrCat(*i);
  } else if (const double* d = std::get_if<double>(&s)) {
    out += StrCat(*d);
  } else if (const Decimal128* dec = std::get_if<Decimal128>(&s)) {
    AppendInt128(out, dec->value());
    out += 'd';
  } else if (const std::string* str = std::get_if<std::string>(&s)) {
    out += '\'';
    out += *str;
    out += '\'';
  } else if (const auto* list = std::get_if<Value::List>(&s)) {
    AppendList(out, list->items, '[', ']');
  } else if (const auto* map = std::get_if<Value::Map>(&s)) {
    out += '{';
    for (size_t i = 0; i < map->entries.size(); ++i) {
      if (i > 0) out += ", ";
      AppendValue(out, map->entries[i].first);
      out += '=';
      AppendValue(out, map->entries[i].second);
    }
    out += '}';
  } else if (const auto* row = std::get_if<Value::Row>(&s)) {
    AppendList(out, row->fields, '(', ')');
  }
}

}  // namespace

std::string Value::ToString() const {
  std::string out;
  AppendValue(out, *this);
  return out;
}

}  // namespace weir

// Expr construction, printing in Flink's plan style, and the JSON form.
#include "weir/sql/expr/expr.h"

#include <nlohmann/json.hpp>

#include "weir/common/ascii.h"
#include "weir/common/batch/batch_text.h"
#include "weir/common/check.h"

namespace weir::sql {

namespace {

// Literal types printed without a suffix (the type Calcite infers from the literal alone).
bool IsDefaultLiteralType(const LogicalType& t, const Value& v) {
  if (v.is_null()) return false;
  switch (t.id()) {
    case TypeId::kInt:
    case TypeId::kBoolean:
    case TypeId::kChar:
    case TypeId::kVarChar:
    case TypeId::kDecimal:
      return true;
    default:
      return false;
  }
}

// Calcite's interval qualifier as plans print it: "SECOND", "DAY TO SECOND", "YEAR TO MONTH".
const char* IntervalQualifier(IntervalResolution r) {
  switch (r) {
    case IntervalResolution::kYear:
      return "YEAR";
    case IntervalResolution::kYearToMonth:
      return "YEAR TO MONTH";
    case IntervalResolution::kMonth:
      return "MONTH";
    case IntervalResolution::kDay:
      return "DAY";
    case IntervalResolution::kDayToHour:
      return "DAY TO HOUR";
    case IntervalResolution::kDayToMinute:
      return "DAY TO MINUTE";
    case IntervalResolution::kDayToSecond:
      return "DAY TO SECOND";
    case IntervalResolution::kHour:
      return "HOUR";
    case IntervalResolution::kHourToMinute:
      return "HOUR TO MINUTE";
    case IntervalResolution::kHourToSecond:
      return "HOUR TO SECOND";
    case IntervalResolution::kMinute:
      return "MINUTE";
    case IntervalResolution::kMinuteToSecond:
      return "MINUTE TO SECOND";
    case IntervalResolution::kSecond:
      return "SECOND";
  }
  return "SECOND";
}

void AppendLiteral(std::string& out, const Value& v, const LogicalType& t) {
  if (!v.is_null() &&
      (t.id() == TypeId::kIntervalDayTime || t.id() == TypeId::kIntervalYearMonth)) {
    // As Flink's plans print interval literals: milliseconds or months, then the qualifier
    // (`5000:INTERVAL SECOND`, `14:INTERVAL YEAR TO MONTH`).
    out += std::to_string(v.int_value());
    out += ":INTERVAL ";
    out += IntervalQualifier(t.interval_resolution());
    return;
  }
  if (v.is_null()) {
    out += "null";
  } else if (t.is_string()) {
    out += '\'';
    for (char c : v.string_value()) {
      if (c == '\'') out += '\'';
      out += c;
    }
    out += '\'';
  } else if (t.id() == TypeId::kDecimal) {
    out += v.decimal_value().ToPlainString(t.scale());
  } else {
    AppendValueText(out, v, t);
  }
  if (!IsDefaultLiteralType(t, v)) {
    out += ':';
    out += t.WithNullable(true).ToString();
  }
}

void AppendExpr(std::string& out, const Expr& e) {
  switch (e.kind()) {
    case ExprKind::kColumnRef:
      out += '$';
      out += std::to_string(e.column_index());
      return;
    case ExprKind::kLiteral:
      AppendLiteral(out, e.literal(), e.type());
      return;
    case ExprKind::kCast:
      out += e.is_try() ? "TRY_CAST(" : "CAST(";
      AppendExpr(out, *e.arg(0));
      out += " AS ";
      out += e.type().ToString();
      out += ')';
      return;
    case ExprKind::kCall:
    case ExprKind::kCase:
      out += e.kind() == ExprKind::kCase ? "CASE" : e.name();
      out += '(';
      for (int i = 0; i < e.num_args(); ++i) {
        if (i > 0) out += ", ";
        AppendExpr(out, *e.arg(i));
      }
      out += ')';
      return;
  }
}

const char* KindName(ExprKind k) {
  switch (k) {
    case ExprKind::kColumnRef:
      return "column";
    case ExprKind::kLiteral:
      return "literal";
    case ExprKind::kCall:
      return "call";
    case ExprKind::kCast:
      return "cast";
    case ExprKind::kCase:
      return "case";
  }
  return "?";
}

}  // namespace

ExprPtr Expr::Column(int index, LogicalType type) {
  auto e = std::shared_ptr<Expr>(new Expr(ExprKind::kColumnRef, std::move(type)));
  e->index_ = index;
  return e;
}

ExprPtr Expr::Literal(Value value, LogicalType type) {
  auto e = std::shared_ptr<Expr>(new Expr(ExprKind::kLiteral, std::move(type)));
  e->literal_ = std::move(value);
  return e;
}

ExprPtr Expr::Call(std::string_view name, std::vector<ExprPtr> args, LogicalType type) {
  auto e = std::shared_ptr<Expr>(new Expr(ExprKind::kCall, std::move(type)));
  e->name_ = AsciiUpper(name);
  e->args_ = std::move(args);
  return e;
}

ExprPtr Expr::Cast(ExprPtr arg, LogicalType type, bool is_try) {
  if (is_try) type = type.WithNullable(true);
  auto e = std::shared_ptr<Expr>(new Expr(ExprKind::kCast, std::move(type)));
  e->args_.push_back(std::move(arg));
  e->is_try_ = is_try;
  return e;
}

ExprPtr Expr::Case(std::vector<ExprPtr> operands, LogicalType type) {
  WEIR_CHECK(operands.size() >= 3 && operands.size() % 2 == 1);
  auto e = std::shared_ptr<Expr>(new Expr(ExprKind::kCase, std::move(type)));
  e->args_ = std::move(operands);
  return e;
}

ExprPtr Expr::Rebuild(std::vector<ExprPtr> args, LogicalType type) const {
  switch (kind_) {
    case ExprKind::kColumnRef:
      return Column(index_, std::move(type));
    case ExprKind::kLiteral:
      return Literal(literal_, std::move(type));
    case ExprKind::kCall:
      return Call(name_, std::move(args), std::move(type));
    case ExprKind::kCast:
      WEIR_CHECK_EQ(args.size(), 1u);
      return Cast(std::move(args[0]), std::move(type), is_try_);
    case ExprKind::kCase:
      return Case(std::move(args), std::move(type));
  }
  WEIR_CHECK(false);
  return nullptr;
}

bool Expr::IsConstant() const {
  if (kind_ == ExprKind::kColumnRef) return false;
  for (const auto& a : args_) {
    if (!a->IsConstant()) return false;
  }
  return true;
}

void Expr::CollectColumns(std::vector<int>* out) const {
  if (kind_ == ExprKind::kColumnRef) out->push_back(index_);
  for (const auto& a : args_) a->CollectColumns(out);
}

std::string Expr::ToString() const {
  std::string out;
  AppendExpr(out, *this);
  return out;
}

bool Expr::Equals(const Expr& other) const {
  if (kind_ != other.kind_ || type_ != other.type_ || index_ != other.index_ ||
      is_try_ != other.is_try_ || name_ != other.name_ || !(literal_ == other.literal_) ||
      args_.size() != other.args_.size()) {
    return false;
  }
  for (size_t i = 0; i < args_.size(); ++i) {
    if (!args_[i]->Equals(*other.args_[i])) return false;
  }
  return true;
}

nlohmann::json Expr::ToJson() const {
  nlohmann::json j;
  j["kind"] = KindName(kind_);
  j["type"] = type_.ToString();
  switch (kind_) {
    case ExprKind::kColumnRef:
      j["index"] = index_;
      break;
    case ExprKind::kLiteral:
      if (literal_.is_null()) {
        j["value"] = nullptr;
      } else if (type_.is_string()) {
        j["value"] = literal_.string_value();
      } else {
        std::string text;
        AppendValueText(text, literal_, type_);
        j["value"] = text;
      }
      break;
    case ExprKind::kCall:
      j["name"] = name_;
      break;
    case ExprKind::kCast:
      j["try"] = is_try_;
      break;
    case ExprKind::kCase:
      break;
  }
  if (!args_.empty()) {
    nlohmann::json args = nlohmann::json::array();
    for (const auto& a : args_) args.push_back(a->ToJson());
    j["args"] = std::move(args);
  }
  return j;
}

Result<ExprPtr> Expr::FromJson(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string() || !j.contains("type") ||
      !j["type"].is_string()) {
    return Status::Invalid("Expression JSON needs string fields 'kind' and 'type': ", j.dump());
  }
  WEIR_ASSIGN_OR_RAISE(LogicalType type, LogicalType::Parse(j["type"].get<std::string>()));
  std::vector<ExprPtr> args;
  if (j.contains("args")) {
    if (!j["args"].is_array()) return Status::Invalid("Expression JSON 'args' is not an array");
    for (const auto& a : j["args"]) {
      WEIR_ASSIGN_OR_RAISE(auto arg, FromJson(a));
      args.push_back(std::move(arg));
    }
  }
  std::string kind = j["kind"].get<std::string>();
  if (kind == "column") {
    if (!j.contains("index") || !j["index"].is_number_integer() || j["index"].get<int>() < 0) {
      return Status::Invalid("Expression JSON column needs a non-negative 'index'");
    }
    return Column(j["index"].get<int>(), type);
  }
  if (kind == "literal") {
    if (!j.contains("value")) return Status::Invalid("Expression JSON literal needs 'value'");
    const auto& v = j["value"];
    if (v.is_null()) return Literal(Value(), type);
    if (!v.is_string()) return Status::Invalid("Expression JSON literal value is not a string");
    if (type.is_string()) return Literal(Value(v.get<std::string>()), type);
    WEIR_ASSIGN_OR_RAISE(Value value, ParseValueText(v.get<std::string>(), type));
    return Literal(std::move(value), type);
  }
  if (kind == "call") {
    if (!j.contains("name") || !j["name"].is_string()) {
      return Status::Invalid("Expression JSON call needs a string 'name'");
    }
    return Call(j["name"].get<std::string>(), std::move(args), type);
  }
  if (kind == "cast") {
    if (args.size() != 1) return Status::Invalid("Expression JSON cast needs one argument");
    bool is_try = j.contains("try") && j["try"].is_boolean() && j["try"].get<bool>();
    return Cast(std::move(args[0]), type, is_try);
  }
  if (kind == "case") {
    if (args.size() < 3 || args.size() % 2 == 0) {
      return Status::Invalid("Expression JSON case needs an odd number (>= 3) of operands");
    }
    return Case(std::move(args), type);
  }
  return Status::Invalid("Unknown expression kind in JSON: ", kind);
}

}  // namespace weir::sql

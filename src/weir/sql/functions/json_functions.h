// Argument conventions of the SQL/JSON functions in the registry (what the binder emits for
// the clauses of JSON_VALUE, JSON_QUERY, JSON_EXISTS, JSON_OBJECT, JSON_ARRAY and IS JSON).
//
// Clause arguments are literals: modes are upper-case STRING literals, RETURNING is a typed NULL
// literal (`Expr::Literal(Value(), type)`) whose type is the requested type.
//
//   x IS [NOT] JSON [VALUE|SCALAR|ARRAY|OBJECT]
//       -> `IS JSON VALUE`(x), `IS NOT JSON OBJECT`(x), ... (`IS JSON` = `IS JSON VALUE`).
//          NULL input gives NULL.
//   JSON_EXISTS(json, path [m ON ERROR])
//       -> JSON_EXISTS(json, path [, 'TRUE'|'FALSE'|'UNKNOWN'|'ERROR'])   default 'FALSE'
//   JSON_VALUE(json, path [RETURNING t] [e ON EMPTY] [r ON ERROR])
//       -> JSON_VALUE(json, path [, null:t [, empty_mode, empty_default, error_mode,
//                     error_default]])
//          modes 'NULL' | 'ERROR' | 'DEFAULT'; a default is any expression (NULL literal when
//          the mode is not DEFAULT) and is cast to t. t defaults to STRING; BOOLEAN, TINYINT,
//          SMALLINT, INT, BIGINT, FLOAT, DOUBLE and strings are supported.
//   JSON_QUERY(json, path [RETURNING t] [wrapper] [e ON EMPTY] [r ON ERROR])
//       -> JSON_QUERY(json, path [, null:t [, wrapper, empty_mode, error_mode]])
//          t is STRING or ARRAY<STRING>; wrapper 'WITHOUT ARRAY' | 'WITH CONDITIONAL ARRAY' |
//          'WITH UNCONDITIONAL ARRAY' (the word ARRAY and the suffix WRAPPER are optional;
//          'WITH' alone is unconditional); modes 'NULL' | 'ERROR' | 'EMPTY ARRAY' |
//          'EMPTY OBJECT'.
//   JSON_OBJECT([KEY] k VALUE v, ... [NULL|ABSENT ON NULL])
//       -> JSON_OBJECT(on_null, k1, v1, k2, v2, ...)    on_null 'NULL' (default) | 'ABSENT'
//   JSON_ARRAY(v, ... [NULL|ABSENT ON NULL])
//       -> JSON_ARRAY(on_null, v1, v2, ...)             on_null 'ABSENT' (default) | 'NULL'
//          on_null may carry the list of argument positions whose values are JSON text to
//          insert as is: 'NULL:2,4'. FunctionRegistry::MakeCall adds it automatically for
//          arguments that are calls of JSON_OBJECT, JSON_ARRAY or JSON, so a binder only
//          passes 'NULL' or 'ABSENT'.
//   JSON(s) -> STRING s (NULL for ''), only meaningful inside JSON_OBJECT/JSON_ARRAY.
//   JSON_STRING(v) -> v serialised as JSON (NULL for NULL).
//   JSON_QUOTE(s), JSON_UNQUOTE(s), JSON_LENGTH(json[, path]), JSON_TYPE(json[, path]).
//
// Semantics follow Flink (Calcite): a path without `lax`/`strict` is strict; in strict mode a
// missing member or index is an error (ON ERROR), in lax mode an empty result (ON EMPTY); a
// JSON null at the path is empty for JSON_VALUE/JSON_QUERY and absent for JSON_EXISTS;
// wildcard paths yield a sequence (JSON_QUERY prints it as an array). Invalid JSON text and
// invalid paths are errors. Results print compactly (`{"a":1}`), numbers with a fraction or
// exponent as Java's Double.toString.
#pragma once

#include <string>

#include "weir/common/batch/column_vector.h"
#include "weir/sql/expr/expr.h"

namespace weir::sql {

/// Appends row `i` of `column` as JSON: numbers and booleans as such, strings quoted, binaries
/// as base64, temporals as java.time strings, ARRAY as arrays, MAP and ROW as objects.
void AppendJsonOfValue(std::string& out, const ColumnVector& column, int64_t i);

/// Returns the arguments of a JSON_OBJECT/JSON_ARRAY call with the raw-JSON positions added to
/// the on-null literal (see above); other calls are returned unchanged.
std::vector<ExprPtr> MarkRawJsonArguments(std::string_view name, std::vector<ExprPtr> args);

}  // namespace weir::sql

// AppendCellText: result values as the SQL client prints them (Flink's printing casts).
#pragma once

#include <cstdint>
#include <string>

#include "weir/common/batch/column_vector.h"

namespace weir::cli {

/// The text a top-level NULL prints as in tableau mode.
inline constexpr const char* kNullCell = "<NULL>";

// Rendering (the printing variant of Flink's cast to STRING):
//   BOOLEAN TRUE/FALSE; integers plain; FLOAT/DOUBLE as Java's Float/Double.toString;
//   DECIMAL plain with its scale ("1.50"); CHAR/VARCHAR raw; BINARY/VARBINARY x'0aff';
//   DATE 2024-01-01; TIME(p) 10:00:00[.fff] with p digits; TIMESTAMP(p) and TIMESTAMP_LTZ(p)
//   "2024-01-01 10:00:00.000" with exactly p fraction digits (LTZ shown in UTC);
//   INTERVAL YEAR TO MONTH +1-02; INTERVAL DAY TO SECOND +1 02:03:04.005;
//   ARRAY [1, 2]; MAP and MULTISET {k=v, ...}; ROW (1, abc); NULL inside these prints NULL.

/// Appends value `row` of `column` as the client prints it; a NULL appends kNullCell.
void AppendCellText(std::string& out, const ColumnVector& column, int64_t row);

}  // namespace weir::cli

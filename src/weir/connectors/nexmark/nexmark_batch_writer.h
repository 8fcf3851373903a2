// NexmarkBatchWriter: generates the events of one batch straight into the projected whole and
// flattened columns.
#pragma once

#include <cstdint>

#include "weir/common/batch/record_batch.h"
#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"

namespace weir::connectors {

class NexmarkGenerator;
struct NexmarkSplit;

/// Upstream's number of auctions in flight (the auction lifetime is derived from it).
inline constexpr int64_t kNexmarkInFlightAuctions = 100;

/// Generates the `count` events of `split` starting at its event k = `first` into one batch
/// of `g.output_schema()`, allocating from `pool`. The range must lie within the split.
///
/// Per kind of event only the fields some output column reads are produced, each straight
/// into a flat buffer shared by the whole ROW column and the flattened field of that kind;
/// random values are drawn in upstream order up to the last field read, so every produced
/// value equals the full generation's.
Result<RecordBatchPtr> WriteNexmarkBatch(const NexmarkGenerator& g, const NexmarkSplit& split,
                                         int64_t first, int64_t count, MemoryPool* pool);

}  // namespace weir::connectors

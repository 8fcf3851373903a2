// StreamGraphTranslator: one recursive pass over the physical plan from sinks to sources.
#include "weir/sql/physical/stream_graph_translator.h"

#include <chrono>
#include <map>
#include <memory>

#include "weir/common/batch/column_builder.h"
#include "weir/common/str_cat.h"
#include "weir/runtime/checkpoint/checkpoint_options.h"
#include "weir/runtime/graph/runtime_mode.h"
#include "weir/runtime/operators/basic_operators.h"
#include "weir/sql/physical/calc_operator.h"
#include "weir/sql/physical/changelog_inference.h"
#include "weir/sql/physical/physical_planner.h"
#include "weir/sql/physical/scan_context.h"
#include "weir/sql/physical/watermark_assigner_operator.h"
#include "weir/sql/planner/table_context.h"

namespace weir::sql {

namespace {

using runtime::OperatorSpec;
using runtime::PartitionerSpec;
using runtime::StreamNodeId;

// What feeds a consumer: one stream node, or several for a UNION ALL.
struct Producers {
  struct One {
    StreamNodeId node;
    int32_t parallelism = 1;
  };
  std::vector<One> nodes;
  SchemaPtr schema;
};

class Translator {
 public:
  Translator(const TranslateOptions& options, bool checkpointing, bool batch,
             runtime::StreamGraph* graph)
      : options_(options), checkpointing_(checkpointing), batch_(batch), graph_(graph) {}

  Result<Producers> Translate(const PhysicalPtr& node) {
    auto memo = memo_.find(node.get());
    if (memo != memo_.end()) return memo->second;
    Result<Producers> out = TranslateNew(node);
    if (out.ok()) memo_[node.get()] = *out;
    return out;
  }

  Status TranslateSink(const SinkNode& sink) {
    WEIR_ASSIGN_OR_RAISE(Producers input, Translate(sink.input(0)));
    connectors::TableContext ctx = MakeTableContext(sink.table(), sink.definition(), {},
                                                    options_.default_parallelism, checkpointing_);
    ctx.overwrite = sink.overwrite();
    ctx.batch = batch_;
    WEIR_ASSIGN_OR_RAISE(const connectors::TableFactory* factory,
                         options_.connectors->FindSinkFactory(ctx));
    WEIR_ASSIGN_OR_RAISE(connectors::SinkDescriptor desc, factory->CreateSink(ctx));
    // The plan recorded what the sink accepted when it was planned; the connector decides now
    // (a compiled plan may run against a changed connector).
    const SinkNode checked(sink.input(0), sink.table(), sink.definition(), sink.overwrite(),
                           sink.static_partitions(), desc.accepted_mode);
    WEIR_RETURN_NOT_OK(CheckSinkChangelog(checked));
    OperatorSpec spec;
    spec.name = sink.Describe(ExprForm::kInfix);
    spec.parallelism = desc.parallelism.value_or(input.nodes.front().parallelism);
    spec.factory = std::move(desc.factory);
    const StreamNodeId id = graph_->AddNode(std::move(spec));
    Connect(input, id, graph_->node(id).spec.parallelism);
    return Status::OK();
  }

 private:
  Result<Producers> TranslateNew(const PhysicalPtr& node) {
    switch (node->kind()) {
      case PhysicalKind::kTableSourceScan:
        return Scan(node->As<TableSourceScanNode>());
      case PhysicalKind::kValues:
        return Values(node->As<ValuesNode>());
      case PhysicalKind::kCalc:
        return Calc(node->As<CalcNode>());
      case PhysicalKind::kUnion: {
        Producers out;
        WEIR_ASSIGN_OR_RAISE(out.schema, RowSchema(*node));
        for (const PhysicalPtr& in : node->inputs()) {
          WEIR_ASSIGN_OR_RAISE(Producers p, Translate(in));
          out.nodes.insert(out.nodes.end(), p.nodes.begin(), p.nodes.end());
        }
        return out;
      }
      case PhysicalKind::kWatermarkAssigner:
        return WatermarkAssigner(node->As<WatermarkAssignerNode>());
      case PhysicalKind::kSink:
        return Status::Invalid("a sink cannot feed another operator");
    }
    return Status::Internal("unknown physical node kind");
  }

  Result<Producers> Scan(const TableSourceScanNode& scan) {
    // Scans of the same table with the same hints and push-down read the source once.
    const std::string key = StrCat(scan.Describe(ExprForm::kPrefix), "|", [&] {
      std::string h;
      for (const auto& [k, v] : scan.hint_options()) h += k + "=" + v + ";";
      return h;
    }());
    auto shared = scans_.find(key);
    if (shared != scans_.end()) return shared->second;
    WEIR_ASSIGN_OR_RAISE(
        connectors::TableContext ctx,
        MakeScanContext(scan.table(), scan.definition(), scan.hint_options(), scan.push_down(),
                        options_.default_parallelism, checkpointing_));
    WEIR_ASSIGN_OR_RAISE(const connectors::TableFactory* factory,
                         options_.connectors->FindSourceFactory(ctx));
    WEIR_RETURN_NOT_OK(CheckPushDownSupported(*factory, ctx));
    WEIR_ASSIGN_OR_RAISE(connectors::SourceDescriptor desc, factory->CreateSource(ctx));
    OperatorSpec spec;
    spec.name = scan.Describe(ExprForm::kInfix);
    spec.num_inputs = 0;
    spec.bounded = desc.bounded;
    spec.parallelism = desc.parallelism.value_or(options_.default_parallelism);
    spec.factory = std::move(desc.factory);
    const int32_t parallelism = spec.parallelism;
    Producers out;
    out.nodes.push_back({graph_->AddNode(std::move(spec)), parallelism});
    WEIR_ASSIGN_OR_RAISE(out.schema, RowSchema(scan));
    scans_[key] = out;
    return out;
  }

  Result<Producers> Values(const ValuesNode& values) {
    WEIR_ASSIGN_OR_RAISE(SchemaPtr schema, RowSchema(values));
    std::vector<ColumnPtr> columns;
    for (int f = 0; f < schema->num_fields(); ++f) {
      WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(schema->field(f).logical_type()));
      for (const auto& row : values.rows()) {
        WEIR_ASSIGN_OR_RAISE(Value v, EvaluateConstant(row[static_cast<size_t>(f)],
                                                       *options_.functions, options_.eval));
        WEIR_RETURN_NOT_OK(builder->AppendValue(v));
      }
      WEIR_ASSIGN_OR_RAISE(ColumnPtr column, builder->Finish());
      columns.push_back(std::move(column));
    }
    auto batch = std::make_shared<const RecordBatch>(schema, std::move(columns),
                                                     static_cast<int64_t>(values.rows().size()));
    OperatorSpec spec;
    spec.name = values.Describe(ExprForm::kInfix);
    spec.num_inputs = 0;
    spec.bounded = true;
    spec.parallelism = 1;
    spec.factory = [batch](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
      return std::unique_ptr<runtime::Operator>(std::make_unique<runtime::ElementsSource>(
          "Values", std::vector<runtime::StreamElement>{runtime::StreamElement::Batch(batch)}));
    };
    Producers out;
    out.nodes.push_back({graph_->AddNode(std::move(spec)), 1});
    out.schema = schema;
    return out;
  }

  Result<Producers> WatermarkAssigner(const WatermarkAssignerNode& node) {
    WEIR_ASSIGN_OR_RAISE(Producers input, Translate(node.input(0)));
    WatermarkAssignerSpec wm;
    wm.input_schema = input.schema;
    wm.watermark = node.watermark();
    if (options_.config != nullptr) {
      WEIR_ASSIGN_OR_RAISE(config::Duration interval, options_.config->Get(kAutoWatermarkInterval));
      wm.interval_ms = std::chrono::duration_cast<std::chrono::milliseconds>(interval).count();
    }
    wm.name = node.Describe(ExprForm::kInfix);
    WEIR_RETURN_NOT_OK(
        WatermarkAssignerOperator::Make(wm, *options_.functions, options_.eval).status());
    OperatorSpec spec;
    spec.name = wm.name;
    spec.parallelism = input.nodes.front().parallelism;
    const FunctionRegistry* functions = options_.functions;
    const EvalContext eval = options_.eval;
    spec.factory = [wm, functions, eval](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
      WEIR_ASSIGN_OR_RAISE(auto op, WatermarkAssignerOperator::Make(wm, *functions, eval));
      return std::unique_ptr<runtime::Operator>(std::move(op));
    };
    return AddAfter(input, std::move(spec));
  }

  // Adds `spec` fed by `input` (same row type) and returns it as the new producer.
  Producers AddAfter(const Producers& input, OperatorSpec spec) {
    const int32_t parallelism = spec.parallelism;
    const StreamNodeId id = graph_->AddNode(std::move(spec));
    Connect(input, id, parallelism);
    Producers out;
    out.nodes.push_back({id, parallelism});
    out.schema = input.schema;
    return out;
  }

  Result<Producers> Calc(const CalcNode& node) {
    WEIR_ASSIGN_OR_RAISE(Producers input, Translate(node.input(0)));
    CalcSpec calc;
    calc.input_schema = input.schema;
    calc.condition = node.condition();
    calc.projections = node.projections();
    WEIR_ASSIGN_OR_RAISE(calc.output_schema, RowSchema(node));
    calc.name = node.Describe(ExprForm::kInfix);
    // Compile once here so errors surface at planning, not at run time.
    WEIR_RETURN_NOT_OK(CalcOperator::Make(calc, *options_.functions, options_.eval).status());
    OperatorSpec spec;
    spec.name = calc.name;
    spec.parallelism = input.nodes.front().parallelism;
    const FunctionRegistry* functions = options_.functions;
    const EvalContext eval = options_.eval;
    spec.factory = [calc, functions, eval](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
      WEIR_ASSIGN_OR_RAISE(auto op, CalcOperator::Make(calc, *functions, eval));
      return std::unique_ptr<runtime::Operator>(std::move(op));
    };
    Producers out = AddAfter(input, std::move(spec));
    out.schema = calc.output_schema;
    return out;
  }

  void Connect(const Producers& input, StreamNodeId target, int32_t parallelism) {
    for (const Producers::One& p : input.nodes) {
      graph_->Connect(
          p.node, target,
          p.parallelism == parallelism ? PartitionerSpec::Forward() : PartitionerSpec::Rebalance());
    }
  }

  const TranslateOptions& options_;
  const bool checkpointing_;
  const bool batch_;
  runtime::StreamGraph* graph_;
  std::map<const PhysicalNode*, Producers> memo_;
  std::map<std::string, Producers> scans_;
};

}  // namespace

Result<SchemaPtr> RowSchema(const RelNode& node) { return Schema::Make(node.row_type().fields()); }

Result<SchemaPtr> RowSchema(const PhysicalNode& node) {
  return Schema::Make(node.row_type().fields());
}

namespace {

Result<runtime::StreamGraph> TranslateOnce(const std::vector<PhysicalPtr>& sinks,
                                           const TranslateOptions& options, const std::string& name,
                                           const config::Configuration& config, bool checkpointing,
                                           bool batch) {
  runtime::StreamGraph graph(name);
  Translator translator(options, checkpointing, batch, &graph);
  for (const PhysicalPtr& s : sinks) {
    if (s->kind() != PhysicalKind::kSink) {
      return Status::Invalid("a translated plan must end in a sink");
    }
    WEIR_RETURN_NOT_OK(translator.TranslateSink(s->As<SinkNode>()));
  }
  WEIR_RETURN_NOT_OK(runtime::ApplyRuntimeMode(config, &graph));
  return graph;
}

}  // namespace

Result<runtime::StreamGraph> TranslateToStreamGraph(const std::vector<PhysicalPtr>& sinks,
                                                    const TranslateOptions& options) {
  if (sinks.empty()) return Status::Invalid("nothing to translate: no INSERT statement");
  std::string name = options.job_name;
  if (name.empty()) {
    for (const PhysicalPtr& s : sinks) {
      if (s->kind() != PhysicalKind::kSink) {
        return Status::Invalid("a translated plan must end in a sink");
      }
      name +=
          StrCat(name.empty() ? "insert-into_" : ",", s->As<SinkNode>().table().ToSummaryString());
    }
  }
  const config::Configuration defaults;
  const config::Configuration& config = options.config != nullptr ? *options.config : defaults;
  WEIR_ASSIGN_OR_RAISE(runtime::CheckpointingSettings settings,
                       runtime::CheckpointingSettings::FromConfiguration(config));
  WEIR_ASSIGN_OR_RAISE(runtime::RuntimeMode mode, runtime::RuntimeModeFromConfiguration(config));
  const bool checkpointing = settings.periodic() && mode != runtime::RuntimeMode::kBatch;
  const bool batch = mode == runtime::RuntimeMode::kBatch;
  WEIR_ASSIGN_OR_RAISE(runtime::StreamGraph graph,
                       TranslateOnce(sinks, options, name, config, checkpointing, batch));
  // AUTOMATIC may resolve to BATCH, which takes no checkpoints: sinks then commit at the end
  // and may overwrite.
  if (!batch && graph.job_type() == runtime::JobType::kBatch) {
    return TranslateOnce(sinks, options, name, config, false, true);
  }
  return graph;
}

Result<runtime::StreamGraph> TranslateToStreamGraph(const std::vector<RelPtr>& sinks,
                                                    const TranslateOptions& options) {
  PhysicalPlannerContext context;
  context.connectors = options.connectors;
  WEIR_ASSIGN_OR_RAISE(std::vector<PhysicalPtr> physical, PlanPhysical(sinks, context));
  return TranslateToStreamGraph(physical, options);
}

}  // namespace weir::sql

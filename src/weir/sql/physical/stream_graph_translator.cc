// StreamGraphTranslator: one recursive pass from sinks to sources, memoised per node.
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

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

class Translator {
 public:
  Translator(const TranslateOptions& options, bool checkpointing, runtime::StreamGraph* graph)
      : options_(options), checkpointing_(checkpointing), graph_(graph) {}

  Result<Producers> Translate(const RelPtr& node) {
    auto memo = memo_.find(node.get());
    if (memo != memo_.end()) return memo->second;
    Result<Producers> out = TranslateNew(node);
    if (out.ok()) memo_[node.get()] = *out;
    return out;
  }

  Status TranslateSink(const SinkRel& sink) {
    WEIR_ASSIGN_OR_RAISE(Producers input, Translate(sink.input(0)));
    connectors::TableContext ctx = MakeTableContext(sink.table(), sink.definition(), {},
                                                    options_.default_parallelism, checkpointing_);
    WEIR_ASSIGN_OR_RAISE(const connectors::TableFactory* factory,
                         options_.connectors->FindSinkFactory(ctx));
    WEIR_ASSIGN_OR_RAISE(connectors::SinkDescriptor desc, factory->CreateSink(ctx));
    // Every node translated so far produces inserts only (changelog inference comes with
    // the first updating operator; design note 0022).
    if (!desc.accepted_mode.Accepts(ChangelogMode::InsertOnly())) {
      return Status::Invalid("Table sink '", ctx.table_name, "' doesn't support consuming ",
                             "insert-only changes; it accepts ", desc.accepted_mode.ToString());
    }
    OperatorSpec spec;
    spec.name = StrCat("Sink(table=[", ctx.table_name, "], fields=[",
                       JoinNames(sink.input(0)->field_names()), "])");
    spec.parallelism = desc.parallelism.value_or(input.nodes.front().parallelism);
    spec.factory = std::move(desc.factory);
    const StreamNodeId id = graph_->AddNode(std::move(spec));
    Connect(input, id, graph_->node(id).spec.parallelism);
    return Status::OK();
  }

 private:
  Result<Producers> TranslateNew(const RelPtr& node) {
    switch (node->kind()) {
      case RelKind::kTableScan:
        return Scan(node->As<TableScanRel>());
      case RelKind::kValues:
        return Values(node->As<ValuesRel>());
      case RelKind::kFilter:
        return Calc(*node, nullptr, &node->As<FilterRel>());
      case RelKind::kProject: {
        const auto& project = node->As<ProjectRel>();
        const RelPtr& input = project.input(0);
        if (input->kind() == RelKind::kFilter && memo_.count(input.get()) == 0) {
          return Calc(*node, &project, &input->As<FilterRel>());
        }
        return Calc(*node, &project, nullptr);
      }
      case RelKind::kUnion: {
        const auto& u = node->As<UnionRel>();
        if (!u.all()) return Status::NotSupported("not supported yet: UNION without ALL");
        Producers out;
        WEIR_ASSIGN_OR_RAISE(out.schema, RowSchema(*node));
        for (const RelPtr& in : node->inputs()) {
          WEIR_ASSIGN_OR_RAISE(Producers p, Translate(in));
          out.nodes.insert(out.nodes.end(), p.nodes.begin(), p.nodes.end());
        }
        return out;
      }
      case RelKind::kWatermarkAssigner:
        return WatermarkAssigner(node->As<WatermarkAssignerRel>());
      case RelKind::kSink:
        return Status::Invalid("a sink cannot feed another operator");
    }
    return Status::Internal("unknown plan node kind");
  }

  Result<Producers> Scan(const TableScanRel& scan) {
    const std::string key = StrCat(scan.table().ToString(), "|", [&] {
      std::string h;
      for (const auto& [k, v] : scan.hint_options()) h += k + "=" + v + ";";
      return h;
    }());
    auto shared = scans_.find(key);
    if (shared != scans_.end()) return shared->second;
    for (const CatalogColumn& c : scan.definition().columns) {
      if (c.kind != CatalogColumnKind::kPhysical) {
        return Status::NotSupported("not supported yet: scanning computed or metadata columns ",
                                    "(column ", c.name, " of ", scan.table().ToSummaryString(),
                                    ")");
      }
    }
    connectors::TableContext ctx =
        MakeTableContext(scan.table(), scan.definition(), scan.hint_options(),
                         options_.default_parallelism, checkpointing_);
    WEIR_ASSIGN_OR_RAISE(const connectors::TableFactory* factory,
                         options_.connectors->FindSourceFactory(ctx));
    WEIR_ASSIGN_OR_RAISE(connectors::SourceDescriptor desc, factory->CreateSource(ctx));
    OperatorSpec spec;
    spec.name =
        StrCat("TableSourceScan(table=[[", scan.table().catalog, ", ", scan.table().database, ", ",
               scan.table().object, "]], fields=[", JoinNames(scan.field_names()), "])");
    spec.num_inputs = 0;
    spec.bounded = desc.bounded;
    spec.parallelism = desc.parallelism.value_or(options_.default_parallelism);
    spec.factory = std::move(desc.factory);
    const int32_t parallelism = spec.parallelism;
    Producers out;
    out.nodes.push_back({graph_->AddNode(std::move(spec)), parallelism});
    out.schema = ctx.physical_schema;
    scans_[key] = out;
    return out;
  }

  Result<Producers> Values(const ValuesRel& values) {
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
    spec.name = StrCat("Values(tuples=[", values.rows().size(), " rows])");
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

  Result<Producers> WatermarkAssigner(const WatermarkAssignerRel& node) {
    WEIR_ASSIGN_OR_RAISE(Producers input, Translate(node.input(0)));
    WatermarkAssignerSpec wm;
    wm.input_schema = input.schema;
    wm.watermark = node.watermark();
    if (options_.config != nullptr) {
      WEIR_ASSIGN_OR_RAISE(config::Duration interval, options_.config->Get(kAutoWatermarkInterval));
      wm.interval_ms = std::chrono::duration_cast<std::chrono::milliseconds>(interval).count();
    }
    wm.name = StrCat("WatermarkAssigner(rowtime=[", input.schema->field(node.rowtime_index()).name,
                     "], watermark=[", node.watermark()->ToString(), "])");
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

  // A Calc for `node`: a Project (with the Filter below it merged in) or a Filter alone.
  Result<Producers> Calc(const RelNode& node, const ProjectRel* project, const FilterRel* filter) {
    const RelPtr& input_rel = filter != nullptr ? filter->input(0) : node.input(0);
    WEIR_ASSIGN_OR_RAISE(Producers input, Translate(input_rel));
    CalcSpec calc;
    calc.input_schema = input.schema;
    if (filter != nullptr) calc.condition = filter->condition();
    if (project != nullptr) {
      calc.projections = project->exprs();
    } else {
      for (int i = 0; i < input.schema->num_fields(); ++i) {
        calc.projections.push_back(Expr::Column(i, input.schema->field(i).logical_type()));
      }
    }
    WEIR_ASSIGN_OR_RAISE(calc.output_schema, RowSchema(node));
    std::string select;
    for (size_t i = 0; i < calc.projections.size(); ++i) {
      select += StrCat(i == 0 ? "" : ", ", calc.projections[i]->ToString(), " AS ",
                       calc.output_schema->field(static_cast<int>(i)).name);
    }
    calc.name = StrCat("Calc(select=[", select, "]",
                       filter != nullptr ? StrCat(", where=[", filter->condition()->ToString(), "]")
                                         : std::string(),
                       ")");
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
    const int32_t parallelism = spec.parallelism;
    const StreamNodeId id = graph_->AddNode(std::move(spec));
    Connect(input, id, parallelism);
    Producers out;
    out.nodes.push_back({id, parallelism});
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
  runtime::StreamGraph* graph_;
  std::map<const RelNode*, Producers> memo_;
  std::map<std::string, Producers> scans_;
};

}  // namespace

Result<SchemaPtr> RowSchema(const RelNode& node) { return Schema::Make(node.row_type().fields()); }

namespace {

Result<runtime::StreamGraph> TranslateOnce(const std::vector<RelPtr>& sinks,
                                           const TranslateOptions& options, const std::string& name,
                                           const config::Configuration& config,
                                           bool checkpointing) {
  runtime::StreamGraph graph(name);
  Translator translator(options, checkpointing, &graph);
  for (const RelPtr& s : sinks) {
    if (s->kind() != RelKind::kSink) return Status::Invalid("a translated plan must end in a sink");
    WEIR_RETURN_NOT_OK(translator.TranslateSink(s->As<SinkRel>()));
  }
  WEIR_RETURN_NOT_OK(runtime::ApplyRuntimeMode(config, &graph));
  return graph;
}

}  // namespace

Result<runtime::StreamGraph> TranslateToStreamGraph(const std::vector<RelPtr>& sinks,
                                                    const TranslateOptions& options) {
  if (sinks.empty()) return Status::Invalid("nothing to translate: no INSERT statement");
  std::string name = options.job_name;
  if (name.empty()) {
    for (const RelPtr& s : sinks) {
      if (s->kind() != RelKind::kSink)
        return Status::Invalid("a translated plan must end in a sink");
      name +=
          StrCat(name.empty() ? "insert-into_" : ",", s->As<SinkRel>().table().ToSummaryString());
    }
  }
  const config::Configuration defaults;
  const config::Configuration& config = options.config != nullptr ? *options.config : defaults;
  WEIR_ASSIGN_OR_RAISE(runtime::CheckpointingSettings settings,
                       runtime::CheckpointingSettings::FromConfiguration(config));
  WEIR_ASSIGN_OR_RAISE(runtime::RuntimeMode mode, runtime::RuntimeModeFromConfiguration(config));
  const bool checkpointing = settings.periodic() && mode != runtime::RuntimeMode::kBatch;
  WEIR_ASSIGN_OR_RAISE(runtime::StreamGraph graph,
                       TranslateOnce(sinks, options, name, config, checkpointing));
  // AUTOMATIC may resolve to BATCH, which takes no checkpoints: sinks then commit at the end.
  if (checkpointing && graph.job_type() == runtime::JobType::kBatch) {
    return TranslateOnce(sinks, options, name, config, false);
  }
  return graph;
}

}  // namespace weir::sql

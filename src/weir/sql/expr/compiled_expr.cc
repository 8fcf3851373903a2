// CompiledExpr: compilation of Expr trees into kernel programs and their vectorised evaluation.
#include "weir/sql/expr/compiled_expr.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <optional>

#include "weir/common/batch/column_builder.h"
#include "weir/common/check.h"
#include "weir/sql/functions/cast_functions.h"
#include "weir/sql/functions/temporal_format.h"
#include "weir/sql/functions/type_inference.h"

namespace weir::sql {

/// One node of a compiled program.
struct ProgramNode {
  enum class Op { kColumn, kLiteral, kKernel, kCast, kCase, kCoalesce, kNullIf };
  Op op = Op::kLiteral;
  LogicalType type;
  int column = -1;
  ColumnPtr literal;  // one row
  KernelFn kernel;    // kKernel; kNullIf: the equality kernel
  bool is_try = false;
  std::string text;  // the source expression, for error context
  std::vector<std::unique_ptr<ProgramNode>> args;
  bool deterministic = true;  // kKernel: false keeps it unfolded and evaluated per row
  bool total = false;         // kKernel: the function never fails (comparisons, logic)
  // A CASE condition after the first that is evaluated once over all rows of the CASE rather
  // than over the rows no earlier condition took (see MarkWholeFrameConditions).
  bool whole_frame = false;
  // The expression this node computes (nullptr for implicit casts); used while compiling.
  const Expr* source = nullptr;
  // The shared-value slot of a subexpression that occurs more than once in the group, or -1.
  int slot = -1;
};

namespace {

using NodePtr = std::unique_ptr<ProgramNode>;

using RowMap = std::shared_ptr<const std::vector<int32_t>>;

// The rows being evaluated: dense columns (by input index) of `n` rows. A frame that selects
// rows of a parent frame gathers a column only when something reads it. With shared values, a
// frame also knows where its rows come from, so values computed for a larger frame can be
// gathered for it.
struct Frame {
  mutable std::vector<ColumnPtr> columns;  // filled from `parent` on first use
  int64_t n = 0;
  const Frame* parent = nullptr;  // the frame whose rows this one selects (outlives it)
  RowMap in_parent;               // parent != nullptr: the parent row of each row
  bool is_root = true;            // the rows the evaluation started with, in order
  RowMap in_root;                 // !is_root: the root row of each row
  RowMap in_batch;                // the batch row of each row; nullptr: every batch row, in order
};

RowMap Compose(const RowMap& outer, const std::vector<int32_t>& rows) {
  if (outer == nullptr) return std::make_shared<const std::vector<int32_t>>(rows);
  auto out = std::make_shared<std::vector<int32_t>>(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) (*out)[i] = (*outer)[static_cast<size_t>(rows[i])];
  return out;
}

ColumnPtr Relabel(const ColumnPtr& col, const LogicalType& type) {
  if (col->type() == type) return col;
  return std::make_shared<ColumnVector>(type, col->length(), col->buffers(), col->children(),
                                        ColumnVector::kUnknownNullCount, col->offset());
}

NodePtr WrapCast(NodePtr arg, const LogicalType& target) {
  auto node = std::make_unique<ProgramNode>();
  node->op = ProgramNode::Op::kCast;
  node->type = target;
  node->text = "implicit CAST to " + target.ToString();
  node->args.push_back(std::move(arg));
  return node;
}

NodePtr FoldConstant(NodePtr node, const EvalContext& ctx);

// Inserts an implicit cast when `arg` does not already have `target`'s shape.
NodePtr Coerce(NodePtr arg, const LogicalType& target, const EvalContext& ctx) {
  if (arg->type.EqualsIgnoringNullability(target)) return arg;
  if (target.is_string() && arg->type.is_string() && target.length() == LogicalType::kMaxLength) {
    return arg;  // any CHAR/VARCHAR reads as STRING
  }
  return FoldConstant(WrapCast(std::move(arg), target), ctx);
}

// Functions that return a value for every input, never an error.
bool IsTotalFunction(const std::string& name) {
  static const char* const kTotal[] = {"=",
                                       "<>",
                                       "!=",
                                       "<",
                                       "<=",
                                       ">",
                                       ">=",
                                       "AND",
                                       "OR",
                                       "NOT",
                                       "IN",
                                       "NOT IN",
                                       "BETWEEN",
                                       "NOT BETWEEN",
                                       "IS NULL",
                                       "IS TRUE",
                                       "IS NOT TRUE",
                                       "IS NOT NULL",
                                       "IS FALSE",
                                       "IS NOT FALSE",
                                       "IS UNKNOWN",
                                       "IS NOT UNKNOWN",
                                       "IS DISTINCT FROM",
                                       "IS NOT DISTINCT FROM"};
  for (const char* t : kTotal) {
    if (name == t) return true;
  }
  return false;
}

class Compiler {
 public:
  Compiler(const Schema& schema, const FunctionRegistry& registry, const EvalContext& ctx)
      : schema_(schema), registry_(registry), ctx_(ctx) {}

  Result<NodePtr> Compile(const Expr& e) {
    WEIR_ASSIGN_OR_RAISE(NodePtr node, CompileNode(e));
    node->source = &e;
    return FoldConstant(std::move(node), ctx_);
  }

 private:
  Result<NodePtr> CompileNode(const Expr& e) {
    auto node = std::make_unique<ProgramNode>();
    node->type = e.type();
    node->text = e.ToString();
    switch (e.kind()) {
      case ExprKind::kColumnRef: {
        int i = e.column_index();
        if (i < 0 || i >= schema_.num_fields()) {
          return Status::Invalid("Column reference $", i, " is outside the input of ",
                                 schema_.num_fields(), " columns");
        }
        if (!schema_.type(i).EqualsIgnoringNullability(e.type())) {
          return Status::TypeError("Column reference $", i, " has type ", e.type().ToString(),
                                   " but the input column is ", schema_.type(i).ToString());
        }
        node->op = ProgramNode::Op::kColumn;
        node->column = i;
        return node;
      }
      case ExprKind::kLiteral: {
        node->op = ProgramNode::Op::kLiteral;
        if (e.literal().is_null()) {
          WEIR_ASSIGN_OR_RAISE(node->literal,
                               ColumnVector::MakeNulls(e.type().WithNullable(true), 1));
        } else {
          WEIR_ASSIGN_OR_RAISE(node->literal, MakeScalarColumn(e.type(), e.literal(), nullptr));
        }
        return node;
      }
      case ExprKind::kCast: {
        WEIR_ASSIGN_OR_RAISE(NodePtr arg, Compile(*e.arg(0)));
        if (!ExplicitCastSupported(arg->type, e.type())) {
          return Status::NotSupported("CAST from ", arg->type.ToString(), " to ",
                                      e.type().ToString(), " is not supported");
        }
        node->op = ProgramNode::Op::kCast;
        node->is_try = e.is_try();
        node->args.push_back(std::move(arg));
        return node;
      }
      case ExprKind::kCase:
        return CompileCase(e, std::move(node));
      case ExprKind::kCall:
        return CompileCall(e, std::move(node));
    }
    return Status::Internal("unknown expression kind");
  }

  static bool ExplicitCastSupported(const LogicalType& from, const LogicalType& to);

  Result<NodePtr> CompileCase(const Expr& e, NodePtr node) {
    node->op = ProgramNode::Op::kCase;
    for (int i = 0; i < e.num_args(); ++i) {
      WEIR_ASSIGN_OR_RAISE(NodePtr a, Compile(*e.arg(i)));
      bool is_condition = i % 2 == 0 && i + 1 < e.num_args();
      if (is_condition) {
        if (a->type.id() != TypeId::kBoolean && a->type.id() != TypeId::kNull) {
          return Status::TypeError("CASE condition must be BOOLEAN, got ", a->type.ToString(), ": ",
                                   e.arg(i)->ToString());
        }
        node->args.push_back(Coerce(std::move(a), LogicalType::Boolean(), ctx_));
      } else {
        node->args.push_back(Coerce(std::move(a), e.type(), ctx_));
      }
    }
    return node;
  }

  Result<NodePtr> CompileCall(const Expr& e, NodePtr node) {
    BindInput in;
    std::vector<NodePtr> args;
    for (const auto& a : e.args()) {
      WEIR_ASSIGN_OR_RAISE(NodePtr c, Compile(*a));
      in.types.push_back(c->type);
      in.constants.push_back(a->kind() == ExprKind::kLiteral ? &a->literal() : nullptr);
      args.push_back(std::move(c));
    }
    auto bound_or = registry_.Bind(e.name(), in);
    if (!bound_or.ok()) return bound_or.status().WithContext(e.ToString());
    BoundFunction bound = std::move(bound_or).MoveValueUnsafe();
    for (size_t i = 0; i < args.size(); ++i) {
      if (bound.operand_types[i].id() != TypeId::kNull) {
        args[i] = Coerce(std::move(args[i]), bound.operand_types[i], ctx_);
      }
    }
    switch (bound.form) {
      case FunctionForm::kKernel:
        node->op = ProgramNode::Op::kKernel;
        node->kernel = std::move(bound.kernel);
        node->deterministic = bound.deterministic && registry_.IsDeterministic(e.name());
        node->total = IsTotalFunction(e.name());
        node->args = std::move(args);
        break;
      case FunctionForm::kCoalesce:
      case FunctionForm::kIfNull:
        node->op = ProgramNode::Op::kCoalesce;
        node->args = std::move(args);
        break;
      case FunctionForm::kIf:
        node->op = ProgramNode::Op::kCase;
        node->args = std::move(args);
        break;
      case FunctionForm::kNullIf: {
        BindInput eq;
        eq.types = {args[0]->type, args[1]->type};
        WEIR_ASSIGN_OR_RAISE(BoundFunction eq_fn, registry_.Bind("=", eq));
        args[0] = Coerce(std::move(args[0]), eq_fn.operand_types[0], ctx_);
        args[1] = Coerce(std::move(args[1]), eq_fn.operand_types[1], ctx_);
        node->op = ProgramNode::Op::kNullIf;
        node->kernel = std::move(eq_fn.kernel);
        node->args = std::move(args);
        // The value keeps the first argument's type; cast back after the comparison.
        node->type = bound.return_type;
        break;
      }
      case FunctionForm::kCase:
        return Status::Invalid("CASE must be a Case expression node, not a call");
    }
    node->type = bound.return_type;
    // The plan's declared type wins (e.g. a binder that typed the call differently).
    if (!bound.return_type.EqualsIgnoringNullability(e.type()) && e.type().id() != TypeId::kNull) {
      NodePtr cast = WrapCast(std::move(node), e.type());
      return cast;
    }
    return node;
  }

  const Schema& schema_;
  const FunctionRegistry& registry_;
  const EvalContext& ctx_;
};

bool Compiler::ExplicitCastSupported(const LogicalType& from, const LogicalType& to) {
  return weir::sql::ExplicitCastSupported(from, to);
}

class Evaluator {
 public:
  explicit Evaluator(const EvalContext& ctx) : ctx_(ctx) {}
  // With shared values: `root_values` (by slot) cover the root frame's rows; `full_values`,
  // when the root is not the whole batch, cover every batch row.
  Evaluator(const EvalContext& ctx, std::vector<Datum>* root_values,
            const std::vector<Datum>* full_values)
      : ctx_(ctx), root_values_(root_values), full_values_(full_values) {}

  Result<Datum> Eval(const ProgramNode& node, const Frame& frame) {
    if (node.slot < 0 || root_values_ == nullptr) return EvalNode(node, frame);
    WEIR_ASSIGN_OR_RAISE(std::optional<Datum> known, Lookup(node.slot, frame));
    if (known) return std::move(*known);
    WEIR_ASSIGN_OR_RAISE(Datum d, EvalNode(node, frame));
    // Only values of the root rows are kept: every later use is on these rows or fewer.
    if (frame.is_root) (*root_values_)[static_cast<size_t>(node.slot)] = d;
    return d;
  }

 private:
  // Returns the value of `slot` for the frame's rows when it was already computed for a
  // superset of them (by gathering), or nothing.
  Result<std::optional<Datum>> Lookup(int slot, const Frame& frame) {
    const Datum& root = (*root_values_)[static_cast<size_t>(slot)];
    if (root.column != nullptr) {
      if (root.scalar || frame.is_root) return std::optional<Datum>(root);
      return Gather(root, *frame.in_root);
    }
    if (full_values_ != nullptr) {
      const Datum& full = (*full_values_)[static_cast<size_t>(slot)];
      if (full.column != nullptr) {
        if (full.scalar) return std::optional<Datum>(full);
        WEIR_DCHECK(frame.in_batch != nullptr);
        return Gather(full, *frame.in_batch);
      }
    }
    return std::optional<Datum>();
  }

  Result<std::optional<Datum>> Gather(const Datum& d, const std::vector<int32_t>& rows) {
    WEIR_ASSIGN_OR_RAISE(ColumnPtr col, Take(*d.column, SelectionVector(rows), ctx_.pool));
    return std::optional<Datum>(Datum{std::move(col), false});
  }

  Result<Datum> EvalNode(const ProgramNode& node, const Frame& frame) {
    switch (node.op) {
      case ProgramNode::Op::kColumn: {
        WEIR_ASSIGN_OR_RAISE(ColumnPtr col, ColumnOf(frame, static_cast<size_t>(node.column)));
        return Datum{std::move(col), false};
      }
      case ProgramNode::Op::kLiteral:
        return Datum{node.literal, true};
      case ProgramNode::Op::kCast: {
        WEIR_ASSIGN_OR_RAISE(Datum arg, Eval(*node.args[0], frame));
        int64_t n = arg.scalar ? 1 : frame.n;
        auto out = CastColumn(ctx_, arg, n, node.type, node.is_try);
        if (!out.ok()) return out.status();
        return Datum{Relabel(*out, node.type.WithNullable(true)), arg.scalar};
      }
      case ProgramNode::Op::kKernel: {
        std::vector<Datum> args;
        bool all_scalar = true;
        for (const auto& a : node.args) {
          WEIR_ASSIGN_OR_RAISE(Datum d, Eval(*a, frame));
          all_scalar = all_scalar && d.scalar;
          args.push_back(std::move(d));
        }
        all_scalar = all_scalar && node.deterministic;
        int64_t n = all_scalar ? 1 : frame.n;
        auto out = node.kernel(ctx_, args, n);
        if (!out.ok()) return out.status().WithContext(node.text);
        if ((*out)->length() != n) {
          return Status::Internal("kernel of ", node.text, " returned ", (*out)->length(),
                                  " rows instead of ", n);
        }
        return Datum{*out, all_scalar};
      }
      case ProgramNode::Op::kCase:
        return EvalBranches(node, frame, /*coalesce=*/false);
      case ProgramNode::Op::kCoalesce:
        return EvalBranches(node, frame, /*coalesce=*/true);
      case ProgramNode::Op::kNullIf:
        return EvalNullIf(node, frame);
    }
    return Status::Internal("unknown program node");
  }

  // Returns column i of the frame, gathering it from the parent frames on first use.
  Result<ColumnPtr> ColumnOf(const Frame& frame, size_t i) {
    ColumnPtr& col = frame.columns[i];
    if (col != nullptr || frame.parent == nullptr) return col;
    WEIR_ASSIGN_OR_RAISE(ColumnPtr whole, ColumnOf(*frame.parent, i));
    if (whole == nullptr) return whole;
    WEIR_ASSIGN_OR_RAISE(col, Take(*whole, SelectionVector(*frame.in_parent), ctx_.pool));
    return col;
  }

  // Restricts a frame to `rows` (indices into it); columns are gathered when read.
  Result<Frame> SubFrame(const Frame& frame, const std::vector<int32_t>& rows) {
    Frame sub;
    sub.n = static_cast<int64_t>(rows.size());
    sub.columns.resize(frame.columns.size());
    sub.parent = &frame;
    sub.in_parent = std::make_shared<const std::vector<int32_t>>(rows);
    if (root_values_ != nullptr) {
      sub.is_root = false;
      sub.in_root = frame.is_root ? sub.in_parent : Compose(frame.in_root, rows);
      sub.in_batch = Compose(frame.in_batch, rows);
    }
    return sub;
  }

  // CASE (cond/value pairs + else) or COALESCE (values): each branch sees only its rows.
  Result<Datum> EvalBranches(const ProgramNode& node, const Frame& frame, bool coalesce) {
    const LogicalType out_type = node.type.WithNullable(true);
    std::vector<int32_t> remaining(static_cast<size_t>(frame.n));
    for (int64_t i = 0; i < frame.n; ++i)
      remaining[static_cast<size_t>(i)] = static_cast<int32_t>(i);
    struct Piece {
      ColumnPtr column;  // one value per row of `rows`, or a single value for all (`scalar`)
      std::vector<int32_t> rows;
      bool scalar = false;
    };
    std::vector<Piece> pieces;
    auto frame_for = [&](const std::vector<int32_t>& rows) -> Result<Frame> {
      if (static_cast<int64_t>(rows.size()) == frame.n) return frame;
      return SubFrame(frame, rows);
    };
    auto eval_value = [&](const ProgramNode& value, std::vector<int32_t> rows) -> Status {
      if (rows.empty()) return Status::OK();
      WEIR_ASSIGN_OR_RAISE(Frame sub, frame_for(rows));
      WEIR_ASSIGN_OR_RAISE(Datum d, Eval(value, sub));
      if (d.scalar) {  // a constant branch: its one value is gathered for each of its rows
        pieces.push_back({Relabel(d.column, out_type), std::move(rows), true});
        return Status::OK();
      }
      WEIR_ASSIGN_OR_RAISE(ColumnPtr col, Materialize(d, sub.n, ctx_.pool));
      pieces.push_back({Relabel(col, out_type), std::move(rows)});
      return Status::OK();
    };
    size_t num = node.args.size();
    if (coalesce) {
      for (size_t k = 0; k < num && !remaining.empty(); ++k) {
        WEIR_ASSIGN_OR_RAISE(Frame sub, frame_for(remaining));
        WEIR_ASSIGN_OR_RAISE(Datum d, Eval(*node.args[k], sub));
        WEIR_ASSIGN_OR_RAISE(ColumnPtr col, Materialize(d, sub.n, ctx_.pool));
        if (k + 1 == num || col->null_count() == 0) {
          pieces.push_back({Relabel(col, out_type), std::move(remaining)});
          remaining.clear();
          break;
        }
        std::vector<int32_t> taken_pos, taken_rows, still_null;
        for (int64_t i = 0; i < sub.n; ++i) {
          int32_t row = remaining[static_cast<size_t>(i)];
          if (col->IsNull(i)) {
            still_null.push_back(row);
          } else {
            taken_pos.push_back(static_cast<int32_t>(i));
            taken_rows.push_back(row);
          }
        }
        if (!taken_rows.empty()) {
          WEIR_ASSIGN_OR_RAISE(ColumnPtr part,
                               Take(*col, SelectionVector(std::move(taken_pos)), ctx_.pool));
          pieces.push_back({Relabel(part, out_type), std::move(taken_rows)});
        }
        remaining = std::move(still_null);
      }
    } else {
      for (size_t k = 0; k + 1 < num && !remaining.empty(); k += 2) {
        // A whole-frame condition is read at the frame row; others at the remaining position.
        const bool whole = node.args[k]->whole_frame;
        Datum c;
        if (whole) {
          WEIR_ASSIGN_OR_RAISE(c, Eval(*node.args[k], frame));
        } else {
          WEIR_ASSIGN_OR_RAISE(Frame sub, frame_for(remaining));
          WEIR_ASSIGN_OR_RAISE(c, Eval(*node.args[k], sub));
        }
        std::vector<int32_t> hit, miss;
        const bool never = c.type().id() == TypeId::kNull;
        for (size_t i = 0; i < remaining.size(); ++i) {
          const int32_t row = remaining[i];
          const int64_t r = c.scalar ? 0 : whole ? row : static_cast<int64_t>(i);
          const bool yes = !never && !c.column->IsNull(r) && c.column->BoolValue(r);
          (yes ? hit : miss).push_back(row);
        }
        WEIR_RETURN_NOT_OK(eval_value(*node.args[k + 1], std::move(hit)));
        remaining = std::move(miss);
      }
      if (!remaining.empty()) {
        WEIR_RETURN_NOT_OK(eval_value(*node.args[num - 1], std::move(remaining)));
        remaining.clear();
      }
    }
    // Rows no branch produced (COALESCE of all NULLs handled above) stay NULL.
    if (!remaining.empty()) {
      WEIR_ASSIGN_OR_RAISE(
          ColumnPtr nulls,
          ColumnVector::MakeNulls(out_type, static_cast<int64_t>(remaining.size()), ctx_.pool));
      pieces.push_back({nulls, std::move(remaining)});
    }
    if (pieces.size() == 1 && pieces[0].scalar) return Datum{pieces[0].column, true};
    if (pieces.size() == 1 && static_cast<int64_t>(pieces[0].rows.size()) == frame.n) {
      bool identity = true;
      for (int64_t i = 0; i < frame.n && identity; ++i) {
        identity = pieces[0].rows[static_cast<size_t>(i)] == i;
      }
      if (identity) return Datum{pieces[0].column, false};
    }
    if (pieces.empty()) {
      WEIR_ASSIGN_OR_RAISE(ColumnPtr empty, ColumnVector::MakeNulls(out_type, 0, ctx_.pool));
      return Datum{empty, false};
    }
    // Scatter: concatenate the pieces, then gather each output row from its piece.
    std::vector<ColumnPtr> columns;
    std::vector<int32_t> perm(static_cast<size_t>(frame.n), 0);
    int32_t base = 0;
    for (const auto& p : pieces) {
      columns.push_back(p.column);
      for (size_t i = 0; i < p.rows.size(); ++i) {
        perm[static_cast<size_t>(p.rows[i])] = base + (p.scalar ? 0 : static_cast<int32_t>(i));
      }
      base += static_cast<int32_t>(p.scalar ? 1 : p.rows.size());
    }
    WEIR_ASSIGN_OR_RAISE(ColumnPtr all, Concatenate(columns, ctx_.pool));
    WEIR_ASSIGN_OR_RAISE(ColumnPtr out, Take(*all, SelectionVector(std::move(perm)), ctx_.pool));
    return Datum{out, false};
  }

  Result<Datum> EvalNullIf(const ProgramNode& node, const Frame& frame) {
    WEIR_ASSIGN_OR_RAISE(Datum a, Eval(*node.args[0], frame));
    WEIR_ASSIGN_OR_RAISE(Datum b, Eval(*node.args[1], frame));
    int64_t n = frame.n;
    WEIR_ASSIGN_OR_RAISE(ColumnPtr eq, node.kernel(ctx_, {a, b}, a.scalar && b.scalar ? 1 : n));
    if (a.scalar && b.scalar) n = 1;
    WEIR_ASSIGN_OR_RAISE(ColumnPtr value, Materialize(a, n, ctx_.pool));
    WEIR_ASSIGN_OR_RAISE(BufferPtr validity, AllocateBits(n, ctx_.pool));
    for (int64_t i = 0; i < n; ++i) {
      bool equal = !eq->IsNull(i) && eq->BoolValue(i);
      if (!value->IsNull(i) && !equal) bits::SetBit(validity->mutable_data(), i);
    }
    if (value->type().id() == TypeId::kNull) return Datum{value, a.scalar && b.scalar};
    std::vector<BufferPtr> buffers = value->buffers();
    // The validity bitmap must share the value's offset.
    if (value->offset() != 0) {
      WEIR_ASSIGN_OR_RAISE(ColumnPtr copy, Take(*value, SelectionVector::All(n), ctx_.pool));
      value = copy;
      buffers = value->buffers();
    }
    buffers[0] = validity;
    auto out =
        std::make_shared<ColumnVector>(node.type.WithNullable(true), n, buffers, value->children());
    return Datum{out, a.scalar && b.scalar};
  }

  const EvalContext& ctx_;
  std::vector<Datum>* root_values_ = nullptr;
  const std::vector<Datum>* full_values_ = nullptr;
};

bool SubtreeDeterministic(const ProgramNode& node) {
  if (!node.deterministic) return false;
  for (const auto& a : node.args) {
    if (!SubtreeDeterministic(*a)) return false;
  }
  return true;
}

// Collects the nodes that may be shared: deterministic computations with a source expression.
void CollectCandidates(ProgramNode* node, std::vector<ProgramNode*>* out) {
  for (auto& a : node->args) CollectCandidates(a.get(), out);
  if (node->op == ProgramNode::Op::kColumn || node->op == ProgramNode::Op::kLiteral) return;
  if (node->source == nullptr || !SubtreeDeterministic(*node)) return;
  out->push_back(node);
}

// Adds the slots of `node`'s subtree that are evaluated on every row `node` is evaluated on
// (not below a CASE, COALESCE or NULLIF, whose branches see fewer rows).
void CollectUnconditionalSlots(const ProgramNode& node, std::vector<int>* slots) {
  if (node.slot >= 0) slots->push_back(node.slot);
  if (node.op != ProgramNode::Op::kKernel && node.op != ProgramNode::Op::kCast) return;
  for (const auto& a : node.args) CollectUnconditionalSlots(*a, slots);
}

// Whether evaluating `node` on rows beyond those it would see cannot fail: literals, columns,
// values of `known` slots (already computed without error for all those rows) and functions
// that never fail over such operands.
bool CannotFail(const ProgramNode& node, const std::vector<int>& known) {
  if (node.slot >= 0 && std::find(known.begin(), known.end(), node.slot) != known.end()) {
    return true;
  }
  switch (node.op) {
    case ProgramNode::Op::kLiteral:
    case ProgramNode::Op::kColumn:
      return true;
    case ProgramNode::Op::kKernel:
      if (!node.total) return false;
      for (const auto& a : node.args) {
        if (!CannotFail(*a, known)) return false;
      }
      return true;
    default:
      return false;
  }
}

// Marks the CASE conditions after the first that are evaluated once over all rows of their
// CASE: those that cannot fail, built from comparisons and logic over columns, literals and
// values the first condition computes (e.g. WHEN LOWER(c) = 'a' ... WHEN LOWER(c) = 'b'). Each
// is then read at the rows still open, with no gather of its operands per branch; rows a
// condition does not take are the same as when it is evaluated on the open rows only.
void MarkWholeFrameConditions(ProgramNode* node) {
  for (auto& a : node->args) MarkWholeFrameConditions(a.get());
  if (node->op != ProgramNode::Op::kCase || node->args.size() < 4) return;
  std::vector<int> known;
  CollectUnconditionalSlots(*node->args[0], &known);
  for (size_t k = 2; k + 1 < node->args.size(); k += 2) {
    node->args[k]->whole_frame = CannotFail(*node->args[k], known);
  }
}

// Gives every subexpression that occurs more than once among `roots` a common slot; returns
// the number of slots.
int AssignSlots(const std::vector<ProgramNode*>& roots) {
  std::vector<ProgramNode*> candidates;
  for (ProgramNode* r : roots) CollectCandidates(r, &candidates);
  // Bucket by printed form, then confirm with structural equality and the compiled type.
  std::map<std::string, std::vector<std::vector<ProgramNode*>>> buckets;
  for (ProgramNode* node : candidates) {
    auto& classes = buckets[node->source->ToString()];
    bool placed = false;
    for (auto& cls : classes) {
      const ProgramNode* first = cls.front();
      if (first->op == node->op && first->type == node->type &&
          first->source->Equals(*node->source)) {
        cls.push_back(node);
        placed = true;
        break;
      }
    }
    if (!placed) classes.push_back({node});
  }
  int slots = 0;
  for (auto& [text, classes] : buckets) {
    for (auto& cls : classes) {
      if (cls.size() < 2) continue;
      for (ProgramNode* node : cls) node->slot = slots;
      ++slots;
    }
  }
  return slots;
}

std::atomic<uint64_t> next_group{1};

// Replaces a kernel or cast node whose arguments are all literals by its value, computed once
// at compile time. A node whose evaluation fails stays as it is, so the error surfaces only if
// a row reaches it (CASE WHEN false THEN 1 / 0 END must not fail).
NodePtr FoldConstant(NodePtr node, const EvalContext& ctx) {
  if (node->op != ProgramNode::Op::kKernel && node->op != ProgramNode::Op::kCast) return node;
  if (!node->deterministic) return node;
  for (const auto& a : node->args) {
    if (a->op != ProgramNode::Op::kLiteral) return node;
  }
  Evaluator ev(ctx);
  Frame frame;
  frame.n = 1;
  auto d = ev.Eval(*node, frame);
  if (!d.ok()) {
    d.status().IgnoreError();
    return node;
  }
  auto folded = std::make_unique<ProgramNode>();
  folded->op = ProgramNode::Op::kLiteral;
  folded->type = node->type;
  folded->text = node->text;
  folded->literal = d->column;
  return folded;
}

}  // namespace

CompiledExpr::~CompiledExpr() = default;

Result<std::unique_ptr<CompiledExpr>> CompiledExpr::Make(ExprPtr expr, const Schema& input,
                                                         const FunctionRegistry& registry,
                                                         EvalContext ctx) {
  if (!expr) return Status::Invalid("Cannot compile a null expression");
  std::vector<ExprPtr> one;
  one.push_back(std::move(expr));
  WEIR_ASSIGN_OR_RAISE(auto group, MakeGroup(std::move(one), input, registry, std::move(ctx)));
  return std::move(group[0]);
}

Result<std::vector<std::unique_ptr<CompiledExpr>>> CompiledExpr::MakeGroup(
    std::vector<ExprPtr> exprs, const Schema& input, const FunctionRegistry& registry,
    EvalContext ctx) {
  WEIR_RETURN_NOT_OK(ParseZoneOffset(ctx.time_zone).status());
  std::vector<std::unique_ptr<CompiledExpr>> out;
  std::vector<ProgramNode*> roots;
  for (ExprPtr& expr : exprs) {
    if (!expr) return Status::Invalid("Cannot compile a null expression");
    Compiler compiler(input, registry, ctx);
    WEIR_ASSIGN_OR_RAISE(NodePtr root, compiler.Compile(*expr));
    auto compiled = std::unique_ptr<CompiledExpr>(new CompiledExpr());
    compiled->type_ = expr->type();
    compiled->expr_ = std::move(expr);
    compiled->ctx_ = ctx;
    compiled->expr_->CollectColumns(&compiled->columns_);
    auto& cols = compiled->columns_;
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    compiled->root_ = std::move(root);
    roots.push_back(compiled->root_.get());
    out.push_back(std::move(compiled));
  }
  int slots = AssignSlots(roots);
  for (ProgramNode* root : roots) MarkWholeFrameConditions(root);
  uint64_t group = next_group.fetch_add(1, std::memory_order_relaxed);
  for (auto& compiled : out) {
    compiled->group_ = group;
    compiled->num_slots_ = slots;
  }
  return out;
}

Result<ColumnPtr> CompiledExpr::Evaluate(const RecordBatch& batch,
                                         const SelectionVector* selection) const {
  if (num_slots_ == 0) return Evaluate(batch, selection, nullptr);
  SharedValues local(batch);  // shares repeated subexpressions within this expression
  return Evaluate(batch, selection, &local);
}

Result<ColumnPtr> CompiledExpr::Evaluate(const RecordBatch& batch, const SelectionVector* selection,
                                         SharedValues* shared) const {
  if (num_slots_ == 0) shared = nullptr;
  if (shared != nullptr) {
    if (shared->batch_ != &batch) {
      return Status::Invalid("Shared values belong to another batch");
    }
    if (shared->group_ == 0) {
      shared->group_ = group_;
      shared->full_.assign(static_cast<size_t>(num_slots_), Datum{});
    } else if (shared->group_ != group_) {
      return Status::Invalid("Shared values belong to expressions of another group");
    }
  }
  Frame whole;  // the batch, when a selection is evaluated
  Frame frame;
  frame.columns.resize(static_cast<size_t>(batch.num_columns()));
  for (int c : columns_) {
    if (c >= batch.num_columns()) {
      return Status::Invalid("Batch has ", batch.num_columns(), " columns; expression reads $", c);
    }
    if (!batch.column(c)->type().EqualsIgnoringNullability(batch.schema()->type(c))) {
      return Status::Invalid("Batch column ", c, " does not match its schema");
    }
  }
  if (selection != nullptr) {
    frame.n = selection->size();
    for (int32_t idx : selection->indices()) {
      if (idx < 0 || idx >= batch.num_rows()) {
        return Status::Invalid("Selection index ", idx, " outside batch of ", batch.num_rows(),
                               " rows");
      }
    }
    whole.n = batch.num_rows();
    whole.columns.resize(static_cast<size_t>(batch.num_columns()));
    for (int c : columns_) whole.columns[static_cast<size_t>(c)] = batch.column(c);
    frame.parent = &whole;
    // Aliases the selection without owning it: it outlives the evaluation.
    frame.in_parent = RowMap(RowMap(), &selection->indices());
  } else {
    frame.n = batch.num_rows();
    for (int c : columns_) frame.columns[static_cast<size_t>(c)] = batch.column(c);
  }
  std::vector<Datum>* root_values = nullptr;
  const std::vector<Datum>* full_values = nullptr;
  if (shared != nullptr) {
    if (selection == nullptr) {
      root_values = &shared->full_;
    } else {
      if (shared->scoped_.empty() || shared->scope_ != selection->indices()) {
        shared->scope_ = selection->indices();
        shared->scoped_.assign(static_cast<size_t>(num_slots_), Datum{});
      }
      root_values = &shared->scoped_;
      full_values = &shared->full_;
      // Aliases the selection without owning it: it outlives the evaluation.
      frame.in_batch = RowMap(RowMap(), &selection->indices());
    }
  }
  Evaluator ev(ctx_, root_values, full_values);
  WEIR_ASSIGN_OR_RAISE(Datum d, ev.Eval(*root_, frame));
  WEIR_ASSIGN_OR_RAISE(ColumnPtr col, Materialize(d, frame.n, ctx_.pool));
  return Relabel(col, type_.id() == TypeId::kNull ? col->type() : type_);
}

Result<SelectionVector> CompiledExpr::Filter(const RecordBatch& batch,
                                             const SelectionVector* selection,
                                             SharedValues* shared) const {
  if (type_.id() != TypeId::kBoolean && type_.id() != TypeId::kNull) {
    return Status::TypeError("Filter condition must be BOOLEAN, got ", type_.ToString());
  }
  WEIR_ASSIGN_OR_RAISE(ColumnPtr col, shared != nullptr ? Evaluate(batch, selection, shared)
                                                        : Evaluate(batch, selection));
  int64_t n = col->length();
  std::vector<int32_t> out;
  out.reserve(static_cast<size_t>(n));
  if (col->type().id() == TypeId::kNull) return SelectionVector();
  const uint8_t* value = col->buffer(1)->data();
  const uint8_t* valid = col->validity();
  int64_t off = col->offset();
  out.resize(static_cast<size_t>(n));
  int32_t* o = out.data();
  int64_t k = 0;
  for (int64_t i = 0; i < n; ++i) {
    bool keep = bits::GetBit(value, off + i) && (valid == nullptr || bits::GetBit(valid, off + i));
    o[k] = selection ? (*selection)[i] : static_cast<int32_t>(i);
    k += keep;
  }
  out.resize(static_cast<size_t>(k));
  return SelectionVector(std::move(out));
}

Result<Value> EvaluateConstant(const ExprPtr& expr, const FunctionRegistry& registry,
                               EvalContext ctx) {
  if (!expr->IsConstant()) {
    return Status::Invalid("Expression is not constant: ", expr->ToString());
  }
  Schema empty;
  WEIR_ASSIGN_OR_RAISE(auto compiled, CompiledExpr::Make(expr, empty, registry, ctx));
  WEIR_ASSIGN_OR_RAISE(auto schema, Schema::Make({}));
  RecordBatch one(schema, {}, 1);
  WEIR_ASSIGN_OR_RAISE(ColumnPtr col, compiled->Evaluate(one));
  return ValueAt(*col, 0);
}

}  // namespace weir::sql

// Where the engine binds a query otherwise than Kusto.Language does, because the library's answer is not Kusto's.
import { kusto } from '../kusto.js';

type ColumnMapEntry = { v: unknown };
interface BridgeMap {
  tryGetValue(key: string, out: ColumnMapEntry): boolean;
  getItem(key: string): unknown;
  setItem(key: unknown, value: unknown): void;
}
interface ColumnMapThis {
  _nameMap: BridgeMap;
  GetTypeKey(type: unknown): unknown;
}
type Add = (this: ColumnMapThis, column: Kusto.Language.Symbols.ColumnSymbol) => void;
interface ColumnMapClass {
  prototype: { Add: Add };
}

/**
 * union-operator (https://learn.microsoft.com/kusto/query/union-operator): "one column for each name and type
 * occurrences … suffixed with '_' followed by the origin column type". The library's ColumnMap.Add forgets a name's
 * second type when the first came twice (int, int, string becomes a single int column, the string source's values
 * lost): it builds the name's type dictionary and never stores it. This Add stores it, which is what the library's
 * own code around it expects; the rest of the query is then bound to the documented columns (`x_int`, `x_string`).
 */
function fixedAdd(original: Add): Add {
  return function (this: ColumnMapThis, column) {
    const name = column.Name ?? '';
    const entry: ColumnMapEntry = { v: undefined };
    const found = this._nameMap.tryGetValue(name, entry) ? entry.v : undefined;
    // The entry is one column, a list of columns of one type, or a dictionary by type (which has tryGetValue).
    const list = found as { getItem?: (i: number) => Kusto.Language.Symbols.ColumnSymbol; tryGetValue?: unknown };
    if (list && !(found instanceof Kusto.Language.Symbols.ColumnSymbol) && !list.tryGetValue && list.getItem) {
      const first = list.getItem(0);
      const listKey = this.GetTypeKey(first.Type);
      if (listKey !== this.GetTypeKey(column.Type)) {
        // Let the library build the two-type dictionary from one column of the list, then put the list back in it.
        this._nameMap.setItem(name, first);
        original.call(this, column);
        (this._nameMap.getItem(name) as BridgeMap).setItem(listKey, found);
        return;
      }
    }
    original.call(this, column);
  };
}

type CallResult = (
  this: { _rowScope: Kusto.Language.Symbols.TableSymbol | null },
  signature: Kusto.Language.Symbols.Signature,
  args: System.Collections.Generic.IReadOnlyList$1<Kusto.Language.Syntax.Expression>,
  ...rest: unknown[]
) => unknown;
interface BinderClass {
  prototype: { GetFunctionCallResult$1: CallResult };
}
interface FunctionCallResultClass {
  op_Implicit(type: Kusto.Language.Symbols.TypeSymbol): unknown;
}
let FunctionCallResult: FunctionCallResultClass;

/**
 * column_ifexists() (https://learn.microsoft.com/kusto/query/column-ifexists-function): "If columnName exists, then
 * the column it refers to. Otherwise defaultValue." The library always types the call by the default, so
 * `column_ifexists('Bag', '')` of a dynamic column Bag was a string, and `.field` of it an error. Where the named
 * column is in the row scope, the call takes that column's type.
 */
function fixedCallResult(original: CallResult): CallResult {
  const F = Kusto.Language.Functions;
  return function (this, signature, args, ...rest) {
    const fn = signature.Symbol;
    if ((fn === F.ColumnIfExists || fn === F.ColumnIfExists_Deprecated) && args.Count > 0) {
      const name = args.getItem(0).ConstantValue as unknown;
      const column: { v: Kusto.Language.Symbols.ColumnSymbol | null } = { v: null };
      if (typeof name === 'string' && this._rowScope?.TryGetColumn(name, column) && column.v?.Type)
        return FunctionCallResult.op_Implicit(column.v.Type);
    }
    return original.call(this, signature, args, ...rest);
  };
}

/** Runs `f` (which parses, binds and evaluates) with the library's rules corrected as above. */
export function withDocumentedBinding<T>(f: () => T): T {
  const K = kusto() as unknown as {
    Binding: { ColumnMap: ColumnMapClass; Binder: BinderClass; FunctionCallResult: FunctionCallResultClass };
  };
  FunctionCallResult = K.Binding.FunctionCallResult;
  const proto = K.Binding.ColumnMap.prototype;
  const binder = K.Binding.Binder.prototype;
  const original = proto.Add;
  const originalCall = binder.GetFunctionCallResult$1;
  proto.Add = fixedAdd(original);
  binder.GetFunctionCallResult$1 = fixedCallResult(originalCall);
  try {
    return f();
  } finally {
    proto.Add = original;
    binder.GetFunctionCallResult$1 = originalCall;
  }
}

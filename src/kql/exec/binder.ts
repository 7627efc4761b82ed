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

/** Runs `f` (which parses, binds and evaluates) with the library's union column rule corrected as above. */
export function withDocumentedUnions<T>(f: () => T): T {
  const K = kusto() as unknown as { Binding: { ColumnMap: ColumnMapClass } };
  const proto = K.Binding.ColumnMap.prototype;
  const original = proto.Add;
  proto.Add = fixedAdd(original);
  try {
    return f();
  } finally {
    proto.Add = original;
  }
}

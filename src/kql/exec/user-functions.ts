// Calls of functions defined in the query (`let f = (a:long, T:(*)) { … }`) and of the workspace's functions (schema
// files: ASIM parsers, solution parsers). The parser binds the body anew for each call site, with the arguments'
// types (https://learn.microsoft.com/kusto/query/functions/user-defined-functions); the engine evaluates that body
// with the parameters bound to the arguments: per row for scalar arguments, once for tabular ones.
import { Env, type Binding, type RunContext, type Scope } from './context.js';
import { unsupported } from './errors.js';
import { elements, kindOf, resultTypeOf } from './registry.js';
import { nullOf, scalarType } from './values.js';
import { compileScalar, typeOf } from './scalar.js';
import { bindStatements, evaluateTabular, isTabular } from './tabular.js';

export interface CalledBody {
  body: Kusto.Language.Syntax.FunctionBody;
  /** The body's bindings: the declaration's scope plus the parameters, given the caller's row scope (if any). */
  env: (scope?: Scope) => Env;
}

/** The body and bindings of a call of a user or workspace function; undefined for built-in functions. */
export function userFunctionBody(
  node: Kusto.Language.Syntax.FunctionCallExpression | Kusto.Language.Syntax.NameReference,
  callerEnv: Env,
  ctx: RunContext,
): CalledBody | undefined {
  const name =
    node instanceof Kusto.Language.Syntax.FunctionCallExpression
      ? (node.Name?.SimpleName ?? '')
      : (node.SimpleName ?? '');
  const binding = callerEnv.get(name);
  const isUser = binding?.kind === 'function';
  if (!isUser && !ctx.functions.has(name)) return undefined;
  const body = node.GetCalledFunctionBody() as Kusto.Language.Syntax.FunctionBody | null;
  if (!body) throw unsupported(`the call of ${name}`, node);
  const declEnv = isUser ? binding.env : new Env();
  const signature = node.ReferencedSignature;
  const params = signature ? toList(signature.Parameters) : [];
  const args =
    node instanceof Kusto.Language.Syntax.FunctionCallExpression ? elements(node.ArgumentList?.Expressions) : [];
  return {
    body,
    env(scope) {
      const env = new Env(declEnv);
      const named = new Map<string, Kusto.Language.Syntax.Expression>();
      const positional: Kusto.Language.Syntax.Expression[] = [];
      for (const a of args) {
        if (kindOf(a) === 'SimpleNamedExpression') {
          const n = a as Kusto.Language.Syntax.SimpleNamedExpression;
          named.set(n.Name?.SimpleName ?? '', n.Expression!);
        } else positional.push(a);
      }
      params.forEach((p, i) => {
        const pname = p.Name ?? '';
        const arg = named.get(pname) ?? positional[i];
        const def = p.DefaultValue;
        const expr = arg ?? def;
        if (!expr) return;
        const from = arg ? callerEnv : declEnv;
        env.set(pname, arg ? bindArgument(expr, from, scope, ctx) : defaultArgument(p, expr, from, ctx));
      });
      bindStatements(body.Statements, env, ctx);
      return env;
    },
  };
}

function bindArgument(
  expr: Kusto.Language.Syntax.Expression,
  env: Env,
  scope: Scope | undefined,
  ctx: RunContext,
): Binding {
  if (isTabular(expr)) {
    let cached: ReturnType<typeof evaluateTabular> | undefined;
    return { kind: 'table', get: () => (cached ??= evaluateTabular(expr, env, ctx)) };
  }
  const type = typeOf(expr);
  if (scope) {
    const c = compileScalar(expr, { ...scope, env });
    return { kind: 'rowScalar', type, eval: c.eval };
  }
  const c = compileScalar(expr, { ctx, env, columns: [], index: new Map() });
  return { kind: 'scalar', type, get: () => c.eval([]) };
}

/**
 * A parameter's default value. Defaults of workspace functions (schema files) come from the parameter list alone and
 * are not bound, so a `type(null)` default takes the parameter's declared type.
 */
function defaultArgument(
  p: Kusto.Language.Symbols.Parameter,
  expr: Kusto.Language.Syntax.Expression,
  env: Env,
  ctx: RunContext,
): Binding {
  if (resultTypeOf(expr)) return bindArgument(expr, env, undefined, ctx);
  const declared = scalarType(toList(p.DeclaredTypes)[0]?.Name);
  const text = expr.ToString(Kusto.Language.Syntax.IncludeTrivia.Minimal)?.trim() ?? '';
  if (declared && /^[a-z]+\(\s*null\s*\)$/i.test(text))
    return { kind: 'scalar', type: declared, get: () => nullOf(declared) };
  if (declared === 'dynamic' && /^dynamic\(\s*\[\s*\]\s*\)$/i.test(text))
    return { kind: 'scalar', type: declared, get: () => [] };
  const quoted = /^(['"])([^'"\\]*)\1$/.exec(text);
  if (declared === 'string' && quoted) return { kind: 'scalar', type: declared, get: () => quoted[2] ?? '' };
  if (declared === 'bool' && /^(true|false)$/i.test(text))
    return { kind: 'scalar', type: declared, get: () => text.toLowerCase() === 'true' };
  throw unsupported(`the default value "${text}" of parameter ${p.Name ?? ''}`, expr);
}

function toList<T>(list: System.Collections.Generic.IReadOnlyList$1<T> | null): T[] {
  const out: T[] = [];
  for (let i = 0; i < (list?.Count ?? 0); i++) out.push(list!.getItem(i));
  return out;
}

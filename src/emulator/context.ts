// What a handler gets for one authenticated, admitted request.
import type { IncomingMessage } from 'node:http';
import type { Route } from './routes.js';
import type { Store } from './store.js';
import type { TemplateResource } from './templates.js';

export interface RequestContext {
  req: IncomingMessage;
  url: URL;
  route: Route;
  apiVersion: string;
  /** Reads and parses the JSON body (400 InvalidRequestContent when malformed). */
  body(): Promise<unknown>;
  store: Store;
  /** Resolves once the change just made is persisted (immediately without a data file). */
  persist(): Promise<void>;
  /** https://127.0.0.1:<port>, for nextLink. */
  origin: string;
  pageSize: number;
  /** Content Hub's alert rule templates (`--templates`), the same in every workspace. */
  templates: readonly TemplateResource[];
  /** Counts an alertRules write per rule name for stats().byRule. */
  countRuleWrite(name: string): void;
}

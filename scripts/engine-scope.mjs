// Prints docs/kql-engine.md: what the KQL engine runs, from its registry (needs dist/: npm run build).
import { engineScopeMarkdown } from '../dist/kql/exec/scope.js';

process.stdout.write(engineScopeMarkdown());

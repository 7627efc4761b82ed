// The formatter registry: `--format <name>`.
import type { Formatter } from '../formatter.js';
import { github } from './github.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';

export const FORMATTERS: Readonly<Record<string, Formatter>> = { stylish, json, github, sarif, markdown };

// Every module that registers operators, functions and aggregates. Importing this makes the engine complete.
import './operators/basic.js';
import './operators/summarize.js';
import './operators/join.js';
import './operators/union.js';
import './operators/expand.js';
import './operators/parse.js';
import './operators/series.js';
import './operators/misc.js';
import './aggregates/basic.js';
import './aggregates/more.js';
import './functions/basic.js';
import './functions/strings.js';
import './functions/datetime.js';
import './functions/math.js';
import './functions/convert.js';
import './functions/dynamic.js';
import './functions/ip.js';

// Runs the scenario on Node, Bun or Deno and prints its report as one line of JSON.
import { runScenario } from './scenario.mjs';

const report = await runScenario();
console.log(JSON.stringify(report));

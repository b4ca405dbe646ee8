// The runtime scenario as a Worker: each request runs it and answers its report.
import { runScenario } from './scenario.mjs';

export default {
  fetch: async () => Response.json(await runScenario()),
};

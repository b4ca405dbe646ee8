/** tinybench wrappers: every task runs a batch of calls per sample, and results are compared, not printed. */
import { Bench } from 'tinybench';

const TIME_MS = Number(process.env['BENCH_TIME_MS'] ?? 600);

export interface Task {
  name: string;
  /** One call; sync or async. */
  fn: () => unknown;
  /** Calls per sample (amortises timer overhead on microsecond work). */
  batch?: number;
}

/** Runs the tasks in one Bench (interleaved warm-up, same process) and returns the median time per call, by name. */
export async function medianPerCall(tasks: Task[], timeMs = TIME_MS): Promise<Map<string, number>> {
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(200, timeMs / 3), throws: true });
  for (const task of tasks) {
    const batch = task.batch ?? 1;
    const probe = task.fn();
    if (probe instanceof Promise) {
      await probe;
      bench.add(task.name, async () => {
        for (let i = 0; i < batch; i++) await task.fn();
      });
    } else {
      bench.add(task.name, () => {
        for (let i = 0; i < batch; i++) task.fn();
      });
    }
  }
  await bench.run();
  const out = new Map<string, number>();
  for (const [i, task] of bench.tasks.entries()) {
    const result = task.result;
    if (result.state !== 'completed')
      throw new Error(`benchmark task ${task.name} did not complete: ${result.state}`);
    out.set(task.name, result.latency.p50 / (tasks[i]!.batch ?? 1));
  }
  return out;
}

export const ratio = (value: number, baseline: number): string => `${(value / baseline).toFixed(2)}×`;

export function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'GAP';
}

/** Prints a small aligned table. */
export function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

/**
 * The median, over `rounds` short interleaved runs, of `task` time / `baseline` time. On a shared
 * machine load comes and goes; alternating the two and taking the median ratio keeps a burst from
 * landing on one side only.
 */
export async function medianRatio(task: Task, baseline: Task, rounds = 7, timeMs = 300): Promise<number> {
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? [baseline, task] : [task, baseline];
    const t = await medianPerCall(order, timeMs);
    ratios.push(t.get(task.name)! / t.get(baseline.name)!);
  }
  ratios.sort((a, b) => a - b);
  return ratios[ratios.length >> 1]!;
}

/** Runs all tasks `rounds` times, rotating their order, and keeps each round's medians. */
export async function rounds(tasks: Task[], count = 5, timeMs = 200): Promise<Array<Map<string, number>>> {
  const out: Array<Map<string, number>> = [];
  for (let i = 0; i < count; i++) {
    const shift = i % tasks.length;
    out.push(await medianPerCall([...tasks.slice(shift), ...tasks.slice(0, shift)], timeMs));
  }
  return out;
}

/** The median over rounds of a / b. */
export function roundRatio(results: Array<Map<string, number>>, a: string, b: string): number {
  const ratios = results.map((r) => r.get(a)! / r.get(b)!).sort((x, y) => x - y);
  return ratios[ratios.length >> 1]!;
}

/**
 * Where the machine's CPU went during a load run: the server processes' own CPU time (from
 * /proc/PID/stat), the load generator's (this process), the hub's PostgreSQL backends' (when
 * the database runs here), and the whole machine's busy time (from /proc/stat), so a report
 * can say what was left for other work. On the 2-core test machine the generator and the
 * database compete with the nodes for the same cores.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Kernel clock ticks per second (`getconf CLK_TCK`; 100 on Linux for x86 and arm). */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds a process has used so far; NaN once it is gone. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds the whole machine has spent busy (not idle or waiting on I/O), all cores. */
export function machineBusySeconds(): number {
  const [, ...values] = (readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '').trim().split(/\s+/);
  const ticks = values.map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  // guest and guest_nice (9th, 10th) are already counted in user and nice.
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - idle) / TICKS_PER_SECOND;
}

export interface CpuShares {
  /** Cores on the machine. */
  cores: number;
  /** CPU seconds available over the window (cores × wall seconds). */
  available: number;
  /** CPU seconds used by the server processes, the load generator, the hub's database backends
   * (0 on SQLite, whose work is inside the servers), and everything else on the machine. */
  servers: number;
  generator: number;
  database: number;
  rest: number;
  /** CPU seconds nobody used. */
  idle: number;
}

/** Starts measuring; the returned function gives the shares since then. */
export function startCpuAccounting(
  serverPids: () => readonly number[],
  database?: { stop(): Promise<number> },
): () => Promise<CpuShares> {
  const serversAt = () => serverPids().reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  const generatorAt = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const start = {
    wall: performance.now(),
    servers: serversAt(),
    generator: generatorAt(),
    busy: machineBusySeconds(),
  };
  return async () => {
    const cores = cpus().length;
    const available = (cores * (performance.now() - start.wall)) / 1000;
    const servers = serversAt() - start.servers;
    const generator = generatorAt() - start.generator;
    const busy = machineBusySeconds() - start.busy;
    const databaseSeconds = (await database?.stop()) ?? 0;
    return {
      cores,
      available,
      servers,
      generator,
      database: databaseSeconds,
      rest: Math.max(0, busy - servers - generator - databaseSeconds),
      idle: Math.max(0, available - busy),
    };
  };
}

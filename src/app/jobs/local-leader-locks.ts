import type { LeaderLocks } from '../../store/index.js';

/**
 * Leadership for a hub of one process (SQLite: one file, one server): this node leads
 * every job. A second `cairn serve` on the same file is refused by nothing here, which is
 * why several nodes need PostgreSQL (docs/scale-out.md).
 */
export function createLocalLeaderLocks(): LeaderLocks {
  let closed = false;
  return {
    hold: async () => !closed,
    async close() {
      closed = true;
    },
  };
}

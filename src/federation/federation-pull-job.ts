import type { Logger } from '../core/index.js';
import type { PeerRecord } from '../store/store.js';
import { type PullDeps, pullPeer } from './pull-peer.js';

const MICROS_PER_MS = 1000;

/**
 * The `federation-pull` background job (a Job of app/jobs/job-runner.ts, one node at a
 * time): every `intervalMs` it pulls each enabled peer whose own interval has elapsed since
 * its last attempt, one after the other. A peer's failure is recorded on that peer and never
 * stops the others; the log names peers and error codes, never credentials.
 */
export function createFederationPullJob(
  deps: PullDeps,
  options: { readonly intervalMs: number; readonly logger: Logger },
): { readonly name: string; readonly intervalMs: number; run(): Promise<void> } {
  const due = (peer: PeerRecord) =>
    peer.enabled &&
    (peer.lastAttemptAt === undefined ||
      deps.taxii.clock.nowMicros() >= peer.lastAttemptAt + peer.intervalMs * MICROS_PER_MS);
  return {
    name: 'federation-pull',
    intervalMs: options.intervalMs,
    async run() {
      for (const peer of (await deps.taxii.store.peers.list()).filter(due)) {
        try {
          const round = await pullPeer(deps, peer);
          const { error, position: _position, ...counts } = round;
          if (error === undefined) options.logger.info(counts, 'Federation pull round done');
          else
            options.logger.warn(
              { ...counts, code: error.code, reason: error.message },
              'Federation pull failed',
            );
        } catch (error) {
          // Only the store failing to record the round gets here; the next peer still runs.
          options.logger.error({ err: error, peer: peer.name }, 'Federation pull could not be recorded');
        }
      }
    },
  };
}

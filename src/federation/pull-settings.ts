/** Bounds of one pull round (docs/federation.md "Limits"). */
export interface PullSettings {
  /** The `limit` asked of the peer per page. */
  readonly pageSize: number;
  /** Pages per round at most, so one peer cannot hold the job; the next round resumes. */
  readonly maxPagesPerRound: number;
  /** Each request to the peer, body included. */
  readonly timeoutMs: number;
  /** The largest page body accepted from the peer. */
  readonly maxResponseBytes: number;
  /** How many refused objects a peer's status keeps (the newest). */
  readonly keptRejections: number;
}

export const DEFAULT_PULL_SETTINGS: PullSettings = {
  pageSize: 1000,
  maxPagesPerRound: 20,
  timeoutMs: 30_000,
  maxResponseBytes: 32 * 1024 * 1024,
  keptRejections: 20,
};

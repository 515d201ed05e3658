/**
 * Where a live stream writes: the HTTP layer adapts a response to it, so the stream logic
 * knows nothing of the framework (DESIGN.md §4).
 */
export interface StreamSink {
  /** Sends the response head; called once, after every check has passed. */
  begin(): void;
  /** Queues text; false when the transport's buffer is full and the writer should wait. */
  write(chunk: string): boolean;
  /** Resolves when the buffer has drained, or the connection closed. */
  drained(): Promise<void>;
  /**
   * Ends the response. Idempotent. A client that is not reading cannot take the end either:
   * the connection is cut when what is queued has not gone out within a few seconds, at once
   * with `abort`.
   */
  end(options?: { readonly abort?: boolean }): void;
  /** True once the client went away or `end` was called. */
  readonly closed: boolean;
  /** Called once when the client goes away (or the response ends). */
  onClose(listener: () => void): void;
}

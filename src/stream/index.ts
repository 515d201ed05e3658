export type { LiveStream, StreamTarget } from './live-stream.js';
export { sseComment, sseEvent, sseRetry } from './sse-format.js';
export {
  createStreamHub,
  type OpenStreamRequest,
  type StreamHub,
  type StreamHubDeps,
  type StreamLimits,
} from './stream-hub.js';
export type { StreamSink } from './stream-sink.js';

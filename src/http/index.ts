/**
 * @module http
 * The fastify app: a thin translation of HTTP requests into TAXII use cases, with one
 * error mapper. Fastify is used nowhere else.
 */
export { createHttpApp } from './create-http-app.js';
export type { HttpDeps } from './http-deps.js';
export { statusOf, toTaxiiError } from './taxii-error.js';

/**
 * What a request looks like in the log: method, path with its query, and the client
 * address. Headers are left out (they carry credentials), and query parameters whose names
 * suggest a secret are masked, because clients do put tokens in URLs.
 */
const SECRET_PARAM = /pass|token|secret|key|auth|session|cookie|sig/i;

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // A malformed escape is logged as sent: it names no secret parameter we recognise.
      }
      return eq >= 0 && SECRET_PARAM.test(decoded) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

export const logSerializers = {
  req(req: { method?: string; url?: string; ip?: string; socket?: { remoteAddress?: string } }) {
    return {
      method: req.method,
      url: redactUrl(req.url ?? ''),
      remoteAddress: req.ip ?? req.socket?.remoteAddress,
    };
  },
};

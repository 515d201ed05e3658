import type { PiiContext, TextMatch } from './pii-finding.js';

/**
 * Finds the submitting organisation's own domains (and their subdomains) and names,
 * case-insensitively and on word boundaries. Compiled once per submission; an alternation
 * of literals is linear in the text.
 */
export function createOrganisationDetector(context: PiiContext): (text: string) => TextMatch[] {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const domains = (context.ownDomains ?? [])
    .map((d) =>
      d
        .trim()
        .toLowerCase()
        .replace(/^\.+|\.+$/g, ''),
    )
    .filter((d) => d.includes('.'));
  // A name of one or two letters would redact ordinary words.
  const names = (context.ownNames ?? []).map((n) => n.trim()).filter((n) => n.length >= 3);
  if (domains.length === 0 && names.length === 0) return () => [];
  const parts = [
    ...domains.map((d) => `(?<![\\w-])${literal(d)}(?![\\w-]|\\.\\w)`),
    // Longest first, so "Example Bank Group" wins over "Example Bank".
    ...names.sort((a, b) => b.length - a.length).map((n) => `(?<![\\w])${literal(n)}(?![\\w])`),
  ];
  const pattern = new RegExp(parts.join('|'), 'gi');
  return (text) => {
    const found: TextMatch[] = [];
    let floor = 0;
    for (const m of text.matchAll(pattern)) {
      // A subdomain ("mail.bank.example") is the organisation too: extend over its labels.
      let start = m.index;
      if (text[start - 1] === '.') {
        while (start > floor && /[\w.-]/.test(text[start - 1] as string)) start--;
        while (start < m.index && text[start] === '.') start++;
      }
      floor = m.index + m[0].length;
      found.push({ kind: 'organisation', start, end: floor });
    }
    return found;
  };
}

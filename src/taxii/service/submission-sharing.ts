import type { Principal } from '../../auth/index.js';
import { CONSENT_LEVELS, type ConsentLevel, HubError, type TlpLevel } from '../../core/index.js';
import { type SubmissionContext, stricterTlp } from '../../sharing/index.js';
import type { Community, Organisation } from '../../store/store.js';
import type { TaxiiDeps } from './taxii-deps.js';

/**
 * Sharing choices a submitter makes for one submission. Over TAXII they ride on the
 * envelope as custom properties (TAXII 2.1 §7.1 allows them on any resource):
 * `x_cairn_consent` (`none`, `government`, `everyone`), `x_cairn_providers_allowed`
 * (AMBER may reach provider-class members), `x_cairn_recipients` (user names who may
 * read the submission's RED objects), and `x_cairn_protected` with the express statement
 * `x_cairn_pcii_statement` (a protected PCII submission). docs/sharing.md describes them.
 */
export interface SubmissionOptions {
  readonly consent?: ConsentLevel;
  readonly providersAllowed?: boolean;
  readonly recipients?: readonly string[];
  /** A protected (PCII) submission, with the submitter's express statement. */
  readonly protection?: { readonly statement: string };
  /**
   * The least TLP unmarked objects take, when the community's default is looser: content
   * pulled from a peer, whose own default for unmarked objects cannot be known, and which
   * Cairn must never loosen (DESIGN.md §3).
   */
  readonly unmarkedAtLeast?: TlpLevel;
}

const MAX_RECIPIENTS = 100;

/** Reads the submission options of a TAXII envelope. @throws HubError CAIRN_INVALID_ENVELOPE */
export function readSubmissionOptions(envelope: Readonly<Record<string, unknown>>): SubmissionOptions {
  const bad = (message: string) => new HubError('CAIRN_INVALID_ENVELOPE', message);
  const {
    x_cairn_consent: consent,
    x_cairn_providers_allowed: providers,
    x_cairn_recipients: recipients,
  } = envelope;
  const protection = readProtection(envelope);
  if (consent !== undefined && !(CONSENT_LEVELS as readonly unknown[]).includes(consent)) {
    throw bad(`"x_cairn_consent" must be one of ${CONSENT_LEVELS.join(', ')}`);
  }
  if (providers !== undefined && typeof providers !== 'boolean')
    throw bad('"x_cairn_providers_allowed" must be true or false');
  if (
    recipients !== undefined &&
    (!Array.isArray(recipients) ||
      recipients.length > MAX_RECIPIENTS ||
      !recipients.every((r) => typeof r === 'string'))
  ) {
    throw bad(`"x_cairn_recipients" must be a list of at most ${MAX_RECIPIENTS} user names`);
  }
  return {
    ...(consent === undefined ? {} : { consent: consent as ConsentLevel }),
    ...(providers === undefined ? {} : { providersAllowed: providers }),
    ...(recipients === undefined ? {} : { recipients: recipients as string[] }),
    ...(protection === undefined ? {} : { protection }),
  };
}

const MAX_STATEMENT = 4000;

/**
 * `x_cairn_protected: true` makes the submission protected; it needs the express statement
 * (`x_cairn_pcii_statement`, non-empty text), and a statement alone is refused rather than
 * silently ignored. @throws HubError CAIRN_INVALID_ENVELOPE
 */
function readProtection(envelope: Readonly<Record<string, unknown>>): { statement: string } | undefined {
  const { x_cairn_protected: flag, x_cairn_pcii_statement: statement } = envelope;
  const bad = (message: string) => new HubError('CAIRN_INVALID_ENVELOPE', message);
  if (flag !== undefined && typeof flag !== 'boolean') throw bad('"x_cairn_protected" must be true or false');
  if (flag !== true) {
    if (statement !== undefined)
      throw bad('"x_cairn_pcii_statement" is only allowed with "x_cairn_protected": true');
    return undefined;
  }
  if (typeof statement !== 'string' || statement.trim().length === 0) {
    throw bad('A protected submission needs the express statement "x_cairn_pcii_statement" (non-empty text)');
  }
  if (statement.length > MAX_STATEMENT)
    throw bad(`"x_cairn_pcii_statement" must be at most ${MAX_STATEMENT} characters`);
  return { statement: statement.trim() };
}

/**
 * Everything the sharing rules need to know about a submission's source.
 * @throws HubError CAIRN_INVALID_ENVELOPE when a named recipient is not a user of the community.
 */
export async function submissionContext(
  deps: TaxiiDeps,
  submitter: { readonly principal: Principal; readonly org: Organisation },
  community: Community,
  options: SubmissionOptions,
): Promise<SubmissionContext> {
  const { principal, org } = submitter;
  const recipients: string[] = [];
  // Only named recipients need the member list: most submissions name none.
  const members = new Set(options.recipients?.length ? await deps.store.tenancy.members(community.id) : []);
  for (const name of options.recipients ?? []) {
    const user = await deps.store.tenancy.findUser(name);
    // The message is the same for unknown users and outsiders, so it cannot probe user names.
    if (user === undefined || user.name !== name || !members.has(user.orgId)) {
      throw new HubError(
        'CAIRN_INVALID_ENVELOPE',
        `"x_cairn_recipients" names "${name.slice(0, 64)}", who is not a user of this community`,
      );
    }
    recipients.push(user.id);
  }
  return {
    submitterOrgId: org.id,
    ...(principal.kind === 'user' && principal.id !== 'system' ? { submitterUserId: principal.id } : {}),
    submitterIdentityId: org.identityId,
    hubIdentityId: deps.hubIdentity.id as string,
    communityDefaultTlp:
      options.unmarkedAtLeast === undefined
        ? community.defaultTlp
        : stricterTlp(community.defaultTlp, options.unmarkedAtLeast),
    ...(options.consent === undefined ? {} : { consent: options.consent }),
    organisationConsent: org.defaultConsent ?? 'none',
    providersAllowed: options.providersAllowed ?? false,
    recipients,
  };
}
